"""From the profile completeness report, staff write a reminder to the focal points of incomplete
profiles: a segment of the day and a draft mailing they review and send themselves (issue #17)."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.contrib.messages import get_messages
from django.core import mail
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import slugify
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file
from wagtail.rich_text import RichText

from cities.models import CityPage
from mailings.models import Delivery, Mailing, Segment
from tests import factories
from tests.helpers import parse_html, rolled_back_after_module

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_admin")]

REMIND = "mailings_profile_reminders:remind"
REPORT = "cities_profile_completeness:index"
BUTTON = "Remind the focal points of incomplete profiles"


def focal_point(name, city, **dates):
    given, _, family = name.partition(" ")
    return factories.ContactFactory(
        given_name=given,
        family_name=family,
        emails=[f"{slugify(name)}@example.org"],
        consent_basis="public_task",
        roles=[{"city": city, "role": "focal_point", **dates}],
    )


@pytest.fixture
def complete_city(db):
    """A city whose profile has every part, with a focal point in the log."""
    city = factories.CityFactory(
        title="Ciudad Completa",
        country="MX",
        summary="Resumen.",
        mayor_name="Ana Pérez",
        website="https://completa.example.org",
        body=[("text", RichText("<p>Lo que hacemos.</p>"))],
        hero_image=Image.objects.create(title="Plaza", file=get_test_image_file(size=(8, 8))),
    )
    city.themes.add(factories.ThemeFactory())
    city.save_revision().publish()
    factories.FocalPointFactory(city=city)
    focal_point("Carla Completa", city)
    return city


@pytest.fixture(scope="class")
def incomplete_cities_for_class(django_db_setup, django_db_blocker):
    """Two cities with incomplete profiles and people who held, hold or will hold roles there (the cities'
    primary keys); made once for the tests of TestIncompleteProfiles and rolled back after them."""
    with rolled_back_after_module(django_db_blocker), translation.override("en"):
        today = timezone.localdate()
        empty = factories.CityFactory(title="Ciudad Vacía", country="PE")
        half = factories.CityFactory(title="Ciudad Media", country="CL", summary="Resumen.")
        focal_point("Lucía Paz", empty, start_date=today - timedelta(days=30))
        focal_point("Pedro Antiguo", empty, end_date=today - timedelta(days=1))
        focal_point("Diego Futuro", empty, start_date=today + timedelta(days=10))
        focal_point("Sara Lima", half)
        factories.ContactFactory(given_name="Marta", roles=[{"city": empty, "role": "mayor"}])
        yield [empty.pk, half.pk]


@pytest.fixture
def incomplete_cities(db, incomplete_cities_for_class):
    """The two cities of incomplete_cities_for_class, fetched afresh for each test: what a test changes
    in them is rolled back after it."""
    pages = CityPage.objects.in_bulk(incomplete_cities_for_class)
    return [pages[pk] for pk in incomplete_cities_for_class]


def remind(client):
    return client.post(reverse(REMIND))


def edit_url(mailing):
    return reverse("wagtailsnippets_mailings_mailing:edit", args=[mailing.pk])


def test_with_every_profile_complete_nobody_is_reminded(staff_client, complete_city):
    response = remind(staff_client)

    assert response["Location"] == reverse(REPORT)
    assert [str(message) for message in get_messages(response.wsgi_request)] == [
        "Every city profile is complete: there is nobody to remind."
    ]
    assert not Segment.objects.exists() and not Mailing.objects.exists()


@pytest.fixture
def report_reader(db):
    """May read the completeness report, not write mailings."""
    group = Group.objects.create(name="Report readers")
    group.permissions.add(
        Permission.objects.get(codename="access_admin"),
        Permission.objects.get(content_type__app_label="cities", codename="view_focal_point_activity"),
    )
    user = factories.UserFactory(username="report-reader")
    user.groups.add(group)
    return user


class TestIncompleteProfiles:
    """The tests with the incomplete profiles of incomplete_cities_for_class; a test may add its own data on
    top, rolled back after it."""

    def test_staff_write_a_draft_to_the_current_focal_points_of_incomplete_profiles(
        self, staff_client, incomplete_cities, complete_city
    ):
        response = remind(staff_client)

        mailing = Mailing.objects.get()
        assert response.status_code == 302
        assert response["Location"] == edit_url(mailing)
        segment = mailing.segment
        assert (segment.roles, segment.current_roles_only) == (["focal_point"], True)
        assert set(segment.cities.all()) == set(incomplete_cities)
        assert sorted(contact.full_name for contact in segment.members()) == ["Lucía Paz", "Sara Lima"]
        assert mailing.is_draft and mailing.created_by.username == "uil-staff"
        # Nothing went out: staff review the draft and press "Send" themselves.
        assert mail.outbox == []
        assert not Delivery.objects.exists()

    def test_the_draft_invites_focal_points_to_the_admin_in_three_languages(
        self, staff_client, incomplete_cities
    ):
        remind(staff_client)

        mailing = Mailing.objects.get()

        admin_url = settings.WAGTAILADMIN_BASE_URL + reverse("wagtailadmin_home")
        for code in ("es", "pt", "en"):
            subject, body = getattr(mailing, f"subject_{code}"), getattr(mailing, f"body_{code}")
            assert subject.strip()
            assert admin_url in body.split()
        assert "perfil de su ciudad" in mailing.subject_es
        assert "perfil da sua cidade" in mailing.subject_pt
        assert "your city's profile" in mailing.subject_en
        assert "your city's page" in mailing.body_en  # plain text, not HTML-escaped
        texts = " ".join(getattr(mailing, f"body_{code}") for code in ("es", "pt", "en"))
        for private in ("Lucía", "Sara", "Ciudad Vacía", "Ciudad Media"):
            assert private not in texts
        edit_page = staff_client.get(edit_url(mailing))
        assert edit_page.status_code == 200
        assert mailing.subject_es in edit_page.content.decode()

    def test_a_second_press_the_same_day_reuses_the_segment_and_the_draft(
        self, staff_client, incomplete_cities
    ):
        first = remind(staff_client)
        Mailing.objects.update(subject_en="Edited by staff")
        second = remind(staff_client)

        assert second["Location"] == first["Location"]
        assert Segment.objects.count() == 1
        assert Mailing.objects.get().subject_en == "Edited by staff"

    def test_after_the_draft_was_sent_a_second_press_writes_a_new_draft_for_the_cities_incomplete_now(
        self, staff_client, incomplete_cities
    ):
        remind(staff_client)
        Mailing.objects.update(status=Mailing.Status.SENT)
        empty, half = incomplete_cities
        half.unpublish()

        response = remind(staff_client)

        segment = Segment.objects.get()
        draft = Mailing.objects.get(status=Mailing.Status.DRAFT)
        assert response["Location"] == edit_url(draft)
        assert list(segment.cities.all()) == [empty]
        assert [contact.full_name for contact in segment.members()] == ["Lucía Paz"]

    def test_the_report_offers_the_button_to_staff(self, staff_client, incomplete_cities):
        page = parse_html(staff_client.get(reverse(REPORT)))

        form = page.find("button", string=BUTTON).find_parent("form")
        assert form["method"] == "post" and form["action"] == reverse(REMIND)

    def test_who_may_not_write_mailings_is_refused_and_not_offered_the_button(
        self, client, report_reader, incomplete_cities, assert_refused
    ):
        client.force_login(report_reader)

        assert_refused(remind(client))
        assert not Segment.objects.exists() and not Mailing.objects.exists()
        report = client.get(reverse(REPORT))
        assert report.status_code == 200
        assert BUTTON not in report.content.decode()

    def test_a_focal_point_is_refused(self, client, focal_point_a, incomplete_cities, assert_refused):
        client.force_login(focal_point_a)

        assert_refused(remind(client))
        assert not Segment.objects.exists() and not Mailing.objects.exists()

    def test_the_reminder_is_written_on_post_only(self, staff_client, incomplete_cities):
        assert staff_client.get(reverse(REMIND)).status_code == 405
        assert not Segment.objects.exists()
