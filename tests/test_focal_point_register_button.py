"""The button of a focal point's form registering someone of their city says that it registers that
person: not the public form's "Register" in the sense of registering oneself ("Inscribirse",
"Inscrever-se"), which reads as if the focal point were signing themselves up."""

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from tests.factories import CityFactory, EventFactory, FocalPointFactory
from tests.helpers import client_in_language

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("language", ["es", "pt-br"])
def test_the_focal_points_register_button_does_not_read_as_registering_oneself(soup, language):
    EventFactory()
    user = FocalPointFactory(city=CityFactory(title="Medellín", country="CO"))
    client = client_in_language(user, language)

    page = soup(client.get(reverse("events_city:registrations")))
    button = page.select_one("main form button[type=submit]").get_text(strip=True)

    with translation.override(language):
        oneself = gettext("Register")  # the public registration page's button
    assert button != oneself
