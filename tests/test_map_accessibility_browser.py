"""The maps in headless Chromium, for keyboard and screen-reader users: the zoom buttons (Leaflet names them
in English) and the clusters (Leaflet.markercluster names them by their number alone) are named in the
page's language, and a popup opened from the keyboard takes the focus (Leaflet left it on the marker, so
the popup's link came only after every other marker) and gives it back on Escape. The site and the browser
are tests/test_map_browser.py's.
"""

import re

import pytest
from django.utils import translation
from django.utils.translation import gettext
from playwright.sync_api import expect

from tests import test_map_browser
from tests.test_map_browser import (  # noqa: F401
    assert_clean,
    assert_markers_total,
    assert_no_errors,
    browser,
    close_context,
    feature_named,
    geocoder,
    geojson,
    located,
    new_page,
    page,
    site,
    wait_for_map,
)

pytestmark = pytest.mark.browser

# Debian's Chromium; without it these tests are skipped, except on CI where they must run.
chromium_executable = test_map_browser.chromium_executable


def zoom_names(language):
    with translation.override(language):
        return gettext("Zoom in"), gettext("Zoom out")


@pytest.mark.parametrize(
    ("path", "map_id", "language"),
    [("/cities/", "directory-map", "es"), ("/pt-br/cities/medellin/", "city-map", "pt-br")],
    ids=["directory-es", "city-page-pt-br"],
)
def test_zoom_buttons_are_named_in_the_page_language(page, site, path, map_id, language):  # noqa: F811
    zoom_in, zoom_out = zoom_names(language)
    assert (zoom_in, zoom_out) != ("Zoom in", "Zoom out"), "the catalogue translates the names"

    page.goto(path)
    page.locator(f"#{map_id}").scroll_into_view_if_needed()
    container = page.locator(f"#{map_id}")
    expect(container.get_by_role("button", name=zoom_in, exact=True)).to_have_count(1)
    expect(container.get_by_role("button", name=zoom_out, exact=True)).to_have_count(1)
    expect(container.get_by_role("button", name="Zoom in")).to_have_count(0)
    assert_no_errors(page)


def test_location_panel_zoom_buttons_are_named_in_the_editor_language(browser, site):  # noqa: F811
    """The demo UIL staff account has chosen no language: its admin speaks the browser's."""
    context = browser.new_context(base_url=site.base_url, locale="es-ES")
    context.outside_requests = []
    context.route(re.compile(r"^(?!http://127\.0\.0\.1[:/])"), lambda route: route.abort())
    editor = new_page(context)
    editor.goto("/admin/login/")
    editor.fill("#id_username", "staff")
    editor.fill("#id_password", site.STAFF_PASSWORD)
    editor.locator("form button[type=submit]").first.click()
    editor.wait_for_url(re.compile(r"/admin/$"), wait_until="commit")
    city = feature_named(geojson(site, country="CO"), "Envigado")
    editor.goto(f"/admin/pages/{city['id']}/edit/")
    expect(editor.locator("html")).to_have_attribute("lang", "es")
    zoom_in, zoom_out = zoom_names("es")

    panel = editor.locator("[data-location-panel]")
    expect(panel.locator(".leaflet-control-zoom-in")).to_have_attribute("title", zoom_in)
    expect(panel.locator(".leaflet-control-zoom-out")).to_have_attribute("title", zoom_out)
    expect(panel.locator(".leaflet-control-zoom")).to_have_count(1)
    assert_no_errors(editor)
    close_context(context)


def test_cluster_buttons_say_what_they_hold_in_the_page_language(page, site):  # noqa: F811
    with translation.override("es"):
        label = gettext("%s Learning Cities here: choose to zoom in")
    assert label.startswith("%s") and "Learning" not in label, "the catalogue translates the name"

    page.goto("/cities/")
    wait_for_map(page, "directory-map")
    # Once the clusters have settled (the map fits itself to the cities).
    assert_markers_total(page, "directory-map", len(located(geojson(site))))
    clusters = page.locator("#directory-map .marker-cluster")
    expect(clusters.first).to_be_visible()
    for index in range(clusters.count()):
        cluster = clusters.nth(index)
        number = cluster.locator("div span").first.text_content()
        assert int(number) >= 2
        expect(cluster).to_have_attribute("role", "button")
        expect(cluster).to_have_accessible_name(label.replace("%s", number))
    assert_no_errors(page)


def test_a_popup_opened_from_the_keyboard_takes_the_focus_and_escape_returns_it(page, site):  # noqa: F811
    [city] = located(geojson(site, country="PY"))
    name = city["properties"]["name"]
    with translation.override("es"):
        close_name = gettext("Close")
    assert close_name != "Close", "the catalogue translates the name"

    page.goto("/cities/?country=PY")
    wait_for_map(page, "directory-map")
    assert_markers_total(page, "directory-map", 1)
    marker = page.locator(f'#directory-map .leaflet-marker-icon[title="{name}"]')
    marker.focus()
    page.keyboard.press("Enter")

    popup = page.locator("#directory-map .leaflet-popup")
    expect(popup).to_be_visible()
    expect(popup.get_by_role("link", name=name)).to_be_focused()
    expect(popup.get_by_role("button", name=close_name, exact=True)).to_have_count(1)

    page.keyboard.press("Escape")
    expect(popup).to_have_count(0)
    expect(marker).to_be_focused()
    assert_clean(page)
