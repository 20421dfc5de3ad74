"""The city pickers of the admin list cities as a dictionary does (cities/ordering.py), as the directory and
the reports do: Córdoba before Curitiba and São Paulo before Sorocaba, not after them as code points would
have it. The engagement log's city chooser, the city a focal point of several cities registers someone
for, the attendance report's rows and the cities a progress reminder will not reach."""

import pytest
from django.urls import reverse
from django.utils import translation

from events.models import CheckIn, Registration
from mailings.reminders import cities_out_of_reach
from tests.factories import CityFactory, ContactFactory, EventFactory, FocalPointFactory
from tests.helpers import parse_html

pytestmark = pytest.mark.django_db

NAMES = ["Córdoba", "Curitiba", "São Paulo", "Sorocaba"]


@pytest.fixture
def cities():
    made = [
        CityFactory(title=title, country=country)
        for title, country in [("Sorocaba", "BR"), ("São Paulo", "BR"), ("Curitiba", "BR"), ("Córdoba", "AR")]
    ]
    return {city.title: city for city in made}


def in_order(texts):
    return [name for text in texts for name in NAMES if text.startswith(name)]


def test_the_engagement_log_s_city_chooser(staff_client, cities):
    response = staff_client.get(reverse("contacts_city_chooser:choose_results"))
    rows = parse_html(response).select("tbody tr")
    assert in_order([" ".join(row.get_text().split()) for row in rows]) == NAMES


def test_the_city_a_focal_point_of_several_cities_registers_someone_for(client, cities):
    user = FocalPointFactory(city=cities["Sorocaba"])
    for name in NAMES[:-1]:
        user.groups.add(cities[name].access.group)
    EventFactory()  # The form is offered while an event is open for registration.
    client.force_login(user)
    response = client.get(reverse("events_city:registrations"))
    options = parse_html(response).select("select[name=city] option")
    assert in_order([option.get_text(strip=True) for option in options]) == NAMES


def test_the_attendance_report_s_cities(staff_client, cities):
    event = EventFactory()
    for name in NAMES:
        contact = ContactFactory(given_name=name)
        registration = Registration.objects.create(
            event=event,
            contact=contact,
            name=name,
            email=f"{contact.pk}@example.org",
            city=cities[name],
            status=Registration.Status.CONFIRMED,
        )
        CheckIn.objects.create(registration=registration, day=event.starts_at.astimezone(event.zone).date())
    response = staff_client.get(reverse("events_attendance_report:index"))
    rows = parse_html(response).select("main table tbody tr")
    assert in_order([" ".join(row.select_one("th, td").get_text().split()) for row in rows]) == NAMES


@pytest.mark.parametrize("language", ["es", "pt-br", "en"])
def test_the_cities_a_reminder_will_not_reach(cities, language):
    with translation.override(language):
        titles = list(
            cities_out_of_reach([city.pk for city in cities.values()]).values_list("title", flat=True)
        )
    assert titles == NAMES
