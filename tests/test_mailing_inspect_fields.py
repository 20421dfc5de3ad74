"""A mailing's page lists what a reader needs once: no database ID, the state only in its heading above the
fields, and the people who wrote and sent it by name with their username, as the engagement log names
colleagues ("Carla Gómez (cgomez)")."""

import pytest
from django.urls import reverse

from mailings.models import Mailing, Segment
from tests.factories import UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_admin")]


def fields_of(page):
    return {
        dt.get_text(strip=True): dt.find_next_sibling("dd").get_text(" ", strip=True)
        for dt in page.select("main dl dt")
        if dt.find_next_sibling("dd")
    }


@pytest.mark.parametrize("status", [Mailing.Status.DRAFT, Mailing.Status.SENT])
def test_a_mailing_page_shows_its_state_once_no_id_and_its_authors_by_name(staff_client, soup, status):
    carla = UserFactory(username="cgomez", first_name="Carla", last_name="Gómez")
    luis = UserFactory(username="lperez", first_name="", last_name="")
    mailing = Mailing.objects.create(
        segment=Segment.objects.create(name="Todos"),
        subject_es="Boletín de marzo",
        body_es="Hola.",
        status=status,
        created_by=carla,
        sent_by=luis if status == Mailing.Status.SENT else None,
    )

    page = soup(staff_client.get(reverse("wagtailsnippets_mailings_mailing:inspect", args=[mailing.pk])))

    fields = fields_of(page)
    assert "ID" not in fields
    assert "Status" not in fields
    assert page.select_one("#mailing-state-heading").get_text(strip=True) == mailing.get_status_display()
    assert fields["Written by"] == "Carla Gómez (cgomez)"
    if status == Mailing.Status.SENT:
        assert fields["Sent by"] == "lperez"
