"""The Mailings listing: a draft's title leads to its editor and it offers Edit and Delete; a mailing
queued or sent is a record, so its title leads to its page (what it did) and it offers only that page."""

import pytest
from django.urls import reverse

from mailings.models import Mailing, Segment

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_admin")]

LISTING = reverse("wagtailsnippets_mailings_mailing:list")


def url(action, mailing):
    return reverse(f"wagtailsnippets_mailings_mailing:{action}", args=[mailing.pk])


@pytest.mark.parametrize("status", [Mailing.Status.QUEUED, Mailing.Status.SENDING, Mailing.Status.SENT])
def test_a_mailing_that_left_the_draft_state_leads_to_its_page_not_to_its_editor(staff_client, soup, status):
    segment = Segment.objects.create(name="Todos")
    draft = Mailing.objects.create(segment=segment, subject_es="Borrador", body_es="Hola.")
    record = Mailing.objects.create(segment=segment, subject_es="Boletín", body_es="Hola.", status=status)

    html = soup(staff_client.get(LISTING))

    def title_link_and_row(mailing):
        title = html.find(id=f"snippet_{mailing.pk}_title")
        return title.find_parent("a")["href"], {
            link["href"] for link in title.find_parent("tr").find_all("a")
        }

    draft_title, draft_links = title_link_and_row(draft)
    assert draft_title == url("edit", draft)
    assert {url("edit", draft), url("delete", draft), url("inspect", draft)} <= draft_links

    record_title, record_links = title_link_and_row(record)
    assert record_title == url("inspect", record)
    assert url("edit", record) not in record_links and url("delete", record) not in record_links
