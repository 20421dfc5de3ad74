"""Import Learning Cities from a CSV file in the shipped list's format (see cities/data/README.md).

A file is checked as a whole first; any bad row rejects the whole file and nothing is written. So
does a header with a column that is unknown, repeated or unnamed: no value is ever silently dropped.
A city is matched by its GeoNames id, else by its country and name (ignoring case).
"""

from django.conf import settings
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django_countries import countries
from wagtail_localize.synctree import create_aliases_for_new_page

from network.imports.columns import Column, Columns
from network.imports.files import ImportRejected, Problem, csv_records
from network.imports.plan import CREATE, UNCHANGED, UPDATE, Change, Plan, Row, apply_all_or_nothing
from network.imports.values import contains_nul, display, max_length, parse_number, too_long

from .models import EARLIEST_YEAR, LATEST_YEAR, CityIndexPage, CityPage, MembershipStatus

COLUMNS = Columns(
    *(Column(name, required=True) for name in ("name", "country_code", "latitude", "longitude")),
    *(
        Column(name)
        for name in ("region", "year_joined", "population", "geonames_id", "membership", "source")
    ),
)
# The text columns and the page fields they are written to, checked against the fields' lengths.
TEXT_COLUMNS = {"name": "title", "region": "region", "source": "membership_sources"}
MEMBERSHIP_STATUSES = {
    "confirmed": MembershipStatus.ACTIVE,
    "likely": MembershipStatus.UNDER_REVIEW,
    "active": MembershipStatus.ACTIVE,
    "lapsed": MembershipStatus.LAPSED,
    "under_review": MembershipStatus.UNDER_REVIEW,
}
IMPORTED_FIELDS = [
    "title",
    "country",
    "region",
    "year_joined",
    "latitude",
    "longitude",
    "population",
    "geonames_id",
    "membership_status",
    "membership_sources",
]


def read_rows(text):
    """Parse and check every row; raise ImportRejected listing each bad row's line and reason."""
    records, problems = [], []
    try:
        for line, cells in csv_records(text):
            if cells:  # not a blank line
                records.append((line, cells))
    except ImportRejected as rejection:
        problems += rejection.problems
    if not records and not problems:
        raise ImportRejected([_("The file is empty.")])
    header_line, header = records.pop(0) if records else (1, [])
    columns, header_problems = COLUMNS.check_exactly(header)
    if header_problems:
        raise ImportRejected([Problem(header_line, problem) for problem in header_problems] + problems)
    if not records and not problems:
        raise ImportRejected(
            [_("The file has a header (line %(line)d) but no rows.") % {"line": header_line}]
        )

    rows = []
    seen_ids, seen_names = {}, {}
    for line, cells in records:
        row = _parse_row(line, columns, cells)
        values = row.values
        geonames_id = values.get("geonames_id")
        if geonames_id is not None:
            if geonames_id in seen_ids:
                row.errors.append(
                    _("geonames_id %(id)s already used on line %(line)s")
                    % {"id": geonames_id, "line": seen_ids[geonames_id]}
                )
            seen_ids.setdefault(geonames_id, line)
        key = (values.get("country"), (values.get("title") or "").casefold())
        if values.get("title") and key in seen_names:
            row.errors.append(_("the same city is already on line %(line)s") % {"line": seen_names[key]})
        seen_names.setdefault(key, line)
        problems += [Problem(line, error) for error in row.errors]
        rows.append(row)
    if problems:
        raise ImportRejected(sorted(problems, key=lambda problem: problem.line))
    return rows


def _parse_row(line, columns, cells):
    row = Row(line=line, cells=dict(zip(columns, cells, strict=False)))
    values, problems = row.values, row.errors
    if any(cell.strip() for cell in cells[len(columns) :]):
        problems.append(
            _("%(values)d values, but the header has %(columns)d columns")
            % {"values": len(cells), "columns": len(columns)}
        )

    values["title"] = row.text("name")
    if not values["title"]:
        problems.append(_("the name is missing"))

    code = row.text("country_code").upper()
    if code not in countries:
        problems.append(_("unknown country code %(code)r") % {"code": row.text("country_code")})
    values["country"] = code
    values["region"] = row.text("region")

    latitude = parse_number(row.text("latitude"), float, "latitude", -90, 90, problems)
    longitude = parse_number(row.text("longitude"), float, "longitude", -180, 180, problems)
    if (latitude is None) != (longitude is None) and not problems:
        problems.append(_("give both latitude and longitude, or neither"))
    values["latitude"], values["longitude"] = latitude, longitude

    values["year_joined"] = parse_number(
        row.text("year_joined"), int, "year_joined", EARLIEST_YEAR, LATEST_YEAR, problems
    )
    values["population"] = parse_number(row.text("population"), int, "population", 0, 2**31 - 1, problems)
    values["geonames_id"] = parse_number(row.text("geonames_id"), int, "geonames_id", 1, 2**31 - 1, problems)

    membership = row.text("membership").lower()
    if membership and membership not in MEMBERSHIP_STATUSES:
        problems.append(_("unknown membership %(value)r (use confirmed or likely)") % {"value": membership})
    values["membership_status"] = MEMBERSHIP_STATUSES.get(membership or "confirmed", MembershipStatus.ACTIVE)
    values["membership_sources"] = row.text("source")

    for column, name in TEXT_COLUMNS.items():
        problem = too_long(column, values[name], max_length(CityPage, name))
        if problem:
            problems.append(problem)
    problems += [contains_nul(column) for column, value in row.cells.items() if "\x00" in value]
    row.summary = f"{values['title']} ({values['country']})"
    return row


