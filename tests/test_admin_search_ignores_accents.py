"""The admin's search boxes (the engagement log's listings and choosers, registrations, the door's check-in
list, mailings, the framework's labels, themes) find words typed without accents or in capitals, and
each word of a query may be in a different field: staff type "bogota", "reunion" or "jose perez"."""

from datetime import timedelta

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from contacts.models import Engagement
from events.models import EventPage
from events.registration import Registrant, register
from mailings.models import Mailing, Segment
from network.admin_search import matching_words
from progress.models import Area, Framework
from tests.factories import (
    CityFactory,
    ContactFactory,
    EngagementFactory,
    EventFactory,
    OrganisationFactory,
    ThemeFactory,
)

pytestmark = pytest.mark.django_db


def rows(soup, response):
    assert response.status_code == 200
    return [row.get_text(" ", strip=True) for row in soup(response).select("tbody tr")]


def found(soup, response, names):
    """Which of `names` the listing's rows show, and how many rows show each."""
    texts = rows(soup, response)
    return {name: sum(name in text for text in texts) for name in names if any(name in t for t in texts)}


@pytest.fixture
def bogota_city(db):
    return CityFactory(title="Bogotá", country="CO", region="Bogotá D.C.")


@pytest.fixture
def crm(bogota_city):
    """Two contacts (one with two addresses at the city's domain), two organisations, two engagements."""
    alcaldia = OrganisationFactory(name="Alcaldía Mayor de Bogotá", city=bogota_city)
    other = OrganisationFactory(name="Secretaria de Cultura")
    ContactFactory(
        given_name="José",
        family_name="Pérez",
        job_title="Jefe de Educación",
        organisation=alcaldia,
        emails=["jose@bogota.gov.co", "jperez@bogota.gov.co"],
    )
    ContactFactory(given_name="Ana", family_name="Silva", organisation=other, emails=["ana@example.org"])
    EngagementFactory(title="Reunión con la alcaldía", summary="Plan de educación", cities=[bogota_city])
    EngagementFactory(title="Llamada de seguimiento", summary="Calendario", cities=[bogota_city])


CONTACTS = ("José Pérez", "Ana Silva")
ENGAGEMENTS = ("Reunión con la alcaldía", "Llamada de seguimiento")
ORGANISATIONS = ("Alcaldía Mayor de Bogotá", "Secretaria de Cultura")


@pytest.mark.parametrize(
    "listing, query, names, expected",
    [
        ("contacts_contact", "jose perez", CONTACTS, {"José Pérez"}),
        ("contacts_contact", "PÉREZ", CONTACTS, {"José Pérez"}),
        ("contacts_contact", "alcaldia", CONTACTS, {"José Pérez"}),
        ("contacts_contact", "educacion jefe", CONTACTS, {"José Pérez"}),
        ("contacts_contact", "jose silva", CONTACTS, set()),
        ("contacts_engagement", "reunion", ENGAGEMENTS, {"Reunión con la alcaldía"}),
        ("contacts_engagement", "ALCALDIA educacion", ENGAGEMENTS, {"Reunión con la alcaldía"}),
        ("contacts_organisation", "bogota", ORGANISATIONS, {"Alcaldía Mayor de Bogotá"}),
        ("contacts_organisation", "secretaría", ORGANISATIONS, {"Secretaria de Cultura"}),
    ],
)
def test_the_engagement_log_s_listings_ignore_accents_and_case(
    staff_client, soup, crm, listing, query, names, expected
):
    response = staff_client.get(reverse(f"wagtailsnippets_{listing}:list"), {"q": query})
    assert set(found(soup, response, names)) == expected


def test_a_contact_whose_two_addresses_match_is_listed_once(staff_client, soup, crm):
    response = staff_client.get(reverse("wagtailsnippets_contacts_contact:list"), {"q": "BOGOTA.GOV"})
    assert found(soup, response, CONTACTS) == {"José Pérez": 1}


@pytest.mark.parametrize("query", ["%", "_", "jose_perez"])
def test_a_typed_wildcard_matches_only_itself(staff_client, soup, crm, query):
    response = staff_client.get(reverse("wagtailsnippets_contacts_contact:list"), {"q": query})
    assert found(soup, response, CONTACTS) == {}


