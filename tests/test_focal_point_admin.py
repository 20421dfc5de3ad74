"""A focused admin for focal points: their city on the dashboard, only their pages and media in the menu,
and every change they make on the record for UIL staff."""

import csv
import io
import json
import re

import pytest
from django.utils import formats, timezone, translation
from openpyxl import load_workbook
from wagtail.models import PageLogEntry, WorkflowState
from wagtail.users.models import UserProfile

from cities.focal_points import REVIEW_TASK_NAME
from tests import factories

pytestmark = pytest.mark.django_db

REPORT_URL = "/admin/reports/focal-point-activity/"
STAFF_ONLY_PREFIXES = (
    "/admin/reports/",
    "/admin/snippets/",
    "/admin/users/",
    "/admin/groups/",
    "/admin/settings/",
    "/admin/sites/",
    "/admin/workflows/",
    "/admin/cities/",
)


def sidebar_items(response, soup):
    """(name, url) of every entry of the admin's sidebar menu, read from its JSON props."""
    props = json.loads(soup(response).find("script", id="wagtail-sidebar-props").string)
    items = []

    def walk(node):
        if isinstance(node, dict):
            if "name" in node and ("url" in node or "footer_text" in node):
                items.append((str(node.get("name")), node.get("url", "")))
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(props)
    return items


@pytest.fixture
def save_draft(client, city_edit_data):
    def save(user, page, **changes):
        client.force_login(user)
        response = client.post(f"/admin/pages/{page.pk}/edit/", city_edit_data(page, **changes))
        assert response.status_code == 302
        assert response["Location"] == f"/admin/pages/{page.pk}/edit/", "the draft was not saved"

    return save


# --- Dashboard -------------------------------------------------------------------------------------------


def dashboard_panel(client, soup):
    page = soup(client.get("/admin/"))
    return page.find(attrs={"aria-labelledby": "focal-point-city-heading"})


def test_the_dashboard_shows_the_focal_points_city(client, focal_point_a, medellin, soup):
    client.force_login(focal_point_a)
    panel = dashboard_panel(client, soup)
    assert panel is not None, "no city panel on the focal point's dashboard"
    text = " ".join(panel.get_text().split())
    assert "Medellín" in text
    assert "Bogotá" not in text
    assert panel.find("a", href=f"/admin/pages/{medellin.pk}/edit/") is not None

    published = timezone.localtime(medellin.last_published_at)
    dates = set()
    for language in ("en", "es", "pt-br"):
        with translation.override(language):
            dates.add(formats.date_format(published, "DATE_FORMAT"))
    assert any(date in text for date in dates), f"no last-published date in {text!r}"


def test_the_dashboard_shows_a_pending_submission(
    client, focal_point_a, medellin, city_edit_data, soup, django_capture_on_commit_callbacks
):
    client.force_login(focal_point_a)
    data = city_edit_data(medellin, summary="Cambios para revisar", **{"action-submit": "action-submit"})
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/admin/pages/{medellin.pk}/edit/", data)
    # Submitted in the morning: the time reads on the 24-hour clock, and the sentence ends once.
    morning = timezone.localtime().replace(hour=7, minute=30)
    WorkflowState.objects.update(created_at=morning)
    text = " ".join(dashboard_panel(client, soup).get_text().split())
    assert re.search(r"Submitted for review on \d\d/\d\d/\d{4} 07:30 \(UIL staff review\)\. ", text), (
        f"not shown: {text!r}"
    )


def test_the_pending_submission_is_named_in_the_focal_point_s_language(
    client, focal_point_a, medellin, city_edit_data, soup, django_capture_on_commit_callbacks
):
    """The review task keeps its Spanish name in the database; a Brazilian focal point reads it in
    Portuguese on their dashboard."""
    profile = UserProfile.get_for_user(focal_point_a)
    profile.preferred_language = "pt-br"
    profile.save()
    client.force_login(focal_point_a)
    data = city_edit_data(medellin, summary="Cambios para revisar", **{"action-submit": "action-submit"})
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/admin/pages/{medellin.pk}/edit/", data)
    text = " ".join(dashboard_panel(client, soup).get_text().split())
    assert "Revisão da equipe do UIL" in text, text
    assert REVIEW_TASK_NAME not in text


def pages_summary_count(client, soup):
    """The number the dashboard's site summary gives for pages (its first link)."""
    link = soup(client.get("/admin/")).select_one(".w-summary a")
    return int(link.get_text().split()[0]), link["href"]


def test_the_dashboard_counts_only_the_pages_of_a_focal_points_cities(
    client, focal_point_a, medellin, bogota, directory, soup
):
    """A focal point of two cities explores the directory, but only their cities in it: the summary
    counted every city of the network."""
    factories.CityFactory(title="Lima")
    focal_point_a.groups.add(bogota.access.group)
    client.force_login(focal_point_a)
    count, href = pages_summary_count(client, soup)
    assert count == 2
    assert href == f"/admin/pages/{directory.pk}/"


def test_staff_dashboards_have_no_city_panel(staff_client, soup):
    assert dashboard_panel(staff_client, soup) is None


# --- Explorer and menu -----------------------------------------------------------------------------------


