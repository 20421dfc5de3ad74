"""On a phone (375 px), the admin listings' first column keeps its words whole: the engagement log's dates
("3 de diciembre de 2026", "22 de novembro de 2026") and the contacts' names wrap between words, never
inside one ("novie / mbre"), in Spanish, Portuguese and English; the table scrolls sideways instead.

Wagtail 8 gives a listing's first column `word-break: break-word`, which lets Chromium size the column as
if any letter were a break opportunity; network/static/css/admin.css gives the column its words back.
Measured in headless Chromium: each word of the column's text is one line box.
"""

import pytest

from tests import test_map_browser
from tests.axe_checks import signed_in
from tests.site_server import SiteServer
from tests.test_map_browser import TIMEOUT_MS, browser, close_context, geocoder  # noqa: F401

pytestmark = pytest.mark.browser

chromium_executable = test_map_browser.chromium_executable

# The words of the first column's text that Chromium lays out on more than one line.
WORDS_BROKEN_JS = r"""() => {
    const broken = [];
    document.querySelectorAll("table.listing tbody td.title").forEach((cell) => {
        const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
        let node;
        while ((node = walker.nextNode())) {
            if (!node.parentElement.offsetParent) continue;
            for (const match of node.data.matchAll(/\S{2,}/g)) {
                const range = document.createRange();
                range.setStart(node, match.index);
                range.setEnd(node, match.index + match[0].length);
                const boxes = Array.from(range.getClientRects()).filter((r) => r.width > 0);
                const lines = new Set(boxes.map((r) => Math.round(r.top)));
                if (lines.size > 1) broken.push(match[0]);
            }
        }
    });
    return broken;
}"""

CELLS_JS = "() => document.querySelectorAll('table.listing tbody td.title').length"


@pytest.fixture(scope="module")
def site(chromium_executable, geocoder):  # noqa: F811
    with SiteServer(geocoder_domain=geocoder.domain, setup_commands=[("load_demo_engagements",)]) as server:
        yield server


@pytest.fixture(scope="module")
def staff_session(browser, site):  # noqa: F811
    return signed_in(browser, site, "staff", site.STAFF_PASSWORD)


@pytest.mark.parametrize("language", ["es", "pt-BR", "en"])
@pytest.mark.parametrize(
    "listing",
    ["/admin/snippets/contacts/engagement/", "/admin/snippets/contacts/contact/"],
    ids=["log", "contacts"],
)
def test_first_column_words_stay_whole_on_a_phone(browser, site, staff_session, listing, language):  # noqa: F811
    context = browser.new_context(
        base_url=site.base_url,
        locale=language,
        viewport={"width": 375, "height": 800},
        storage_state=staff_session,
    )
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    page.goto(listing)
    assert page.evaluate(CELLS_JS) >= 5, "the demo log and contacts should fill the listing"
    broken = page.evaluate(WORDS_BROKEN_JS)
    # The page itself does not scroll sideways: the table does, within it.
    page_width = page.evaluate("() => document.documentElement.scrollWidth")
    close_context(context)
    assert not broken, f"{listing} in {language} at 375 px breaks these words inside: {broken}"
    assert page_width <= 375
