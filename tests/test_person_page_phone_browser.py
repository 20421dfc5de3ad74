"""The person page's actions and the engagement form on a 375 px phone, in Spanish, as UIL staff read it.

The buttons ("Registrar una interacción con esta persona", "Exportar sus datos", …) wrap onto lines of
their own there. The longest label was cut off at the screen's edge, and "Borrar" stood indented
from the others, pushed by the margin Wagtail puts between two adjacent buttons. The engagement form's
list of documents, empty until a file is uploaded to the private collection, was a 2 px sliver that the
Tab key still stopped on. The site, its records
and the browser are tests/test_crm_browser.py's (a server of this module's own).
"""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.test_crm_browser import site  # noqa: F401
from tests.test_map_browser import TIMEOUT_MS, browser, chromium_executable, close_context  # noqa: F401

pytestmark = pytest.mark.browser


@pytest.fixture
def phone_page(browser, site):  # noqa: F811
    """A 375 px page in Spanish, signed in as the demo UIL staff account."""
    context = browser.new_context(
        base_url=site.base_url, locale="es-ES", viewport={"width": 375, "height": 800}
    )
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    page.goto(reverse("wagtailadmin_login"))
    page.fill("#id_username", "staff")
    page.fill("#id_password", site.STAFF_PASSWORD)
    page.locator("form button[type=submit]").first.click()
    page.wait_for_url(re.compile(r"/admin/$"), wait_until="commit")
    yield page
    close_context(context)


def test_every_action_on_the_person_page_shows_its_whole_label_in_line_on_a_phone(phone_page, site):  # noqa: F811
    person_id = site.records["carlas"][0]
    phone_page.goto(reverse("wagtailsnippets_contacts_contact:inspect", args=[person_id]))
    actions = phone_page.locator("main [role=group] .button")
    expect(actions.first).to_contain_text("Registrar una interacción con esta persona")
    assert actions.count() == 4
    lefts = set()
    for index in range(actions.count()):
        button = actions.nth(index)
        label = button.text_content().strip()
        box = button.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 375, label
        # Nothing of the label is hidden inside the button.
        assert button.evaluate("(el) => el.scrollWidth <= el.clientWidth"), label
        lefts.add(round(box["x"]))
    assert len(lefts) == 1, f"the buttons do not line up: {sorted(lefts)}"


def test_the_engagement_forms_empty_list_of_documents_is_a_visible_box(phone_page):
    phone_page.goto(reverse("wagtailsnippets_contacts_engagement:add"))
    documents = phone_page.locator("select#id_documents")
    expect(documents).to_be_attached()
    assert documents.locator("option").count() == 0
    box = documents.bounding_box()
    assert box["width"] >= 200 and box["x"] + box["width"] <= 375, box
