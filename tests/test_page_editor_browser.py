"""The page editor and the admin's headers in Spanish, in headless Chromium.

- A rich-text field's editor is named by its field's label: an event's "Outcomes" and a good practice's
  "The problem", "What was done" and "Results" are announced by name, and axe finds no field without a
  name on either editor (aria-input-field-name, label). Wagtail 8.0.1's label points at the hidden input
  that Draftail replaces, so the editable area people type in had no name (Wagtail issue #14205);
  network/rich_text.py gives Draftail the label's id. Rich text inside a city's body, whose editor is built
  in the browser, is named too: a "Text" block and a good practice's "Description" are announced by their
  block's label (LabelledRichTextBlock in cities/blocks.py gives Draftail the label as its `ariaLabel`).
- On a phone (375 px), a tablet (800 and 850 px), at 900 px and on a desktop (1280 px) each field's comment
  button lies on the screen with nothing over it (the minimap's collapsed strip), and the minimap, opened on
  a phone, shows its labels whole. Wagtail 8.0.1 puts a field's comment button 2rem past the field's end, in
  a gutter only its widest margin has (from 56.25em): on a phone it sat 12 px past the screen's edge and on
  a tablet under the minimap's strip (network/static/css/admin.css makes room for it below that
  breakpoint). At 900 px a row of a city's country, whose longest choice set its column's width, and region
  was wider than the form, the region's button past the screen's edge. Wagtail keeps the minimap on a phone:
  collapsed, its labels are transparent; opened, it lays over the form.
- A header's subtitle (the city of a timeline) starts its own line flush with the title on a phone.

One site server serves the three: each module of its own would start another.
"""

import pytest

from tests.axe_checks import (
    AXE_SOURCE,
    RUN_AXE,
    WAGTAILS_OWN,
    described,
    new_page,
    signed_in,
    violations,
)
from tests.site_server import SiteServer
from tests.test_map_browser import browser, chromium_executable, close_context, geocoder  # noqa: F401

pytestmark = pytest.mark.browser

PHONE = 375

# UIL staff read the admin in Spanish; an event and a good practice of Medellín, whose ids are printed.
SETUP = """
from django.contrib.auth import get_user_model
from wagtail.users.models import UserProfile
from tests.factories import EventFactory, PracticeFactory, find_city

profile = UserProfile.get_for_user(get_user_model().objects.get(username="staff"))
profile.preferred_language = "es"
profile.save()
medellin = find_city("Medellín")
print(EventFactory().pk, PracticeFactory(city=medellin).pk, medellin.pk)
"""

# The comment buttons shown on the tab that do not lie whole on the screen or that something else covers
# at their centre (the minimap's strip): each is scrolled to the middle of the screen to be looked at.
HIDDEN_COMMENT_BUTTONS = """() => {
    const shown = [...document.querySelectorAll(".w-field__comment-button")]
        .filter((button) => button.getClientRects().length);
    const hidden = [];
    for (const button of shown) {
        button.scrollIntoView({block: "center", behavior: "instant"});
        const box = button.getBoundingClientRect();
        const found = document.elementFromPoint((box.left + box.right) / 2, (box.top + box.bottom) / 2);
        if (box.left < 0 || box.right > document.documentElement.clientWidth || !button.contains(found)) {
            const field = button.closest("[data-contentpath]")?.dataset.contentpath;
            const cover = found?.closest("[class]")?.classList[0] || found?.tagName;
            hidden.push(`${field} (${Math.round(box.left)}-${Math.round(box.right)} px, under ${cover})`);
        }
    }
    return {shown: shown.length, hidden};
}"""

# The labels of the opened minimap that do not lie whole inside the screen and the minimap's list.
CUT_LABELS = """() => {
    const list = document.querySelector(".w-minimap__list").getBoundingClientRect();
    return [...document.querySelectorAll(".w-minimap-item__label")]
        .filter((label) => label.getClientRects().length)
        .filter((label) => {
            const box = label.getBoundingClientRect();
            return box.left < Math.max(0, list.left) || box.right > Math.min(innerWidth, list.right);
        })
        .map((label) => label.textContent.trim());
}"""

# The minimap has slid whole into the screen.
OPENED = "() => document.querySelector('.w-minimap').getBoundingClientRect().right <= innerWidth"

# The opacity of the collapsed minimap's labels (Wagtail shows them only when it is opened).
LABEL_OPACITIES = """() => [...new Set([...document.querySelectorAll(".w-minimap-item__label")]
    .map((label) => getComputedStyle(label).opacity))]"""


@pytest.fixture(scope="module")
def site(chromium_executable, geocoder):  # noqa: F811
    with SiteServer(geocoder_domain=geocoder.domain) as server:
        server.pages = [int(pk) for pk in server.manage("shell", "--no-imports", "-c", SETUP).split()]
        yield server


@pytest.fixture(scope="module")
def staff_session(browser, site):  # noqa: F811
    return signed_in(browser, site, "staff", site.STAFF_PASSWORD)


@pytest.fixture
def phone(browser, site, staff_session):  # noqa: F811
    page = new_page(browser, site, width=PHONE, storage_state=staff_session)
    yield page
    close_context(page.context)


EDITORS = [0, 1, 2]
EDITOR_IDS = ["event", "good practice", "city"]


# A phone; Wagtail's tablet widths, between its 50em and 56.25em breakpoints, where the minimap's strip
# widens to 30 px and the form's margin is 2.5rem; 900 px, where a row of a long choice (a city's country)
# and a text field was wider than the form; a desktop.
SCREEN_WIDTHS = [PHONE, 800, 850, 900, 1280]


