"""A follow-up whose assignee can no longer be reminded (account deactivated, no longer UIL staff) is not
dropped: its reminder goes to the engagement's owner, who is asked to reassign it, and the owner's
dashboard marks the assignee as no longer active. When neither the owner nor the assignee can be reminded,
nobody is e-mailed and every reader of the log finds the follow-up on their dashboard."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from contacts.follow_ups import send_follow_up_reminder
from tests import factories

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_admin")]


@pytest.fixture
def colleague(db):
    return factories.StaffFactory(
        username="colega", first_name="Carla", last_name="Souza", email="carla@example.org"
    )


@pytest.fixture
def follow_up(engagement_factory, staff_user, medellin, colleague):
    """An engagement of the staff user's with Medellín, its follow-up assigned to Carla, due yesterday."""
    return engagement_factory(
        "Enviar el acta",
        [medellin],
        owner=staff_user,
        follow_up_date=timezone.localdate() - timedelta(days=1),
        follow_up_assignee=colleague,
    )


def deactivate(user):
    user.is_active = False
    user.save(update_fields=["is_active"])


def remind(engagement):
    return send_follow_up_reminder.call(engagement.pk, engagement.follow_up_date.isoformat())


def panel(client, soup):
    response = client.get(reverse("wagtailadmin_home"))
    assert response.status_code == 200
    return soup(response).find(id="follow-ups-heading").find_parent("section")


def texts(elements):
    return [" ".join(element.get_text(" ", strip=True).split()) for element in elements]


def test_a_deactivated_assignees_reminder_goes_to_the_owner(follow_up, colleague):
    deactivate(colleague)

    assert remind(follow_up) is True

    (message,) = mail.outbox
    assert message.to == ["staff@example.org"]
    body = " ".join(message.body.split())
    assert "It is assigned to Carla Souza, who can no longer be reminded" in body
    assert "reassign the follow-up" in body
    follow_up.refresh_from_db()
    assert follow_up.follow_up_reminded_on == follow_up.follow_up_date
    assert remind(follow_up) is False and len(mail.outbox) == 1, "the reminder went out twice"


def test_the_owners_dashboard_says_the_assignee_is_no_longer_active(staff_client, soup, follow_up, colleague):
    (item,) = texts(panel(staff_client, soup)("li"))
    assert "(assigned to Carla Souza)" in item

    deactivate(colleague)

    (item,) = texts(panel(staff_client, soup)("li"))
    assert "(assigned to Carla Souza, who is no longer active: reassign it)" in item


def test_with_neither_owner_nor_assignee_active_every_reader_sees_the_follow_up(
    client, soup, follow_up, staff_user, colleague
):
    deactivate(colleague)
    deactivate(staff_user)

    assert remind(follow_up) is False
    assert mail.outbox == []
    follow_up.refresh_from_db()
    assert follow_up.follow_up_reminded_on is None

    another = factories.StaffFactory(username="otra", email="otra@example.org")
    client.force_login(another)
    section = panel(client, soup)
    heading = section.find(id="unreminded-follow-ups-heading")
    assert heading is not None, "the follow-up nobody is reminded of is not on the dashboard"
    (item,) = texts(section.find("ul", attrs={"aria-labelledby": "unreminded-follow-ups-heading"})("li"))
    assert "Enviar el acta" in item and "Medellín" in item


def test_a_follow_up_someone_can_be_reminded_of_is_not_listed_as_unreminded(
    client, soup, follow_up, colleague
):
    deactivate(colleague)  # The owner is still active: the reminder goes to them.
    client.force_login(factories.StaffFactory(username="otra", email="otra@example.org"))
    assert panel(client, soup).find(id="unreminded-follow-ups-heading") is None
