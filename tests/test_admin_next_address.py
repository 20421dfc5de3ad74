"""Where the admin goes after a form (`next`) must be an address: a bare word ("abc", which Django's
`redirect` takes for a URL name) is refused with a reason before anything is saved, not a server error
after the save."""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file

from tests.factories import ContactFactory
from tests.helpers import client_in_language

Image = get_image_model()
Document = get_document_model()


@pytest.fixture
def image(db):
    return Image.objects.create(title="Biblioteca", file=get_test_image_file(size=(8, 8)))


@pytest.fixture
def document(db):
    return Document.objects.create(title="Informe", file=ContentFile(b"%PDF-1.4", name="informe.pdf"))


def edit_data(kind, record):
    if kind == "image":
        return reverse("wagtailimages:edit", args=[record.pk]), {"title": "Renamed", "collection": 1}
    return reverse("wagtaildocs:edit", args=[record.pk]), {"title": "Renamed", "collection": 1}


@pytest.mark.parametrize("kind", ["image", "document"])
def test_a_bare_word_as_next_is_refused_and_nothing_is_saved(kind, superuser, client, image, document):
    client.force_login(superuser)
    record = {"image": image, "document": document}[kind]
    address, data = edit_data(kind, record)
    response = client.post(f"{address}?next=abc", {**data, "next": "abc"})
    assert response.status_code == 400
    assert "next" in response.content.decode()
    record.refresh_from_db()
    assert record.title != "Renamed"


@pytest.mark.parametrize("kind", ["image", "document"])
def test_a_path_as_next_is_followed(kind, superuser, client, image, document):
    client.force_login(superuser)
    record = {"image": image, "document": document}[kind]
    address, data = edit_data(kind, record)
    response = client.post(address, {**data, "next": "/admin/reports/"})
    assert response.status_code == 302
    assert response["Location"] == "/admin/reports/"
    record.refresh_from_db()
    assert record.title == "Renamed"


def test_another_sites_address_as_next_is_left_to_wagtail(superuser, client, medellin):
    """Wagtail ignores an address of another site (it goes back to the listing): not refused here."""
    client.force_login(superuser)
    contact = ContactFactory(city=medellin)
    response = client.get(
        reverse("wagtailsnippets_contacts_contact:edit", args=[contact.pk]), {"next": "https://example.org/"}
    )
    assert response.status_code == 200


def test_the_refusal_speaks_the_accounts_language(superuser, image):
    client = client_in_language(superuser, "es")
    response = client.post(reverse("wagtailimages:edit", args=[image.pk]), {"title": "X", "next": "abc"})
    assert response.status_code == 400
    assert "dirección" in response.content.decode()


@pytest.mark.parametrize("given", ["wagtailadmin_reports:aging_pages", "wagtailadmin_home"])
def test_a_url_patterns_name_as_next_is_followed_as_django_does(superuser, client, image, given):
    client.force_login(superuser)
    response = client.post(
        reverse("wagtailimages:edit", args=[image.pk]), {"title": "Renamed", "collection": 1, "next": given}
    )
    assert response.status_code == 302
    image.refresh_from_db()
    assert image.title == "Renamed"


def test_outside_the_admin_next_is_left_to_the_views_that_read_it(client, home):
    """Public pages do not read it, and Django's sign-in checks it itself."""
    assert client.get("/?next=abc").status_code == 200
    assert client.get("/admin/login/?next=abc").status_code == 200