@pytest.mark.parametrize("width", SCREEN_WIDTHS)
@pytest.mark.parametrize("which", EDITORS, ids=EDITOR_IDS)
def test_each_fields_comment_button_lies_on_the_screen(browser, site, staff_session, which, width):  # noqa: F811
    page = new_page(browser, site, width=width, storage_state=staff_session)
    page.goto(f"/admin/pages/{site.pages[which]}/edit/")
    page.locator(".w-minimap-item__label").first.wait_for(state="attached")
    buttons = page.evaluate(HIDDEN_COMMENT_BUTTONS)
    close_context(page.context)
    assert buttons["shown"] >= 3, "the editor should offer comments on its fields"
    assert buttons["hidden"] == [], f"comment buttons off the screen or under the minimap at {width} px"


@pytest.mark.parametrize("which", EDITORS, ids=EDITOR_IDS)
def test_the_minimap_shows_its_labels_whole_when_opened(phone, site, which):
    phone.goto(f"/admin/pages/{site.pages[which]}/edit/")
    phone.locator(".w-minimap-item__label").first.wait_for(state="attached")
    assert phone.evaluate(LABEL_OPACITIES) == ["0"]
    phone.locator(".w-minimap__toggle").click()
    phone.locator(".w-minimap--expanded").wait_for()
    phone.wait_for_function(OPENED)
    assert phone.evaluate(CUT_LABELS) == []


# The accessible name of each editable area of Draftail, as the browser reads it: its aria-labelledby's text,
# or else its aria-label.
EDITOR_NAMES = """() => [...document.querySelectorAll('.Draftail-Editor [role=textbox]')]
    .map((box) => box.hasAttribute('aria-labelledby')
        ? box.getAttribute('aria-labelledby').split(' ').filter(Boolean)
            .map((id) => document.getElementById(id)?.textContent.replace(/\\s+/g, ' ').trim()).join(' ')
        : box.getAttribute('aria-label') || '')"""


UNNAMED_FIELD_RULES = {"aria-input-field-name", "label"}


@pytest.mark.parametrize(
    ("which", "names"),
    [(0, ["Resultados"]), (1, ["El problema*", "Lo que se hizo*", "Resultados"])],
    ids=["event", "good practice"],
)
def test_each_rich_text_editor_is_named_by_its_label_and_passes_axe(
    browser,  # noqa: F811
    site,
    staff_session,
    which,
    names,
):
    page = new_page(browser, site, storage_state=staff_session)
    path = f"/admin/pages/{site.pages[which]}/edit/"
    found = [item for item in violations(page, path) if item["rule"] in UNNAMED_FIELD_RULES]
    named = page.evaluate(EDITOR_NAMES)
    close_context(page.context)
    assert named == names
    assert not found, f"{path}:\n{described(found)}"


# The city body's blocks to add, by their label in the block chooser (Spanish).
BODY_BLOCKS = ["Texto", "Buena práctica"]


def test_each_rich_text_block_is_named_by_its_label_and_passes_axe(browser, site, staff_session):  # noqa: F811
    """Rich text inside a StreamField is built in the browser, where its field's label has no id to point
    at: a city's "Texto" block and a good practice's "Descripción" are named by their block's label."""
    page = new_page(browser, site, storage_state=staff_session)
    path = f"/admin/pages/{site.pages[2]}/edit/"
    page.goto(path)
    page.wait_for_load_state("networkidle")
    for label in BODY_BLOCKS:
        page.locator("[data-contentpath=body] .c-sf-add-button").last.click()
        page.get_by_role("option", name=label, exact=True).click()
    page.locator(".Draftail-Editor [role=textbox]").nth(len(BODY_BLOCKS) - 1).wait_for()
    page.add_script_tag(path=AXE_SOURCE)
    found = [
        item
        for item in page.evaluate(RUN_AXE)
        if item["rule"] in UNNAMED_FIELD_RULES and (item["rule"], item["target"]) not in WAGTAILS_OWN
    ]
    # Sorted: the second block lands before or after the first, as the editor has drawn its add buttons.
    named = sorted(page.evaluate(EDITOR_NAMES))
    close_context(page.context)
    assert named == sorted(["Texto", "Descripción"])
    assert not found, f"{path} with a text block and a good practice:\n{described(found)}"


# Where the header's title text and its subtitle's first line start, in the window's coordinates.
SUBTITLE_START = """() => {
    const subtitle = document.querySelector("header h1 .w-header__subtitle");
    const title = [...subtitle.parentElement.childNodes]
        .find((node) => node.nodeType === Node.TEXT_NODE && node.data.trim());
    const range = document.createRange();
    range.selectNodeContents(title);
    return {title: range.getClientRects()[0].left, subtitle: subtitle.getClientRects()[0].left,
            titleTop: range.getClientRects()[0].top, subtitleTop: subtitle.getClientRects()[0].top};
}"""


def test_the_timelines_subtitle_starts_its_line_on_a_phone(browser, site, staff_session):  # noqa: F811
    """On a phone the city's timeline header wraps: "Línea de tiempo" and then "Medellín (Colombia)" on a
    line of its own, which started 6 px in, as if after a space (Wagtail's margin before a subtitle)."""
    page = new_page(browser, site, width=375, storage_state=staff_session)
    page.goto(f"/admin/cities/{site.pages[2]}/timeline/")
    subtitle = page.locator("header h1 .w-header__subtitle")
    text = subtitle.text_content()
    start = page.evaluate(SUBTITLE_START)
    close_context(page.context)
    assert text == "Medellín (Colombia)"
    assert start["subtitleTop"] > start["titleTop"], "the subtitle should start a line of its own at 375 px"
    assert start["subtitle"] == start["title"]
