"""A segment's name differs from the others' by more than case, accents or spacing: "ciudades andinas" or
"Cíudades  Andinas" next to "Ciudades andinas" would be two entries in the segment chooser that read as
one. The form refuses it with the message it gives for the very same name (mailings/forms.py)."""

import pytest
from django.urls import reverse

from mailings.models import Segment
from tests.helpers import client_in_language, parse_html

pytestmark = pytest.mark.django_db

TAKEN = "Another segment already has this name: choose another one."


def errors_of(response):
    assert response.status_code == 200, "the form was accepted"
    return [" ".join(error.get_text().split()) for error in parse_html(response).select(".error-message")]


def form_data(name):
    return {"name": name, "description": "", "current_roles_only": "on"}


@pytest.mark.parametrize("name", ["ciudades andinas", "Cíudades Andinas", "CIUDADES  ANDINAS "])
def test_a_name_that_differs_only_by_case_accents_or_spaces_is_taken(superuser, name):
    Segment.objects.create(name="Ciudades andinas")
    client = client_in_language(superuser, "en")
    response = client.post(reverse("wagtailsnippets_mailings_segment:add"), form_data(name))
    assert TAKEN in errors_of(response)
    assert list(Segment.objects.values_list("name", flat=True)) == ["Ciudades andinas"]


def test_renaming_to_another_segment_s_name_in_capitals_is_refused(superuser):
    Segment.objects.create(name="Ciudades andinas")
    other = Segment.objects.create(name="Alcaldes")
    client = client_in_language(superuser, "en")
    response = client.post(
        reverse("wagtailsnippets_mailings_segment:edit", args=[other.pk]), form_data("CIUDADES ANDINAS")
    )
    assert TAKEN in errors_of(response)
    other.refresh_from_db()
    assert other.name == "Alcaldes"


def test_a_segment_may_change_the_case_and_accents_of_its_own_name(superuser):
    segment = Segment.objects.create(name="Ciudades andinas")
    Segment.objects.create(name="Alcaldes")
    client = client_in_language(superuser, "en")
    response = client.post(
        reverse("wagtailsnippets_mailings_segment:edit", args=[segment.pk]), form_data("Ciudades Andinas")
    )
    assert response.status_code == 302
    segment.refresh_from_db()
    assert segment.name == "Ciudades Andinas"


def test_a_segment_saved_before_the_rule_keeps_its_name_when_its_other_fields_are_edited(superuser):
    """Two segments saved before names were compared folded: editing the second's description, its name as
    it was, is no reason to ask for a new name."""
    Segment.objects.create(name="Ciudades andinas")
    older = Segment.objects.create(name="ciudades andinas")
    client = client_in_language(superuser, "en")
    data = {**form_data("ciudades andinas"), "description": "Alcaldes y puntos focales"}
    response = client.post(reverse("wagtailsnippets_mailings_segment:edit", args=[older.pk]), data)
    assert response.status_code == 302, errors_of(response)
    older.refresh_from_db()
    assert older.description == "Alcaldes y puntos focales"
