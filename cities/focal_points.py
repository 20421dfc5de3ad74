"""Focal points: one group and one media collection per city, scoped with Wagtail's permissions.

A focal point edits their own city's page and uploads to its collection. Whether they publish
directly or submit to UIL staff for review is a site setting (CityPublishingSettings).
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.contrib.auth.tokens import default_token_generator
from django.contrib.contenttypes.models import ContentType
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
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
from wagtail.users.models import UserProfile

from .models import CityAccess, CityIndexPage, CityPage, CityPublishingSettings, PublishingMode
from .permissions import STAFF_GROUP_NAME

CITIES_COLLECTION_NAME = "Learning Cities"
GROUP_PREFIX = "Focal points"
REVIEW_WORKFLOW_NAME = "City page review"
REVIEW_TASK_NAME = "UIL staff review"
MEDIA_PERMISSIONS = [
    ("wagtailimages", "image", ["add_image", "change_image", "choose_image"]),
    ("wagtaildocs", "document", ["add_document", "change_document", "choose_document"]),
]


def city_label(page):
    return f"{page.title} ({page.country.code})"


def _page_permission(codename):
    return Permission.objects.get(content_type=ContentType.objects.get_for_model(Page), codename=codename)


def _cities_collection():
    root = Collection.get_first_root_node()
    existing = root.get_children().filter(name=CITIES_COLLECTION_NAME).first()
    return existing or root.add_child(name=CITIES_COLLECTION_NAME)


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
        group = Group.objects.create(name=_free_group_name(page))
        collection = _cities_collection().add_child(name=city_label(page))
        access = CityAccess.objects.create(page=page, group=group, collection=collection)
    else:
        _rename(access, page)
    media = [
        (app_label, codename) for app_label, _model, codenames in MEDIA_PERMISSIONS for codename in codenames
    ]
    permissions = _permissions(("wagtailadmin", "access_admin"), ("wagtailcore", "change_page"), *media)
    access.group.permissions.add(permissions["wagtailadmin", "access_admin"])
    GroupPagePermission.objects.get_or_create(
        group=access.group, page=page, permission=permissions["wagtailcore", "change_page"]
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


def _rename(access, page):
    if access.collection.name != city_label(page):
        access.collection.name = city_label(page)
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
    task = GroupApprovalTask.objects.filter(name=REVIEW_TASK_NAME).first()
    if task is None:
        task = GroupApprovalTask.objects.create(name=REVIEW_TASK_NAME)
    task.groups.set([Group.objects.get(name=STAFF_GROUP_NAME)])
    workflow, _created = Workflow.objects.get_or_create(name=REVIEW_WORKFLOW_NAME)
    # WorkflowTask rows directly: the workflow's own relation defers writes until workflow.save().
    steps = WorkflowTask.objects.filter(workflow=workflow)
    if list(steps.values_list("task_id", flat=True)) != [task.pk]:
        steps.delete()
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    return workflow


def focal_points_of(page):
    access = CityAccess.objects.filter(page=page).select_related("group").first()
    if access is None:
        return get_user_model().objects.none()
    return access.group.user_set.order_by("last_name", "first_name", "email")


def is_focal_point_only(user):
    """A focal point who is neither UIL staff nor an administrator."""
    if not user.is_authenticated or user.is_superuser:
        return False
    group_names = set(user.groups.values_list("name", flat=True))
    return STAFF_GROUP_NAME not in group_names and user.groups.filter(city_access__isnull=False).exists()


def cities_of(user):
    return CityPage.objects.originals().filter(access__group__user=user).order_by("title")


@transaction.atomic
def invite_focal_point(page, email, name="", language=None, request=None):
    """Create (or reuse) the account with this e-mail, add it to the city's group, e-mail a link.

    The invitation is written in the person's admin language: an existing account's own choice,
    else `language` (by default the city's language), which becomes the new account's choice.
    Returns (user, created).
    """
    User = get_user_model()
    email = User.objects.normalize_email(email).strip()
    user = User.objects.filter(email__iexact=email).first()
    created = user is None
    if created:
        first_name, _space, last_name = name.strip().partition(" ")
        user = User(username=email.lower()[:150], email=email, first_name=first_name, last_name=last_name)
        user.set_unusable_password()
        user.save()
    elif not user.is_active:
        user.is_active = True
        user.save(update_fields=["is_active"])
    profile = UserProfile.get_for_user(user)
    if not profile.preferred_language:
        profile.preferred_language = language or city_language(page)
        profile.save(update_fields=["preferred_language"])
    access = ensure_city_access(page)
    user.groups.add(access.group)
    transaction.on_commit(lambda: send_invitation(user, page, request=request))
    return user, created


def city_language(page):
    """The site language a city most likely works in: Portuguese for Brazil, else Spanish."""
    return "pt-br" if page.country.code == "BR" else settings.LANGUAGE_CODE


def remove_focal_point(page, user):
    access = CityAccess.objects.filter(page=page).select_related("group").first()
    if access is not None:
        user.groups.remove(access.group)


def password_link(user, request=None):
    path = reverse(
        "wagtailadmin_password_reset_confirm",
        args=[urlsafe_base64_encode(force_bytes(user.pk)), default_token_generator.make_token(user)],
    )
    return request.build_absolute_uri(path) if request else settings.WAGTAILADMIN_BASE_URL + path


def send_invitation(user, page, request=None):
    with translation.override(UserProfile.get_for_user(user).get_preferred_language()):
        _send_invitation(user, page, request)


def _send_invitation(user, page, request):
    context = {
        "user": user,
        "city": page,
        "link": password_link(user, request),
        "admin_url": (settings.WAGTAILADMIN_BASE_URL + reverse("wagtailadmin_home")),
    }
    send_mail(
        subject=render_to_string("cities/emails/focal_point_invitation_subject.txt", context).strip(),
        message=render_to_string("cities/emails/focal_point_invitation.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        recipient_list=[user.email],
    )
