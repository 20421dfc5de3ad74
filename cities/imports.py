"""Import Learning Cities from a CSV file in the shipped list's format (see cities/data/README.md).

A file is checked as a whole first; any bad row rejects the whole file and nothing is written. So
does a header with a column that is unknown, repeated or unnamed: no value is ever silently dropped.
"""

import csv
import io
import re
from dataclasses import dataclass, field
from itertools import islice

from django.conf import settings
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_countries import countries
from wagtail_localize.synctree import create_aliases_for_new_page

from .models import EARLIEST_YEAR, LATEST_YEAR, CityIndexPage, CityPage, MembershipStatus

NEEDED_COLUMNS = ["name", "country_code", "latitude", "longitude"]
COLUMNS = [*NEEDED_COLUMNS, "region", "year_joined", "population", "geonames_id", "membership", "source"]
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


class ImportRejected(Exception):
    """The file has problems; `errors` lists them as (line number, reason)."""

    def __init__(self, errors):
        self.errors = errors
        super().__init__("; ".join(f"line {line}: {reason}" for line, reason in errors))


@dataclass
class CityRow:
    line: int
    values: dict

    @property
    def label(self):
        return f"{self.values['title']} ({self.values['country']})"


@dataclass
class PlannedChange:
    row: CityRow
    page: CityPage | None
    changed_fields: list = field(default_factory=list)

    @property
    def action(self):
        if self.page is None:
            return "create"
        return "update" if self.changed_fields else "unchanged"


@dataclass
class ImportReport:
    changes: list

    def count(self, action):
        return sum(1 for change in self.changes if change.action == action)

    @property
    def rows_without_coordinates(self):
        return [change.row for change in self.changes if change.row.values["latitude"] is None]


def read_rows(text):
    """Parse and check every row; raise ImportRejected listing each bad row's line and reason."""
    records, errors = [], []
    try:
        for line, cells in csv_records(text):
            if cells:  # not a blank line
                records.append((line, cells))
    except CsvProblem as problem:
        errors.append((problem.line, problem.reason))
    header_line, header = records.pop(0) if records else (1, [])
    columns, problems = _check_header(header)
    if problems:
        raise ImportRejected([(header_line, problem) for problem in problems] + errors)

    rows = []
    seen_ids, seen_names = {}, {}
    for line, cells in records:
        values, problems = _parse_row(columns, cells)
        geonames_id = values.get("geonames_id")
        if geonames_id is not None:
            if geonames_id in seen_ids:
                problems.append(
                    _("geonames_id %(id)s already used on line %(line)s")
                    % {"id": geonames_id, "line": seen_ids[geonames_id]}
                )
            seen_ids.setdefault(geonames_id, line)
        key = (values.get("country"), (values.get("title") or "").casefold())
        if values.get("title") and key in seen_names:
            problems.append(_("the same city is already on line %(line)s") % {"line": seen_names[key]})
        seen_names.setdefault(key, line)
        if problems:
            errors.extend((line, problem) for problem in problems)
        else:
            rows.append(CityRow(line=line, values=values))
    if errors:
        raise ImportRejected(sorted(errors, key=lambda error: error[0]))
    return rows


def _check_header(header):
    """The column names, and the problems of the header: missing, unknown, repeated or blank names."""
    columns = [name.strip() for name in header]
    while columns and not columns[-1]:
        columns.pop()  # spreadsheets export empty columns at the end
    problems = []
    missing = [name for name in NEEDED_COLUMNS if name not in columns]
    if missing:
        problems.append(
            ngettext("missing column: %(columns)s", "missing columns: %(columns)s", len(missing))
            % {"columns": ", ".join(missing)}
        )
    problems += [
        _("column %(number)d has no header") % {"number": number}
        for number, name in enumerate(columns, start=1)
        if not name
    ]
    unknown = [name for name in columns if name and name not in COLUMNS]
    if unknown:
        problems.append(
            ngettext(
                "unknown column: %(columns)s (the columns are %(known)s)",
                "unknown columns: %(columns)s (the columns are %(known)s)",
                len(unknown),
            )
            % {"columns": ", ".join(unknown), "known": ", ".join(COLUMNS)}
        )
    repeated = list(dict.fromkeys(name for name in columns if name and columns.count(name) > 1))
    if repeated:
        problems.append(
            ngettext("duplicate column: %(columns)s", "duplicate columns: %(columns)s", len(repeated))
            % {"columns": ", ".join(repeated)}
        )
    return columns, problems


