"""What each entry of a city's timeline costs (contacts/views.py): the page reads what its entries show, the
date, kind, title, participants' names, owner's name, outcome and follow-up of an engagement, and nothing
else: no themes (the entries do not name them: the summary above counts them, kept until the log
changes), no summaries, no participants' details and no owners' account details. Around them, the page
reads the city with its locale (whether it is a translation), looks a theme up only when the timeline is
filtered by one, and names the mayor and the focal points without reading the rest of their records. A
warm page view runs a fixed number of queries: 23, three fewer than before these savings.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from contacts.models import CityRole
from tests import factories
from tests.helpers import days_ago

pytestmark = pytest.mark.django_db

# Session, user, permissions, the city, the kept keys' two counts, the entries (the engagements, their
# participants, the page's and the reports' log entries), the city's summary (roles, workflow, focal
# points, theme labels, measures) and Wagtail's admin frame around it, on PostgreSQL and on SQLite.
MAX_WARM_QUERIES = 23
UNSHOWN_COLUMNS = ('"summary"', '"job_title"', '"notes"', '"auth_user"."password"', '"auth_user"."email"')


def warm_timeline(client, city):
    """The timeline seen a second time (the shared cache holds its keys and the summary's figures)."""
    url = reverse("contacts_timeline:city", args=[city.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return response, [query["sql"] for query in captured.captured_queries]


@pytest.fixture
def logged(medellin, themes):
    owner = factories.StaffFactory(username="cgomez", first_name="Carla", last_name="Gómez")
    lucia = factories.ContactFactory(
        given_name="Lucía", family_name="Pérez", job_title="Secretaria de Educación", notes="Llamar antes."
    )
    return factories.EngagementFactory(
        title="Llamada de seguimiento",
        cities=[medellin],
        date=days_ago(1),
        kind="call",
        participants=[lucia],
        owner=owner,
        themes=[themes[0]],
        summary="Un resumen largo que el historial no muestra.",
        outcome="Enviarán el informe anual",
        follow_up_date=days_ago(-3),
    )


def test_the_entries_read_only_what_they_show(staff_client, soup, english_admin, medellin, logged):
    response, sql = warm_timeline(staff_client, medellin)

    texts = [item.get_text(" ", strip=True) for item in soup(response).select("li.city-timeline__entry")]
    entry = next(text for text in texts if "Llamada de seguimiento" in text)
    for shown in ("Call", "Lucía Pérez", "Carla Gómez", "Enviarán el informe anual"):
        assert shown in entry
    engagements = [query for query in sql if 'FROM "contacts_engagement" ' in query]
    participants = [query for query in sql if '"contacts_engagement_participants"' in query]
    assert engagements and participants
    for query in engagements + participants:
        for column in UNSHOWN_COLUMNS:
            assert column not in query, f"the timeline read {column}, which its entries do not show"
    assert not [query for query in sql if '"contacts_engagement_themes"' in query], (
        "the timeline read the entries' themes, which it does not show"
    )


def test_a_warm_timeline_runs_a_fixed_number_of_queries(staff_client, english_admin, medellin, logged):
    _response, sql = warm_timeline(staff_client, medellin)
    assert len(sql) <= MAX_WARM_QUERIES, "\n".join(sql)


def test_the_city_s_roles_are_read_by_name(staff_client, english_admin, medellin, logged):
    mayor = factories.ContactFactory(given_name="Daniel", family_name="Quintero", notes="Despacho.")
    CityRole.objects.create(contact=mayor, city=medellin, role=CityRole.Role.MAYOR)

    response, sql = warm_timeline(staff_client, medellin)

    assert "Daniel Quintero" in response.content.decode()
    roles = [query for query in sql if 'FROM "contacts_cityrole"' in query]
    assert roles
    for column in ('"notes"', '"job_title"', '"consent_basis"'):
        assert column not in roles[0], f"the summary read the people's {column}, which it does not show"
