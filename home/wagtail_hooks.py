"""The two admin menu items of wagtail-localize, in the language of each request.

The package builds its "Translations" report and "Locales" setting items with a label translated when the
menu is first built, and names them after it; the menus are built once per process, so every user then
saw the language of the process's first admin request (a Portuguese editor read "Traducciones"). Each
request gets the same items with their label in its own language and a name that does not change.
"""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

PACKAGE_ITEMS = {  # URL name: (label, name)
    "wagtail_localize:translations_report": (_("Translations"), "translations"),
    "wagtaillocales:index": (_("Locales"), "locales"),
}


@hooks.register("construct_reports_menu")
@hooks.register("construct_settings_menu")
def package_items_in_the_request_language(request, menu_items):
    ours = {reverse(url_name): label_and_name for url_name, label_and_name in PACKAGE_ITEMS.items()}
    for index, item in enumerate(menu_items):
        if item.url in ours:
            label, name = ours[item.url]
            menu_items[index] = MenuItem(
                label,
                item.url,
                name=name,
                icon_name=item.icon_name,
                classname=item.classname,
                order=item.order,
            )
