"""A city's timeline: its engagements interleaved with its page's publishing history, newest first.

Why this module is long: the timeline's filters, paging, query bound and kept keys are one view, best read
together.
"""

import re
import time
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import formats, timezone, translation
from wagtail.models import PageLogEntry

from cities.models import CityPage
from cities.themes import original_themes
from contacts.models import Engagement
from network.caching.versions import ENGAGEMENT_LOG
from tests import factories, helpers
from tests.helpers import days_ago

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("timeline_world_for_module", "english_admin")]


@pytest.fixture(scope="module")
def timeline_world_for_module(django_db_setup, django_db_blocker):
    """Medellín, Bogotá and the staff user, made once for the module and rolled back after it. The
    `medellin`, `bogota` and `staff_user` fixtures fetch them afresh for each test, whose own changes are
    rolled back after it."""
    with helpers.rolled_back_after_module(django_db_blocker):
        factories.sample_city("Medellín")
        factories.sample_city("Bogotá")
        staff = factories.uil_staff()
        yield {"staff_user": staff.pk}


@pytest.fixture
def staff_user(db, timeline_world_for_module):
    """The staff user, as tests/conftest.py makes it, fetched afresh from the module's data for each test."""
    return get_user_model().objects.get(pk=timeline_world_for_module["staff_user"])


@pytest.fixture(autouse=True)
def english():
    """The staff user reads the admin in English; dates and labels are compared in English too."""
    with translation.override("en"):
        yield


PAGE_SIZE = 25
MAX_TIMELINE_QUERIES = 30


def timeline(client, city, **params):
    response = client.get(reverse("contacts_timeline:city", args=[city.pk]), params)
    assert response.status_code == 200
    return response


def entries(soup, response):
    """The timeline's entries, top to bottom, as their text."""
    return [item.get_text(" ", strip=True) for item in soup(response).select("li.city-timeline__entry")]


def positions(texts, markers):
    """For each marker, the index of the one entry that contains it."""
    found = {}
    for marker in markers:
        indexes = [index for index, text in enumerate(texts) if marker in text]
        assert len(indexes) == 1, f"{marker!r} appears in {len(indexes)} entries"
        found[marker] = indexes[0]
    return found


def publish_change(city, user, summary):
    page = CityPage.objects.get(pk=city.pk)
    page.summary = summary
    page.save_revision(user=user).publish(user=user)
    return PageLogEntry.objects.filter(page=city, action="wagtail.publish").latest("pk")


def name_the_staff(staff_user):
    staff_user.first_name, staff_user.last_name = "Úrsula", "Iguarán"
    staff_user.save()
    return staff_user


@pytest.fixture
def named_staff(staff_user):
    return name_the_staff(staff_user)


def new_contact(given_name, family_name):
    return factories.ContactFactory(given_name=given_name, family_name=family_name)


def new_engagement(title, cities, **fields):
    return factories.EngagementFactory(title=title, cities=cities, **fields)


def make_history(named_staff, medellin, bogota, themes):
    """Three engagements of Medellín, one of Bogotá, and a change to Medellín's page 20 days ago."""
    lucia = new_contact("Lucía", "Pérez")
    marie = new_contact("Marie", "Dupont")
    recent = new_engagement(
        "Llamada de seguimiento",
        [medellin],
        date=days_ago(1),
        kind="call",
        participants=[lucia, marie],
        owner=named_staff,
        themes=[themes[0]],
        outcome="Enviarán el informe anual",
        follow_up_date=days_ago(-3),
    )
    workshop = new_engagement(
        "Taller de alfabetización",
        [medellin, bogota],
        date=days_ago(10),
        kind="workshop",
        themes=[themes[1]],
        follow_up_date=days_ago(2),
    )
    visit = new_engagement(
        "Visita a los parques biblioteca",
        [medellin],
        date=days_ago(30),
        kind="visit",
        themes=[themes[0], themes[1]],
        follow_up_date=days_ago(25),
        follow_up_done=True,
    )
    elsewhere = new_engagement("Solo en Bogotá", [bogota], date=days_ago(5))
    old_change = publish_change(medellin, named_staff, "Un resumen anterior.")
    PageLogEntry.objects.filter(pk=old_change.pk).update(timestamp=timezone.now() - timedelta(days=20))
    return {"recent": recent, "workshop": workshop, "visit": visit, "elsewhere": elsewhere, "old": old_change}


