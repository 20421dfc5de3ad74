"""A follow-up assigned to a colleague (issue #19): it is on their dashboard as well as the owner's, only
UIL staff and administrators can be chosen, and when it falls due they get one reminder e-mail, in their
language, with a link to the engagement, queued for 08:00 on the due date."""

from datetime import datetime, timedelta
from email.utils import parseaddr

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.core import mail
from django.urls import reverse
from django.utils import formats, timezone, translation
from django_tasks import task_backends
from wagtail.users.models import UserProfile

from cities.permissions import STAFF_GROUP_NAME
from contacts.follow_ups import send_follow_up_reminder
from contacts.models import Engagement
from tests import factories

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_admin")]


def days_from_now(days):
    return timezone.localdate() + timedelta(days=days)


def engagement_url(action, *args):
    return reverse(f"wagtailsnippets_contacts_engagement:{action}", args=args)


@pytest.fixture
def colleague(db):
    return factories.StaffFactory(
        username="colega", first_name="Carla", last_name="Souza", email="carla@example.org"
    )


@pytest.fixture
def make_follow_up(engagement_factory, staff_user, medellin):
    """An engagement of the staff user's with Medellín, its follow-up due on `due`."""

    def make(title, due, **fields):
        return engagement_factory(title, [medellin], owner=staff_user, follow_up_date=due, **fields)

    return make


# --- Dashboard ----------------------------------------------------------------------------------------------


def follow_up_items(client, soup):
    response = client.get(reverse("wagtailadmin_home"))
    assert response.status_code == 200
    heading = soup(response).find(id="follow-ups-heading")
    assert heading is not None, "no follow-up panel"
    section = heading.find_parent("section")
    items = [" ".join(item.get_text(" ", strip=True).split()) for item in section("li")]
    return heading.get_text(" ", strip=True), items


def test_the_assignee_sees_the_follow_up_on_their_dashboard(client, soup, colleague, make_follow_up):
    make_follow_up("Llamar a la alcaldía", days_from_now(5), follow_up_assignee=colleague)
    make_follow_up("Enviar el acta", days_from_now(-2), follow_up_assignee=colleague)
    make_follow_up("Ya hecho", days_from_now(-1), follow_up_assignee=colleague, follow_up_done=True)
    make_follow_up("Tarea propia del dueño", days_from_now(1))
    client.force_login(colleague)

    heading, items = follow_up_items(client, soup)
    assert "My follow-ups due (2)" in heading
    titles = [item.split(" — ")[1].split(" (")[0] for item in items]
    assert titles == ["Enviar el acta", "Llamar a la alcaldía"]
    assert all("(assigned by uil-staff)" in item for item in items)
    assert "overdue" in items[0] and "Medellín" in items[0]


def test_the_owner_still_sees_the_follow_up_and_to_whom_it_is_assigned(
    staff_client, soup, colleague, make_follow_up
):
    make_follow_up("Llamar a la alcaldía", days_from_now(5), follow_up_assignee=colleague)
    make_follow_up("Enviar el acta", days_from_now(-2))

    heading, items = follow_up_items(staff_client, soup)
    assert "My follow-ups due (2)" in heading
    assert "Enviar el acta" in items[0] and "assigned" not in items[0]
    assert "Llamar a la alcaldía" in items[1] and "(assigned to Carla Souza)" in items[1]


def test_a_follow_up_assigned_to_its_owner_says_nothing_of_assignment(
    staff_client, soup, staff_user, make_follow_up
):
    make_follow_up("Enviar el acta", days_from_now(1), follow_up_assignee=staff_user)
    heading, items = follow_up_items(staff_client, soup)
    assert "My follow-up due (1)" in heading
    assert "assigned" not in items[0]


# --- Who can be assigned ------------------------------------------------------------------------------------


