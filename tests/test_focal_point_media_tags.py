"""A focal point's image and document listings (and the image chooser) offer as tags only those of the
media they may see: Wagtail's "Tag" filter lists the most used tags of the whole site, which names tags of
other cities' images and documents and of the network's own."""

import pytest
from django.core.files.base import ContentFile
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Collection

pytestmark = pytest.mark.django_db

Image = get_image_model()
Document = get_document_model()

OWN_TAG = "biblioteca-comunitaria"
OTHER_TAGS = ["cerro-secreto", "red-interna"]
TITLES = ["Metrocable", "Monserrate", "Logo de la red"]


def image(title, collection, tag):
    item = Image.objects.create(title=title, file=get_test_image_file(size=(8, 8)), collection=collection)
    item.tags.add(tag)
    return item


def document(title, collection, tag):
    item = Document.objects.create(
        title=title, file=ContentFile(b"Plan", name="plan.txt"), collection=collection
    )
    item.tags.add(tag)
    return item


@pytest.fixture
def tagged_media(medellin, bogota):
    collections = [medellin.access.collection, bogota.access.collection, Collection.get_first_root_node()]
    for make in (image, document):
        for title, collection, tag in zip(TITLES, collections, [OWN_TAG, *OTHER_TAGS], strict=True):
            make(title, collection, tag)


LISTINGS = ["/admin/images/", "/admin/documents/"]
RESULTS = ["/admin/images/results/", "/admin/documents/results/"]


def page_text(response):
    """The page's HTML (the chooser's comes within its JSON answer)."""
    assert response.status_code == 200
    if response["Content-Type"].startswith("application/json"):
        return response.json()["html"]
    return response.content.decode()


def tags_offered(client, url):
    html = page_text(client.get(url))
    # The listings' filter offers checkboxes, the chooser links.
    return {tag for tag in [OWN_TAG, *OTHER_TAGS] if f'value="{tag}"' in html or f">{tag}</a>" in html}


@pytest.mark.parametrize("url", [*LISTINGS, "/admin/images/chooser/"])
def test_a_focal_point_is_offered_only_the_tags_of_their_citys_media(
    client, focal_point_a, tagged_media, url
):
    client.force_login(focal_point_a)
    assert tags_offered(client, url) == {OWN_TAG}


@pytest.mark.parametrize("url", [*LISTINGS, "/admin/images/chooser/"])
def test_staff_are_offered_the_tags_of_every_image_and_document(staff_client, tagged_media, url):
    assert tags_offered(staff_client, url) == {OWN_TAG, *OTHER_TAGS}


@pytest.mark.parametrize("url", LISTINGS + RESULTS)
def test_a_focal_point_filtering_by_another_citys_tag_learns_nothing_of_it(
    client, focal_point_a, tagged_media, url
):
    client.force_login(focal_point_a)
    """The tag is refused as any choice not offered is (the message repeats what they asked)."""
    html = page_text(client.get(url, {"tag": OTHER_TAGS[0]}))
    assert f'value="{OTHER_TAGS[0]}"' not in html
    assert "Monserrate" not in html


def test_a_focal_point_without_tagged_media_is_offered_no_tag_filter(client, focal_point_b, tagged_media):
    Image.objects.filter(title="Monserrate").delete()
    client.force_login(focal_point_b)
    assert 'name="tag"' not in page_text(client.get("/admin/images/"))