@pytest.fixture(scope="class")
def history_for_class(django_db_setup, django_db_blocker, timeline_world_for_module):
    """The history of `history` (with the staff user named), by pk; made once for the tests of the class and
    rolled back after them."""
    with helpers.rolled_back_after_module(django_db_blocker):
        staff = name_the_staff(get_user_model().objects.get(pk=timeline_world_for_module["staff_user"]))
        medellin, bogota = factories.sample_city("Medellín"), factories.sample_city("Bogotá")
        made = make_history(staff, medellin, bogota, list(original_themes().order_by("slug")))
        yield {key: item.pk for key, item in made.items()}


@pytest.fixture
def history(history_for_class, named_staff):
    """Three engagements of Medellín, one of Bogotá, and a change to Medellín's page 20 days ago, made once
    for the class (history_for_class) and fetched afresh for each test, which may change them."""
    engagements = {
        key: Engagement.objects.get(pk=pk) for key, pk in history_for_class.items() if key != "old"
    }
    return {**engagements, "old": PageLogEntry.objects.get(pk=history_for_class["old"])}


def test_an_unknown_city_is_not_found(staff_client):
    assert staff_client.get(reverse("contacts_timeline:city", args=[999_999])).status_code == 404


def test_the_timeline_offers_log_an_engagement(staff_client, soup, medellin):
    page = soup(timeline(staff_client, medellin))
    links = {link["href"] for link in page.select("a[href]")}
    assert f"{reverse('wagtailsnippets_contacts_engagement:add')}?city={medellin.pk}" in links


def test_a_translation_s_timeline_is_its_city_s(staff_client, soup, engagement_factory, medellin):
    """The admin's page header offers the timeline on the English page too: it shows Medellín's log."""
    engagement_factory("Reunión con la alcaldía", [medellin], date=days_ago(2))
    english = CityPage.objects.get(translation_key=medellin.translation_key, locale__language_code="en")

    assert any("Reunión con la alcaldía" in entry for entry in entries(soup, timeline(staff_client, english)))


def test_dates_are_ordered_in_the_sites_time_zone(staff_client, soup, engagement_factory, medellin):
    """An engagement dated D is newer than a change published at 8 pm local time on the day before."""
    day = days_ago(3)
    engagement_factory("Reunión del día D", [medellin], date=day)
    change = publish_change(medellin, None, "Cambio de la víspera.")
    evening_before = datetime.combine(
        day - timedelta(days=1), datetime.min.time(), ZoneInfo(settings.TIME_ZONE)
    )
    PageLogEntry.objects.filter(pk=change.pk).update(timestamp=evening_before + timedelta(hours=20))
    texts = entries(soup, timeline(staff_client, medellin))
    engagement = positions(texts, ["Reunión del día D"])["Reunión del día D"]
    evening = next(
        index
        for index, text in enumerate(texts)
        if formats.date_format(day - timedelta(days=1), "DATE_FORMAT") in text and "Published" in text
    )
    assert engagement < evening, texts