def plan_import(rows, only_new=False):
    """Match each row to an existing city (geonames id, else country and name) and list what changes.

    With `only_new`, cities already on the site are left as they are.
    """
    existing = list(CityPage.objects.originals())
    by_geonames = {page.geonames_id: page for page in existing if page.geonames_id}
    by_name = {(page.country.code, page.title.casefold()): page for page in existing}
    for row in rows:
        values = row.values
        page = by_geonames.get(values["geonames_id"]) or by_name.get(
            (values["country"], values["title"].casefold())
        )
        if page is None:
            continue
        row.target = page
        if not only_new:
            row.changes = _changes(page, values)
        row.action = UPDATE if row.changes else UNCHANGED
    return Plan(rows=rows)


def _changes(page, values):
    changes = []
    for name in IMPORTED_FIELDS:
        current = getattr(page, name)
        if name == "country":
            current = current.code
        if current != values[name]:
            changes.append(Change(name=name, label=name, old=display(current), new=display(values[name])))
    return changes


def import_cities(text, *, dry_run=False, only_new=False, user=None):
    """Check the file, then create or update one published city page per row, all or nothing.

    With `only_new`, cities already on the site are left as they are (the setup command uses this,
    so that running it again never undoes what staff changed in the admin).
    """
    rows = read_rows(text)
    if dry_run:
        return plan_import(rows, only_new)
    return apply_all_or_nothing(lambda: plan_import(rows, only_new), lambda plan: _write(plan, user))


def _write(plan, user):
    directory = CityIndexPage.objects.get(locale__language_code=settings.LANGUAGE_CODE)
    taken_slugs = set(directory.get_children().values_list("slug", flat=True))
    shared_names = _names_in_several_countries(plan.rows)
    for row in plan.rows:
        values = row.values
        if row.action == CREATE:
            page = CityPage(slug=_unique_slug(values, shared_names, taken_slugs), **values)
            directory.add_child(instance=page)
            page.save_revision(user=user, log_action=True).publish(user=user)
            # The untranslated copies in the other languages copy what was just published.
            page.refresh_from_db()
            create_aliases_for_new_page(page)
        elif row.action == UPDATE:
            update_published(row.target, values, [item.name for item in row.changes], user)


def update_published(page, values, changed_fields, user):
    """Apply imported values without changing whether the page is public.

    A live page publishes them; a draft in progress keeps its edits and gains the values too.
    A page that staff unpublished stays unpublished: only its record and its draft change.
    """
    draft = page.get_latest_revision_as_object() if page.has_unpublished_changes or not page.live else None
    for name in changed_fields:
        setattr(page, name, values[name])
    if page.live:
        page.save_revision(user=user, log_action=True).publish(user=user)
    else:
        page.save()
    if draft is not None:
        for name in changed_fields:
            setattr(draft, name, values[name])
        draft.save_revision(user=user, log_action=True)


def _names_in_several_countries(rows):
    countries_by_name = {}
    for page in CityPage.objects.originals().only("title", "country"):
        countries_by_name.setdefault(slugify(page.title), set()).add(page.country.code)
    for row in rows:
        countries_by_name.setdefault(slugify(row.values["title"]), set()).add(row.values["country"])
    return {name for name, codes in countries_by_name.items() if len(codes) > 1}


def _unique_slug(values, shared_names, taken_slugs):
    """Slug from the name; a name found in several countries (La Paz) carries the country code.

    A very long name is cut so that the slug, with its country code and number, fits its field.
    """
    name = slugify(values["title"]) or "city"
    suffix = f"-{values['country'].lower()}" if name in shared_names else ""
    slug, number = _fit_slug(name, suffix), 2
    while slug in taken_slugs:
        slug, number = _fit_slug(name, f"{suffix}-{number}"), number + 1
    taken_slugs.add(slug)
    return slug


def _fit_slug(name, suffix):
    limit = CityPage._meta.get_field("slug").max_length
    return name[: limit - len(suffix)].rstrip("-") + suffix
