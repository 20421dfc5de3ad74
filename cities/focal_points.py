"""Focal points: one group and one media collection per city, scoped with Wagtail's permissions.

A focal point edits their own city's page and uploads to its collection. Whether they publish
directly or submit to UIL staff for review is a site setting (CityPublishingSettings).

This module says what a city's access is and takes it away (remove_focal_point); who joins a city's
group, and how, is decided in cities.invitations alone: invite (UIL staff), grant_to_account (the
engagement log's focal-point roles, contacts.focal_point_sync) and accept_invitation.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from wagtail.models import (
    Collection,
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
    Page,
    Site,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from network.data_names import renamed, top_collection

from .models import CityAccess, CityIndexPage, CityPage, CityPublishingSettings, PublishingMode
from .ordering import by_name
from .staff import staff_group

# The names of the cities' groups and collections, of the workflow and of its task are data shown in mails
# and screens (a group's in Wagtail's privacy, group and user forms, a collection's in its listing, choosers
# and privacy): in the site's first language. Sites set up before they were renamed are renamed by
# ensure_city_access, ensure_review_workflow and setup_network (the cities' collection).
CITIES_COLLECTION_NAME = "Ciudades del Aprendizaje"
GROUP_PREFIX = "Puntos focales"
REVIEW_WORKFLOW_NAME = "Revisión de la página de la ciudad"
# The UIL (the Institute) is masculine, as in the interface's catalogues: "del UIL".
REVIEW_TASK_NAME = "Revisión del equipo del UIL"
FORMER_NAMES = {
    CITIES_COLLECTION_NAME: ("Learning Cities",),
    REVIEW_WORKFLOW_NAME: ("City page review",),
    REVIEW_TASK_NAME: ("UIL staff review", "Revisión del equipo de la UIL"),
}
MEDIA_PERMISSIONS = [
    ("wagtailimages", "image", ["add_image", "change_image", "choose_image"]),
    ("wagtaildocs", "document", ["add_document", "change_document", "choose_document"]),
]


def city_label(page):
    return f"{page.title} ({page.country.code})"


def collection_name(page):
    return city_label(page)[: Collection._meta.get_field("name").max_length]


def _page_permission(codename):
    return Permission.objects.get(content_type=ContentType.objects.get_for_model(Page), codename=codename)


def _cities_collection():
    existing = top_collection(CITIES_COLLECTION_NAME, *FORMER_NAMES[CITIES_COLLECTION_NAME])
    return existing or Collection.get_first_root_node().add_child(name=CITIES_COLLECTION_NAME)


def _free_group_name(page, current=None):
    name = f"{GROUP_PREFIX}: {city_label(page)}"[:150]
    taken = Group.objects.filter(name=name).exclude(pk=getattr(current, "pk", None)).exists()
    return f"{name[:140]} #{page.pk}" if taken else name


def publishes_directly():
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        return False
    return CityPublishingSettings.for_site(site).focal_point_publishing == PublishingMode.DIRECT


def _permissions(*specs):
    """Permission objects by (app_label, codename), fetched in one query."""
    wanted = {(app_label, codename) for app_label, codename in specs}
    found = Permission.objects.filter(
        content_type__app_label__in={app for app, _code in wanted},
        codename__in={code for _app, code in wanted},
    ).select_related("content_type")
    return {
        (p.content_type.app_label, p.codename): p
        for p in found
        if (p.content_type.app_label, p.codename) in wanted
    }


@transaction.atomic
def ensure_city_access(page):
    """Create or rename the city's focal-point group and collection and grant their permissions."""
    access = CityAccess.objects.select_related("group", "collection").filter(page=page).first()
    if access is None:
        access = _made_access(page)
    else:
        _rename(access, page)
    media = [
        (app_label, codename) for app_label, _model, codenames in MEDIA_PERMISSIONS for codename in codenames
    ]
    permissions = _permissions(
        ("wagtailadmin", "access_admin"), ("wagtailcore", "change_page"), ("wagtailcore", "add_page"), *media
    )
    access.group.permissions.add(permissions["wagtailadmin", "access_admin"])
    # Editing the city's page, and adding its good practices (the only pages a city page may hold).
    for codename in ("change_page", "add_page"):
        GroupPagePermission.objects.get_or_create(
            group=access.group, page=page, permission=permissions["wagtailcore", codename]
        )
    _set_publish_permission(access, publishes_directly())
    granted = set(
        GroupCollectionPermission.objects.filter(
            group=access.group, collection=access.collection
        ).values_list("permission_id", flat=True)
    )
    GroupCollectionPermission.objects.bulk_create(
        GroupCollectionPermission(
            group=access.group, collection=access.collection, permission=permissions[spec]
        )
        for spec in media
        if permissions[spec].pk not in granted
    )
    return access