class TestTimelineOfAHistory:
    """The timeline of Medellín's history, made once for the tests of this class (history_for_class)."""

    def test_engagements_and_page_changes_newest_first(
        self, staff_client, soup, history, medellin, named_staff
    ):
        new_change = publish_change(medellin, named_staff, "Un resumen nuevo.")
        texts = entries(soup, timeline(staff_client, medellin))
        found = positions(
            texts, ["Llamada de seguimiento", "Taller de alfabetización", "Visita a los parques"]
        )
        changes = [
            index for index, text in enumerate(texts) if "Úrsula Iguarán" in text and "Published" in text
        ]
        assert len(changes) == 2, texts
        newest_change, old_change = changes
        assert (
            newest_change
            < found["Llamada de seguimiento"]
            < found["Taller de alfabetización"]
            < old_change
            < found["Visita a los parques"]
        )
        assert newest_change == 0
        assert str(new_change.message) in texts[newest_change]
        assert not any("Solo en Bogotá" in text for text in texts)

    def test_every_page_change_of_the_city_is_on_its_timeline(self, staff_client, soup, history, medellin):
        texts = entries(soup, timeline(staff_client, medellin))
        assert len(texts) == 3 + PageLogEntry.objects.filter(page=medellin).count()

    def test_an_engagement_shows_kind_date_title_participants_owner_outcome_and_follow_up(
        self, staff_client, soup, history, medellin
    ):
        texts = entries(soup, timeline(staff_client, medellin))
        call = texts[positions(texts, ["Llamada de seguimiento"])["Llamada de seguimiento"]]
        assert "Call" in call
        assert formats.date_format(days_ago(1), "DATE_FORMAT") in call
        assert "Lucía Pérez" in call and "Marie Dupont" in call
        assert "Úrsula Iguarán" in call
        assert "Enviarán el informe anual" in call
        assert formats.date_format(days_ago(-3), "DATE_FORMAT") in call
        assert "overdue" not in call
        workshop = texts[positions(texts, ["Taller de alfabetización"])["Taller de alfabetización"]]
        assert "Workshop" in workshop
        assert "overdue" in workshop
        visit = texts[positions(texts, ["Visita a los parques"])["Visita a los parques"]]
        assert "done" in visit and "overdue" not in visit

    def test_an_entry_links_to_the_engagement(self, staff_client, soup, history, medellin):
        page = soup(timeline(staff_client, medellin))
        links = {link["href"] for link in page.select("li.city-timeline__entry a")}
        edit = reverse("wagtailsnippets_contacts_engagement:edit", args=[history["recent"].pk])
        assert edit in links

    def test_filter_by_kind(self, staff_client, soup, history, medellin):
        texts = entries(soup, timeline(staff_client, medellin, kind="workshop"))
        assert len(texts) == 1
        assert "Taller de alfabetización" in texts[0]

    def test_filter_by_theme(self, staff_client, soup, history, medellin, themes):
        texts = entries(soup, timeline(staff_client, medellin, theme=themes[0].slug))
        assert len(texts) == 2
        positions(texts, ["Llamada de seguimiento", "Visita a los parques"])
        texts = entries(soup, timeline(staff_client, medellin, theme=themes[1].slug, kind="visit"))
        assert len(texts) == 1 and "Visita a los parques" in texts[0]

    def test_page_history_shows_only_page_changes(self, staff_client, soup, history, medellin):
        texts = entries(soup, timeline(staff_client, medellin, kind="page_history"))
        assert len(texts) == PageLogEntry.objects.filter(page=medellin).count()
        assert not any(title in text for text in texts for title in ("Llamada", "Taller", "Visita"))
        assert any("Published" in text and "Úrsula Iguarán" in text for text in texts)

    def test_an_unknown_filter_shows_everything(self, staff_client, soup, history, medellin):
        everything = entries(soup, timeline(staff_client, medellin))
        assert (
            entries(soup, timeline(staff_client, medellin, kind="gossip", theme="no-such-theme"))
            == everything
        )

    def test_the_timeline_shows_changes_made_after_it_was_seen(
        self, staff_client, soup, history, medellin, engagement_factory
    ):
        published = len(
            [text for text in entries(soup, timeline(staff_client, medellin)) if "Published" in text]
        )

        engagement_factory("Reunión posterior", [medellin], date=days_ago(2))
        publish_change(medellin, None, "Un resumen nuevo.")
        history["visit"].delete()
        history["workshop"].title = "Taller renombrado"
        history["workshop"].save()
        texts = entries(soup, timeline(staff_client, medellin))

        order = positions(texts, ["Llamada de seguimiento", "Reunión posterior", "Taller renombrado"])
        assert order["Llamada de seguimiento"] < order["Reunión posterior"] < order["Taller renombrado"]
        assert len([text for text in texts if "Published" in text]) == published + 1
        assert not [text for text in texts if "Visita a los parques biblioteca" in text]
        assert (
            len(texts)
            == Engagement.objects.filter(cities=medellin).count()
            + PageLogEntry.objects.filter(page=medellin).count()
        )

    def test_linking_an_engagement_to_the_city_puts_it_on_the_timeline(
        self, staff_client, soup, history, medellin
    ):
        entries(soup, timeline(staff_client, medellin))
        elsewhere = Engagement.objects.get(pk=history["elsewhere"].pk)
        elsewhere.cities.add(medellin)
        elsewhere.save()
        assert [text for text in entries(soup, timeline(staff_client, medellin)) if "Solo en Bogotá" in text]

    def test_a_timeline_seen_again_does_not_sort_the_citys_engagements_again(
        self, staff_client, soup, history, medellin
    ):
        for params in ({}, {"kind": "workshop"}, {"kind": "page_history"}):
            first = entries(soup, timeline(staff_client, medellin, **params))
            with CaptureQueriesContext(connection) as queries:
                again = entries(soup, timeline(staff_client, medellin, **params))
            assert again == first
            sorted_entries = [
                query["sql"] for query in queries.captured_queries if '"day" DESC' in query["sql"]
            ]
            assert not sorted_entries, params


