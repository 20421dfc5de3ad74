"""The engagement listing's rows end in Wagtail's "More options" menu (contacts/row_menus.py): rendered with
Wagtail's templates the first time a menu is shown, then kept in the process under everything it is made
of. A listing seen again renders no row menu, and shows the same menus; a renamed engagement, another
language or fewer permitted actions show their own menus, never one kept for another.
"""

import pytest
from django.contrib.auth.models import Permission
from django.test.signals import template_rendered
from django.urls import reverse
from wagtail.users.models import UserProfile

from contacts.row_menus import ROW_MENUS
from tests import factories

pytestmark = pytest.mark.django_db

LISTING = "wagtailsnippets_contacts_engagement:list"
MENU_TEMPLATE = "wagtailadmin/shared/button_with_dropdown.html"


@pytest.fixture(autouse=True)
def no_kept_menus():
    ROW_MENUS.entries.clear()
    yield
    ROW_MENUS.entries.clear()


def listing_with_menus_rendered(client, **params):
    """The listing's response and how many row menus Wagtail's templates rendered for it."""
    rendered = []

    def count(sender, template, context, **kwargs):
        # The rows' menus ("More options for '… · Registro 1'"), not the header's.
        if template.name == MENU_TEMPLATE and "Registro" in str(context.get("title", "")):
            rendered.append(context["title"])

    template_rendered.connect(count)
    try:
        response = client.get(reverse(LISTING), params)
    finally:
        template_rendered.disconnect(count)
    assert response.status_code == 200
    return response, len(rendered)


def menus(soup, response):
    """Each row's menu: the toggle's label and the menu's links with their text."""
    return [
        (
            menu.select_one("button.w-dropdown__toggle")["aria-label"],
            [(link["href"], link.get_text(" ", strip=True)) for link in menu.select("a")],
        )
        for menu in soup(response).select("table.listing tbody td.title .w-dropdown")
    ]


@pytest.fixture
def logged(medellin, engagement_factory):
    return [engagement_factory(f"Registro {number}", cities=[medellin]) for number in range(5)]


def test_a_listing_seen_again_renders_no_row_menu(staff_client, soup, english_admin, logged):
    first, rendered_first = listing_with_menus_rendered(staff_client)
    again, rendered_again = listing_with_menus_rendered(staff_client)

    assert rendered_first == 5
    assert rendered_again == 0, "the row menus were rendered again"
    assert menus(soup, again) == menus(soup, first)
    labels = [link_text for _label, links in menus(soup, again) for _href, link_text in links]
    assert labels.count("Delete") == 5 and labels.count("Inspect") == 5 and labels.count("Edit") == 5


def test_a_renamed_engagement_shows_its_new_title_in_its_menu(staff_client, soup, english_admin, logged):
    listing_with_menus_rendered(staff_client)
    logged[0].title = "Registro renombrado"
    logged[0].save()

    response, rendered = listing_with_menus_rendered(staff_client)

    assert rendered == 1
    toggles = [label for label, _links in menus(soup, response)]
    assert any("Registro renombrado" in label for label in toggles)
    assert not any(label.endswith("Registro 0'") for label in toggles)


def test_each_language_has_its_own_menus(staff_client, soup, english_admin, logged):
    listing_with_menus_rendered(staff_client)
    profile = UserProfile.get_for_user(english_admin)
    profile.preferred_language = "es"
    profile.save()

    response, rendered = listing_with_menus_rendered(staff_client)

    assert rendered == 5
    labels = {text for _label, links in menus(soup, response) for _href, text in links}
    assert "Delete" not in labels and "Eliminar" in labels


def test_a_colleague_who_may_not_delete_gets_no_delete_from_a_kept_menu(client, soup, staff_client, logged):
    listing_with_menus_rendered(staff_client)  # menus with Delete kept
    editor = factories.UserFactory(username="solo-edita")
    editor.user_permissions.add(
        *Permission.objects.filter(
            content_type__app_label="contacts", codename__in=["view_engagement", "change_engagement"]
        ),
        Permission.objects.get(codename="access_admin"),
    )
    client.force_login(editor)

    response, _rendered = listing_with_menus_rendered(client)

    hrefs = [href for _label, links in menus(soup, response) for href, _text in links]
    assert len(hrefs) == 10, hrefs
    assert not [href for href in hrefs if "/delete/" in href]
