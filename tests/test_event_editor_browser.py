"""The event editor in headless Chromium: its rows of fields stay inside the editor's column, and a date
typed day first is kept.

Wagtail sizes the columns of a row of fields by their content; the time zone list, as wide as its longest
name, pushed the "When" row past the column at 1280 px. The site and the admin's session are
tests/test_map_browser.py's; the event is made on the site server (tests/test_events_browser.py).
"""

import pytest
from playwright.sync_api import expect

from tests import test_map_browser
from tests.test_events_browser import on_server
from tests.test_map_browser import (  # noqa: F401
    admin_page,
    admin_session,
    assert_no_errors,
    browser,
    geocoder,
    site,
)

pytestmark = pytest.mark.browser

chromium_executable = test_map_browser.chromium_executable

MAKE_EVENT = """
import json
from tests.factories import EventFactory

print(json.dumps({"event": EventFactory(title=TITLE).pk}))
"""

# Each field of the row: how far its right edge goes past the row's (0 when inside).
OVERFLOW_JS = """(id) => {
    const row = document.getElementById(id).closest(".w-field-row");
    const right = row.getBoundingClientRect().right;
    return [...row.querySelectorAll("input, select")].map(
        (field) => [field.id, Math.max(0, Math.round(field.getBoundingClientRect().right - right))]
    );
}"""


@pytest.mark.parametrize("width", [1280, 1024])
def test_the_when_row_fits_in_the_editor(admin_page, site, width):  # noqa: F811
    page = admin_page
    page.set_viewport_size({"width": width, "height": 900})
    event = on_server(site, MAKE_EVENT, TITLE=f"Taller de {width} px")["event"]

    page.goto(f"/admin/pages/{event}/edit/")

    fields = page.evaluate(OVERFLOW_JS, "id_time_zone")
    assert [name for name, _overflow in fields] == ["id_starts_at", "id_ends_at", "id_time_zone"]
    assert all(past == 0 for _name, past in fields), f"past the row's edge (px): {fields}"
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert_no_errors(page)


def test_a_date_typed_day_first_is_kept_and_saved(admin_page, site):  # noqa: F811
    """Wagtail's date picker turns what it cannot read into now: typed day first, as the site writes dates,
    15 March was replaced by today's date and time when the field lost focus."""
    page = admin_page
    event = on_server(site, MAKE_EVENT, TITLE="Taller de fechas")["event"]
    page.goto(f"/admin/pages/{event}/edit/")

    for field, typed in (("#id_starts_at", "15/03/2027 09:00"), ("#id_ends_at", "15/03/2027 17:30")):
        page.locator(field).fill(typed)
        page.locator(field).press("Tab")
        expect(page.locator(field)).to_have_value(typed)
    page.locator("button.action-save").first.click()
    page.wait_for_load_state()

    page.goto(f"/admin/pages/{event}/edit/")
    expect(page.locator("#id_starts_at")).to_have_value("15/03/2027 09:00")
    expect(page.locator("#id_ends_at")).to_have_value("15/03/2027 17:30")
    assert_no_errors(page)
