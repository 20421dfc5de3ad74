"""The buttons of the CRM's and the mailings' choosers are in each staff member's language, whoever's
request built the form first (network/choosers.py TolerantSnippetChooser, mailings/wagtail_hooks.py).

Wagtail words a snippet chooser's buttons when the widget is made, and the admin's form classes are built
once per process: after a Spanish first request an English or Portuguese editor read "Seleccionar
segmento" and "Seleccionar otro organización"."""

import pytest
from django.urls import reverse
from wagtail.users.models import UserProfile

pytestmark = pytest.mark.django_db

FORMS = {
    "mailing": ("wagtailsnippets_mailings_mailing:add", "Choose a segment", "Elegir un segmento"),
    "contact": ("wagtailsnippets_contacts_contact:add", "Choose an organisation", "Escolher uma organização"),
}


def buttons(client, user, language, url_name):
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = language
    profile.save()
    response = client.get(reverse(url_name))
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize("form", FORMS)
def test_chooser_buttons_follow_each_staff_member_s_language(staff_client, staff_user, form):
    url_name, english, other = FORMS[form]
    buttons(staff_client, staff_user, "es", url_name)  # the form class is built in Spanish first
    assert english in buttons(staff_client, staff_user, "en", url_name)
    language = "es" if form == "mailing" else "pt-br"
    assert other in buttons(staff_client, staff_user, language, url_name)
