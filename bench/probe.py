"""In-process half of the benchmark, run by bench/run.py under the production settings.

For the benchmark database named by DATABASE_URL it
- creates a UIL staff user and a focal point of the city of a draft progress report, each with a
  signed-in session for wrk (the sessions live in the database, so the gunicorn server started next
  accepts the cookies),
- counts the SQL queries of every benchmarked URL through Django's test client, cold (the shared
  cache emptied first; the time is the median of COLD_SAMPLES such requests) and warm (the same request
  again), checking that each answers 200,
- saves the GeoJSON's bytes as the static file that serves as the baseline.

The site search is measured as a visitor with a session cookie sends it (`UNCACHED_COOKIE`): the public
page cache keeps a query's page until something is published, so a cookie-less request would measure
the cache, not the search.

The progress reports' pages are those of the newest cycle (bench/progress_reports.py): the staff review of
a submitted report, the cycle's list of cities, its answers (first page) and measures, and the focal
point's editor of a draft report.

It prints one JSON object on stdout; each page carries the cookie wrk sends with it ("" for none).
"""

import argparse
import json
import os
import statistics
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

from cities.focal_points import ensure_city_access  # noqa: E402
from cities.models import CityPage  # noqa: E402
from cities.permissions import STAFF_GROUP_NAME  # noqa: E402
from contacts.models import Engagement  # noqa: E402
from mailings.models import Segment  # noqa: E402
from progress.models import Answer, Cycle, Report, ReportState, Submission  # noqa: E402

HOST = "127.0.0.1"
STAFF_USERNAME = "bench-staff"
FOCAL_POINT_USERNAME = "bench-focal-point"
UNCACHED_COOKIE = "sessionid=bench-uncached"
# A cold request's time is the median of this many, each after the shared cache was emptied: one request
# alone also measures whatever else the process happened to do (a garbage collection, the disk).
COLD_SAMPLES = 5
# Words many generated practices, library items and cities share (bench/knowledge_pages.py), and a
# misspelt city name (PostgreSQL's trigram fallback).
SEARCHES = {"search": "/search/?query=educacion+adultas", "search_typo": "/search/?query=medelin"}


def signed_in(username, group, **defaults):
    """A client signed in as `username`, made a member of `group` (with no password)."""
    user, _created = get_user_model().objects.get_or_create(
        username=username, defaults={"email": f"{username}@example.org", **defaults}
    )
    user.set_unusable_password()
    user.save()
    user.groups.add(group)
    client = Client(HTTP_HOST=HOST)
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


def progress_pages(staff):
    """(name, url, client) of the progress reports' pages in the newest cycle."""
    cycle = Cycle.objects.order_by("-opens_on").first()
    reports = Report.objects.filter(cycle=cycle).select_related("city").order_by("pk")
    submitted = reports.filter(state=ReportState.SUBMITTED).first()
    draft = reports.filter(state=ReportState.DRAFT).first()
    # Generated cities have no focal-point group (bench/city_pages.py): the city's access is made here.
    focal_point = signed_in(FOCAL_POINT_USERNAME, ensure_city_access(draft.city).group)
    query = f"?cycle={cycle.pk}"
    return [
        ("progress_review", reverse("progress_review:review", args=[submitted.pk]), staff),
        ("progress_status", reverse("progress_status:index") + query, staff),
        ("progress_answers", reverse("progress_answers:index") + query, staff),
        ("progress_measures", reverse("progress_measures:index") + query, staff),
        ("progress_editor", reverse("progress_city:edit", args=[draft.pk]), focal_point),
    ]


def progress_counts():
    """The newest cycle's name and how many reports, submissions and answers it holds."""
    cycle = Cycle.objects.order_by("-opens_on").first()
    return {
        "cycle": cycle.name,
        "reports": cycle.reports.count(),
        "submissions": Submission.objects.filter(report__cycle=cycle).count(),
        "answers": Answer.objects.filter(report__cycle=cycle).count(),
    }


def cookie_of(client):
    """The session cookie a signed-in client or the uncached visitor sends, as a Cookie header's value."""
    if client.defaults.get("HTTP_COOKIE"):
        return client.defaults["HTTP_COOKIE"]
    return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"


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
    staff = signed_in(STAFF_USERNAME, Group.objects.get(name=STAFF_GROUP_NAME), is_staff=True)
    pages = [
        ("home", "/", anonymous),
        ("directory", "/cities/", anonymous),
        ("city", city.get_url(), anonymous),
        ("geojson", reverse("cities_geojson"), anonymous),
        ("sitemap", reverse("sitemap"), anonymous),
        *((name, url, uncached) for name, url in SEARCHES.items()),
        ("engagements", reverse("wagtailsnippets_contacts_engagement:list"), staff),
        # A word typed without its accent, as staff type it ("secretaría" in a tenth of the titles).
        ("engagement_search", reverse("wagtailsnippets_contacts_engagement:list") + "?q=secretaria", staff),
        ("timeline", reverse("contacts_timeline:city", args=[city.pk]), staff),
        ("person", reverse("wagtailsnippets_contacts_contact:inspect", args=[busiest_contact_id()]), staff),
        (
            "contact_chooser",
            reverse("wagtailsnippetchoosers_contacts_contact:choose_results") + "?q=Ana",
            staff,
        ),
        ("city_chooser", reverse("contacts_city_chooser:choose_results") + "?q=San", staff),
        ("segment", reverse("wagtailsnippets_mailings_segment:inspect", args=[everyone_segment().pk]), staff),
        *progress_pages(staff),
    ]
    # Process-level state (content types, URL resolvers, templates) is warm in a running server.
    for _name, url, client in pages:
        get(client, url)

    results = {}
    for name, url, client in pages:
        cold_times = []
        for _sample in range(COLD_SAMPLES):
            cache.clear()
            _cold, _body, cold_queries, cold_seconds = get(client, url)
            cold_times.append(cold_seconds)
        warm, body, warm_queries, warm_seconds = get(client, url)
        results[name] = {
            "url": url,
            "cookie": "" if client is anonymous else cookie_of(client),
            "queries_cold": cold_queries,
            "queries_warm": warm_queries,
            "ms_cold": round(statistics.median(cold_times) * 1000, 1),
            "ms_warm": round(warm_seconds * 1000, 1),
            "bytes": len(body),
            "page_cache": warm.get("X-Page-Cache", ""),
        }
        if name == "geojson":
            path = Path(args.static_file)
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(body)
            results[name]["features"] = len(json.loads(body)["features"])

    json.dump(
        {
            "pages": results,
            "cities": CityPage.objects.originals().live().count(),
            "engagements": city.engagements.model.objects.count(),
            "focus_city_engagements": city.engagements.count(),
            "progress": progress_counts(),
        },
        sys.stdout,
    )


if __name__ == "__main__":
    main()