# --- Pagination and bounded queries -----------------------------------------------------------------

KINDS = [kind for kind, _label in Engagement.Kind.choices]


def bulk_engagements(city, count, *, contacts, themes, owner, start=0):
    """Engagements of one city with two participants and one or two themes each, in bulk.

    Bulk writes send no signals: like the importer, this says that the log changed when it is done.
    """
    created = Engagement.objects.bulk_create(
        [
            Engagement(
                title=f"Registro {number:05d}",
                kind=KINDS[number % len(KINDS)],
                date=days_ago(1 + number % 3650),
                owner=owner,
                outcome=f"Resultado {number}",
                follow_up_date=days_ago(number % 40 - 20) if number % 3 == 0 else None,
                follow_up_done=number % 6 == 0,
            )
            for number in range(start, start + count)
        ],
        batch_size=1000,
    )
    ids = [engagement.pk for engagement in created]
    assert all(ids)
    Engagement.cities.through.objects.bulk_create(
        [Engagement.cities.through(engagement_id=pk, citypage_id=city.pk) for pk in ids], batch_size=2000
    )
    Engagement.participants.through.objects.bulk_create(
        [
            Engagement.participants.through(engagement_id=pk, contact_id=contact.pk)
            for index, pk in enumerate(ids)
            for contact in (contacts[index % len(contacts)], contacts[(index + 1) % len(contacts)])
        ],
        batch_size=2000,
    )
    Engagement.themes.through.objects.bulk_create(
        [
            Engagement.themes.through(engagement_id=pk, theme_id=theme.pk)
            for index, pk in enumerate(ids)
            for theme in themes[: 1 + index % 2]
        ],
        batch_size=2000,
    )
    ENGAGEMENT_LOG.changed()
    return ids


@pytest.fixture
def many_contacts(contact_factory):
    return [contact_factory(f"Persona {number}", f"Apellido {number}") for number in range(5)]


def test_pagination_twenty_five_per_page(staff_client, soup, medellin, many_contacts, themes, staff_user):
    bulk_engagements(medellin, 40, contacts=many_contacts, themes=themes, owner=staff_user)
    page_changes = PageLogEntry.objects.filter(page=medellin).count()
    first = entries(soup, timeline(staff_client, medellin))
    second = entries(soup, timeline(staff_client, medellin, p=2))
    assert len(first) == PAGE_SIZE
    assert len(second) == 40 + page_changes - PAGE_SIZE
    numbers = [int(match) for text in first + second for match in re.findall(r"Registro (\d{5})", text)]
    assert sorted(numbers) == list(range(40)), "every engagement once, none on two pages"
    # Engagement n is n + 1 days old: newest first across both pages.
    assert numbers == sorted(numbers)


