"""The CRM's inspect pages read as words: Yes or No, a dash for nothing, times on the admin's clock, and a
label for every field (Wagtail shows "False", "None" and UTC times otherwise)."""

import pytest
from django.urls import reverse

from mailings.models import Segment
from tests import factories

pytestmark = pytest.mark.django_db


def inspect_text(client, soup, url):
    response = client.get(url)
    assert response.status_code == 200
    return " ".join(soup(response).get_text(" ").split())


def test_an_engagement_s_inspect_page_reads_as_words(staff_client, soup, medellin):
    engagement = factories.EngagementFactory(title="Reunión con la alcaldía", cities=[medellin])
    text = inspect_text(
        staff_client, soup, reverse("wagtailsnippets_contacts_engagement:inspect", args=[engagement.pk])
    )
    for raw in (" False", " None", "Created at"):
        assert raw not in text, raw
    assert "Logged on" in text


def test_a_segment_s_inspect_page_reads_as_words(staff_client, soup):
    segment = Segment.objects.create(name="Alcaldes de Colombia", current_roles_only=True)
    text = inspect_text(
        staff_client, soup, reverse("wagtailsnippets_mailings_segment:inspect", args=[segment.pk])
    )
    for raw in (" True", " None", "Created at"):
        assert raw not in text, raw
