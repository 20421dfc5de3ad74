"""A city page's sources are described in the reader's language: the shipped list's notes, written in
English, are shown in Spanish on the Spanish page and in Portuguese on the Portuguese one
(cities/data/source_notes.csv); a note the file does not know is shown as written."""

import csv

import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from django.utils import translation

from cities.imports import read_rows
from cities.profile import SOURCE_NOTES, sources
from tests import factories

pytestmark = pytest.mark.django_db

ADDRESS = "https://noticias.example.org/2024/nuevas-ciudades"
LANGUAGE_PATHS = {"es": "/cities/{slug}/", "pt_BR": "/pt-br/cities/{slug}/", "en": "/en/cities/{slug}/"}


def note_rows():
    with SOURCE_NOTES.open(encoding="utf-8", newline="") as file:
        return list(csv.DictReader(file))


def shown_notes(client, city):
    """The note beside ADDRESS on the city's page, by language."""
    notes = {}
    for language, path in LANGUAGE_PATHS.items():
        response = client.get(path.format(slug=city.slug))
        assert response.status_code == 200
        sources = BeautifulSoup(response.content, "html.parser").find(id="sources-heading").find_parent()
        link = sources.find("a", href=ADDRESS)
        notes[language] = link.find_next_sibling("span").get_text()
    return notes


def test_a_shipped_note_is_shown_in_the_readers_language(client, make_city):
    row = next(row for row in note_rows() if row["en"].startswith("14 Feb 2024"))
    city = make_city(
        "Ciudad Con Fuentes",
        country="BR",
        # A line in the shipped list's format: addresses, the note in brackets, the compilers' notes.
        membership_sources=f"{ADDRESS} ({row['en']}) [coords: geonames name 'Ciudad'] || v2: checked",
    )

    notes = shown_notes(client, city)

    assert notes == {language: f"({row[language]})" for language in LANGUAGE_PATHS}
    assert len(set(notes.values())) == 3, notes


def test_a_note_the_file_does_not_know_is_shown_as_written(client, make_city):
    city = make_city("Ciudad Con Nota Propia", membership_sources=f"{ADDRESS} (boletín municipal, 2025)")

    notes = shown_notes(client, city)

    assert set(notes.values()) == {"(boletín municipal, 2025)"}


def test_every_note_of_the_shipped_list_has_a_spanish_and_a_portuguese_version():
    rows = note_rows()
    assert [tuple(row) for row in rows[:1]] == [("en", "es", "pt_BR")]
    by_note = {row["en"]: row for row in rows}
    assert len(by_note) == len(rows), "a note is listed twice"
    shipped = read_rows(settings.LEARNING_CITIES_CSV.read_text(encoding="utf-8"))
    with translation.override("en"):
        notes = {
            source.note
            for row in shipped
            for source in sources(factories.CityFactory.build(**row.values))
            if source.note and not source.url.startswith("https://www.geonames.org/")
        }

    assert notes, "the shipped list yields no notes"
    missing = sorted(note for note in notes if not (by_note.get(note, {}).get("es", "").strip()))
    missing += sorted(note for note in notes if not (by_note.get(note, {}).get("pt_BR", "").strip()))
    assert not missing, missing
