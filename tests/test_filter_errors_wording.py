"""A bad filter value in a shared or hand-edited link is reported next to its filter in the site's wording:
Spanish asks with "Escriba" and "Elija" (never Django's "Introduzca" and "Escoja"), and a limit of
characters reads as a maximum, in Spanish and in Portuguese (network/django_strings.py)."""

import pytest
from bs4 import BeautifulSoup
from django.test import Client
from django.urls import reverse

from cities.models import CityIndexPage
from events.models import EventIndexPage
from knowledge.models import ResourceIndexPage
from practices.models import PracticeIndexPage
from tests import factories
from tests.helpers import client_in_language

pytestmark = pytest.mark.django_db

INDEXES = {"directory": CityIndexPage, "events": EventIndexPage, "library": ResourceIndexPage}
INDEXES["practices"] = PracticeIndexPage


def page_text(response):
    assert response.status_code == 200
    return " ".join(BeautifulSoup(response.content, "html.parser").get_text(" ").split())


def public_list(name, language, query):
    """A visitor's view of one of the public lists in `language` with this query string."""
    index = INDEXES[name].objects.get(locale__language_code=language)
    return page_text(Client().get(f"{index.url}?{query}"))


@pytest.mark.parametrize(
    ("name", "query", "error"),
    [
        ("directory", "year=abc", "Escriba un número entero."),
        (
            "directory",
            "theme=a+b",
            "Escriba un “slug” válido, que solo tenga letras, números, guiones bajos o",
        ),
        ("directory", "country=mex", "Asegúrese de que este valor tenga como máximo 2 caracteres (tiene 3)."),
        ("events", "kind=zz", "Elija una opción válida. zz no es una de las opciones disponibles."),
        ("library", "year=abc", "Elija una opción válida. abc no es una de las opciones disponibles."),
        ("practices", "population=zz", "Elija una opción válida. zz no es una de las opciones disponibles."),
    ],
)
def test_a_visitor_s_bad_filter_is_reported_in_the_site_s_spanish(name, query, error):
    text = public_list(name, "es", query)

    assert error in text
    assert "Introduzca" not in text and "Escoja" not in text


@pytest.mark.parametrize(
    ("name", "query", "error"),
    [
        ("directory", "theme=a+b", "Informe um “slug” válido, que tenha apenas letras, números, sublinhados"),
        (
            "directory",
            "country=mex",
            "Certifique-se de que o valor tenha no máximo 2 caracteres (ele possui 3).",
        ),
        ("events", "kind=zz", "Faça uma escolha válida. zz não é uma das escolhas disponíveis."),
    ],
)
def test_a_visitor_s_bad_filter_is_reported_in_portuguese(name, query, error):
    assert error in public_list(name, "pt-br", query)


def test_the_search_s_bad_filter_is_reported_in_the_site_s_spanish():
    text = page_text(Client().get("/search/?q=taller&type=zz&country=mex"))

    assert "Elija una opción válida. zz no es una de las opciones disponibles." in text
    assert "Asegúrese de que este valor tenga como máximo 2 caracteres (tiene 3)." in text
    assert "Escoja" not in text


@pytest.mark.parametrize(
    ("query", "error"),
    [
        ("date_from=abc", "Escriba una fecha válida."),
        ("theme=abc", "Elija una opción válida. Esa opción no está entre las disponibles."),
        ("country=zz", "Elija una opción válida. zz no es una de las opciones disponibles."),
    ],
)
def test_a_staff_report_s_bad_filter_is_reported_in_the_site_s_spanish(query, error):
    staff = client_in_language(factories.StaffFactory(), "es")

    text = page_text(staff.get(f"{reverse('contacts_engagements_by_country:index')}?{query}"))

    assert error in text
    assert "Introduzca" not in text and "Escoja" not in text
