"""The benchmark's generated practices and library items (bench/knowledge_pages.py) are pages as Wagtail
makes them: a sound tree, served at their URLs, listed, and found by the site search. The module writes
the page tree with treebeard's private helpers (docs/upgrading.md): this fails when those change."""

import random

import pytest
from django.conf import settings
from wagtail.models import Page

from bench.city_pages import add_city_pages
from bench.knowledge_pages import add_practice_pages, add_resource_pages, index_pages
from cities.models import CityIndexPage, CityPage
from knowledge.models import ResourceIndexPage, ResourcePage
from practices.models import PracticePage
from tests.factories import ResourceFactory

pytestmark = pytest.mark.django_db


def test_generated_practices_and_library_items_are_sound_pages(client):
    rng = random.Random(7)
    directory = CityIndexPage.objects.get(locale__language_code=settings.LANGUAGE_CODE)
    library = ResourceIndexPage.objects.get(locale__language_code=settings.LANGUAGE_CODE)
    ResourceFactory(title="Guía hecha a mano")
    cities = add_city_pages(directory, 3, rng)
    practices = add_practice_pages(cities, 7, rng)
    resources = add_resource_pages(library, 4, rng)
    index_pages(CityPage, [city.pk for city in cities])
    index_pages(PracticePage, [page.pk for page in practices])
    index_pages(ResourcePage, [page.pk for page in resources])

    assert Page.find_problems() == ([], [], [], [], [])
    assert sorted(Page.objects.get(pk=city.pk).numchild for city in cities) == [2, 2, 3]
    assert Page.objects.get(pk=library.pk).numchild == 5
    practice = PracticePage.objects.get(pk=practices[-1].pk)
    assert practice.city_id == practice.get_parent().pk
    assert client.get(practice.url).status_code == 200
    assert client.get(ResourcePage.objects.get(pk=resources[0].pk).url).status_code == 200
    assert "7 prácticas" in client.get("/practices/").content.decode()

    found = client.get("/search/", {"query": practice.title.split()[-1], "type": "practice"}).content.decode()
    assert practice.title in found
    # A page added the normal way after them still gets a free place in the tree.
    library.add_child(instance=ResourcePage(title="Posterior", abstract="a", publisher="p", year=2020))
    assert Page.find_problems() == ([], [], [], [], [])
