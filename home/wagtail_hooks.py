"""Admin hooks: the admin in the language of each request (wagtail-localize's two menu items and the
dashboard's count of pages, images and documents), and a deleted page's versions in the other languages.

The package builds its "Translations" report and "Locales" setting items with a label translated when the
menu is first built, and names them after it; the menus are built once per process, so every user then
saw the language of the process's first admin request (a Portuguese editor read "Traducciones"). Each
request gets the same items with their label in its own language and a name that does not change. Wagtail's
help menu has the same fault in "What's new in Wagtail 8.0", whose label it fills with the version when it
builds the item; each request gets it in its language too, with its name, link and dismissal unchanged.

The dashboard's counts end, for screen readers, with "created in <site name>": for a user whose pages lie
in one site (a focal point) Wagtail takes the name stored on the Site, written in Spanish by
`setup_network`, so a Portuguese focal point heard "criada em Red de Ciudades del Aprendizaje". The counts
name the network as WAGTAIL_SITE_NAME does, in the request's language, as the dashboard's heading does
(templates/wagtailadmin/home.html).

A page deleted in the admin leaves every language: the two hooks at the end name its versions in the other
languages (home/page_versions.py).
"""

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.actions.delete_page import DeletePageAction
from wagtail.admin.menu import DismissibleMenuItem, MenuItem
from wagtail.models import Page
from wagtail.utils.version import get_main_version

from .page_versions import versions_going_along

# Wagtail's msgid, which its own catalogues translate.
WHATS_NEW_LABEL = "What's new in Wagtail %(version)s"
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


@hooks.register("construct_help_menu")
def whats_new_in_the_request_language(request, menu_items):
    version = get_main_version(include_patch=False)
    whats_new = f"whats-new-in-wagtail-{version}"
    for index, item in enumerate(menu_items):
        if item.name == whats_new:
            menu_items[index] = DismissibleMenuItem(
                gettext(WHATS_NEW_LABEL) % {"version": version},
                item.url,
                name=item.name,
                icon_name=item.icon_name,
                classname=item.classname,
                order=item.order,
                attrs={"target": "_blank", "rel": "noreferrer"},
            )


# After the hooks of Wagtail's apps, which add the items.
@hooks.register("construct_homepage_summary_items", order=100)
def counts_name_the_network_in_the_request_language(request, summary_items):
    for item in summary_items:
        item.get_context_data = network_named(item.get_context_data)


def network_named(get_context_data):
    def with_network_name(parent_context):
        context = get_context_data(parent_context)
        if "site_name" in context:
            context["site_name"] = settings.WAGTAIL_SITE_NAME
        return context

    return with_network_name


@hooks.register("construct_translated_pages_to_cascade_actions")
def originals_take_their_versions_along(pages, action):
    if action != "delete":
        return None
    return {page: versions_going_along(page) for page in pages}


@hooks.register("after_bulk_action")
def versions_follow_their_originals_out(request, action_type, objects, action):
    if action_type != "delete" or not issubclass(action.model, Page):
        return
    versions = Page.objects.filter(
        pk__in=[version.pk for page in objects for version in versions_going_along(page)]
    )
    # Shallowest first: deleting a page takes the versions under it along. Whoever may delete the original
    # deletes its versions, as in Wagtail's delete view, which checks no permission on them.
    while (version := versions.order_by("depth").first()) is not None:
        DeletePageAction(version, user=request.user).execute(skip_permission_checks=True)
