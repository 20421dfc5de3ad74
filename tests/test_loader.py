"""`manage.py load_learning_cities [CSV_FILE] [--dry-run]`: the shipped list and later updates of it.

Why this module is long: it checks the shipped list itself, row by row against its source, as well as
the loader's updates.
"""

import io
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction
from django.utils import translation
from wagtail.models import Page, Revision

from cities.imports import read_rows
from cities.management.commands.load_learning_cities import MISSING_ROW, ROW_LINE
from cities.models import CityPage
from network.imports.files import ImportRejected

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module", autouse=True)
def shipped_network(django_db_setup, django_db_blocker):
    """The site as the setup command makes it, with the shipped list, for every test of the module (in
    a transaction rolled back after its last test)."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("setup_network", stdout=io.StringIO())
        yield
        transaction.set_rollback(True)


SHIPPED_CSV = Path(settings.LEARNING_CITIES_CSV)

# What the README says the membership column means for a city's status.
STATUS_OF_MEMBERSHIP = {"confirmed": "active", "likely": "under_review"}
COMPARED_FIELDS = [
    "title",
    "country",
    "region",
    "latitude",
    "longitude",
    "year_joined",
    "population",
    "geonames_id",
    "membership_status",
]
NEW_CITY = {
    "name": "Montevideo",
    "country_code": "UY",
    "region": "Montevideo",
    "year_joined": "2026",
    "latitude": "-34.90328",
    "longitude": "-56.18816",
    "population": "1270737",
    "geonames_id": "3441575",
    "membership": "confirmed",
    "source": "test row",
}


def number(text, kind):
    return kind(text) if text else None


def expected_values(row):
    return {
        "title": row["name"],
        "country": row["country_code"],
        "region": row["region"],
        "latitude": number(row["latitude"], float),
        "longitude": number(row["longitude"], float),
        "year_joined": number(row["year_joined"], int),
        "population": number(row["population"], int),
        "geonames_id": number(row["geonames_id"], int),
        "membership_status": STATUS_OF_MEMBERSHIP[row["membership"]],
    }


def values_of(page):
    values = {name: getattr(page, name) for name in COMPARED_FIELDS}
    values["country"] = page.country.code
    return values


def snapshot():
    """Everything an import could change: pages, revisions and each city's imported values."""
    return {
        "pages": Page.objects.count(),
        "revisions": Revision.objects.count(),
        "cities": {page.pk: values_of(page) for page in CityPage.objects.originals().all()},
        "published_at": sorted(CityPage.objects.originals().values_list("pk", "last_published_at")),
    }


def modified(rows, city, **changes):
    """The rows with one city's columns changed."""
    found = [row for row in rows if row["name"] == city]
    assert len(found) == 1, city
    return [{**row, **changes} if row is found[0] else row for row in rows]


def row_of(shipped_rows, name, country=None):
    (row,) = [r for r in shipped_rows if r["name"] == name and country in (None, r["country_code"])]
    return row


# --- the shipped file -------------------------------------------------------------------------------


def test_every_shipped_row_is_a_live_city_page_in_the_directory(shipped_rows, directory):
    cities = {(page.country.code, page.title): page for page in CityPage.objects.originals().all()}
    assert len(shipped_rows) == 65
    assert len(cities) == len(shipped_rows)
    directory_children = set(directory.get_children().values_list("pk", flat=True))
    for row in shipped_rows:
        page = cities[(row["country_code"], row["name"])]
        assert values_of(page) == expected_values(row), row["name"]
        assert page.live and not page.has_unpublished_changes, row["name"]
        assert page.pk in directory_children, row["name"]


def test_la_matanza_has_no_coordinates(city_named):
    la_matanza = city_named("La Matanza")
    assert la_matanza.latitude is None and la_matanza.longitude is None
    assert not la_matanza.has_location


def test_likely_members_are_under_review_and_confirmed_ones_active(shipped_rows, city_named):
    likely = {(row["name"], row["country_code"]) for row in shipped_rows if row["membership"] == "likely"}
    assert likely, "the shipped file has 'likely' rows"
    for row in shipped_rows:
        page = city_named(row["name"], row["country_code"])
        expected = "under_review" if (row["name"], row["country_code"]) in likely else "active"
        assert page.membership_status == expected, row["name"]


def test_loading_the_same_file_again_changes_nothing(run_loader, shipped_rows):
    before = snapshot()
    _out, _err, counts = run_loader()
    assert counts == (0, 0, len(shipped_rows))
    assert snapshot() == before


