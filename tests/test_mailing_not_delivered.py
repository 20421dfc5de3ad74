"""A mailing's page, once it left the draft state, names who it did not reach (mailings/views.py,
MailingInspectView): each delivery that failed, was interrupted or was not sent (with the reason), the
person's name leading to their record, a page at a time. Only to whoever may read the CRM's contacts."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from mailings.models import Delivery, Mailing, Segment
from mailings.views import NOT_DELIVERED_PER_PAGE
from tests import factories

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_admin")]


@pytest.fixture
def mailing():
    return Mailing.objects.create(
        segment=Segment.objects.create(name="Todos"),
        subject_es="Boletín de marzo",
        body_es="Hola.",
        status=Mailing.Status.SENT,
    )


def deliver(mailing, name, status, reason=""):
    given, _, family = name.partition(" ")
    contact = factories.ContactFactory(given_name=given, family_name=family)
    return Delivery.objects.create(
        mailing=mailing,
        contact=contact,
        address=f"{given.lower()}@example.org" if not reason else "",
        language="es",
        status=status,
        reason=reason,
    )


def rows_of(page):
    table = page.find("table", id="mailing-not-delivered")
    if table is None:
        return []
    return [
        [" ".join(cell.get_text().split()) for cell in row.find_all("td")]
        for row in table.tbody.find_all("tr")
    ]


def inspect_url(mailing):
    return reverse("wagtailsnippets_mailings_mailing:inspect", args=[mailing.pk])


def test_who_the_mailing_did_not_reach_is_listed_with_the_reason_and_a_link(staff_client, mailing, soup):
    deliver(mailing, "Ana Reached", Delivery.Status.SENT)
    failed = deliver(mailing, "Bea Failed", Delivery.Status.FAILED)
    deliver(mailing, "Caro Cut", Delivery.Status.INTERRUPTED)
    deliver(mailing, "Dani Gone", Delivery.Status.SKIPPED, Delivery.Reason.UNSUBSCRIBED)
    deliver(mailing, "Eli Nomail", Delivery.Status.SKIPPED, Delivery.Reason.NO_ADDRESS)

    page = soup(staff_client.get(inspect_url(mailing)))

    assert rows_of(page) == [
        ["Bea Failed", "bea@example.org", "Failed"],
        ["Caro Cut", "caro@example.org", "Interrupted (not sent again)"],
        ["Dani Gone", "—", "Not sent: Unsubscribed"],
        ["Eli Nomail", "—", "Not sent: No e-mail address"],
    ]
    link = page.find("table", id="mailing-not-delivered").find("a", string="Bea Failed")
    assert link["href"] == reverse("wagtailsnippets_contacts_contact:inspect", args=[failed.contact_id])


def test_a_long_list_comes_a_page_at_a_time(staff_client, mailing, soup):
    for number in range(NOT_DELIVERED_PER_PAGE + 2):
        deliver(mailing, f"Persona {number:03d}", Delivery.Status.FAILED)

    first = soup(staff_client.get(inspect_url(mailing)))
    second = soup(staff_client.get(inspect_url(mailing), {"p": 2}))

    assert len(rows_of(first)) == NOT_DELIVERED_PER_PAGE
    assert [row[0] for row in rows_of(second)] == [
        f"Persona {number:03d}" for number in range(NOT_DELIVERED_PER_PAGE, NOT_DELIVERED_PER_PAGE + 2)
    ]
    assert first.find("nav", attrs={"aria-label": "Pages of people not reached"}).find("a", href="?p=2")


def test_everyone_reached_lists_nobody(staff_client, mailing, soup):
    deliver(mailing, "Ana Reached", Delivery.Status.SENT)

    page = soup(staff_client.get(inspect_url(mailing)))

    assert rows_of(page) == []
    assert "Ana Reached" not in page.get_text()


def test_whoever_may_not_read_the_crm_sees_no_names(client, mailing, soup):
    deliver(mailing, "Bea Failed", Delivery.Status.FAILED)
    reader = factories.UserFactory()
    reader.user_permissions.add(
        Permission.objects.get(codename="access_admin"),
        Permission.objects.get(codename="view_mailing"),
    )
    client.force_login(reader)

    response = client.get(inspect_url(mailing))

    assert response.status_code == 200
    assert (
        "Bea Failed" not in response.content.decode() and "bea@example.org" not in response.content.decode()
    )
    assert rows_of(soup(response)) == []
