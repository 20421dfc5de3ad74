"""The Segments listing reads alphabetically, as a dictionary does (accents and case aside: "alcaldes",
"Ámbito rural", "Zona andina", not "Zona andina" first as code points would have it), like the contacts
and organisations (contacts/listing_order.py); the Mailings listing shows the newest first. Both still sort
by their columns."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from mailings.models import Mailing, Segment
from tests.helpers import client_in_language, parse_html

pytestmark = pytest.mark.django_db

SEGMENTS = reverse("wagtailsnippets_mailings_segment:list")
MAILINGS = reverse("wagtailsnippets_mailings_mailing:list")


def titles(response):
    assert response.status_code == 200
    rows = parse_html(response).select("tbody tr")
    return [" ".join(row.select_one("td.title").get_text().split()) for row in rows]


def names_in(cells, names):
    return [name for cell in cells for name in names if cell.startswith(name)]


@pytest.fixture
def client(superuser):
    return client_in_language(superuser, "en")


@pytest.fixture
def segments(db):
    return [Segment.objects.create(name=name) for name in ("Zona andina", "alcaldes", "Ámbito rural")]


def test_segments_are_listed_alphabetically_by_default(client, segments):
    names = ["alcaldes", "Ámbito rural", "Zona andina"]
    assert names_in(titles(client.get(SEGMENTS)), names) == names


def test_segments_still_sort_by_name_both_ways_and_by_description(client, segments):
    names = ["alcaldes", "Ámbito rural", "Zona andina"]
    assert names_in(titles(client.get(SEGMENTS, {"ordering": "name"})), names) == names
    assert names_in(titles(client.get(SEGMENTS, {"ordering": "-name"})), names) == names[::-1]
    assert client.get(SEGMENTS, {"ordering": "description"}).status_code == 200


def test_mailings_are_listed_newest_first_and_still_sort_by_subject(client, segments):
    now = timezone.now()
    for days, subject in [(3, "Boletín de marzo"), (1, "Aviso del foro"), (2, "Convocatoria")]:
        mailing = Mailing.objects.create(segment=segments[0], subject_es=subject, body_es="Hola")
        Mailing.objects.filter(pk=mailing.pk).update(created_at=now - timedelta(days=days))
    subjects = ["Aviso del foro", "Convocatoria", "Boletín de marzo"]
    assert names_in(titles(client.get(MAILINGS)), subjects) == subjects
    by_subject = names_in(titles(client.get(MAILINGS, {"ordering": "subject_es"})), subjects)
    assert by_subject == ["Aviso del foro", "Boletín de marzo", "Convocatoria"]
