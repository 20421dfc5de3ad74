"""The admin menu's items keep their names whatever language the menu was first built in.

Wagtail names a menu item after its label unless it is given a name, and builds the menu once per process:
a worker whose first admin request was in Spanish called the frameworks "marcos-de-referencia", one that
started in English "frameworks". Our menu items name themselves, as Wagtail's own do. wagtail-localize's
two items also fix their label then: each request gets them in its own language (home/wagtail_hooks.py).
"""

import json

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from wagtail import hooks
from wagtail.admin.menu import Menu, SubmenuMenuItem
from wagtail.users.models import UserProfile
from wagtail.utils.version import get_main_version

# wagtail-localize's "Locales" and "Translations" items are named after their labels by the package's own
# hooks, which build them; each request replaces them (the last test).
NAMED_BY_PACKAGE_LABELS = ("wagtail_localize",)
WHATS_NEW = "whats-new-in-wagtail-"


def menu_names(language):
    """(parent name, name) of every item of the main menu and its submenus, built in `language`."""
    names = []

    def walk(menu, parent):
        for item in menu.registered_menu_items:
            names.append((parent, item.name))
            if isinstance(item, SubmenuMenuItem):
                walk(item.menu, item.name)

    with translation.override(language):
        walk(Menu(register_hook_name="register_admin_menu_item"), "")
    return names


def hook_item_names(hook_name, language):
    """Names of the items a menu hook registers, each item built afresh in `language`.

    The settings and reports menus are built once per process, so walking them from the main menu would
    show the names of whichever language built them first.
    """
    with translation.override(language):
        items = [item for hook in hooks.get_hooks(hook_name) if (item := hook())]
    return [item.name for item in items if not type(item).__module__.startswith(NAMED_BY_PACKAGE_LABELS)]


def test_every_menu_item_has_the_same_name_in_each_language():
    reverse("wagtailadmin_home")  # Loading the admin's URLs registers the viewsets' menu items.
    names = {language: menu_names(language) for language in ("es", "pt-br", "en")}
    assert names["es"] == names["pt-br"] == names["en"]
    assert ("progress-reports", "frameworks") in names["es"]


def test_every_settings_and_reports_item_of_ours_has_the_same_name_in_each_language():
    reverse("wagtailadmin_home")
    for hook_name in ("register_settings_menu_item", "register_reports_menu_item"):
        names = {language: hook_item_names(hook_name, language) for language in ("es", "pt-br", "en")}
        assert names["es"] == names["pt-br"] == names["en"], hook_name
    assert "city-publishing" in hook_item_names("register_settings_menu_item", "es")


def plain(value):
    """A value of the sidebar's data as it was: telepath sends a string that recurs as {"_val": …, "_id": n}
    the first time (and {"_ref": n} after)."""
    return value["_val"] if isinstance(value, dict) else value


def sidebar_links(client):
    """{url: (name, label)} of every link of the admin's sidebar, as the page gives them to its script."""
    response = client.get(reverse("wagtailadmin_home"))
    script = response.content.decode().split('id="wagtail-sidebar-props"', 1)[1]
    props = json.loads(script.split(">", 1)[1].split("</script>", 1)[0])
    links = {}

    def walk(value):
        if isinstance(value, dict):
            if value.get("_type") == "wagtail.sidebar.LinkMenuItem":
                (item,) = value["_args"]
                links[plain(item["url"])] = (plain(item["name"]), plain(item["label"]))
            for child in value.values():
                walk(child)
        elif isinstance(value, list):
            for child in value:
                walk(child)

    walk(props)
    return links


@pytest.mark.django_db
def test_wagtail_localize_s_items_follow_each_request_s_language(client, superuser):
    client.force_login(superuser)
    profile = UserProfile.get_for_user(superuser)
    report, locales = reverse("wagtail_localize:translations_report"), reverse("wagtaillocales:index")
    seen = {}
    for language in ("es", "en", "pt-br"):  # whichever built the menus first, the others follow
        profile.preferred_language = language
        profile.save()
        links = sidebar_links(client)
        seen[language] = (links[report], links[locales])
    assert seen == {
        "es": (("translations", "Traducciones"), ("locales", "Idiomas")),
        "en": (("translations", "Translations"), ("locales", "Locales")),
        "pt-br": (("translations", "Traduções"), ("locales", "Idiomas")),
    }


@pytest.mark.django_db
def test_wagtails_whats_new_item_follows_each_request_s_language(client, superuser):
    """Wagtail fills its version into the label when the help menu is first built, which fixed the label in
    the language of the process's first admin request."""
    client.force_login(superuser)
    profile = UserProfile.get_for_user(superuser)
    version = get_main_version(include_patch=False)
    seen, expected = {}, {}
    for language in ("es", "en", "pt-br"):
        profile.preferred_language = language
        profile.save()
        seen[language] = [
            label for name, label in sidebar_links(client).values() if name.startswith(WHATS_NEW)
        ]
        with translation.override(language):
            expected[language] = [gettext("What's new in Wagtail %(version)s") % {"version": version}]
    assert seen == expected
    assert len(set(map(tuple, seen.values()))) == 3, "three languages, three labels"
