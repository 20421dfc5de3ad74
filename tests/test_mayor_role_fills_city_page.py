"""A mayor role in the engagement log fills the mayor facts of the city's public page (contacts.mayor_sync):
typed once in the CRM, published on the page, without overwriting an editor's draft."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from cities.models import CityPage
from contacts.demo import load_demo_engagements
from contacts.models import CityRole, ContactEmail
from tests import factories
from tests.test_engagement_import import csv_upload, import_file

pytestmark = pytest.mark.django_db


def days_from_now(days):
    return timezone.localdate() + timedelta(days=days)


def fresh(page):
    return CityPage.objects.get(pk=page.pk)


def public_text(page, prefix=""):
    """The page as a visitor reads it (in Spanish, or in the language of `prefix`), whitespace collapsed."""
    response = Client().get(prefix + fresh(page).url)
    assert response.status_code == 200
    return " ".join(response.content.decode().split())


def revision_count(page):
    return fresh(page).revisions.count()


@pytest.fixture
def city(make_city):
    return make_city("Villa del Lago", mayor_title="Alcalde")


@pytest.fixture
def make_mayor(contact_factory, city):
    def make(given_name, family_name, start_days, **fields):
        role = {"city": city, "role": CityRole.Role.MAYOR, "start_date": days_from_now(start_days)}
        return contact_factory(given_name, family_name, roles=[role], **fields)

    return make


def test_a_mayor_role_typed_in_the_contact_form_is_published_on_the_city_page(
    staff_client, contact_form_data, city
):
    start, end = days_from_now(-400), days_from_now(1000)
    assert "Lucía Pérez" not in public_text(city)

    response = staff_client.post(
        reverse("wagtailsnippets_contacts_contact:add"),
        contact_form_data(
            "Lucía",
            "Pérez",
            honorific="Dra.",
            job_title="Alcaldesa",
            roles=[{"city": city.pk, "role": "mayor", "start_date": start, "end_date": end}],
        ),
    )
    assert response.status_code == 302

    page = fresh(city)
    assert (page.mayor_name, page.mayor_title) == ("Lucía Pérez", "Alcaldesa")
    assert (page.mayor_term_start, page.mayor_term_end) == (start, end)
    assert not page.has_unpublished_changes
    assert page.live_revision == page.latest_revision
    text = public_text(page)
    assert "Alcaldesa" in text and "Lucía Pérez" in text and "Dra." not in text
    assert f"{start:%Y}–{end:%Y}" in text
    # The other languages show the same facts.
    assert "Lucía Pérez" in public_text(page, prefix="/en")


def test_a_newer_mayor_takes_over_and_removing_it_brings_back_the_other(city, make_mayor):
    make_mayor("Ana", "Gómez", start_days=-900)
    assert "Ana Gómez" in public_text(city)

    newer = make_mayor("Bruno", "Salas", start_days=-10, job_title="Intendente")
    page = fresh(city)
    assert (page.mayor_name, page.mayor_title, page.mayor_term_start) == (
        "Bruno Salas",
        "Intendente",
        days_from_now(-10),
    )
    assert "Bruno Salas" in public_text(city)

    # Bruno's role was typed in the wrong city's record: it becomes "other", and Ana is the mayor again.
    role = newer.roles.get()
    role.role = CityRole.Role.OTHER
    role.save()
    assert fresh(city).mayor_name == "Ana Gómez"

    newer.roles.update(role=CityRole.Role.MAYOR)
    newer.roles.get().save()
    assert fresh(city).mayor_name == "Bruno Salas"
    newer.roles.get().delete()
    text = public_text(city)
    assert "Ana Gómez" in text and "Bruno Salas" not in text


def test_a_new_name_of_the_mayor_reaches_the_page_and_a_title_left_blank_keeps_the_page_s(city, make_mayor):
    mayor = make_mayor("Carmen", "Ruiz", start_days=-30)
    assert fresh(city).mayor_title == "Alcalde"

    mayor.family_name = "Ruiz Castillo"
    mayor.save()

    assert fresh(city).mayor_name == "Carmen Ruiz Castillo"
    assert "Carmen Ruiz Castillo" in public_text(city)


def test_a_mayor_s_new_title_from_an_import_reaches_the_page(staff_client, city, make_mayor):
    """The contact import writes in bulk, without signals: it brings the change to the page itself."""
    mayor = make_mayor("Carmen", "Ruiz", start_days=-30, job_title="Alcaldesa")
    ContactEmail.objects.create(contact=mayor, address="carmen.ruiz@villa.example", sort_order=0)
    assert fresh(city).mayor_title == "Alcaldesa"

    rows = [
        ["Nombre", "Apellido", "Cargo", "Correo"],
        ["Carmen", "Ruiz", "Intendenta", "carmen.ruiz@villa.example"],
    ]
    import_file(staff_client, "contacts", csv_upload(rows))

    assert fresh(city).mayor_title == "Intendenta"
    assert "Intendenta" in public_text(city)


def test_an_editor_s_draft_gets_a_draft_revision_and_is_not_published(city, make_mayor):
    draft = fresh(city)
    draft.summary = "Borrador del equipo editorial."
    draft.save_revision()
    live_revision = fresh(city).live_revision

    make_mayor("Diego", "Mora", start_days=-5)

    page = fresh(city)
    assert page.has_unpublished_changes
    assert page.live_revision == live_revision
    assert page.mayor_name == ""  # the live page is unchanged…
    assert "Diego Mora" not in public_text(city)
    latest = page.get_latest_revision_as_object()  # …the draft has the editor's work and the mayor
    assert (latest.summary, latest.mayor_name) == ("Borrador del equipo editorial.", "Diego Mora")


def test_an_unpublished_page_gets_a_draft(make_city, contact_factory):
    page = make_city("Pueblo Nuevo", publish=False)
    role = {"city": page, "role": "mayor", "start_date": days_from_now(-1)}
    contact_factory("Elena", "Vidal", roles=[role])
    page = fresh(page)
    assert not page.live
    assert page.mayor_name == ""
    assert page.get_latest_revision_as_object().mayor_name == "Elena Vidal"


def test_a_save_that_changes_nothing_writes_no_revision(city, make_mayor):
    mayor = make_mayor("Fabio", "León", start_days=-60, job_title="Alcalde")
    assert fresh(city).mayor_name == "Fabio León"
    count = revision_count(city)

    mayor.notes = "Prefiere llamadas por la mañana."
    mayor.save()
    mayor.roles.get().save()

    assert revision_count(city) == count


def test_a_past_role_does_not_overwrite_the_page_and_an_ended_term_stays(make_city, contact_factory):
    page = make_city("San Roque", mayor_name="Gabriela Torres", mayor_term_start=days_from_now(-700))
    count = revision_count(page)

    past = {"city": page, "role": "mayor", "start_date": days_from_now(-3000), "end_date": days_from_now(-9)}
    contact_factory("Hugo", "Paz", roles=[past])
    assert fresh(page).mayor_name == "Gabriela Torres"
    assert revision_count(page) == count

    # Gabriela's term is recorded in the log, then ends: the page still names her (a past term is still true).
    term = {"city": page, "role": "mayor", "start_date": days_from_now(-700), "end_date": days_from_now(300)}
    role = contact_factory("Gabriela", "Torres", roles=[term]).roles.get()
    assert fresh(page).mayor_term_end == days_from_now(300)
    count = revision_count(page)
    role.end_date = days_from_now(0)
    role.save()
    assert revision_count(page) == count
    assert "Gabriela Torres" in public_text(page)


def test_the_demo_log_s_invented_mayors_stay_off_the_public_pages():
    medellin = factories.sample_city("Medellín")
    count = revision_count(medellin)

    loaded = load_demo_engagements()

    assert loaded.contacts and CityRole.objects.filter(city=medellin, role=CityRole.Role.MAYOR).exists()
    assert fresh(medellin).mayor_name == ""
    assert revision_count(medellin) == count
