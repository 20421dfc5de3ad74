"""A good practice in a city page's body names its theme in the reader's language, whichever translation of
the theme its editor chose: Wagtail's chooser offers every language's themes, and a page's aliases in the
other languages show the same choice."""

import pytest
from bs4 import BeautifulSoup
from django.test import Client
from wagtail.models import Locale

from cities.models import Theme
from tests.factories import CityFactory

pytestmark = pytest.mark.django_db


def label(city, language):
    page = city.get_translation(Locale.objects.get(language_code=language))
    response = Client(HTTP_ACCEPT_LANGUAGE=language).get(page.url)
    assert response.status_code == 200
    html = BeautifulSoup(response.content, "html.parser")
    return " ".join(html.select_one(".block-practice__label").get_text().split())


def test_a_good_practice_on_the_english_translation_of_a_theme_names_it_in_each_language():
    english = Theme.objects.get(slug="salud-y-bienestar", locale__language_code="en")
    practice = {"title": "Huertas escolares", "theme": english.pk, "description": "<p>Salud.</p>", "link": ""}
    city = CityFactory(title="Ciudad Saludable", body=[{"type": "good_practice", "value": practice}])

    assert label(city, "es") == "Buena práctica · Salud y bienestar"
    assert label(city, "pt-br") == "Boa prática · Saúde e bem-estar"
    assert label(city, "en") == "Good practice · Health and well-being"
