"""The admin menu's items keep their names whatever language the menu was first built in.

Wagtail names a menu item after its label unless it is given a name, and builds the menu once per process:
a worker whose first admin request was in Spanish called the frameworks "marcos-de-referencia", one that
started in English "frameworks". Our menu items name themselves, as Wagtail's own do.
"""

from django.urls import reverse
from django.utils import translation
from wagtail import hooks
from wagtail.admin.menu import Menu, SubmenuMenuItem

# wagtail-localize's "Locales" and "Translations" items are named after their labels by the package's own
# hooks; nothing of ours can name them.
NAMED_BY_PACKAGE_LABELS = ("wagtail_localize",)


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
