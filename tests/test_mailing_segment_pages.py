"""The segment's pages in the admin (mailings/forms.py, mailings/views.py): its form and its page read as
the rest of the admin does, in each of the admin's languages."""

import pytest
from django.urls import reverse
from wagtail.users.models import UserProfile

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("language", "roles", "kinds"),
    [
        ("es", "Funciones en una ciudad", "Tipos de organización"),
        ("pt-br", "Funções em uma cidade", "Tipos de organização"),
        ("en", "Roles in a city", "Kinds of organisation"),
    ],
)
def test_every_label_of_the_segment_form_starts_with_a_capital(
    staff_client, staff_user, soup, language, roles, kinds
):
    profile = UserProfile.get_for_user(staff_user)
    profile.preferred_language = language
    profile.save()

    form = soup(staff_client.get(reverse("wagtailsnippets_mailings_segment:add")))

    labels = [" ".join(label.get_text().split()) for label in form.select("[data-panel-heading-text]")]
    assert roles in labels and kinds in labels
    assert [label for label in labels if not label[0].isupper()] == []
