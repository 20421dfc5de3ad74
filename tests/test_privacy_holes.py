"""The holes of the privacy review, each closed at its root: APIs, private files, bulk actions, reports.

The tests share one private world (tests/private_world.py), made once for the module."""

import pytest
from django.contrib.auth.models import Permission
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.test import Client, TestCase
from django.urls import reverse
from django.utils import translation
from wagtail.documents import get_document_model

from contacts.attachments import ENGAGEMENT_FILES_COLLECTION, ensure_engagement_files_collection
from contacts.models import Engagement
from tests import helpers
from tests.private_world import CRM_SECRETS, body_of, build_private_world

pytestmark = [pytest.mark.django_db, pytest.mark.long]


@pytest.fixture(scope="module")
def private_world(django_db_setup, django_db_blocker):
    """The private world (tests/private_world.py), made once for the tests of the module and rolled back
    after them; with the contents of its images and documents, which live outside the database."""
    with helpers.rolled_back_after_module(django_db_blocker):
        # As the tests' own fixtures would: in English, running what waits for the commit, such as the
        # search index update, as the site would.
        with translation.override("en"), TestCase.captureOnCommitCallbacks(execute=True):
            world = build_private_world()
        media = [*world.images.values(), *world.documents.values(), world.engagement_file]
        files = {item.file.name: default_storage.open(item.file.name).read() for item in media}
        yield world, files


def store_files(files):
    """Put the world's files in the storage of the moment: a test that changes storage (files_on_disk)
    starts a new, empty one, here and after it."""
    for name, content in files.items():
        if not default_storage.exists(name):
            assert default_storage.save(name, ContentFile(content)) == name


@pytest.fixture
def world(private_world):
    """The module's private world, in fresh instances, with its files in the storage."""
    shared, files = private_world
    store_files(files)
    return shared.read_again()


@pytest.fixture
def files_on_disk(settings, tmp_path, private_world):
    """Wagtail serves documents from a file path: the in-memory storage of the tests has none. The world's
    files are copied there."""
    settings.MEDIA_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    }
    store_files(private_world[1])


def signed_in(world, role):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    if role != "anonymous":
        client.force_login(world.users[role])
    return client


@pytest.mark.parametrize("model", ["contact", "engagement", "organisation"])
def test_the_translation_api_gives_the_crm_only_to_staff(world, model, django_user_model, assert_refused):
    """Refused to focal points, and to any account of the admin without permission on the CRM."""
    listing = reverse("wagtail_localize:snippets_api_listing", args=["contacts", model])
    instance = getattr(world, model)
    with translation.override("en"):  # as the clients read it (an engagement's name holds a date)
        name = str(instance)
    detail = reverse("wagtail_localize:snippets_api_detail", args=["contacts", model, instance.pk])
    editor = django_user_model.objects.create_user(username="plain-editor", password="pw")
    editor.user_permissions.add(Permission.objects.get(codename="access_admin"))
    plain_editor = Client()
    plain_editor.force_login(editor)
    for url in (listing, detail):
        response = signed_in(world, "focal point A").get(url)
        assert_refused(response)
        assert name not in body_of(response)
        response = plain_editor.get(url)
        assert response.status_code == 403
        assert name not in body_of(response)
    staff = signed_in(world, "UIL staff")
    assert name in body_of(staff.get(listing))


@pytest.mark.parametrize("kind", ["images", "documents"])
def test_the_admin_api_lists_only_a_focal_points_own_media(world, kind):
    response = signed_in(world, "focal point A").get(f"/admin/api/main/{kind}/")
    assert response.status_code == 200
    titles = {item["title"] for item in response.json()["items"]}
    assert titles == {getattr(world, kind)["A"].title}

    staff_titles = {
        item["title"]
        for item in signed_in(world, "UIL staff").get(f"/admin/api/main/{kind}/").json()["items"]
    }
    assert {getattr(world, kind)["A"].title, getattr(world, kind)["B"].title} <= staff_titles


