"""Saving a segment under a name another segment has says so in a sentence, not in Django's generic
“Segment with this Name already exists.” (which reads “Ya existe Segmento con este Nombre.” in Spanish)."""

import pytest
from django.urls import reverse

from mailings.models import Segment
from tests.helpers import client_in_language, parse_html

pytestmark = pytest.mark.django_db


def test_a_taken_segment_name_is_refused_with_a_clear_message(superuser):
    Segment.objects.create(name="Alcaldes")
    client = client_in_language(superuser, "en")
    response = client.post(
        reverse("wagtailsnippets_mailings_segment:add"),
        {"name": "Alcaldes", "description": "", "current_roles_only": "on"},
    )
    assert response.status_code == 200
    errors = [" ".join(error.get_text().split()) for error in parse_html(response).select(".error-message")]
    assert "Another segment already has this name: choose another one." in errors
    assert Segment.objects.count() == 1
