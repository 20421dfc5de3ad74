"""A rich-text field's editor is named by its field's label, in headless Chromium: an event's "Outcomes"
and a good practice's "The problem", "What was done" and "Results" are announced by name, and axe finds no
field without a name on either editor (aria-input-field-name, label).

Wagtail 8.0.1's label points at the hidden input that Draftail replaces, so the editable area people type
in had no name (Wagtail issue #14205); network/rich_text.py gives Draftail the label's id.
"""

import pytest

from tests.site_server import SiteServer
from tests.test_accessibility_browser import described, new_page, signed_in, violations
from tests.test_map_browser import browser, chromium_executable, close_context, geocoder  # noqa: F401

pytestmark = pytest.mark.browser

# UIL staff read the admin in Spanish; one event and one good practice of Medellín, whose ids are printed.
SETUP = """
from django.contrib.auth import get_user_model
from wagtail.users.models import UserProfile
from tests.factories import EventFactory, PracticeFactory, find_city

profile = UserProfile.get_for_user(get_user_model().objects.get(username="staff"))
profile.preferred_language = "es"
profile.save()
print(EventFactory().pk, PracticeFactory(city=find_city("Medellín")).pk)
"""

# The accessible name of each editable area of Draftail: its aria-labelledby's text, as the browser reads it.
EDITOR_NAMES = """() => [...document.querySelectorAll('.Draftail-Editor [role=textbox]')]
    .map((box) => (box.getAttribute('aria-labelledby') || '').split(' ').filter(Boolean)
        .map((id) => document.getElementById(id)?.textContent.replace(/\\s+/g, ' ').trim()).join(' '))"""


UNNAMED_FIELD_RULES = {"aria-input-field-name", "label"}


@pytest.fixture(scope="module")
def site(chromium_executable, geocoder):  # noqa: F811
    with SiteServer(geocoder_domain=geocoder.domain) as server:
        server.pages = [int(pk) for pk in server.manage("shell", "--no-imports", "-c", SETUP).split()]
        yield server


@pytest.fixture(scope="module")
def staff_session(browser, site):  # noqa: F811
    return signed_in(browser, site, "staff", site.STAFF_PASSWORD)


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
