"""Pages are tagged with the original (Spanish) theme; the site search finds each language's page by the
theme's name in that language, whether the page was added in the admin, by a seed or by an import (their
copies in the other languages are indexed once their themes are saved: network/search_indexing.py)."""

import pytest
from wagtail.models import Locale

from events.models import EventIndexPage
from tests.factories import EventFactory, ResourceFactory, ThemeFactory
from tests.test_event_editor import add_url, event_form
from tests.test_site_search import get, titles  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture
def gardens(db):
    """A theme translated into English and Portuguese."""
    theme = ThemeFactory(name="Huertas urbanas", slug="huertas-urbanas")
    for language, name in (("en", "Urban gardens"), ("pt-br", "Hortas urbanas")):
        translation = theme.copy_for_translation(Locale.objects.get(language_code=language))
        translation.name = name
        translation.save()
    return theme


def test_pages_are_found_by_their_themes_in_the_language_of_the_page(titles, gardens):  # noqa: F811
    """Pages are tagged with the original theme; each language's page is found by the theme's name in it."""
    EventFactory(title="Encuentro anual", themes=[gardens])
    ResourceFactory(title="Guía de lectura", themes=[gardens])

    expected = ["Encuentro anual", "Guía de lectura"]
    assert sorted(titles("huertas")) == expected
    assert sorted(titles("gardens", prefix="/en")) == expected
    assert sorted(titles("hortas", prefix="/pt-br")) == expected
    assert titles("gardens") == []


def test_an_admin_added_event_is_found_by_its_theme_in_each_language(staff_client, titles, gardens):  # noqa: F811
    """The admin makes the event's copies in English and Portuguese as it saves it; they are found too."""
    data = event_form()
    data["themes"] = [str(gardens.pk)]
    response = staff_client.post(add_url(EventIndexPage.objects.get(locale__language_code="es")), data)
    assert response.status_code == 302, response.context["form"].errors if response.context else response

    title = "Taller de futuras competencias"
    assert titles("huertas") == [title]
    assert titles("gardens", prefix="/en") == [title]
    assert titles("hortas", prefix="/pt-br") == [title]