def test_the_form_names_colleagues_as_the_dashboard_does(staff_client, soup, colleague):
    """The choices read "colega" (the username) while the dashboard says "assigned to Carla Souza"."""
    page = soup(staff_client.get(engagement_url("add")))
    for field in ("follow_up_assignee", "owner"):
        options = page.find("select", attrs={"name": field})("option")
        labels = {option.get_text(strip=True) for option in options if option["value"] == str(colleague.pk)}
        assert labels == {"Carla Souza (colega)"}, field


def test_a_focal_point_cannot_be_assigned_a_follow_up(
    staff_client, soup, medellin, focal_point_a, colleague, engagement_form_data
):
    form = soup(staff_client.get(engagement_url("add"))).find("select", attrs={"name": "follow_up_assignee"})
    offered = {int(option["value"]) for option in form("option") if option["value"]}
    assert colleague.pk in offered and focal_point_a.pk not in offered

    data = engagement_form_data(
        cities=[medellin],
        title="Llamar a Ana",
        follow_up_date=days_from_now(3).isoformat(),
        follow_up_assignee=focal_point_a.pk,
    )
    response = staff_client.post(engagement_url("add"), data)
    assert response.status_code == 200, "the form was accepted"
    assert soup(response).select(".error-message, .w-field__errors"), "no error shown"
    assert not Engagement.objects.filter(title="Llamar a Ana").exists()

    data["follow_up_assignee"] = colleague.pk
    assert staff_client.post(engagement_url("add"), data).status_code == 302
    assert Engagement.objects.get(title="Llamar a Ana").follow_up_assignee == colleague


def test_the_listing_filters_by_assignee(staff_client, soup, colleague, make_follow_up):
    make_follow_up("Llamar a la alcaldía", days_from_now(5), follow_up_assignee=colleague)
    make_follow_up("Enviar el acta", days_from_now(-2))
    response = staff_client.get(engagement_url("list"), {"follow_up_assignee": colleague.pk})
    assert response.status_code == 200
    rows = [row.get_text(" ", strip=True) for row in soup(response).select("table.listing tbody tr")]
    assert len(rows) == 1 and "Llamar a la alcaldía" in rows[0]


def test_the_listing_filters_name_colleagues_as_the_form_does(staff_client, soup, colleague):
    page = soup(staff_client.get(engagement_url("list")))
    for field in ("follow_up_assignee", "owner"):
        options = page.find("select", attrs={"name": field})("option")
        labels = {option.get_text(strip=True) for option in options if option["value"] == str(colleague.pk)}
        assert labels == {"Carla Souza (colega)"}, field


# --- Reminders ----------------------------------------------------------------------------------------------


def remind(engagement, due=None):
    """Run the reminder task as the worker would; whether it sent an e-mail."""
    return send_follow_up_reminder.call(engagement.pk, (due or engagement.follow_up_date).isoformat())


