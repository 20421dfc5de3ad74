"""Small helpers the tests share: reading HTML, checking refusals, data made once for a module, running the
cities loader."""

import contextlib
import csv
import io
import re
from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.contrib.messages import get_messages
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from wagtail.users.models import UserProfile

from cities.management.commands import load_learning_cities
from cities.models import CityPage
from cities.themes import SEEDED_THEMES


def parse_html(response):
    """A response's HTML, parsed."""
    return BeautifulSoup(response.content.decode(), "html.parser")


def assert_refused(response):
    """The admin refused the request: HTTP 403, the login page for visitors, or the dashboard with
    Wagtail's permission-denied error message."""
    if response.status_code == 403:
        return
    assert response.status_code == 302, f"expected a refusal, got HTTP {response.status_code}"
    location = response["Location"]
    if location.startswith(reverse("wagtailadmin_login")):
        return
    assert location == reverse("wagtailadmin_home"), f"redirected to {location}, not refused"
    errors = [m for m in get_messages(response.wsgi_request) if m.level_tag == "error"]
    assert errors, "redirected to the dashboard without a permission-denied message"


@contextlib.contextmanager
def rolled_back_after_module(django_db_blocker):
    """Data made once for the tests of a module, in a transaction rolled back after its last test. Each
    test's own changes are rolled back after the test as usual; such a module cannot use transactional_db.

    Use in a module-scoped fixture that depends on django_db_setup and yields inside this block.
    """
    with django_db_blocker.unblock(), transaction.atomic():
        yield
        transaction.set_rollback(True)


def read_cities_csv(path):
    """A Learning Cities CSV file parsed independently of the loader, one dict per row, with its line."""
    with open(path, encoding="utf-8-sig", newline="") as file:
        reader = csv.DictReader(file)
        return [{**row, "_line": reader.line_num} for row in reader]


def write_cities_csv(directory, columns, rows, name="cities.csv"):
    """Write rows (dicts) with these columns to directory/name; return its path."""
    path = directory / name
    with path.open("w", encoding="utf-8", newline="") as file:
        writer = csv.DictWriter(file, fieldnames=columns, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
    return path


def run_loader(*args, rejected=False):
    """Run `load_learning_cities` with these arguments.

    Return (stdout, stderr, (created, updated, unchanged) or None); with rejected=True the command
    must fail, and the third item is the CommandError.
    """
    stdout, stderr = io.StringIO(), io.StringIO()
    arguments = [str(arg) for arg in args]
    if rejected:
        with pytest.raises(CommandError) as error:
            call_command("load_learning_cities", *arguments, stdout=stdout, stderr=stderr)
        return stdout.getvalue(), stderr.getvalue(), error.value
    call_command("load_learning_cities", *arguments, stdout=stdout, stderr=stderr)
    out = stdout.getvalue()
    return out, stderr.getvalue(), loader_counts(out)


def loader_counts(out):
    """(created, updated, unchanged) read from the loader's summary, written in the active language, or
    None without one: its wording comes from the command's own messages, whichever the language."""
    for summary in (load_learning_cities.SUMMARY, load_learning_cities.DRY_RUN_SUMMARY):
        pattern = re.escape(translation.gettext(summary))
        for name in ("created", "updated", "unchanged"):
            pattern = pattern.replace(re.escape(f"%({name})d"), rf"(?P<{name}>\d+)")
        match = re.search(pattern.replace(re.escape("%(filename)s"), ".*?"), out)
        if match:
            return tuple(int(match.group(name)) for name in ("created", "updated", "unchanged"))
    return None


def export_content(response):
    """The bytes of an admin export (or any response). A streamed CSV is written after the view returns,
    outside the admin's switch to the user's language: it is read in the staff user's language (English),
    as the server would write it for them."""
    assert response.status_code == 200
    if not response.streaming:
        return response.content
    with translation.override("en"):
        return b"".join(response.streaming_content)


def csv_rows(response):
    return list(csv.reader(io.StringIO(export_content(response).decode("utf-8-sig"))))


def days_ago(days):
    """The date that many days before today, in the site's time zone."""
    return timezone.localdate() - timedelta(days=days)


def published_originals():
    """The engagement log records each city once, by its page in the default language."""
    return CityPage.objects.originals().live().public()


def english_name(theme):
    """A seeded theme's name as the English admin and site show it."""
    with translation.override("en"):
        return str(SEEDED_THEMES[theme.slug][0])


def client_in_language(user, language):
    """A client signed in as the user, whose account chose the language (the admin speaks it)."""
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = language
    profile.save()
    client = Client()
    client.force_login(user)
    return client
