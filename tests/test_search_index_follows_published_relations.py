"""A page published with other cities or themes is found by the new names, and no longer by the old ones,
in its own language and in its copies in the others (search/signal_handlers.py).

Wagtail saves a page, and the search backend indexes it, before the page's many-to-many fields are saved.
"""

import pytest
from django.urls import reverse
from wagtail.models import Locale
from wagtail.search.backends import get_search_backend

from events.models import EventPage
from knowledge.models import ResourcePage
from tests.factories import ResourceFactory, ThemeFactory
from tests.test_event_editor import add_url, event_form, events_index  # noqa: F401

pytestmark = pytest.mark.django_db


def found(words, model=EventPage, language="es"):
    """The titles of the pages of `model` in `language` that the search finds by `words`."""
    pages = model.objects.filter(locale=Locale.objects.get(language_code=language))
    return [page.title for page in get_search_backend().search(words, pages)]


def test_an_event_edited_in_the_admin_is_found_by_its_new_city_only(
    staff_client,
    events_index,  # noqa: F811
    medellin,
    bogota,
):
    response = staff_client.post(add_url(events_index), dict(event_form(), cities=[medellin.pk]))
    assert response.status_code == 302
    event = EventPage.objects.get(slug="taller-futuras-competencias", locale__language_code="es")
    assert found("Medellín") == [event.title]

    edit = reverse("wagtailadmin_pages:edit", args=[event.pk])
    response = staff_client.post(edit, dict(event_form(), cities=[bogota.pk]))
    assert response.status_code == 302

    assert found("Bogotá") == [event.title]
    assert found("Medellín") == []
    # Its copies in the other languages follow it.
    assert found("Bogotá", language="en") == [event.title]
    assert found("Medellín", language="pt-br") == []


def test_a_library_item_published_with_another_theme_is_found_by_it(medellin):
    gardens = ThemeFactory(name="Huertas urbanas", slug="huertas-urbanas")
    reading = ThemeFactory(name="Lectura en voz alta", slug="lectura-en-voz-alta")
    item = ResourceFactory(title="Guía del barrio", themes=[gardens])
    assert found("huertas", ResourcePage) == ["Guía del barrio"]

    item.themes = [reading]
    item.save_revision().publish()

    assert found("lectura", ResourcePage) == ["Guía del barrio"]
    assert found("huertas", ResourcePage) == []