@transaction.atomic
def _made_access(page):
    """The city's group and collection, made unless another request made them meanwhile. Other cities'
    may be made at the same time, in the same part of the collection tree: its root's lock keeps that to
    one at a time (as for evidence, progress/evidence.py), and the city's access is looked for again
    under it."""
    Collection.objects.select_for_update().filter(pk=Collection.get_first_root_node().pk).get()
    access = CityAccess.objects.select_related("group", "collection").filter(page=page).first()
    if access is not None:
        return access
    group = Group.objects.create(name=_free_group_name(page))
    collection = _cities_collection().add_child(name=collection_name(page))
    return CityAccess.objects.create(page=page, group=group, collection=collection)


def _rename(access, page):
    if access.collection.name != collection_name(page):
        access.collection.name = collection_name(page)
        access.collection.save(update_fields=["name"])
    wanted = f"{GROUP_PREFIX}: {city_label(page)}"[:150]
    if not access.group.name.startswith(wanted):
        access.group.name = _free_group_name(page, current=access.group)
        access.group.save(update_fields=["name"])


def _set_publish_permission(access, direct):
    publish = _page_permission("publish_page")
    grants = GroupPagePermission.objects.filter(group=access.group, page=access.page, permission=publish)
    if direct:
        GroupPagePermission.objects.get_or_create(group=access.group, page=access.page, permission=publish)
    else:
        grants.delete()


@transaction.atomic
def apply_publishing_mode(direct=None):
    """Give focal points publish permission, or route their changes through the review workflow."""
    direct = publishes_directly() if direct is None else direct
    for access in CityAccess.objects.select_related("group", "page"):
        _set_publish_permission(access, direct)
    workflow = ensure_review_workflow()
    for directory in CityIndexPage.objects.all():
        if direct:
            WorkflowPage.objects.filter(page=directory, workflow=workflow).delete()
        else:
            WorkflowPage.objects.update_or_create(page=directory, defaults={"workflow": workflow})


def ensure_review_workflow():
    """A workflow with one task: a member of UIL staff approves or rejects the change."""
    task = _named(GroupApprovalTask, REVIEW_TASK_NAME)
    task.groups.set([staff_group()])
    workflow = _named(Workflow, REVIEW_WORKFLOW_NAME)
    # WorkflowTask rows directly: the workflow's own relation defers writes until workflow.save().
    steps = WorkflowTask.objects.filter(workflow=workflow)
    if list(steps.values_list("task_id", flat=True)) != [task.pk]:
        steps.delete()
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    return workflow


def _named(model, name):
    """The workflow or task of this name, renamed from its former English name if need be, or new."""
    return renamed(model.objects.all(), name, *FORMER_NAMES[name]) or model.objects.create(name=name)


def focal_points_of(page):
    """The city's focal-point accounts by family name, then given name, as a dictionary of the reader's
    language orders them (a plain ORDER BY put Écija after Zapata)."""
    access = CityAccess.objects.filter(page=page).select_related("group").first()
    if access is None:
        return get_user_model().objects.none()
    return access.group.user_set.order_by(by_name("last_name"), by_name("first_name"), "email")


def cities_of(user):
    return CityPage.objects.originals().filter(access__group__user=user).order_by(by_name(), "pk")


def city_language(page):
    """The site language a city most likely works in: Portuguese for Brazil, else Spanish."""
    return "pt-br" if page.country.code == "BR" else settings.LANGUAGE_CODE


def remove_focal_point(page, user):
    access = CityAccess.objects.filter(page=page).select_related("group").first()
    if access is not None:
        user.groups.remove(access.group)
