"""Faults (issue 18): a gunicorn worker killed (SIGKILL) in the middle of work.

Real processes: gunicorn with the production settings and two workers, on a database cloned from the
template (tests/template_database.py) and a Redis of the test's own. The test sends the request from a
known local port, finds the worker that accepted it (its open connection, in /proc) and kills it after a
delay that varies over the attempts, from "just accepted" to "about done". Then, in the database:

- an engagement import being confirmed has written all of its rows or none; confirming the same upload
  again completes it, and never imports it twice;
- a page being published (the editor's "Publish" in the page editor) is either unchanged, published in
  full (the page, its live revision, its aliases in the other languages, the publish log entry), or, when
  the worker died between Wagtail's two steps, kept as a draft with the live page unchanged; publishing
  again completes it.

There is no mailing in the project yet (docs/reliability.md): nothing to kill during a send.
"""

import csv
import io
import os
import random
import secrets
import signal
import time

import psycopg
import pytest
import requests

from tests.fault_watch import RequestInFlight, app_with_own_redis
from tests.own_services import wait_for
from tests.production_server import SITE_HOST, admin_login, csrf_token, page_publish_form, publish_page
from tests.services import postgres_url

pytestmark = pytest.mark.faults

# Rows of the engagement import: the most a file may have (network/imports/files.py MAX_ROWS), about two
# seconds of work for a worker on this machine.
IMPORT_ROWS = 5000
# Kills are spread over the work: each attempt at a random moment of its slot of the duration.
IMPORT_KILL_FRACTIONS = (0.0, 0.25, 0.5, 0.8)
PUBLISH_KILL_FRACTIONS = (0.0, 0.2, 0.4, 0.6, 0.8)
# Then kills between the last moment a kill left the live page as it was and the first it was published:
# where Wagtail's publish does its work, and where a half-done publish would show.
PUBLISH_REFINING_KILLS = 6
WORKERS = 2
IMPORT_TABLES = (
    "contacts_engagement",
    "contacts_engagement_cities",
    "contacts_engagement_themes",
    "contacts_engagement_participants",
    "contacts_engagement_organisations",
    "contacts_organisation",
    "contacts_contact",
    "wagtailcore_modellogentry",
    "wagtailcore_referenceindex",
)


@pytest.fixture(scope="module")
def site(request):
    with app_with_own_redis(request, "fault-kill", WORKERS) as (app, _redis_server, database):
        yield app, postgres_url(database), database


def connect(url):
    return psycopg.connect(url, autocommit=True, connect_timeout=5)


def wait_for_workers(app):
    """Until gunicorn's master has replaced the killed worker (all WORKERS are up and answering)."""
    wait_for(lambda: len(app.worker_pids()) == WORKERS, 60, 0.1, "gunicorn to replace the worker")
    for _ in range(2 * WORKERS):
        requests.get(app.url("/healthz"), timeout=30)


def wait_until_abandoned_work_ends(url, database):
    """The killed worker's database session ends (its transaction rolled back or committed) before the
    database is read: only the test's own connection and idle ones remain."""

    def settled():
        with connect(url) as connection:
            busy = connection.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid() "
                "AND backend_type = 'client backend' AND state IS DISTINCT FROM 'idle'",
                [database],
            ).fetchone()[0]
        return busy == 0

    wait_for(settled, 30, 0.05, "the killed worker's database session to end")


def kill_during(app, request, delay):
    """Start `request` (a RequestInFlight), kill the worker that accepted it `delay` seconds later.

    Return (seconds between accept and kill, the response or the exception the client got)."""
    request.start()
    pid = request.worker()
    accepted = time.monotonic()
    time.sleep(delay)
    app_killed = time.monotonic()
    os.kill(pid, signal.SIGKILL)
    return app_killed - accepted, request.wait()


def outcome_of(result):
    if isinstance(result, requests.Response):
        return f"answered {result.status_code}"
    return f"no answer ({result.__class__.__name__})"


# --- An engagement import being confirmed ------------------------------------------------------------------


def engagement_file(tag, rows=IMPORT_ROWS):
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["Fecha", "Tipo", "Título", "Ciudades", "Temas", "Resumen", "Resultado"])
    for number in range(rows):
        writer.writerow(
            [
                f"2025-{number % 12 + 1:02d}-{number % 28 + 1:02d}",
                ("reunión", "taller", "llamada", "webinar")[number % 4],
                f"{tag} encuentro {number}",
                "Medellín; Bogotá",
                "Aprendizaje digital; Acción climática",
                f"Seguimiento del plan de ciudad del aprendizaje, fila {number}. " * 3,
                "Acuerdo de trabajo",
            ]
        )
    return buffer.getvalue().encode()


