"""A focal point may use in their pages only the images and documents of their own collections (or those
the page already has): another collection's item, posted by id, is refused with an error on its field,
and the re-shown form, the preview and the saved page never show it."""

import json

import pytest
from django.core.files.base import ContentFile
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Collection
from wagtail.test.utils.form_data import rich_text, streamfield

from cities.models import CityPage
from network.chosen_media import REFUSED_MEDIA
from practices.models import PracticePage
from tests.form_data import city_edit_data
from tests.practice_data import make_practice, practice_form_data

pytestmark = pytest.mark.django_db

Image = get_image_model()
Document = get_document_model()
PUBLISH = {"action-publish": "action-publish"}
SECRET_TITLE = "Foto privada del registro"
SECRET_FILE = "registro-secreto"


@pytest.fixture
def crm_collection(db):
    """A collection of staff only, like the CRM's files."""
    return Collection.get_first_root_node().add_child(name="Archivos del registro")


@pytest.fixture
def secret_image(crm_collection):
    return Image.objects.create(
        title=SECRET_TITLE, file=get_test_image_file(f"{SECRET_FILE}.png"), collection=crm_collection
    )


@pytest.fixture
def secret_document(crm_collection):
    return Document.objects.create(
        title=SECRET_TITLE,
        file=ContentFile(b"%PDF-1.4", name=f"{SECRET_FILE}.pdf"),
        collection=crm_collection,
    )


@pytest.fixture
def own_image(medellin):
    return Image.objects.create(
        title="Metrocable", file=get_test_image_file("metrocable.png"), collection=medellin.access.collection
    )


def edit_url(page):
    return f"/admin/pages/{page.pk}/edit/"


def assert_refused_and_not_shown(response, field):
    assert response.status_code == 200, "the form was accepted"
    assert str(REFUSED_MEDIA) in response.context["form"].errors[field]
    html = response.content.decode()
    assert SECRET_TITLE not in html
    assert SECRET_FILE not in html


def body_image(image):
    return streamfield([("image", {"image": image.pk, "alt_text": "", "caption": ""})])


def body_document_link(document):
    html = f'<p>Ver <a linktype="document" id="{document.pk}">el plan</a>.</p>'
    return streamfield([("text", rich_text(html))])


def test_an_image_of_another_collection_is_refused_and_not_shown_again(
    client, focal_point_a, medellin, secret_image
):
    """The re-shown form (here also for a bad latitude) shows neither its title nor its thumbnail."""
    client.force_login(focal_point_a)
    response = client.post(
        edit_url(medellin), city_edit_data(medellin, hero_image=secret_image.pk, latitude="x")
    )
    assert_refused_and_not_shown(response, "hero_image")


def test_an_image_of_another_collection_is_not_published(
    client, focal_point_a, medellin, secret_image, direct_mode
):
    client.force_login(focal_point_a)
    data = city_edit_data(medellin, hero_image=secret_image.pk, summary="Nuevo", **PUBLISH)
    response = client.post(edit_url(medellin), data)

    assert_refused_and_not_shown(response, "hero_image")
    page = CityPage.objects.get(pk=medellin.pk)
    assert (page.hero_image, page.summary) == (None, medellin.summary)
    assert page.get_latest_revision_as_object().hero_image is None


def test_an_image_of_another_collection_is_not_previewed(client, focal_point_a, medellin, secret_image):
    client.force_login(focal_point_a)
    response = client.post(
        f"{edit_url(medellin)}preview/", city_edit_data(medellin, hero_image=secret_image.pk)
    )
    assert json.loads(response.content)["is_valid"] is False


@pytest.mark.parametrize(
    ("field", "value"),
    [("image block", body_image), ("document link in text", body_document_link)],
    ids=["image-block", "rich-text-document"],
)
def test_media_of_another_collection_in_the_body_are_refused(
    client, focal_point_a, medellin, secret_image, secret_document, field, value
):
    chosen = secret_image if field == "image block" else secret_document
    client.force_login(focal_point_a)
    response = client.post(edit_url(medellin), city_edit_data(medellin, body=value(chosen)))

    assert_refused_and_not_shown(response, "body")
    assert not CityPage.objects.get(pk=medellin.pk).get_latest_revision_as_object().body


def test_a_photo_of_another_collection_in_a_practice_is_refused(
    client, focal_point_a, medellin, secret_image
):
    practice = make_practice(medellin, "Bibliotecas de noche")
    photos = streamfield(
        [
            (
                "photo",
                {"image": {"image": secret_image.pk, "decorative": False, "alt_text": "x"}, "caption": ""},
            )
        ]
    )
    client.force_login(focal_point_a)
    response = client.post(
        edit_url(practice), practice_form_data(practice.title, practice.slug, photos=photos)
    )

    assert_refused_and_not_shown(response, "photos")
    assert not PracticePage.objects.get(pk=practice.pk).get_latest_revision_as_object().photos


def test_images_of_the_own_collection_are_accepted(client, focal_point_a, medellin, own_image, direct_mode):
    client.force_login(focal_point_a)
    data = city_edit_data(medellin, hero_image=own_image.pk, body=body_image(own_image), **PUBLISH)
    response = client.post(edit_url(medellin), data)

    assert response.status_code == 302
    page = CityPage.objects.get(pk=medellin.pk)
    assert page.hero_image == own_image
    assert page.body[0].value["image"] == own_image


def test_an_image_staff_chose_stays_when_the_focal_point_edits(
    staff_client, client, focal_point_a, medellin, secret_image, direct_mode
):
    """(staff_client is the `client`, signed in as staff until the focal point signs in.)"""
    staff_client.post(edit_url(medellin), city_edit_data(medellin, hero_image=secret_image.pk, **PUBLISH))
    assert CityPage.objects.get(pk=medellin.pk).hero_image == secret_image
    client.force_login(focal_point_a)
    response = client.post(edit_url(medellin), city_edit_data(medellin, summary="Nuevo resumen", **PUBLISH))

    assert response.status_code == 302
    page = CityPage.objects.get(pk=medellin.pk)
    assert (page.hero_image, page.summary) == (secret_image, "Nuevo resumen")


def test_staff_may_choose_from_any_collection(staff_client, medellin, secret_image, secret_document):
    data = city_edit_data(medellin, hero_image=secret_image.pk, body=body_document_link(secret_document))
    response = staff_client.post(edit_url(medellin), data)

    assert response.status_code == 302
    draft = CityPage.objects.get(pk=medellin.pk).get_latest_revision_as_object()
    assert draft.hero_image == secret_image
    assert f'id="{secret_document.pk}"' in draft.body[0].value.source