def test_rows_without_coordinates_are_listed(run_loader, shipped_rows):
    out, _err, _counts = run_loader()
    # Each such row as "line N: city", in the active language as the rest of the report.
    row_pattern = re.escape(translation.gettext(MISSING_ROW)).replace(re.escape("%(line)d"), r"(\d+)")
    printed_lines = {int(line) for line in re.findall(row_pattern.replace(re.escape("%(city)s"), ".*"), out)}
    without_coordinates = {row["_line"] for row in shipped_rows if not row["latitude"]}
    assert without_coordinates == {row_of(shipped_rows, "La Matanza")["_line"]}
    assert printed_lines == without_coordinates
    assert "La Matanza" in out


# --- a changed file -------------------------------------------------------------------------------


def test_changed_region_and_new_city_are_updated_and_created(
    run_loader, write_csv, shipped_rows, city_named, directory, client
):
    medellin = city_named("Medellín")
    rows = modified(shipped_rows, "Medellín", region="Valle de Aburrá") + [NEW_CITY]
    _out, _err, counts = run_loader(write_csv(rows))
    assert counts == (1, 1, len(shipped_rows) - 1)

    medellin.refresh_from_db()
    assert medellin.region == "Valle de Aburrá"
    assert medellin.live and not medellin.has_unpublished_changes
    assert "Valle de Aburrá" in client.get(medellin.url).content.decode()

    montevideo = CityPage.objects.child_of(directory).get(title="Montevideo")
    assert values_of(montevideo) == expected_values(NEW_CITY)
    assert montevideo.live and montevideo.slug == "montevideo"
    assert client.get("/cities/montevideo/").status_code == 200
    assert CityPage.objects.originals().count() == len(shipped_rows) + 1


def test_a_renamed_city_is_matched_by_its_geonames_id(run_loader, write_csv, shipped_rows, city_named):
    medellin = city_named("Medellín")
    rows = modified(shipped_rows, "Medellín", name="Distrito de Medellín")
    _out, _err, counts = run_loader(write_csv(rows))
    assert counts == (0, 1, len(shipped_rows) - 1)
    assert CityPage.objects.originals().count() == len(shipped_rows)
    renamed = CityPage.objects.get(pk=medellin.pk)
    assert renamed.title == "Distrito de Medellín"
    assert renamed.slug == medellin.slug, "the city's URL stays the same"
    assert not CityPage.objects.originals().filter(title="Medellín").exists()


def test_a_city_without_geonames_id_is_matched_by_country_and_name(
    run_loader, write_csv, shipped_rows, city_named
):
    la_matanza = city_named("La Matanza")
    assert la_matanza.geonames_id is None
    rows = modified(shipped_rows, "La Matanza", region="Provincia de Buenos Aires", population="1841247")
    _out, _err, counts = run_loader(write_csv(rows))
    assert counts == (0, 1, len(shipped_rows) - 1)
    assert CityPage.objects.originals().filter(title="La Matanza").count() == 1
    la_matanza.refresh_from_db()
    assert (la_matanza.region, la_matanza.population) == ("Provincia de Buenos Aires", 1841247)


def test_a_draft_in_progress_keeps_its_edits_after_an_import(
    run_loader, write_csv, shipped_rows, city_named, client
):
    medellin = city_named("Medellín")
    medellin.summary = "Borrador: la ciudad de la eterna primavera."
    medellin.save_revision()
    rows = modified(shipped_rows, "Medellín", population="2600000")
    _out, _err, counts = run_loader(write_csv(rows))
    assert counts == (0, 1, len(shipped_rows) - 1)

    live = CityPage.objects.get(pk=medellin.pk)
    assert live.population == 2600000
    assert live.summary == ""
    assert live.has_unpublished_changes, "the draft is still waiting to be published"
    draft = live.get_latest_revision_as_object()
    assert draft.summary == "Borrador: la ciudad de la eterna primavera."
    assert draft.population == 2600000
    html = client.get(live.url).content.decode()
    assert "eterna primavera" not in html


# --- slugs ------------------------------------------------------------------------------------------


