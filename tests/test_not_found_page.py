"""The page-not-found page in each language: it leads to the directory in its own language and, being no
page, names no versions of itself in other languages."""

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

PREFIXES = {"es": "", "pt-br": "/pt-br", "en": "/en"}


@pytest.mark.parametrize("language", PREFIXES)
def test_a_missing_page_leads_to_the_directory_in_its_language(soup, language):
    prefix = PREFIXES[language]
    response = Client(HTTP_ACCEPT_LANGUAGE="en").get(f"{prefix}/cities/no-such-city/")
    assert response.status_code == 404
    page = soup(response)
    assert page.html["lang"] == language
    assert page.select_one("main .prose a")["href"] == f"{prefix}/cities/"
    assert not page.select('link[rel="alternate"]')
    assert not page.select('link[rel="canonical"]')