def test_a_follow_up_assigned_in_the_form_and_due_today_reminds_the_assignee_once(
    staff_client, staff_user, medellin, colleague, engagement_form_data, django_capture_on_commit_callbacks
):
    due = timezone.localdate()
    data = engagement_form_data(
        cities=[medellin],
        title="Enviar el acta",
        owner=staff_user.pk,
        follow_up_date=due.isoformat(),
        follow_up_assignee=colleague.pk,
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert staff_client.post(engagement_url("add"), data).status_code == 302
    engagement = Engagement.objects.get(title="Enviar el acta")

    (message,) = mail.outbox
    assert message.to == ["carla@example.org"]
    assert message.subject == "Follow-up due: Enviar el acta"
    assert f"{settings.WAGTAILADMIN_BASE_URL}{engagement_url('edit', engagement.pk)}" in message.body
    assert "Medellín" in message.body
    assert formats.date_format(due, "DATE_FORMAT") in message.body
    assert "Hello Carla Souza" in message.body and "uil-staff" in message.body, "who assigned it is not said"
    assert engagement.follow_up_reminded_on == due

    assert remind(engagement) is False
    with django_capture_on_commit_callbacks(execute=True):
        engagement.summary = "Acta enviada en borrador."
        engagement.save()
    assert len(mail.outbox) == 1, "the reminder went out twice"


def test_without_an_assignee_the_owner_is_reminded(make_follow_up):
    engagement = make_follow_up("Enviar el acta", days_from_now(-3))
    assert remind(engagement) is True
    (message,) = mail.outbox
    assert message.to == ["staff@example.org"]
    assert "assigned" not in message.body


def test_a_follow_up_not_yet_due_sends_nothing(colleague, make_follow_up, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        engagement = make_follow_up("Llamar a la alcaldía", days_from_now(1), follow_up_assignee=colleague)
    assert remind(engagement) is False
    assert mail.outbox == []
    engagement.refresh_from_db()
    assert engagement.follow_up_reminded_on is None


def test_a_follow_up_done_sends_nothing(colleague, make_follow_up):
    engagement = make_follow_up("Enviar el acta", days_from_now(-1), follow_up_assignee=colleague)
    engagement.follow_up_done = True
    engagement.save()
    assert remind(engagement) is False
    assert mail.outbox == []


def test_after_the_date_changed_the_old_dates_reminder_sends_nothing(colleague, make_follow_up):
    engagement = make_follow_up("Enviar el acta", timezone.localdate(), follow_up_assignee=colleague)
    old_due = engagement.follow_up_date
    engagement.follow_up_date = days_from_now(7)
    engagement.save()
    assert remind(engagement, old_due) is False
    assert mail.outbox == []


def test_a_colleague_who_left_the_staff_is_not_reminded_the_owner_is(colleague, make_follow_up):
    engagement = make_follow_up("Enviar el acta", timezone.localdate(), follow_up_assignee=colleague)
    colleague.groups.remove(Group.objects.get(name=STAFF_GROUP_NAME))
    assert remind(engagement) is True
    assert [message.to for message in mail.outbox] == [["staff@example.org"]]


def test_a_new_assignee_of_a_due_follow_up_is_reminded_too(
    colleague, make_follow_up, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        engagement = make_follow_up("Enviar el acta", days_from_now(-1))
    assert [message.to for message in mail.outbox] == [["staff@example.org"]]

    with django_capture_on_commit_callbacks(execute=True):
        engagement.follow_up_assignee = colleague
        engagement.save()
    assert [message.to for message in mail.outbox] == [["staff@example.org"], ["carla@example.org"]]


def test_the_reminder_is_in_the_assignees_language(colleague, make_follow_up):
    profile = UserProfile.get_for_user(colleague)
    profile.preferred_language = "pt-br"
    profile.save()
    engagement = make_follow_up("Enviar el acta", days_from_now(-40), follow_up_assignee=colleague)
    assert remind(engagement) is True

    with translation.override("pt-br"):
        in_portuguese = formats.date_format(engagement.follow_up_date, "DATE_FORMAT")
    assert in_portuguese != formats.date_format(engagement.follow_up_date, "DATE_FORMAT")
    assert in_portuguese in mail.outbox[0].body
    assert parseaddr(mail.outbox[0].from_email)[0] == "Rede de Cidades de Aprendizagem"


def test_with_a_queue_the_reminder_waits_for_8_oclock_on_the_due_date(
    settings, colleague, make_follow_up, django_capture_on_commit_callbacks
):
    settings.TASKS = {**settings.TASKS, "background": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    due = days_from_now(5)
    with django_capture_on_commit_callbacks(execute=True):
        engagement = make_follow_up("Llamar a la alcaldía", due, follow_up_assignee=colleague)

    (queued,) = task_backends["background"].results
    assert queued.task.func is send_follow_up_reminder.func
    assert queued.args == [engagement.pk, due.isoformat()]
    at_8 = timezone.make_aware(datetime(due.year, due.month, due.day, 8), timezone.get_default_timezone())
    assert queued.task.run_after == at_8
    assert mail.outbox == []