def test_an_engagement_file_is_served_only_to_staff(files_on_disk, world):
    url = world.engagement_file.url
    content = CRM_SECRETS["engagement file content"]
    for role in ("anonymous", "focal point A", "focal point B"):
        response = signed_in(world, role).get(url)
        assert response.status_code in (302, 403)
        assert content not in body_of(response)
    for role in ("UIL staff", "administrator"):
        response = signed_in(world, role).get(url)
        assert response.status_code == 200
        assert body_of(response) == content


def test_a_city_document_stays_public(files_on_disk, world):
    response = Client().get(world.documents["A"].url)
    assert response.status_code == 200
    assert body_of(response) == "Informe de Alfa"


def test_engagements_offer_only_private_files(world, staff_client):
    form = staff_client.get(reverse("wagtailsnippets_contacts_engagement:edit", args=[world.engagement.pk]))
    page = body_of(form)
    assert world.engagement_file.title in page
    assert world.documents["A"].title not in page


def test_setup_moves_files_already_attached_to_engagements_into_the_private_collection(world):
    engagement = Engagement.objects.get(pk=world.engagement.pk)
    engagement.documents.add(world.documents["B"])
    engagement.save()
    collection = ensure_engagement_files_collection()
    moved = get_document_model().objects.get(pk=world.documents["B"].pk)
    assert moved.collection == collection
    assert collection.name == ENGAGEMENT_FILES_COLLECTION
    assert Client().get(moved.url).status_code == 302
    assert ensure_engagement_files_collection() == collection


def test_a_bulk_confirmation_names_nothing_the_user_may_not_see(world, assert_refused):
    ids = "&".join(f"id={pk}" for pk in (world.contact.pk, world.contact.pk + 1, world.contact.pk + 2))
    response = signed_in(world, "focal point A").get(f"/admin/bulk/contacts/contact/delete/?{ids}")
    assert_refused(response)
    assert CRM_SECRETS["contact"] not in body_of(response)

    own_and_other = f"id={world.images['A'].pk}&id={world.images['B'].pk}"
    other_image = signed_in(world, "focal point A").get(
        f"/admin/bulk/wagtailimages/image/delete/?{own_and_other}"
    )
    assert_refused(other_image)
    assert world.images["B"].title not in body_of(other_image)


def test_staff_still_use_bulk_actions(world):
    response = signed_in(world, "UIL staff").get(
        f"/admin/bulk/contacts/contact/delete/?id={world.contact.pk}"
    )
    assert response.status_code == 200
    assert CRM_SECRETS["contact"] in body_of(response)


@pytest.mark.parametrize(
    "url",
    [
        "/admin/reports/workflow/",
        "/admin/reports/workflow_tasks/",
        "/admin/reports/aging-pages/",
        "/admin/reports/site-history/",
        "/admin/pages/usage/cities/citypage/",
        "/admin/workflows/task_chooser/",
        "/admin/localize/reports/translations/",
    ],
)
def test_focal_points_are_refused_site_wide_reports_and_choosers(world, url, assert_refused):
    response = signed_in(world, "focal point A").get(url)
    assert_refused(response)
    assert world.users["focal point B"].email not in body_of(response)
    assert signed_in(world, "UIL staff").get(url).status_code == 200


def chooser_search(client, query):
    response = client.get(reverse("wagtailadmin_choose_page_search"), {"q": query})
    assert response.status_code == 200
    return body_of(response)


def test_the_page_chooser_search_names_no_other_citys_draft(world):
    focal_point = signed_in(world, "focal point A")
    assert "Alfaciudad" in chooser_search(focal_point, "Alfaciudad")
    assert "Vexoculta" not in chooser_search(focal_point, "Vexoculta")
    assert "Vexborrador" not in chooser_search(focal_point, "Betaciudad")

    staff = signed_in(world, "UIL staff")
    assert "Ciudad Vexoculta" in chooser_search(staff, "Vexoculta")
    assert "Vexborrador" in chooser_search(staff, "Betaciudad")


def test_a_focal_point_cannot_preview_another_citys_draft_for_review(world):
    url = reverse("wagtailadmin_pages:workflow_preview", args=[world.beta.pk, 1])
    response = signed_in(world, "focal point A").get(url)
    assert "Vexborrador" not in body_of(response)
