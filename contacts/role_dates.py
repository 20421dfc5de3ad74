"""City roles that start or end on a date still to come take effect on that day, with nobody saving them.

A focal point's access to their city (contacts.focal_point_sync) and a mayor's facts on the city's page
(contacts.mayor_sync) follow the roles that are current, and a role's save applies them at once. A date in
the future queues `apply_role_dates` for the first minute of that day in the site's time zone; the task
reads the city's roles as they are when it runs, so a role changed or deleted meanwhile does no harm.
A worker that was stopped when a date came catches up as it starts (`catch_up`). `manage.py
sync_focal_points` remains for a queue-less install.
"""

from datetime import datetime, time
from functools import partial

from django.db import transaction
from django.db.models import Q
from django.db.models.signals import post_save
from django.utils import timezone
from django_tasks import task

from cities.models import CityPage
from network.worker import worker_starting

from .focal_point_sync import sync_all_focal_points, sync_city_focal_points
from .mayor_sync import sync_city_mayor
from .models import CityRole

DATED_ROLES = (CityRole.Role.FOCAL_POINT, CityRole.Role.MAYOR)


def day_starts(day):
    return timezone.make_aware(datetime.combine(day, time.min), timezone.get_default_timezone())


@task(backend="background")
def apply_role_dates(city_id):
    """Give the city's focal-point access and mayor facts as its roles are today; returns whether the
    city still exists."""
    city = CityPage.objects.filter(pk=city_id).first()
    if city is None:
        return False
    sync_city_focal_points(city)
    sync_city_mayor(city_id)
    return True


def schedule_role_dates(role):
    """Queue `apply_role_dates` for each of the role's dates still to come, once the save commits."""
    if role.role not in DATED_ROLES:
        return
    today = timezone.localdate()
    for day in {role.start_date, role.end_date} - {None}:
        if day <= today:
            continue
        applying = apply_role_dates
        if applying.get_backend().supports_defer:
            applying = applying.using(run_after=day_starts(day))
        # Without deferral (the immediate backend) the task runs at once and applies today's roles.
        transaction.on_commit(partial(applying.enqueue, role.city_id), robust=True)


def catch_up(sender, **kwargs):
    """At the worker's start: apply the dates that came while no worker ran (a task queued for them ran
    already, or will on this start, either way with the same result)."""
    today = timezone.localdate()
    dated = CityRole.objects.filter(role=CityRole.Role.MAYOR).filter(
        Q(start_date__lte=today) | Q(end_date__lte=today)
    )
    mayors = set(dated.values_list("city_id", flat=True))
    for city_id in mayors:
        sync_city_mayor(city_id)
    cities = sync_all_focal_points()
    return f"City roles applied: focal points of {cities} city(ies), mayors of {len(mayors)}"


def _role_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        schedule_role_dates(instance)


def connect():
    post_save.connect(_role_saved, sender=CityRole, dispatch_uid="contacts-role-dates")
    worker_starting.connect(catch_up, dispatch_uid="contacts-role-dates-catch-up")