def test_pages_keep_the_filters(staff_client, soup, medellin, many_contacts, themes, staff_user):
    bulk_engagements(medellin, 120, contacts=many_contacts, themes=themes, owner=staff_user)
    response = timeline(staff_client, medellin, kind="meeting", p=1)
    texts = entries(soup, response)
    meetings = Engagement.objects.filter(cities=medellin, kind="meeting").count()
    assert len(texts) == meetings == 12
    response = timeline(staff_client, medellin, kind="email")
    assert all("E-mail" in text for text in entries(soup, response))
    response = timeline(staff_client, medellin, theme=themes[1].slug)
    assert len(entries(soup, response)) == PAGE_SIZE
    next_link = soup(response).select_one("nav.pagination li.next a[href]")
    assert next_link is not None
    assert f"theme={themes[1].slug}" in next_link["href"] and "p=2" in next_link["href"]


def test_a_page_past_the_end_shows_the_last_page(
    staff_client, soup, medellin, many_contacts, themes, staff_user
):
    bulk_engagements(medellin, 40, contacts=many_contacts, themes=themes, owner=staff_user)
    last = entries(soup, timeline(staff_client, medellin, p=2))
    assert entries(soup, timeline(staff_client, medellin, p=99)) == last
    assert entries(soup, timeline(staff_client, medellin, p="x")) == entries(
        soup, timeline(staff_client, medellin)
    )


def measure(client, city, **params):
    url = reverse("contacts_timeline:city", args=[city.pk])
    client.get(url, params)  # warm per-process caches
    started = time.perf_counter()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params)
    elapsed = time.perf_counter() - started
    assert response.status_code == 200
    return len(queries.captured_queries), elapsed, response


def test_the_timeline_costs_the_same_with_ten_thousand_engagements(
    staff_client, soup, medellin, many_contacts, themes, staff_user, record_property
):
    bulk_engagements(medellin, 60, contacts=many_contacts, themes=themes, owner=staff_user)
    small_first, _time, _response = measure(staff_client, medellin)
    small_later, _time, _response = measure(staff_client, medellin, p=2)

    started = time.perf_counter()
    bulk_engagements(medellin, 9_940, contacts=many_contacts, themes=themes, owner=staff_user, start=60)
    setup_seconds = time.perf_counter() - started
    assert Engagement.objects.filter(cities=medellin).count() == 10_000

    large_first, first_seconds, response = measure(staff_client, medellin)
    assert len(entries(soup, response)) == PAGE_SIZE
    large_later, later_seconds, response = measure(staff_client, medellin, p=150)
    later = entries(soup, response)
    assert len(later) == PAGE_SIZE
    assert all("Registro" in text for text in later)
    large_filtered, filtered_seconds, response = measure(staff_client, medellin, kind="workshop", p=3)
    assert len(entries(soup, response)) == PAGE_SIZE

    figures = {
        "queries (60, page 1)": small_first,
        "queries (60, page 2)": small_later,
        "queries (10,000, page 1)": large_first,
        "queries (10,000, page 150)": large_later,
        "queries (10,000, workshops page 3)": large_filtered,
        "seconds (10,000, page 1)": round(first_seconds, 3),
        "seconds (10,000, page 150)": round(later_seconds, 3),
        "seconds (10,000, workshops page 3)": round(filtered_seconds, 3),
        "seconds to bulk-create 9,940": round(setup_seconds, 2),
    }
    for name, value in figures.items():
        record_property(name, value)
    print(f"\nTimeline figures ({connection.vendor}): {figures}")

    assert large_first == small_first <= MAX_TIMELINE_QUERIES
    assert large_later == small_later <= MAX_TIMELINE_QUERIES
    assert large_filtered <= MAX_TIMELINE_QUERIES
