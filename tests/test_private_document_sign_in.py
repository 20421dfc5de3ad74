"""A private document (a CRM file, a city's evidence) asks a visitor to sign in on a page of the site: its
layout, readable on a phone, with the way to a forgotten password, and nothing of the document but its
address. An account that may not open it is told so there, and signing in with one that may leads to it."""

import pytest
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.urls import reverse
from wagtail.documents import get_document_model
from wagtail.models import Collection, CollectionViewRestriction

from cities.permissions import STAFF_GROUP_NAME

pytestmark = pytest.mark.django_db

TITLE = "Acta confidencial de la reunión"


@pytest.fixture
def private_document(db):
    collection = Collection.get_first_root_node().add_child(name="Archivos del personal")
    restriction = CollectionViewRestriction.objects.create(
        collection=collection, restriction_type=CollectionViewRestriction.GROUPS
    )
    restriction.groups.add(Group.objects.get(name=STAFF_GROUP_NAME))
    return get_document_model().objects.create(
        title=TITLE, file=ContentFile(b"privado", name="acta.pdf"), collection=collection
    )


def sign_in_page(client, soup, document):
    response = client.get(document.url, follow=True)
    assert response.status_code == 200
    assert response.redirect_chain, "the document was served"
    return response, soup(response)


def test_an_anonymous_visitor_signs_in_on_a_page_of_the_site(client, soup, private_document):
    response, page = sign_in_page(client, soup, private_document)
    assert page.select_one("meta[name=viewport]") is not None
    assert page.select_one("header.site-header") is not None
    assert page.select_one(f'a[href="{reverse("wagtailadmin_password_reset")}"]') is not None
    form = page.select_one("form[method=post]")
    assert form.select_one("input[name=password]") is not None
    assert form.select_one("input[name=next]")["value"] == private_document.url
    assert TITLE not in response.content.decode()


def test_an_account_without_access_is_told_so_without_a_loop(client, soup, private_document, focal_point_a):
    client.force_login(focal_point_a)
    response, page = sign_in_page(client, soup, private_document)
    assert page.select_one("main [role=alert]") is not None
    assert TITLE not in response.content.decode()


def test_signing_in_there_leads_to_the_document(client, soup, private_document, staff_user):
    response, page = sign_in_page(client, soup, private_document)
    form = page.select_one("form[method=post]")
    answer = client.post(
        form["action"],
        {"username": staff_user.username, "password": "pw", "next": private_document.url},
    )
    assert answer.status_code == 302
    assert answer["Location"] == private_document.url