def test_la_paz_in_two_countries_gets_two_reachable_urls(city_named, client, soup):
    argentina, mexico = city_named("La Paz", "AR"), city_named("La Paz", "MX")
    assert argentina.slug != mexico.slug
    for page, region in ((argentina, "Mendoza"), (mexico, "Baja California Sur")):
        assert page.slug.startswith("la-paz")
        response = client.get(f"/cities/{page.slug}/")
        assert response.status_code == 200
        html = soup(response)
        assert html.h1.get_text(strip=True) == "La Paz"
        assert region in html.get_text()


def test_non_ascii_names_get_ascii_slugs(city_named, client):
    assert city_named("São Paulo").slug == "sao-paulo"
    assert city_named("Quibdó").slug == "quibdo"
    for page in CityPage.objects.originals().all():
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", page.slug), page.slug
    assert client.get("/cities/sao-paulo/").status_code == 200
    assert client.get("/cities/quibdo/").status_code == 200


def test_a_new_namesake_in_another_country_leaves_existing_urls_alone(
    run_loader, write_csv, shipped_rows, city_named, client
):
    cordoba_ar = city_named("Córdoba", "AR")
    la_paz_slugs = {city_named("La Paz", code).slug for code in ("AR", "MX")}
    cordoba_es = {
        **NEW_CITY,
        "name": "Córdoba",
        "country_code": "ES",
        "region": "Andalucía",
        "latitude": "37.89155",
        "longitude": "-4.77275",
        "geonames_id": "2519240",
    }
    la_paz_bo = {
        **NEW_CITY,
        "name": "La Paz",
        "country_code": "BO",
        "region": "La Paz",
        "latitude": "-16.5",
        "longitude": "-68.15",
        "geonames_id": "3911925",
    }
    _out, _err, counts = run_loader(write_csv(shipped_rows + [cordoba_es, la_paz_bo]))
    assert counts == (2, 0, len(shipped_rows))

    assert CityPage.objects.get(pk=cordoba_ar.pk).slug == cordoba_ar.slug
    assert {city_named("La Paz", code).slug for code in ("AR", "MX")} == la_paz_slugs
    new_slugs = {city_named("Córdoba", "ES").slug, city_named("La Paz", "BO").slug}
    assert len(new_slugs) == 2
    assert not new_slugs & (la_paz_slugs | {cordoba_ar.slug})
    for slug in new_slugs | la_paz_slugs | {cordoba_ar.slug}:
        assert client.get(f"/cities/{slug}/").status_code == 200, slug


# --- bad files ------------------------------------------------------------------------------------

BAD_ROWS = {
    "unknown country code": ({"country_code": "ZZ"}, ["ZZ"]),
    "latitude out of range": ({"latitude": "95.5"}, ["latitude", "95.5"]),
    "longitude out of range": ({"longitude": "-190.25"}, ["longitude", "-190.25"]),
    "year that is not a year": ({"year_joined": "20x4"}, ["20x4"]),
    "missing name": ({"name": ""}, ["name"]),
}


@pytest.mark.parametrize("case", BAD_ROWS, ids=list(BAD_ROWS))
def test_a_file_with_a_bad_row_is_rejected_whole(case, run_loader, write_csv, shipped_rows):
    changes, words = BAD_ROWS[case]
    bad_row = {
        **NEW_CITY,
        "name": "Ciudad Mala",
        "geonames_id": "999999",
        **changes,
    }
    rows = [
        {**row_of(shipped_rows, "Medellín"), "region": "Valle de Aburrá"},  # line 2: a good change
        bad_row,  # line 3
        NEW_CITY,  # line 4: a good new city
    ]
    before = snapshot()
    with translation.override("en"):
        _out, err, error = run_loader(write_csv(rows), rejected=True)

    assert isinstance(error, CommandError)
    reported = [line for line in err.splitlines() if re.search(r"\bline 3\b", line)]
    assert reported, err
    reason = re.split(r"\bline 3\b", reported[0], maxsplit=1)[1]
    assert all(word in reason for word in words), err
    assert not re.search(r"\bline [24]\b", err), "only the bad row is reported"
    assert snapshot() == before
    assert not CityPage.objects.originals().filter(title__in=["Montevideo", "Ciudad Mala"]).exists()


def test_a_good_row_is_not_written_when_another_row_is_bad(run_loader, write_csv):
    rows = [NEW_CITY, {**NEW_CITY, "name": "Ciudad Mala", "geonames_id": "", "latitude": "-91"}]
    before = snapshot()
    with translation.override("en"):
        _out, err, error = run_loader(write_csv(rows), rejected=True)
    assert error is not None
    assert re.search(r"\bline 3\b.*latitude", err)
    assert not CityPage.objects.originals().filter(title="Montevideo").exists()
    assert snapshot() == before


