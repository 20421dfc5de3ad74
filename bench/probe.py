"""In-process half of the benchmark, run by bench/run.py under the production settings.

For the benchmark database named by DATABASE_URL it
- creates a UIL staff user and a signed-in session for wrk (the sessions live in the database, so
  the gunicorn server started next accepts the cookie),
- counts the SQL queries of every benchmarked URL through Django's test client, cold (the shared
  cache emptied first) and warm (the same request again), checking that each answers 200,
- saves the GeoJSON's bytes as the static file that serves as the baseline.

The site search is measured as a visitor with a session cookie sends it (`UNCACHED_COOKIE`): the public
page cache keeps a query's page until something is published, so a cookie-less request would measure
the cache, not the search.

It prints one JSON object on stdout.
"""

import argparse
import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "network.settings.production")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.contrib.auth.models import Group  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402

from cities.models import CityPage  # noqa: E402
from cities.permissions import STAFF_GROUP_NAME  # noqa: E402
from contacts.models import Engagement  # noqa: E402
from mailings.models import Segment  # noqa: E402

HOST = "127.0.0.1"
STAFF_USERNAME = "bench-staff"
UNCACHED_COOKIE = "sessionid=bench-uncached"
# Words many generated practices, library items and cities share (bench/knowledge_pages.py), and a
# misspelt city name (PostgreSQL's trigram fallback).
SEARCHES = {"search": "/search/?query=educacion+adultas", "search_typo": "/search/?query=medelin"}


def staff_client():
    user, _created = get_user_model().objects.get_or_create(
        username=STAFF_USERNAME, defaults={"email": "bench-staff@example.org", "is_staff": True}
    )
    user.set_unusable_password()
    user.save()
    user.groups.add(Group.objects.get(name=STAFF_GROUP_NAME))
    client = Client(HTTP_HOST=HOST)
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


def busiest_contact_id():
    """The person page with the most engagements: the heaviest one staff can open."""
    through = Engagement.participants.through.objects
    return through.values("contact_id").annotate(n=Count("pk")).order_by("-n").first()["contact_id"]


def everyone_segment():
    """A segment with no criteria: every contact (3,000 at the large size)."""
    segment, _created = Segment.objects.get_or_create(name="Bench: todos los contactos")
    return segment


def get(client, url):
    """GET the URL; return the response, its body, its number of SQL queries and its duration."""
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        response = client.get(url)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        elapsed = time.perf_counter() - started
    if response.status_code != 200:
        raise SystemExit(f"{url} answered {response.status_code} in-process, not 200")
    return response, body, len(queries), elapsed


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--focus-city", default="medellin")
    parser.add_argument("--static-file", required=True, help="where to write the GeoJSON's bytes")
    args = parser.parse_args()

    city = CityPage.objects.originals().live().get(slug=args.focus_city)
    anonymous = Client(HTTP_HOST=HOST)
    uncached = Client(HTTP_HOST=HOST, HTTP_COOKIE=UNCACHED_COOKIE)
    staff = staff_client()
    pages = [
        ("home", "/", anonymous),
        ("directory", "/cities/", anonymous),
        ("city", city.get_url(), anonymous),
        ("geojson", reverse("cities_geojson"), anonymous),
        *((name, url, uncached) for name, url in SEARCHES.items()),
        ("engagements", reverse("wagtailsnippets_contacts_engagement:list"), staff),
        ("timeline", reverse("contacts_timeline:city", args=[city.pk]), staff),
        ("person", reverse("wagtailsnippets_contacts_contact:inspect", args=[busiest_contact_id()]), staff),
        (
            "contact_chooser",
            reverse("wagtailsnippetchoosers_contacts_contact:choose_results") + "?q=Ana",
            staff,
        ),
        ("city_chooser", reverse("contacts_city_chooser:choose_results") + "?q=San", staff),
        ("segment", reverse("wagtailsnippets_mailings_segment:inspect", args=[everyone_segment().pk]), staff),
    ]
    # Process-level state (content types, URL resolvers, templates) is warm in a running server.
    for _name, url, client in pages:
        get(client, url)

    results = {}
    for name, url, client in pages:
        cache.clear()
        _cold, _body, cold_queries, cold_seconds = get(client, url)
        warm, body, warm_queries, warm_seconds = get(client, url)
        results[name] = {
            "url": url,
            "staff": client is staff,
            "uncached_cookie": UNCACHED_COOKIE if client is uncached else "",
            "queries_cold": cold_queries,
            "queries_warm": warm_queries,
            "ms_cold": round(cold_seconds * 1000, 1),
            "ms_warm": round(warm_seconds * 1000, 1),
            "bytes": len(body),
            "page_cache": warm.get("X-Page-Cache", ""),
        }
        if name == "geojson":
            path = Path(args.static_file)
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(body)
            results[name]["features"] = len(json.loads(body)["features"])

    cookie = settings.SESSION_COOKIE_NAME
    json.dump(
        {
            "session_cookie": f"{cookie}={staff.cookies[cookie].value}",
            "pages": results,
            "cities": CityPage.objects.originals().live().count(),
            "engagements": city.engagements.model.objects.count(),
            "focus_city_engagements": city.engagements.count(),
        },
        sys.stdout,
    )


if __name__ == "__main__":
    main()
