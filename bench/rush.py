"""The registration rush of `make bench`: the bench event (BENCH_RUSH_PLACES places, 100 by default, and
a waiting list), many people registering at once through the public form (bench/register.lua under wrk),
then the check of what was stored: exactly as many confirmed as places, everyone else waiting, nobody
lost or twice, one e-mail notice each.

    .venv/bin/python bench/rush.py prepare     # prints {"url": ..., "event_id": ..., "token": ...}
    .venv/bin/python bench/rush.py check ID    # prints the counts as JSON
"""

import json
import os
import sys
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "network.settings.production")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.middleware.csrf import CSRF_ALLOWED_CHARS, CSRF_SECRET_LENGTH  # noqa: E402
from django.utils import timezone  # noqa: E402
from django.utils.crypto import get_random_string  # noqa: E402

from events.models import EventIndexPage, EventPage, Notice, Registration  # noqa: E402

# Fewer places than a short run's registrations on this machine, so that the waiting list fills too.
PLACES = int(os.environ.get("BENCH_RUSH_PLACES", "100"))
SLUG = "bench-rush"


def prepare():
    index = EventIndexPage.objects.get(locale__language_code=settings.LANGUAGE_CODE)
    event = EventPage.objects.filter(slug=SLUG).first()
    if event is None:
        starts = timezone.now() + timedelta(days=30)
        event = EventPage(
            slug=SLUG,
            title="Benchmark: registration rush",
            starts_at=starts,
            ends_at=starts + timedelta(hours=3),
            time_zone="America/Bogota",
            registration=EventPage.Registration.OPEN,
            capacity=PLACES,
        )
        index.add_child(instance=event)
        event.save_revision().publish()
    # A form token as the browser sends it: the CSRF cookie's secret, unmasked.
    token = get_random_string(CSRF_SECRET_LENGTH, CSRF_ALLOWED_CHARS)
    return {"url": f"{event.url}register/", "event_id": event.pk, "token": token, "places": PLACES}


def check(event_id):
    registrations = Registration.objects.filter(event_id=event_id)
    by_status = dict(registrations.values_list("status").annotate(count=Count("pk")))
    twice = registrations.values("email").annotate(count=Count("pk")).filter(count__gt=1).count()
    notices = Notice.objects.filter(registration__event_id=event_id)
    return {
        "registrations": registrations.count(),
        "confirmed": by_status.get(Registration.Status.CONFIRMED, 0),
        "waiting": by_status.get(Registration.Status.WAITING, 0),
        "addresses_twice": twice,
        "without_notice": registrations.filter(notices__isnull=True).count(),
        "notices": notices.count(),
        "places": EventPage.objects.get(pk=event_id).capacity,
    }


if __name__ == "__main__":
    if sys.argv[1] == "prepare":
        json.dump(prepare(), sys.stdout)
    else:
        json.dump(check(int(sys.argv[2])), sys.stdout)
