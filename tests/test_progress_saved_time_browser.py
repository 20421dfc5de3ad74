"""The report editor says every time on one clock, the admin's: "Saved at" and the message of a save refused
over another tab's say the same time for the same save. "Saved at" was the browser's clock and the message
the site's time zone, hours apart for a focal point in another country, who could not match them. The admin
shows times in the time zone of the user's account settings (the site's by default), so both say that,
whatever the browser's clock. The site, its records and the browser are tests/test_progress_browser.py's (a
server of this module's own)."""

import datetime
import re
import zoneinfo

import pytest
from django.conf import settings
from playwright.sync_api import expect

from tests.test_map_browser import TIMEOUT_MS, browser, chromium_executable, close_context  # noqa: F401
from tests.test_progress_browser import (  # noqa: F401
    SAVED,
    edit_path,
    focal_point_session,
    site,
    status_of,
    text_answer,
)

pytestmark = pytest.mark.browser


def site_times():
    """The site's time zone's clock a minute ago, now and in a minute, as hours and minutes."""
    now = datetime.datetime.now(zoneinfo.ZoneInfo(settings.TIME_ZONE))
    return {(now + datetime.timedelta(minutes=step)).strftime("%H:%M") for step in (-1, 0, 1)}


def test_saved_at_and_the_conflict_message_say_the_same_time_on_the_admin_s_clock(
    browser,  # noqa: F811
    site,  # noqa: F811
    focal_point_session,  # noqa: F811
):
    # Tokyo is 14 or 15 hours from Mexico City: no minute reads alike on both clocks.
    context = browser.new_context(
        base_url=site.base_url, locale="en-US", timezone_id="Asia/Tokyo", storage_state=focal_point_session
    )
    context.set_default_timeout(TIMEOUT_MS)
    path = edit_path(site.records["reports"]["conflict"])
    tab_a = context.new_page()
    tab_a.goto(path)
    tab_b = context.new_page()
    tab_b.goto(path)
    expect(text_answer(tab_b, site)).to_be_editable()

    tab_a.bring_to_front()
    text_answer(tab_a, site).fill("Escrito en la primera pestaña.")
    text_answer(tab_a, site).press("Tab")
    expect(status_of(tab_a)).to_have_text(SAVED, timeout=TIMEOUT_MS)
    saved_at = status_of(tab_a).inner_text().rsplit(" ", 1)[1]

    tab_b.bring_to_front()
    text_answer(tab_b, site).press_sequentially("Escrito en la otra pestaña.")
    expect(status_of(tab_b)).to_contain_text("after you opened it", timeout=TIMEOUT_MS)
    conflict = status_of(tab_b).inner_text()
    close_context(context)

    said_at = re.search(r"at (\d\d:\d\d), after you opened it", conflict).group(1)
    assert saved_at == said_at, f"“Saved at {saved_at}” and the conflict's “at {said_at}” differ"
    assert saved_at in site_times(), f"{saved_at} is not the site's time ({sorted(site_times())})"
