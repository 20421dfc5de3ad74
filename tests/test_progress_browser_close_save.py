"""What the report's editor does with a change typed just before its tab is closed, in a real browser.

A save begun as the tab closes arrives only as a keepalive request, which Chromium refuses over 64 KiB:
once a report's answers added up to more than that, a change typed just before closing the tab was lost,
and nothing asked first. The site, its records and the browser are tests/test_progress_browser.py's (a
server of this module's own); each test uses a report of its own.
"""

import pytest
from playwright.sync_api import expect

from tests.test_map_browser import TIMEOUT_MS, browser, chromium_executable  # noqa: F401
from tests.test_progress_browser import (  # noqa: F401
    LONG_ANSWER,
    SAVED,
    SHARE,
    TEXT,
    context,
    edit_path,
    focal_point_session,
    new_page,
    site,
    status_of,
    stored,
    text_answer,
)
from tests.test_progress_browser_unsaved import close_asks_first

pytestmark = pytest.mark.browser


def share_answer(page, site):  # noqa: F811
    return page.locator(f"input[name=q{site.records['questions'][SHARE]}]")


def eventually_stored(site, cycle_key, code, value):  # noqa: F811
    """The stored answers, once `code` has `value` (a save sent as the tab closed may arrive a little
    later)."""
    for _ in range(40):
        answers = stored(site, cycle_key)["answers"]
        if answers.get(code) == value:
            return answers
    return stored(site, cycle_key)["answers"]


# Records whether each request the page posts asks to outlive the tab (fetch's keepalive), for a test to
# read.
RECORD_KEEPALIVE = """
window.keepaliveAsked = [];
const fetchOfThePage = window.fetch;
window.fetch = function (url, options) {
  if (options && options.method === "POST") {
    window.keepaliveAsked.push(Boolean(options.keepalive));
  }
  return fetchOfThePage.apply(this, arguments);
};
"""

# The tab as the browser hides it before it closes, without closing it (so that the page can be read).
HIDE_THE_TAB = """() => {
  Object.defineProperty(document, "visibilityState", { configurable: true, get: () => "hidden" });
  document.dispatchEvent(new Event("visibilitychange"));
}"""


def test_a_change_typed_as_the_tab_closes_arrives_when_the_answers_are_long(context, site):  # noqa: F811
    """The save begun as the tab hides carries only that change, small enough to outlive the tab: a save
    of the whole form, over 64 KiB, could not, and was cancelled with the tab (on this local connection it
    may still arrive before that, hence the page's own record of what it asked for)."""
    page = new_page(context)
    page.add_init_script(RECORD_KEEPALIVE)
    page.goto(edit_path(site.records["reports"]["long_answer"]))
    text_answer(page, site).fill(LONG_ANSWER)
    expect(status_of(page)).to_have_text(SAVED, timeout=TIMEOUT_MS)

    share_answer(page, site).fill("12")
    page.evaluate(HIDE_THE_TAB)
    expect(status_of(page)).to_have_text(SAVED, timeout=TIMEOUT_MS)
    assert page.evaluate("window.keepaliveAsked") == [False, True], "the save as the tab hid dies with it"

    share_answer(page, site).fill("13")
    assert not close_asks_first(page), "a change the tab sends as it closes needs no question"
    assert eventually_stored(site, "long_answer", SHARE, 13) == {TEXT: LONG_ANSWER, SHARE: 13}


def test_closing_the_tab_just_after_a_long_answer_is_typed_asks_first(context, site):  # noqa: F811
    """A change too long for a save that outlives the tab: leaving asks, and staying saves it."""
    page = new_page(context)
    path = edit_path(site.records["reports"]["keyboard"])
    page.goto(path)
    # The save is held until the question is answered: on a busy machine the autosave could otherwise have
    # sent and stored the change before the tab closes, and then rightly ask nothing.
    held = []
    page.route(f"**{path}", lambda route: held.append(route))
    text_answer(page, site).fill(LONG_ANSWER)

    assert close_asks_first(page)

    page.unroute(f"**{path}")
    for route in held:
        route.continue_()
    expect(status_of(page)).to_have_text(SAVED, timeout=TIMEOUT_MS)
    assert not close_asks_first(page)
    assert stored(site, "keyboard")["answers"] == {TEXT: LONG_ANSWER}


def test_a_change_typed_while_a_save_is_on_its_way_asks_before_the_tab_closes(context, site):  # noqa: F811
    """The change waits for that save's answer (and the report's new version), which a closed tab never
    gets. The first save reaches the server at once; its answer is held back."""
    page = new_page(context)
    path = edit_path(site.records["reports"]["submit"])
    held = []

    def hold_the_first_autosave_answer(route):
        if not held and "application/json" in (route.request.headers.get("accept") or ""):
            held.append((route, route.fetch()))
        else:
            route.continue_()

    page.route(f"**{path}", hold_the_first_autosave_answer)
    page.goto(path)
    share_answer(page, site).fill("20")
    for _ in range(100):
        if held:
            break
        page.wait_for_timeout(50)
    assert held, "the autosave did not reach the server"
    text_answer(page, site).fill("Escrito mientras se guardaba.")

    assert close_asks_first(page)

    route, answer = held[0]
    route.fulfill(response=answer)
    expect(status_of(page)).to_have_text(SAVED, timeout=TIMEOUT_MS)
    page.wait_for_timeout(2000)  # the change's own save, 1.5 s after it
    expect(status_of(page)).to_have_text(SAVED, timeout=TIMEOUT_MS)
    assert not close_asks_first(page)
    assert stored(site, "submit")["answers"] == {SHARE: 20, TEXT: "Escrito mientras se guardaba."}


# Prints whether a cycle's report shows the answer to `code` on the city's public page.
PUBLIC_OF = """
from progress.models import Answer
print(Answer.objects.get(report__city_id={city}, report__cycle_id={cycle}, question__code={code!r}).public)
"""


def test_the_public_box_of_an_answer_saved_before_is_saved_alone(context, site):  # noqa: F811
    """A save sends only what changed: the box ticked or unticked alone is still sent with its answer."""
    page = new_page(context)
    page.goto(edit_path(site.records["reports"]["status_in_view"]))
    share_answer(page, site).fill("40")
    expect(status_of(page)).to_have_text(SAVED, timeout=TIMEOUT_MS)
    public = page.get_by_label(f"Show {SHARE} on the city's public page")
    script = PUBLIC_OF.format(
        city=site.records["city"], cycle=site.records["cycles"]["status_in_view"], code=SHARE
    )

    for tick, shown in ((public.check, "True"), (public.uncheck, "False")):
        with page.expect_response(lambda response: response.request.method == "POST", timeout=TIMEOUT_MS):
            tick()
        expect(status_of(page)).to_have_text(SAVED)
        assert site.manage("shell", "--no-imports", "--command", script).strip() == shown
    assert stored(site, "status_in_view")["answers"] == {SHARE: 40}
