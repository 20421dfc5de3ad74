"""The admin menu's items keep their names whatever language the menu was first built in.

Wagtail names a menu item after its label unless it is given a name, and builds the menu once per process:
a worker whose first admin request was in Spanish called the frameworks "marcos-de-referencia", one that
started in English "frameworks". Our menu items name themselves, as Wagtail's own do.
"""

from django.urls import reverse
from django.utils import translation
from wagtail.admin.menu import Menu, SubmenuMenuItem


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


def test_every_menu_item_has_the_same_name_in_each_language():
    reverse("wagtailadmin_home")  # Loading the admin's URLs registers the viewsets' menu items.
    names = {language: menu_names(language) for language in ("es", "pt-br", "en")}
    assert names["es"] == names["pt-br"] == names["en"]
    assert ("progress-reports", "frameworks") in names["es"]
