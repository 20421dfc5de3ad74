"""What the report's editor does in a real browser with what it could not save: an answer the autosave
could not read shows its message next to it (not only at the foot of the long form), read with its field,
and leaving the page while it holds something unsaved (an answer with an error, a save refused as stale)
asks first. The site, its records and the browser are tests/test_progress_browser.py's (a server of this
module's own)."""

import pytest
from playwright.sync_api import expect

from tests.test_map_browser import TIMEOUT_MS, browser, chromium_executable  # noqa: F401
from tests.test_progress_browser import (  # noqa: F401
    SHARE,
    context,
    edit_path,
    focal_point_session,
    new_page,
    site,
    status_of,
)

pytestmark = pytest.mark.browser


def close_asks_first(page):
    """Whether closing the tab asks first (the question is answered "stay")."""
    asked = []
    page.on("dialog", lambda dialog: (asked.append(dialog.type), dialog.dismiss()))
    page.close(run_before_unload=True)
    for _ in range(50):
        if asked or page.is_closed():
            break
        page.context.cookies()  # a round trip to the browser, during which the question or the close arrives
    return asked == ["beforeunload"]


def test_an_answer_with_an_error_says_so_next_to_it_and_leaving_asks_first(context, site):  # noqa: F811
    page = new_page(context)
    page.goto(edit_path(site.records["reports"]["keyboard"]))
    name = f"q{site.records['questions'][SHARE]}"
    share = page.locator(f"input[name={name}]")

    share.fill("150")

    field = page.locator(f"[data-contentpath={name}]")
    expect(field.locator(".error-message")).to_contain_text("less than or equal to 100", timeout=TIMEOUT_MS)
    expect(share).to_have_attribute("aria-invalid", "true")
    message_id = field.locator(".error-message").get_attribute("id")
    assert message_id in share.get_attribute("aria-describedby").split()
    assert close_asks_first(page)

    share.fill("12")
    expect(status_of(page)).to_contain_text("Saved at", timeout=TIMEOUT_MS)
    expect(field.locator(".error-message")).to_have_count(0)
    expect(share).not_to_have_attribute("aria-invalid", "true")
    assert not close_asks_first(page)


def test_a_tab_whose_save_was_refused_as_stale_asks_before_it_closes(context, site):  # noqa: F811
    path = edit_path(site.records["reports"]["long_answer"])
    name = f"q{site.records['questions'][SHARE]}"
    tab_a, tab_b = new_page(context), new_page(context)
    tab_a.goto(path)
    tab_b.goto(path)
    tab_a.locator(f"input[name={name}]").fill("20")
    expect(status_of(tab_a)).to_contain_text("Saved at", timeout=TIMEOUT_MS)

    tab_b.locator(f"input[name={name}]").fill("30")
    expect(status_of(tab_b)).to_contain_text("do not reload it", timeout=TIMEOUT_MS)

    assert close_asks_first(tab_b)