def test_every_bad_row_is_reported_with_its_line(write_csv, shipped_rows):
    rows = [
        {**NEW_CITY, "country_code": "XX"},
        row_of(shipped_rows, "Medellín"),
        {**NEW_CITY, "name": "Otra", "geonames_id": "", "year_joined": "dos mil"},
    ]
    text = write_csv(rows).read_text(encoding="utf-8")
    with pytest.raises(ImportRejected) as rejection:
        read_rows(text)
    lines = [line for line, _reason in rejection.value.problems]
    assert lines == [2, 4]


# --- dry run ------------------------------------------------------------------------------------


def test_dry_run_shows_the_changes_and_writes_nothing(run_loader, write_csv, shipped_rows):
    rows = modified(shipped_rows, "Medellín", region="Valle de Aburrá") + [NEW_CITY]
    before = snapshot()
    out, _err, counts = run_loader(write_csv(rows), "--dry-run")
    assert counts == (1, 1, len(shipped_rows) - 1)
    medellin_line = row_of(shipped_rows, "Medellín")["_line"]
    lines = [line.strip() for line in out.splitlines()]
    updated = translation.gettext(ROW_LINE) % {
        "action": translation.gettext("Update"),
        "line": medellin_line,
        "city": "Medellín (CO)",
    }
    created = translation.gettext(ROW_LINE) % {
        "action": translation.gettext("Create"),
        "line": len(shipped_rows) + 2,
        "city": "Montevideo (UY)",
    }
    assert any(line.startswith(updated) and line.endswith("region") for line in lines), out
    assert created in lines, out
    assert snapshot() == before
    assert not CityPage.objects.originals().filter(title="Montevideo").exists()


def test_dry_run_on_an_empty_directory_would_create_every_city(run_loader, directory, shipped_rows):
    directory.get_children().delete()
    assert CityPage.objects.originals().count() == 0
    revisions = Revision.objects.count()
    _out, _err, counts = run_loader("--dry-run")
    assert counts == (len(shipped_rows), 0, 0)
    assert CityPage.objects.originals().count() == 0
    assert Revision.objects.count() == revisions


# --- files as spreadsheets save them ------------------------------------------------------------


def test_a_spreadsheet_export_with_bom_and_crlf_is_read_like_the_shipped_file(
    run_loader, tmp_path, shipped_rows
):
    text = SHIPPED_CSV.read_text(encoding="utf-8-sig")
    exported = tmp_path / "exported.csv"
    exported.write_bytes(b"\xef\xbb\xbf" + text.replace("\r\n", "\n").replace("\n", "\r\n").encode("utf-8"))
    before = snapshot()
    _out, _err, counts = run_loader(exported)
    assert counts == (0, 0, len(shipped_rows))
    assert snapshot() == before


def test_a_file_that_is_not_utf8_is_refused_with_a_clear_message(run_loader, tmp_path, shipped_rows):
    legacy = tmp_path / "legacy.csv"
    text = SHIPPED_CSV.read_text(encoding="utf-8-sig").replace("Valle del Cauca", "Valle del Cauca (sur)")
    legacy.write_bytes(text.encode("cp1252", errors="replace"))
    before = snapshot()
    _out, _err, error = run_loader(legacy, rejected=True)
    assert "UTF-8" in str(error)
    assert snapshot() == before


def test_a_missing_file_is_refused(run_loader, tmp_path):
    _out, _err, error = run_loader(tmp_path / "nowhere.csv", rejected=True)
    assert "nowhere.csv" in str(error)


def test_a_city_staff_unpublished_stays_unpublished_after_an_import(
    run_loader, write_csv, shipped_rows, city_named, client
):
    cali = city_named("Cali")
    cali.unpublish()
    rows = modified(shipped_rows, "Cali", region="Valle")
    _out, _err, counts = run_loader(write_csv(rows))
    assert counts == (0, 1, len(shipped_rows) - 1)

    cali.refresh_from_db()
    assert not cali.live
    assert cali.region == "Valle"
    assert cali.get_latest_revision_as_object().region == "Valle"
    assert client.get("/cities/cali/").status_code == 404
    _out, _err, counts = run_loader(write_csv(rows))
    assert counts == (0, 0, len(shipped_rows)), "a second import finds nothing to change"
