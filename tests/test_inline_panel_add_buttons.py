"""The buttons that add one more item to a form's list ("Add e-mail address") name the item as a sentence
does, in lower case: Wagtail writes "Add {label}" (Spanish "Añadir {label}"), so a label written as a
heading read "Añadir Correo electrónico"."""

import pytest
from django.urls import reverse

from tests.factories import ContactFactory, ResourceFactory
from tests.helpers import client_in_language, parse_html

ADD = {"es": "Añadir", "pt-br": "Adicionar", "en": "Add"}


def add_buttons(response, language):
    """The texts of the form's "Add …" buttons of inline lists."""
    assert response.status_code == 200
    buttons = parse_html(response).select("button[id$='-ADD']")
    assert buttons, "the form has no inline list"
    return [" ".join(button.get_text().split()) for button in buttons]


def edit_addresses(medellin, home):
    contact = ContactFactory(city=medellin)
    resource = ResourceFactory()
    return {
        "contact": reverse("wagtailsnippets_contacts_contact:edit", args=[contact.pk]),
        "city page": reverse("wagtailadmin_pages:edit", args=[medellin.pk]),
        "library item": reverse("wagtailadmin_pages:edit", args=[resource.pk]),
        "home page": reverse("wagtailadmin_pages:edit", args=[home.pk]),
    }


@pytest.mark.parametrize("language", ["es", "pt-br", "en"])
def test_add_buttons_name_the_item_in_lower_case(language, superuser, medellin, home):
    client = client_in_language(superuser, language)
    for form, address in edit_addresses(medellin, home).items():
        for text in add_buttons(client.get(address), language):
            verb, _space, item = text.partition(" ")
            assert verb == ADD[language], (form, text)
            assert item and item[0].islower(), (form, text)