def _parse_row(columns, cells):
    raw = dict(zip(columns, cells, strict=False))
    values, problems = {}, []
    if any(cell.strip() for cell in cells[len(columns) :]):
        problems.append(
            _("%(values)d values, but the header has %(columns)d columns")
            % {"values": len(cells), "columns": len(columns)}
        )

    def text(column):
        return (raw.get(column) or "").strip()

    values["title"] = text("name")
    if not values["title"]:
        problems.append(_("the name is missing"))

    code = text("country_code").upper()
    if code not in countries:
        problems.append(_("unknown country code %(code)r") % {"code": text("country_code")})
    values["country"] = code
    values["region"] = text("region")

    latitude = _parse_number(text("latitude"), float, "latitude", -90, 90, problems)
    longitude = _parse_number(text("longitude"), float, "longitude", -180, 180, problems)
    if (latitude is None) != (longitude is None) and not problems:
        problems.append(_("give both latitude and longitude, or neither"))
    values["latitude"], values["longitude"] = latitude, longitude

    values["year_joined"] = _parse_number(
        text("year_joined"), int, "year_joined", EARLIEST_YEAR, LATEST_YEAR, problems
    )
    values["population"] = _parse_number(text("population"), int, "population", 0, 2**31 - 1, problems)
    values["geonames_id"] = _parse_number(text("geonames_id"), int, "geonames_id", 1, 2**31 - 1, problems)

    membership = text("membership").lower()
    if membership and membership not in MEMBERSHIP_STATUSES:
        problems.append(_("unknown membership %(value)r (use confirmed or likely)") % {"value": membership})
    values["membership_status"] = MEMBERSHIP_STATUSES.get(membership or "confirmed", MembershipStatus.ACTIVE)
    values["membership_sources"] = text("source")

    for column, name in TEXT_COLUMNS.items():
        limit = CityPage._meta.get_field(name).max_length
        if limit and len(values[name]) > limit:
            problems.append(
                _("%(field)s is too long (%(length)d characters; the limit is %(limit)d).")
                % {"field": column, "length": len(values[name]), "limit": limit}
            )
    problems += [
        _("%(field)s contains a NUL character, which cannot be stored.") % {"field": column}
        for column, value in raw.items()
        if "\x00" in value
    ]
    return values, problems


def _parse_number(text, kind, label, lowest, highest, problems):
    if not text:
        return None
    try:
        number = kind(text)
    except ValueError:
        problems.append(_("%(field)s %(value)r is not a valid number") % {"field": label, "value": text})
        return None
    if kind is int and str(number) != text.lstrip("+"):
        problems.append(_("%(field)s %(value)r is not a whole number") % {"field": label, "value": text})
        return None
    if not lowest <= number <= highest:
        problems.append(
            _("%(field)s %(value)s is out of range (%(low)s to %(high)s)")
            % {"field": label, "value": text, "low": lowest, "high": highest}
        )
        return None
    return number


def plan_import(rows):
    """Match each row to an existing city (geonames id, else country and name) and list what changes."""
    existing = list(CityPage.objects.originals())
    by_geonames = {page.geonames_id: page for page in existing if page.geonames_id}
    by_name = {(page.country.code, page.title.casefold()): page for page in existing}
    changes = []
    for row in rows:
        values = row.values
        page = by_geonames.get(values["geonames_id"]) or by_name.get(
            (values["country"], values["title"].casefold())
        )
        if page is None:
            changes.append(PlannedChange(row=row, page=None, changed_fields=list(IMPORTED_FIELDS)))
            continue
        changed = [name for name in IMPORTED_FIELDS if _current_value(page, name) != values[name]]
        changes.append(PlannedChange(row=row, page=page, changed_fields=changed))
    return changes


def _current_value(page, name):
    value = getattr(page, name)
    return value.code if name == "country" else value


