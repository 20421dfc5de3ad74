"""The UIL staff group and its permissions: Wagtail page, collection and model permissions."""

from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission, Page

from network.data_names import renamed

from .models import CityIndexPage
from .permissions import STAFF_GROUP_NAME

FORMER_STAFF_GROUP_NAME = "UIL staff"

STAFF_PAGE_PERMISSIONS = ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"]
STAFF_MODEL_PERMISSIONS = [
    ("wagtailadmin", "admin", "access_admin"),
    ("cities", "citypage", "change_membership"),
    ("cities", "cityaccess", "manage_focal_points"),
    ("cities", "cityaccess", "view_focal_point_activity"),
    ("cities", "theme", "add_theme"),
    ("cities", "theme", "change_theme"),
    ("cities", "theme", "delete_theme"),
    ("cities", "theme", "view_theme"),
    # "Translate this page" and the translation editor (wagtail-localize).
    ("wagtail_localize", "translation", "submit_translation"),
    # The engagement log is for UIL staff only.
    *(
        ("contacts", model, f"{action}_{model}")
        for model in ("organisation", "contact", "engagement")
        for action in ("add", "change", "delete", "view")
    ),
    # Segments and mailings to the CRM's contacts, and sending them.
    *(
        ("mailings", model, f"{action}_{model}")
        for model in ("segment", "mailing")
        for action in ("add", "change", "delete", "view")
    ),
    ("mailings", "mailing", "send_mailing"),
    # Event registrations: staff see and correct them (a person cancels through their own link).
    ("events", "registration", "change_registration"),
    ("events", "registration", "view_registration"),
    # Progress reports: staff keep the framework and the cycles, read and review every city's report.
    *(
        ("progress", model, f"{action}_{model}")
        for model in ("framework", "area", "focusarea", "feature", "question", "cycle")
        for action in ("add", "change", "delete", "view")
    ),
    ("progress", "report", "view_report"),
    ("progress", "report", "change_report"),
    ("progress", "report", "review_report"),
]
STAFF_COLLECTION_PERMISSIONS = [
    ("wagtailimages", "image", ["add_image", "change_image", "choose_image"]),
    ("wagtaildocs", "document", ["add_document", "change_document", "choose_document"]),
]


def staff_group():
    """The staff group: renamed from its former English name on a site set up before, or made."""
    group = renamed(Group.objects.all(), STAFF_GROUP_NAME, FORMER_STAFF_GROUP_NAME)
    return group or Group.objects.get_or_create(name=STAFF_GROUP_NAME)[0]


def _permission(app_label, model, codename):
    return Permission.objects.get(
        content_type__app_label=app_label, content_type__model=model, codename=codename
    )


@transaction.atomic
def ensure_staff_group():
    """UIL staff edit, publish and translate every city page, event and library item, manage themes and
    media.

    Not users or settings. Their page permissions hold on the directory, the events index and the library
    in every language.
    """
    group = staff_group()
    group.permissions.add(*(_permission(*spec) for spec in STAFF_MODEL_PERMISSIONS))
    page_type = ContentType.objects.get_for_model(Page)
    for codename in STAFF_PAGE_PERMISSIONS:
        permission = Permission.objects.get(content_type=page_type, codename=codename)
        for section in [
            *CityIndexPage.objects.all(),
            *apps.get_model("events", "EventIndexPage").objects.all(),
            *apps.get_model("knowledge", "ResourceIndexPage").objects.all(),
            *apps.get_model("practices", "PracticeIndexPage").objects.all(),
        ]:
            GroupPagePermission.objects.get_or_create(group=group, page=section, permission=permission)
    root_collection = Collection.get_first_root_node()
    for app_label, model, codenames in STAFF_COLLECTION_PERMISSIONS:
        for codename in codenames:
            GroupCollectionPermission.objects.get_or_create(
                group=group, collection=root_collection, permission=_permission(app_label, model, codename)
            )
    return group