def test_the_contact_chooser_finds_a_person_typed_without_accents(staff_client, soup, crm):
    url = reverse("wagtailsnippetchoosers_contacts_contact:choose_results")
    response = staff_client.get(url, {"q": "jose alcaldia"})
    assert set(found(soup, response, CONTACTS)) == {"José Pérez"}


def test_the_city_chooser_finds_a_city_typed_without_accents(staff_client, soup, bogota_city):
    CityFactory(title="Medellín", country="CO", region="Antioquia")
    response = staff_client.get(reverse("contacts_city_chooser:choose_results"), {"q": "BOGOTA"})
    assert set(found(soup, response, ["Bogotá", "Medellín"])) == {"Bogotá"}


@pytest.fixture
def workshop(bogota_city):
    """An event on now, with two confirmed registrants."""
    event = EventFactory(
        title="Taller",
        starts_at=timezone.now() + timedelta(hours=1),
        ends_at=timezone.now() + timedelta(hours=5),
        registration_closes_at=None,
    )
    register(event, Registrant(given_name="María", family_name="Núñez", email="maria@example.org"))
    register(event, Registrant(given_name="Mario", family_name="Rojas", email="mario@example.org"))
    EventPage.objects.filter(pk=event.pk).update(starts_at=timezone.now() - timedelta(minutes=5))
    event.refresh_from_db()
    return event


def test_the_registrations_listing_finds_a_name_typed_without_accents(staff_client, soup, workshop):
    response = staff_client.get(reverse("wagtailsnippets_events_registration:list"), {"q": "maria nunez"})
    assert set(found(soup, response, ["María Núñez", "Mario Rojas"])) == {"María Núñez"}


def test_the_check_in_list_finds_a_name_typed_without_accents(staff_client, soup, workshop):
    url = reverse("events_check_in:page", args=[workshop.pk])
    page = soup(staff_client.get(url, {"q": "NUNEZ maria"}))
    names = page.get_text(" ", strip=True)
    assert "María Núñez" in names and "Mario Rojas" not in names


def test_mailings_and_segments_are_found_without_accents(staff_client, soup):
    segment = Segment.objects.create(name="Alcaldías andinas", description="Región andina")
    Segment.objects.create(name="Universidades")
    Mailing.objects.create(segment=segment, subject_es="Boletín de noviembre", body_es="Hola")
    Mailing.objects.create(segment=segment, subject_es="Invitación al foro", body_es="Hola")
    segments = staff_client.get(reverse("wagtailsnippets_mailings_segment:list"), {"q": "region"})
    assert set(found(soup, segments, ["Alcaldías andinas", "Universidades"])) == {"Alcaldías andinas"}
    mailings = staff_client.get(reverse("wagtailsnippets_mailings_mailing:list"), {"q": "boletin"})
    names = ["Boletín de noviembre", "Invitación al foro"]
    assert set(found(soup, mailings, names)) == {"Boletín de noviembre"}


def test_framework_labels_and_themes_are_found_without_accents(staff_client, soup):
    framework = Framework.objects.create(name="Marco de prueba", version="1")
    Area.objects.create(framework=framework, code="A9", label_es="Participación ciudadana")
    Area.objects.create(framework=framework, code="B9", label_es="Salud")
    areas = staff_client.get(reverse("wagtailsnippets_progress_area:list"), {"q": "participacion"})
    assert set(found(soup, areas, ["Participación ciudadana", "Salud"])) == {"Participación ciudadana"}
    ThemeFactory(name="Música comunitaria")
    themes = staff_client.get(reverse("wagtailsnippets_cities_theme:list"), {"q": "MUSICA"})
    listed = rows(soup, themes)
    assert listed and all("Música comunitaria" in text for text in listed)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite has no trigram indexes")
def test_the_engagement_log_s_search_can_use_its_trigram_indexes_on_postgresql():
    """At a million engagements a scan takes seconds (contacts/migrations/0008): the planner, told to avoid
    one, must find an index for each searched field."""
    searched = matching_words(Engagement.objects.all(), "reunión", ("title", "summary", "outcome"))
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
    plan = searched.explain()
    for field in ("title", "summary", "outcome"):
        assert f"Index Scan on contacts_engagement_{field}_fold_trgm" in plan, plan
