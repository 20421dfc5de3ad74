"""City roles that start or end on a future date take effect on that day with nobody saving them
(contacts.role_dates): a focal point's access opens or closes, a new mayor reaches the city's page.

Saving such a role queues `apply_role_dates` for the first minute of each date still to come; the task
applies the roles as they stand when it runs. Time passing is played by moving the stored dates with an
UPDATE (no signal), as tests/test_engagement_focal_point_sync.py does. A worker that was stopped on the day
catches up as it starts. An address added to a focal point by the contacts import opens the city too.
"""

from datetime import datetime, timedelta

import pytest
from django.utils import timezone
from django_tasks import task_backends

from cities.focal_points import ensure_city_access
from cities.models import CityPage
from contacts.models import CityRole
from contacts.role_dates import apply_role_dates
from network.worker import worker_starting
from tests.test_engagement_import import csv_upload, import_file

pytestmark = pytest.mark.django_db

EMAIL = "ines.rojas@bogota.gov.co"


def days_from_now(days):
    return timezone.localdate() + timedelta(days=days)


def midnight(day):
    return timezone.make_aware(datetime(day.year, day.month, day.day), timezone.get_default_timezone())


def in_group(user, city):
    return ensure_city_access(city).group.user_set.filter(pk=user.pk).exists()


def time_passes(role, **dates):
    """The role's dates as they will read on a later day: moved without a save, as time moves them."""
    CityRole.objects.filter(pk=role.pk).update(**dates)


@pytest.fixture
def account(django_user_model):
    return django_user_model.objects.create_user(username="ines", email=EMAIL, password="pw")


@pytest.fixture
def queue(settings):
    """The "background" queue keeps what is enqueued, as a real queue does until the worker runs it."""
    settings.TASKS = {**settings.TASKS, "background": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    return task_backends["background"]


def queued(queue):
    return sorted(
        (result.args, result.task.run_after)
        for result in queue.results
        if result.task.func is apply_role_dates.func
    )


def focal_point(contact_factory, city, email=EMAIL, **dates):
    contact = contact_factory(
        "Inés", "Rojas", emails=[email], roles=[{"city": city, "role": "focal_point", **dates}]
    )
    return contact.roles.get()


def test_saving_a_role_with_future_dates_queues_the_city_for_the_start_of_each_day(
    queue, contact_factory, bogota, django_capture_on_commit_callbacks
):
    starts, ends = days_from_now(7), days_from_now(40)
    with django_capture_on_commit_callbacks(execute=True):
        focal_point(contact_factory, bogota, start_date=starts, end_date=ends)
        contact_factory("Ana", "Gil", roles=[{"city": bogota, "role": "mayor", "end_date": ends}])
        contact_factory("Luis", "Mora", roles=[{"city": bogota, "role": "coordinator", "end_date": ends}])
        focal_point(contact_factory, bogota, email="otra@bogota.gov.co", start_date=days_from_now(-3))
    assert queued(queue) == [
        ([bogota.pk], midnight(starts)),
        ([bogota.pk], midnight(ends)),
        ([bogota.pk], midnight(ends)),  # the mayor's; the coordinator's and the past date queue nothing
    ]


def test_on_its_start_date_a_focal_point_role_opens_the_city(account, contact_factory, bogota):
    role = focal_point(contact_factory, bogota, start_date=days_from_now(7))
    assert not in_group(account, bogota)
    time_passes(role, start_date=timezone.localdate())
    assert apply_role_dates.call(bogota.pk) is True
    assert in_group(account, bogota)


def test_on_its_end_date_a_focal_point_role_closes_the_city(
    account, contact_factory, bogota, medellin, django_user_model
):
    colleague = django_user_model.objects.create_user(username="eva", email="eva@medellin.gov.co")
    role = focal_point(contact_factory, bogota, end_date=days_from_now(30))
    other_city = focal_point(contact_factory, medellin, email=colleague.email, end_date=days_from_now(30))
    assert in_group(account, bogota) and in_group(colleague, medellin)
    time_passes(role, end_date=timezone.localdate())
    time_passes(other_city, end_date=timezone.localdate())
    apply_role_dates.call(bogota.pk)
    assert not in_group(account, bogota)
    assert in_group(colleague, medellin), "only the city the task was queued for changes"


def test_on_its_start_date_a_new_mayor_reaches_the_city_page(contact_factory, bogota):
    contact_factory(
        "Ana", "Gil", roles=[{"city": bogota, "role": "mayor", "start_date": days_from_now(-900)}]
    )
    later = contact_factory(
        "Raúl", "Vega", roles=[{"city": bogota, "role": "mayor", "start_date": days_from_now(5)}]
    )
    assert CityPage.objects.get(pk=bogota.pk).mayor_name == "Ana Gil"
    time_passes(later.roles.get(), start_date=timezone.localdate())
    apply_role_dates.call(bogota.pk)
    page = CityPage.objects.get(pk=bogota.pk)
    assert (page.mayor_name, page.mayor_term_start) == ("Raúl Vega", timezone.localdate())
    assert page.live_revision == page.latest_revision, "published, as a save of the role would"


def test_a_task_for_a_deleted_city_does_nothing(bogota):
    assert apply_role_dates.call(bogota.pk + 10_000) is False


def test_the_worker_catches_up_on_dates_that_came_while_it_was_stopped(account, contact_factory, bogota):
    role = focal_point(contact_factory, bogota, end_date=days_from_now(2))
    later = contact_factory(
        "Raúl", "Vega", roles=[{"city": bogota, "role": "mayor", "start_date": days_from_now(2)}]
    )
    time_passes(role, end_date=days_from_now(-1))
    time_passes(later.roles.get(), start_date=days_from_now(-1))
    assert in_group(account, bogota)

    lines = [line for _receiver, line in worker_starting.send(sender=None) if line]

    assert not in_group(account, bogota)
    assert CityPage.objects.get(pk=bogota.pk).mayor_name == "Raúl Vega"
    assert any(line.startswith("City roles applied") for line in lines), lines


def test_an_address_the_import_adds_to_a_focal_point_opens_the_city(
    staff_client, account, contact_factory, bogota
):
    focal_point(contact_factory, bogota, email="ines.personal@example.org")
    assert not in_group(account, bogota)
    rows = [["Nombre", "Apellido", "Correo"], ["Inés", "Rojas", f"ines.personal@example.org; {EMAIL}"]]
    response = import_file(staff_client, "contacts", csv_upload(rows))
    assert "0 created, 1 updated" in " ".join(response.content.decode().split())
    assert in_group(account, bogota)