def test_the_explorer_leads_a_focal_point_to_their_city(client, focal_point_a, medellin, directory):
    client.force_login(focal_point_a)
    response = client.get("/admin/pages/")
    assert response.status_code == 302
    assert response["Location"] == f"/admin/pages/{medellin.pk}/"
    html = client.get(response["Location"]).content.decode()
    assert "Medellín" in html
    assert "Bogotá" not in html

    # The directory of every city is out of reach: the explorer sends them back to their own city.
    response = client.get(f"/admin/pages/{directory.pk}/")
    assert response.status_code == 302
    assert response["Location"] == f"/admin/pages/{medellin.pk}/"


def test_the_menu_of_a_focal_point_has_only_pages_images_and_documents(client, focal_point_a, soup):
    client.force_login(focal_point_a)
    items = sidebar_items(client.get("/admin/"), soup)
    names = {name for name, _url in items}
    assert {"explorer", "images", "documents"} <= names
    for name, url in items:
        assert not (url or "").startswith(STAFF_ONLY_PREFIXES), (name, url)
    assert not names & {"reports", "snippets", "themes", "users", "groups", "settings", "workflows"}


def test_the_menu_of_staff_has_reports_and_themes(staff_client, soup):
    items = sidebar_items(staff_client.get("/admin/"), soup)
    urls = {url for _name, url in items}
    assert REPORT_URL in urls
    assert any((url or "").startswith("/admin/snippets/cities/theme/") for url in urls)
    assert not any((url or "").startswith(("/admin/users/", "/admin/groups/")) for url in urls)


# --- History and the activity report ---------------------------------------------------------------------


def test_a_focal_points_change_is_in_the_page_history(
    client, focal_point_a, staff_user, medellin, save_draft, soup
):
    save_draft(focal_point_a, medellin, summary="Nuevo resumen")
    entry = PageLogEntry.objects.filter(page=medellin).latest("timestamp")
    assert entry.user == focal_point_a
    assert entry.action == "wagtail.edit"

    for user in (focal_point_a, staff_user):
        client.force_login(user)
        response = client.get(f"/admin/pages/{medellin.pk}/history/")
        assert response.status_code == 200
        rows = soup(response).select("table.listing tbody tr")
        assert rows, "the history is empty"
        assert "Ana Restrepo" in " ".join(rows[0].get_text().split())


def test_the_activity_report_lists_focal_point_changes(
    client, staff_user, focal_point_a, focal_point_b, medellin, bogota, save_draft, soup
):
    save_draft(focal_point_a, medellin, summary="Cambio de Ana")
    save_draft(focal_point_b, bogota, summary="Cambio de Bruno")

    client.force_login(staff_user)
    response = client.get(REPORT_URL)
    assert response.status_code == 200
    rows = [" ".join(row.get_text().split()) for row in soup(response).select("table.listing tbody tr")]
    assert any("Ana Restrepo" in row and "Medellín" in row for row in rows), rows
    assert any("Bruno Gómez" in row and "Bogotá" in row for row in rows), rows
    when = timezone.localtime(PageLogEntry.objects.filter(page=medellin).latest("timestamp").timestamp)
    assert any(str(when.year) in row for row in rows)


def test_the_activity_report_leaves_out_staff_changes(client, staff_user, bogota, save_draft, soup):
    save_draft(staff_user, bogota, summary="Cambio del personal")
    assert PageLogEntry.objects.filter(page=bogota, user=staff_user).exists()
    response = client.get(REPORT_URL)
    assert response.status_code == 200
    assert not soup(response).select("table.listing tbody tr")


def test_the_activity_report_keeps_changes_of_a_removed_focal_point(
    client, staff_user, focal_point_a, medellin, save_draft, soup
):
    """Staff look back at what a departing focal point changed: removing them must not erase it."""
    from cities.focal_points import remove_focal_point

    save_draft(focal_point_a, medellin, summary="Último cambio de Ana")
    remove_focal_point(medellin, focal_point_a)
    client.force_login(staff_user)
    rows = [
        " ".join(row.get_text().split())
        for row in soup(client.get(REPORT_URL)).select("table.listing tbody tr")
    ]
    assert any("Ana Restrepo" in row and "Medellín" in row for row in rows), rows


def test_focal_points_cannot_see_the_activity_report(client, focal_point_a, assert_refused):
    client.force_login(focal_point_a)
    assert_refused(client.get(REPORT_URL))
    assert_refused(client.get(REPORT_URL + "?export=csv"))


def read_export(response):
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_the_activity_report_exports_csv(client, staff_user, focal_point_a, medellin, save_draft):
    save_draft(focal_point_a, medellin, summary="Cambio de Ana")
    client.force_login(staff_user)
    response = client.get(REPORT_URL + "?export=csv")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(read_export(response).decode("utf-8-sig"))))
    assert len(rows) == 2, rows
    assert [row[1:] for row in rows[1:]] == [["fp-medellin@example.org", "Medellín", "Draft saved"]]
    assert str(timezone.now().year) in rows[1][0]


def test_the_activity_report_exports_xlsx(client, staff_user, focal_point_a, medellin, save_draft):
    save_draft(focal_point_a, medellin, summary="Cambio de Ana")
    client.force_login(staff_user)
    response = client.get(REPORT_URL + "?export=xlsx")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(read_export(response))).active
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert len(rows) == 2, rows
    assert rows[1][1:] == ["fp-medellin@example.org", "Medellín", "Draft saved"]
    assert rows[1][0] is not None
