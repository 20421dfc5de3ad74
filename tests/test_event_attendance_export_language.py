"""The export of the attendance report speaks the reader's language in every heading: each heading is a
message that makemessages extracts for translators (a word translated inside an f-string is not, and stays
English in every language)."""

import shutil
from pathlib import Path

import polib
import pytest
from django.conf import settings as project_settings
from django.core.management import call_command
from django.urls import reverse
from wagtail.users.models import UserProfile

from tests.helpers import csv_rows

pytestmark = pytest.mark.django_db

REPORT_MODULE = Path(project_settings.BASE_DIR) / "events" / "reports.py"


def marked_catalogue(folder, source):
    """A Spanish catalogue of the messages makemessages extracts from `source`, each translated as itself
    between « and », compiled into `folder`/locale."""
    (folder / "events").mkdir(parents=True)
    shutil.copy(source, folder / "events")
    (folder / "locale").mkdir()
    call_command("makemessages", locale=["es"], verbosity=0)
    catalogue = polib.pofile(str(folder / "locale" / "es" / "LC_MESSAGES" / "django.po"))
    for entry in catalogue:
        entry.msgstr = f"«{entry.msgid}»"
    catalogue.save_as_mofile(str(folder / "locale" / "es" / "LC_MESSAGES" / "django.mo"))
    return folder / "locale"


def test_every_heading_of_the_attendance_export_is_a_message_to_translate(
    tmp_path, monkeypatch, settings, staff_client, staff_user, themes
):
    monkeypatch.chdir(tmp_path)  # makemessages writes into the folder it runs in.
    settings.LOCALE_PATHS = [marked_catalogue(tmp_path, REPORT_MODULE), *settings.LOCALE_PATHS]
    profile = UserProfile.get_for_user(staff_user)
    profile.preferred_language = "es"
    profile.save()
    rows = csv_rows(staff_client.get(reverse("events_attendance_report:index"), {"export": "csv"}))
    headings = rows[0]
    assert len(headings) == len(themes) + 4
    untranslated = [heading for heading in headings if not heading.startswith("«")]
    assert untranslated == []
