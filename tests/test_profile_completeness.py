"""UIL staff see which city profiles lack what, the least complete first, in a report and on their
dashboard; focal points see neither (issue #17)."""

import io

import openpyxl
import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.rich_text import RichText
from wagtail.users.models import UserProfile

from tests.factories import ThemeFactory

pytestmark = pytest.mark.django_db

REPORT = "cities_profile_completeness:index"


@pytest.fixture
def profiles(make_city, focal_point_a, medellin):
    """Medellín with a focal point and a few parts; a complete city; a bare one."""
    medellin.summary = "Ciudad que aprende."
    medellin.save_revision().publish()
    complete = make_city(
        "Ciudad Completa",
        country="MX",
        summary="Resumen.",
        mayor_name="Ana Pérez",
        website="https://completa.example.org",
        body=[("text", RichText("<p>Lo que hacemos.</p>"))],
    )
    complete.themes.add(ThemeFactory())
    complete.save_revision().publish()
    bare = make_city("Ciudad Vacía", country="PE")
    return {"medellin": medellin, "complete": complete, "bare": bare}


def english(client, user):
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "en"
    profile.save()
    client.force_login(user)
    return client


def report_rows(response):
    page = BeautifulSoup(response.content, "html.parser")
    table = page.select_one("table.listing")
    headings = [cell.get_text(strip=True) for cell in table.select("thead th")]
    return [
        dict(zip(headings, [cell.get_text(strip=True) for cell in row.select("th, td")], strict=True))
        for row in table.select("tbody tr")
    ]


def test_the_report_lists_what_each_profile_lacks_least_complete_first(client, staff_user, profiles):
    rows = report_rows(english(client, staff_user).get(reverse(REPORT)))

    by_city = {row["City"]: row for row in rows}
    assert [row["City"] for row in rows][0] == "Ciudad Vacía"
    assert by_city["Ciudad Vacía"]["Parts complete"] == "0/7"
    assert by_city["Medellín"]["Summary"] == "Yes"
    assert by_city["Medellín"]["Focal point"] == "Yes"
    assert by_city["Medellín"]["Text profile"] == "No"
    complete = by_city["Ciudad Completa"]
    assert [complete[name] for name in ("Summary", "Text profile", "Themes", "Mayor", "Website")] == [
        "Yes"
    ] * 5
    assert (complete["Image"], complete["Focal point"]) == ("No", "No")


def test_the_export_names_the_parts(client, staff_user, profiles):
    response = english(client, staff_user).get(reverse(REPORT), {"export": "xlsx"})

    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("City", "Country", "Summary")
    assert rows[1][:2] == ("Ciudad Vacía", "Peru")


def test_the_dashboard_names_the_least_complete_cities(client, staff_user, profiles):
    response = english(client, staff_user).get(reverse("wagtailadmin_home"))

    panel = BeautifulSoup(response.content, "html.parser").find(id="profile-completeness-heading").parent
    assert "3 of 3 city profiles are incomplete" in panel.get_text(" ", strip=True)
    first = panel.select_one("li").get_text(" ", strip=True)
    assert first.startswith("Ciudad Vacía (Peru)")
    assert "missing: Summary, Text profile, Image, Themes, Mayor, Website, Focal point" in first
    assert first.count(":") == 1, f"one colon is enough: {first}"


def test_focal_points_see_neither_the_report_nor_the_panel(client, focal_point_a, profiles):
    client.force_login(focal_point_a)

    assert client.get(reverse(REPORT)).status_code in (302, 403)
    home = client.get(reverse("wagtailadmin_home"))
    assert b"profile-completeness-heading" not in home.content


def test_the_report_reads_the_same_queries_for_more_cities(client, staff_user, profiles, make_city):
    client = english(client, staff_user)
    client.get(reverse(REPORT))
    with CaptureQueriesContext(connection) as before:
        client.get(reverse(REPORT))
    for number in range(4):
        make_city(f"Ciudad Extra {number}", country="CL")
    with CaptureQueriesContext(connection) as after:
        client.get(reverse(REPORT))
    assert len(after) == len(before)