def upload_import(session, app, tag):
    """Upload an engagement file; return (the preview's path, the form token for the confirmation)."""
    form = session.get(app.url("/admin/engagement-log/import/"), timeout=30)
    assert form.status_code == 200, form.text[:2000]
    token = csrf_token(form.text)
    response = session.post(
        app.url("/admin/engagement-log/import/"),
        data={"kind": "engagements", "csrfmiddlewaretoken": token},
        files={"file": (f"{tag}.csv", engagement_file(tag), "text/csv")},
        timeout=60,
        allow_redirects=False,
    )
    assert response.status_code == 302, response.text[:3000]
    preview = response.headers["Location"]
    assert "/import/" in preview, preview
    return preview, token


def confirm_import(session, app, preview, token):
    return session.post(
        app.url(preview),
        data={"action": "confirm", "csrfmiddlewaretoken": token},
        timeout=120,
        allow_redirects=False,
    )


def import_counts(url, tag):
    with connect(url) as connection:
        counts = {
            table: connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            for table in IMPORT_TABLES
        }
        counts["engagements of this file"] = connection.execute(
            "SELECT count(*) FROM contacts_engagement WHERE title LIKE %s", [f"{tag} %"]
        ).fetchone()[0]
    return counts


def test_worker_killed_during_an_import_confirm_leaves_all_or_nothing(site):
    app, url, database = site
    session = admin_login(app)

    # A first import, not interrupted: how long a confirmation takes, to spread the kills over it.
    tag = f"ref-{secrets.token_hex(3)}"
    preview, token = upload_import(session, app, tag)
    started = time.monotonic()
    done = confirm_import(session, app, preview, token)
    duration = time.monotonic() - started
    assert done.status_code == 302 and "/engagement" in done.headers["Location"], done.text[:2000]
    assert import_counts(url, tag)["engagements of this file"] == IMPORT_ROWS
    assert duration > 0.5, f"the import took {duration:.2f} s: too quick to be interrupted in the middle"

    attempts = []
    rng = random.Random()
    for fraction in IMPORT_KILL_FRACTIONS:
        fraction += rng.uniform(0, 0.25)
        tag = f"kill-{secrets.token_hex(3)}"
        preview, token = upload_import(session, app, tag)
        before = import_counts(url, tag)
        delay = duration * fraction
        request = RequestInFlight(session, app, preview, {"action": "confirm", "csrfmiddlewaretoken": token})
        killed_after, result = kill_during(app, request, delay)
        wait_until_abandoned_work_ends(url, database)
        middle = import_counts(url, tag)
        wait_for_workers(app)

        # The next attempt: the same upload, confirmed again.
        again = confirm_import(session, app, preview, token)
        after = import_counts(url, tag)
        state = "unchanged" if middle == before else "fully imported" if middle == after else "HALF"
        attempts.append(
            f"killed {killed_after:.2f} s after accept ({fraction:.0%} of {duration:.2f} s): "
            f"{outcome_of(result)}, database {state}; retry answered {again.status_code} "
            f"→ {again.headers.get('Location')}"
        )
        detail = "\n".join(attempts) + f"\nbefore {before}\nmiddle {middle}\nafter  {after}"
        assert middle in (before, after), "the killed import left the database half changed:\n" + detail
        assert after["engagements of this file"] == IMPORT_ROWS, (
            "the import did not complete exactly once on the next attempt:\n" + detail
        )
        assert all(after[table] - before[table] >= 0 for table in IMPORT_TABLES), detail
        assert again.status_code == 302, detail
    print("\n".join(attempts))


# --- A page being published -------------------------------------------------------------------------------


def page_ids(url, slug="medellin"):
    """(the Spanish city page, its aliases in the other languages)."""
    with connect(url) as connection:
        page = connection.execute(
            "SELECT p.id FROM wagtailcore_page p JOIN wagtailcore_locale l ON l.id = p.locale_id "
            "WHERE p.slug = %s AND l.language_code = 'es'",
            [slug],
        ).fetchone()[0]
        aliases = [
            row[0]
            for row in connection.execute(
                "SELECT id FROM wagtailcore_page WHERE alias_of_id = %s ORDER BY id", [page]
            ).fetchall()
        ]
    return page, aliases


def publication(url, page):
    """What a publish changes, as the database has it."""
    with connect(url) as connection:
        title, live, unpublished_changes, live_revision, latest_revision = connection.execute(
            "SELECT title, live, has_unpublished_changes, live_revision_id, latest_revision_id "
            "FROM wagtailcore_page WHERE id = %s",
            [page],
        ).fetchone()

        def revision_title(revision):
            row = connection.execute(
                "SELECT content->>'title' FROM wagtailcore_revision WHERE id = %s", [revision]
            ).fetchone()
            return row[0] if row else None

        return {
            "title": title,
            "live": live,
            "has_unpublished_changes": unpublished_changes,
            "live_revision": live_revision,
            "live_revision_title": revision_title(live_revision),
            "latest_revision": latest_revision,
            "latest_revision_title": revision_title(latest_revision),
            "revisions": connection.execute(
                "SELECT count(*) FROM wagtailcore_revision r JOIN wagtailcore_page p ON p.id = %s "
                "WHERE r.object_id = p.id::text AND r.base_content_type_id = "
                "(SELECT id FROM django_content_type WHERE app_label = 'wagtailcore' AND model = 'page')",
                [page],
            ).fetchone()[0],
            "alias_titles": [
                row[0]
                for row in connection.execute(
                    "SELECT title FROM wagtailcore_page WHERE alias_of_id = %s ORDER BY id", [page]
                ).fetchall()
            ],
            "publish_log_entries": connection.execute(
                "SELECT count(*) FROM wagtailcore_pagelogentry WHERE page_id = %s AND action = %s",
                [page, "wagtail.publish"],
            ).fetchone()[0],
        }


