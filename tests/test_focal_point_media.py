"""Focal points upload and choose images and documents in their own city's collection only."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Collection

pytestmark = pytest.mark.django_db

Image = get_image_model()
Document = get_document_model()


def png_upload(name="biblioteca.png"):
    return SimpleUploadedFile(name, get_test_image_file(size=(8, 8)).file.getvalue(), "image/png")


def upload_image(client, collection, title):
    return client.post(
        "/admin/images/multiple/add/",
        {"collection": collection.pk, "title": title, "files[]": png_upload()},
    )


def upload_document(client, collection, title):
    document = io.BytesIO(b"Plan municipal de aprendizaje")
    document.name = "plan.txt"
    return client.post(
        "/admin/documents/multiple/add/",
        {"collection": collection.pk, "title": title, "files[]": document},
    )


@pytest.mark.parametrize(
    ("role", "target", "expected"),
    [
        ("focal point A", "A", "allowed"),
        ("focal point A", "B", "denied"),
        ("focal point B", "A", "denied"),
        ("UIL staff", "A", "allowed"),
        ("administrator", "A", "allowed"),
        ("anonymous", "A", "denied"),
    ],
)
@pytest.mark.parametrize(
    ("upload", "model"), [(upload_image, Image), (upload_document, Document)], ids=["image", "document"]
)
def test_uploads_go_only_into_the_own_city_collection(
    role, target, expected, upload, model, as_role, client, medellin, bogota
):
    collection = (medellin if target == "A" else bogota).access.collection
    as_role(role)
    response = upload(client, collection, "Biblioteca España")
    assert response.status_code != 500
    uploaded = model.objects.filter(collection=collection, title__in=["Biblioteca España", "plan.txt"])
    if expected == "allowed":
        assert response.status_code == 200
        assert uploaded.count() == 1
    else:
        assert not uploaded.exists()


@pytest.fixture
def images(medellin, bogota):
    return {
        name: Image.objects.create(title=name, file=get_test_image_file(size=(8, 8)), collection=collection)
        for name, collection in [
            ("Metrocable", medellin.access.collection),
            ("Monserrate", bogota.access.collection),
            ("Logo de la red", Collection.get_first_root_node()),
        ]
    }


def test_focal_point_chooses_only_images_of_their_city(client, focal_point_a, images):
    client.force_login(focal_point_a)
    response = client.get("/admin/images/chooser/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Metrocable" in html
    assert "Monserrate" not in html
    assert "Logo de la red" not in html
    listing = client.get("/admin/images/")
    assert "Metrocable" in listing.content.decode() and "Monserrate" not in listing.content.decode()


def test_staff_choose_images_of_every_city(staff_client, images):
    html = staff_client.get("/admin/images/chooser/").content.decode()
    assert all(name in html for name in images)


def test_focal_point_cannot_edit_an_image_of_another_city(client, focal_point_a, images, assert_refused):
    client.force_login(focal_point_a)
    monserrate = images["Monserrate"]
    response = client.post(
        reverse("wagtailimages:edit", args=[monserrate.pk]),
        {"title": "Renamed", "collection": monserrate.collection_id},
    )
    assert_refused(response)
    monserrate.refresh_from_db()
    assert monserrate.title == "Monserrate"
