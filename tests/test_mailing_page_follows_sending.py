"""A mailing's page follows its sending: while it is queued or being sent, its state and counts are read
again from a small staff-only fragment (announced politely to screen readers) until it is sent, and a plain
link reloads the page where JavaScript does not run. The fragment is the page's own section, read with a
few queries however many people the mailing reaches."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from mailings.models import Delivery, Mailing, Segment
from tests import factories

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_admin")]


@pytest.fixture
def mailing():
    return Mailing.objects.create(
        segment=Segment.objects.create(name="Todos"),
        subject_es="Boletín de marzo",
        body_es="Hola.",
        status=Mailing.Status.SENDING,
    )


def deliver(mailing, count, status):
    for _ in range(count):
        Delivery.objects.create(
            mailing=mailing, contact=factories.ContactFactory(), address="x@example.org", status=status
        )


def inspect_url(mailing):
    return reverse("wagtailsnippets_mailings_mailing:inspect", args=[mailing.pk])


def state_url(mailing):
    return reverse("wagtailsnippets_mailings_mailing:state", args=[mailing.pk])


def counts_of(section):
    return {
        term.get_text(strip=True): term.find_next_sibling("dd").get_text(strip=True) for term in section("dt")
    }


def test_a_mailing_being_sent_has_a_polite_live_state_that_reads_itself_again(staff_client, soup, mailing):
    deliver(mailing, 2, Delivery.Status.SENT)
    deliver(mailing, 3, Delivery.Status.PENDING)

    page = soup(staff_client.get(inspect_url(mailing)))

    region = page.select_one("[aria-live=polite]")
    assert region["data-mailing-state-url-value"] == state_url(mailing)
    assert counts_of(region) == {"Waiting": "3", "Sent": "2"}
    # Without JavaScript, a plain link reloads the page.
    reload = region.find("a", string="Reload to see the progress")
    assert reload["href"] == inspect_url(mailing)
    assert page.find("script", src=lambda src: src and src.endswith("mailings/js/mailing-state.js"))


def test_the_fragment_gives_the_counts_as_they_are_now_and_says_when_it_is_done(staff_client, soup, mailing):
    deliver(mailing, 5, Delivery.Status.PENDING)
    assert counts_of(soup(staff_client.get(state_url(mailing)))) == {"Waiting": "5"}

    Delivery.objects.filter(mailing=mailing).update(status=Delivery.Status.SENT)
    mailing.status = Mailing.Status.SENT
    mailing.save()
    response = staff_client.get(state_url(mailing))

    fragment = soup(response)
    assert counts_of(fragment) == {"Sent": "5"}
    assert fragment.select_one("[data-mailing-state-done]") is not None
    assert "Reload to see the progress" not in fragment.get_text()
    assert "no-store" in response["Cache-Control"] or "no-cache" in response["Cache-Control"]


def test_a_sent_mailing_s_page_does_not_poll(staff_client, soup, mailing):
    mailing.status = Mailing.Status.SENT
    mailing.save()
    page = soup(staff_client.get(inspect_url(mailing)))
    assert page.select_one("[data-mailing-state-url-value]") is None
    assert "Reload to see the progress" not in page.get_text()


def test_the_fragment_reads_a_few_queries_however_many_deliveries(staff_client, mailing):
    deliver(mailing, 3, Delivery.Status.SENT)
    staff_client.get(state_url(mailing))
    with CaptureQueriesContext(connection) as few:
        staff_client.get(state_url(mailing))
    deliver(mailing, 30, Delivery.Status.PENDING)
    deliver(mailing, 5, Delivery.Status.FAILED)
    with CaptureQueriesContext(connection) as many:
        staff_client.get(state_url(mailing))
    assert len(many) <= len(few) + 1 and len(many) <= 8


def test_the_fragment_is_for_staff_only(client, focal_point_a, mailing):
    assert client.get(state_url(mailing)).status_code == 302  # to the sign-in page
    client.force_login(focal_point_a)
    assert client.get(state_url(mailing)).status_code in (302, 403)
