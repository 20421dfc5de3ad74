"""A focal point's page chooser never names another city's draft title: not as a result's parent, not for
a page chosen by id, not for a pasted URL of the site."""

import json

import pytest
from django.test import Client
from django.urls import reverse

from cities.models import CityPage
from tests.factories import CityFactory, PracticeFactory

pytestmark = pytest.mark.django_db

DRAFT_TITLE = "Bogota SECRETDRAFTTITLE"


@pytest.fixture
def bogota_renamed_in_a_draft(bogota):
    """Bogotá, live, with a published good practice, and a new title saved as a draft only."""
    PracticeFactory(title="Practica publicada Bogota", city=bogota)
    draft = CityPage.objects.get(pk=bogota.pk)
    draft.title = DRAFT_TITLE
    draft.save_revision()
    return CityPage.objects.get(pk=bogota.pk)


@pytest.fixture
def focal_point_client(focal_point_a):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(focal_point_a)
    return client


def chooser_search(client, query):
    response = client.get(reverse("wagtailadmin_choose_page_search"), {"q": query})
    assert response.status_code == 200
    return response.content.decode()


def test_a_result_under_a_renamed_city_names_it_by_its_published_title(
    bogota_renamed_in_a_draft, focal_point_client, staff_client
):
    found = chooser_search(focal_point_client, "Bogota")
    assert "Practica publicada Bogota" in found
    assert "SECRETDRAFTTITLE" not in found
    assert "Bogotá" in found

    assert DRAFT_TITLE in chooser_search(staff_client, "Bogota")


def test_a_result_under_a_never_published_city_does_not_name_it(focal_point_client):
    hidden = CityFactory(title="Ciudad SECRETDRAFTTITLE", country="EC", publish=False)
    PracticeFactory(title="Practica visible de la ciudad oculta", city=hidden)
    found = chooser_search(focal_point_client, "visible")
    assert "Practica visible de la ciudad oculta" in found
    assert "SECRETDRAFTTITLE" not in found


def test_their_own_citys_draft_title_still_shows(medellin, focal_point_client):
    PracticeFactory(title="Practica de Medellin", city=medellin)
    draft = CityPage.objects.get(pk=medellin.pk)
    draft.title = "Medellin Borrador Propio"
    draft.save_revision()
    assert "Medellin Borrador Propio" in chooser_search(focal_point_client, "Practica")


def test_a_page_chosen_by_id_must_be_one_they_may_see(
    bogota_renamed_in_a_draft, medellin, focal_point_client, assert_refused
):
    url = reverse("wagtailadmin_choose_page_chosen_multiple")
    response = focal_point_client.get(url, {"id": [medellin.pk, bogota_renamed_in_a_draft.pk]})
    assert_refused(response)
    assert "SECRETDRAFTTITLE" not in response.content.decode()
    assert_refused(focal_point_client.get(url, {"id": "not-a-page"}))

    chosen = json.loads(focal_point_client.get(url, {"id": medellin.pk}).content)
    assert [page["adminTitle"] for page in chosen["result"]] == ["Medellín"]


def paste_link(client, url):
    response = client.post(
        reverse("wagtailadmin_choose_page_external_link"),
        {"external-link-chooser-url": url, "external-link-chooser-link_text": ""},
    )
    assert response.status_code == 200
    return response.content.decode(), json.loads(response.content)


@pytest.mark.parametrize("suffix", ["", "?tab=1"], ids=["exact URL", "URL with a query"])
def test_a_pasted_url_of_a_renamed_city_stays_an_external_link(
    bogota_renamed_in_a_draft, focal_point_client, suffix
):
    url = bogota_renamed_in_a_draft.full_url + suffix
    body, chosen = paste_link(focal_point_client, url)
    assert "SECRETDRAFTTITLE" not in body
    assert chosen["step"] == "external_link_chosen"
    assert chosen["result"]["url"] == url


def test_a_pasted_url_of_a_page_they_may_see_still_becomes_a_page_link(medellin, focal_point_client):
    _body, chosen = paste_link(focal_point_client, medellin.full_url)
    assert chosen["result"]["id"] == medellin.pk