def import_cities(text, *, dry_run=False, only_new=False, user=None):
    """Check the file, then create or update one published city page per row, all or nothing.

    With `only_new`, cities already on the site are left as they are (the setup command uses this,
    so that running it again never undoes what staff changed in the admin).
    """
    rows = read_rows(text)
    changes = plan_import(rows)
    if only_new:
        changes = [
            change if change.page is None else PlannedChange(change.row, change.page) for change in changes
        ]
    report = ImportReport(changes=changes)
    if not dry_run:
        _apply(changes, user)
    return report


@transaction.atomic
def _apply(changes, user):
    directory = CityIndexPage.objects.get(locale__language_code=settings.LANGUAGE_CODE)
    taken_slugs = set(directory.get_children().values_list("slug", flat=True))
    shared_names = _names_in_several_countries(changes)
    for change in changes:
        values = change.row.values
        if change.action == "create":
            page = CityPage(slug=_unique_slug(values, shared_names, taken_slugs), **values)
            directory.add_child(instance=page)
            page.save_revision(user=user, log_action=True).publish(user=user)
            # The untranslated copies in the other languages copy what was just published.
            page.refresh_from_db()
            create_aliases_for_new_page(page)
        elif change.action == "update":
            update_published(change.page, values, change.changed_fields, user)


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


def _names_in_several_countries(changes):
    countries_by_name = {}
    for page in CityPage.objects.originals().only("title", "country"):
        countries_by_name.setdefault(slugify(page.title), set()).add(page.country.code)
    for change in changes:
        countries_by_name.setdefault(slugify(change.row.values["title"]), set()).add(
            change.row.values["country"]
        )
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


# --- Reading CSV text (the contacts import reads its CSV files with this too) ----------------------

LINE_BREAK = re.compile(r"\r\n|\r|\n")
QUOTED_CELL = re.compile(r'"[^"]*(?:""[^"]*)*')


class CsvProblem(Exception):
    """The CSV text cannot be read from `line` on; `reason` says why."""

    def __init__(self, line, reason):
        self.line, self.reason = line, reason
        super().__init__(f"line {line}: {reason}")


def csv_records(text, delimiter=","):
    """(line where the record starts, cells) for each record of the text, as `csv.reader` reads it.

    Raises CsvProblem, after the records before it, where the reader would fail (a cell longer than
    the csv module's limit, which is left as it is) or would silently read the rest of the text as
    one cell (a quote that is never closed).
    """
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    start = last = 1
    try:
        for cells in reader:
            yield start, cells
            last, start = start, reader.line_num + 1
    except csv.Error as error:
        _check_quotes(text, start, delimiter)
        if "field limit" in str(error):
            reason = _("a cell is longer than %(limit)s characters") % {
                "limit": f"{csv.field_size_limit():,}"
            }
        else:
            reason = str(error)
        raise CsvProblem(start, reason) from None
    _check_quotes(text, last, delimiter)


def _check_quotes(text, line, delimiter):
    """Raise CsvProblem if a quoted cell of the record starting on this line is never closed."""
    start = 0
    for match in islice(LINE_BREAK.finditer(text), line - 1):
        start = match.end()
    opening = _unclosed_quote(text, start, delimiter)
    if opening is not None:
        raise CsvProblem(
            line + len(LINE_BREAK.findall(text, start, opening)),
            _(
                "the quote that opens on this line is never closed, so the rest of the file would be "
                "read as one cell"
            ),
        )


def _unclosed_quote(text, position, delimiter):
    """Where a quoted cell of the record at `position` opens if it runs to the end of the text, else None.

    Follows `csv.reader`: a cell is quoted if it starts with a quote; "" inside it is a quote; text
    after its closing quote belongs to the cell; a line break outside quotes ends the record.
    """
    unquoted = re.compile(f"[^{re.escape(delimiter)}\r\n]*")
    while True:
        if text.startswith('"', position):
            end = QUOTED_CELL.match(text, position).end()
            if end == len(text):
                return position
            position = end + 1
        position = unquoted.match(text, position).end()
        if not text.startswith(delimiter, position):
            return None
        position += 1