def published_as(state, title):
    return (
        state["title"] == title
        and state["live"]
        and not state["has_unpublished_changes"]
        and state["live_revision"] == state["latest_revision"]
        and state["live_revision_title"] == title
        and all(alias == title for alias in state["alias_titles"])
    )


def classify_publish(before, middle, title):
    if middle == before:
        return "unchanged"
    if (
        published_as(middle, title)
        and middle["revisions"] == before["revisions"] + 1
        and middle["publish_log_entries"] == before["publish_log_entries"] + 1
    ):
        return "published"
    live_part = (
        "title",
        "live",
        "live_revision",
        "live_revision_title",
        "alias_titles",
        "publish_log_entries",
    )
    if (
        all(middle[name] == before[name] for name in live_part)
        and middle["revisions"] == before["revisions"] + 1
        and middle["latest_revision_title"] == title
        and middle["has_unpublished_changes"]
    ):
        # Wagtail's editor saves the new revision (its own transaction), then publishes it: a worker killed
        # in between leaves the editor's change as a draft, the live page as it was.
        return "draft kept, live page unchanged"
    return "HALF"


def next_publish_delay(number, duration, outcomes, rng):
    """When to kill the `number`th publish: first over the whole duration (a random moment of each slot, so
    that runs explore different moments), then between the latest kill that left the live page as it was
    and the earliest that found it published (`outcomes`: {seconds after accept: state})."""
    if number < len(PUBLISH_KILL_FRACTIONS):
        return duration * (PUBLISH_KILL_FRACTIONS[number] + rng.uniform(0, 0.2))
    not_yet = [delay for delay, state in outcomes.items() if state != "published"]
    start = max(not_yet, default=0.0)
    done = [delay for delay, state in outcomes.items() if state == "published" and delay > start]
    # None published yet (this publish is slower than the first): look further.
    end = min(done, default=start + duration / 2)
    return rng.uniform(start, end)


def public_title_shown(app, path, title):
    response = requests.get(app.url(path), headers={"Host": SITE_HOST}, timeout=30)
    return response.status_code == 200 and title in response.text


def test_worker_killed_during_a_publish_leaves_the_page_unchanged_or_published(site):
    app, url, database = site
    session = admin_login(app)
    page, aliases = page_ids(url)
    assert len(aliases) == 2, "the Spanish city page should have its English and Portuguese aliases"

    # A first publish, not interrupted: how long it takes, to spread the kills over it.
    title = f"Medellín ref-{secrets.token_hex(3)}"
    form = page_publish_form(session, app, page, title)
    started = time.monotonic()
    done = session.post(app.url(f"/admin/pages/{page}/edit/"), data=form, timeout=60, allow_redirects=False)
    duration = time.monotonic() - started
    assert done.status_code == 302, done.text[:3000]
    assert published_as(publication(url, page), title)

    attempts, outcomes = [], {}
    rng = random.Random()
    for number in range(len(PUBLISH_KILL_FRACTIONS) + PUBLISH_REFINING_KILLS):
        delay = next_publish_delay(number, duration, outcomes, rng)
        title = f"Medellín kill-{number}-{secrets.token_hex(3)}"
        form = page_publish_form(session, app, page, title)
        before = publication(url, page)
        request = RequestInFlight(session, app, f"/admin/pages/{page}/edit/", form)
        killed_after, result = kill_during(app, request, delay)
        wait_until_abandoned_work_ends(url, database)
        middle = publication(url, page)
        state = classify_publish(before, middle, title)
        outcomes[killed_after] = state

        # The next attempt: the editor publishes again (the edit page shows the draft, if one was kept).
        again = publish_page(session, app, page, title)
        after = publication(url, page)
        attempts.append(
            f"killed {killed_after * 1000:.0f} ms after accept (publish takes {duration * 1000:.0f} ms): "
            f"{outcome_of(result)}, {state}; retry answered {again.status_code}"
        )
        detail = "\n".join(attempts) + f"\nbefore {before}\nmiddle {middle}\nafter  {after}"
        assert state != "HALF", "the killed publish left the page half published:\n" + detail
        assert again.status_code == 302, detail
        assert published_as(after, title), "publishing again did not complete:\n" + detail
        assert after["publish_log_entries"] > before["publish_log_entries"], detail
        # …and every language of the site shows it.
        assert public_title_shown(app, "/cities/medellin/", title), detail
        assert public_title_shown(app, "/en/cities/medellin/", title), detail
        wait_for_workers(app)
    print("\n".join(attempts))
    print("outcomes:", sorted(set(outcomes.values())))
