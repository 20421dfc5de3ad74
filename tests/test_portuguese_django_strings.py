"""Django's own texts read right in Portuguese: a shortened text starts with its first word (Django's pt_BR
catalogue put a space before it, so meta descriptions and the library's abstracts began with one), and an
invalid address is an "e-mail", as the forms' labels call it."""

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.text import Truncator

from tests.factories import ResourceFactory

pytestmark = pytest.mark.django_db

LONG = " ".join(["Doce ciudades comparten lo que aprendieron en sus barrios."] * 10)


@pytest.mark.parametrize("language", ["pt-br", "es", "en"])
def test_a_shortened_text_starts_with_its_first_word(language):
    with translation.override(language):
        assert Truncator(LONG).words(3) == "Doce ciudades comparten…"
        assert Truncator(LONG).chars(14) == "Doce ciudades…"


def test_a_portuguese_page_s_shortened_description_starts_with_its_first_word(client, soup):
    resource = ResourceFactory(title="Ciudades que aprenden", abstract=LONG)
    page = soup(
        client.get(f"/pt-br{resource.url}" if not resource.url.startswith("/pt-br") else resource.url)
    )
    description = page.find("meta", attrs={"name": "description"})["content"]
    assert description.startswith("Doce ciudades") and description.endswith("…")


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("pt-br", "Informe um endereço de e-mail válido."),
        ("es", "Escriba una dirección de correo electrónico válida."),
    ],
)
def test_an_invalid_address_is_called_as_the_forms_label_calls_it(language, message):
    with translation.override(language):
        with pytest.raises(ValidationError) as refused:
            forms.EmailField().clean("ana-en-ejemplo")
        assert refused.value.messages == [message]
