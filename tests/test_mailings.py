"""Segments and mailings (mailings/): who is in a segment, a mailing sent in the background to each person
in their language, consent and unsubscribing respected, never sent twice, and recorded on the timelines.

Why this module is long: its tests share the cities built once for the module and the fixtures of
people, segments and a mailing drawn from them.
"""

from datetime import date, timedelta
from email.utils import parseaddr
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from wagtail.models import ModelLogEntry

from cities.models import CityPage
from contacts.models import CityRole, Contact, ContactTag, Engagement, Organisation
from contacts.privacy import export_contact
from mailings.models import Delivery, Mailing, Segment
from mailings.sending import resume_interrupted, send_mailing
from mailings.unsubscribe import unsubscribe_link
from tests import factories, helpers

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_admin")]

CONSENT = {"consent_basis": "public_task"}


def person(name, city=None, emails=None, language="es", roles=(), consent=True, **fields):
    given, _, family = name.partition(" ")
    return factories.ContactFactory(
        given_name=given,
        family_name=family,
        city=city,
        emails=[f"{given.lower()}.{family.lower()}@example.org"] if emails is None else emails,
        preferred_language=language,
        roles=roles,
        **(CONSENT if consent else {}),
        **fields,
    )


@pytest.fixture(scope="module")
def cities_for_module(django_db_setup, django_db_blocker):
    """Recife, Curitiba and Quito, by pk; made once for the module and rolled back after it."""
    with helpers.rolled_back_after_module(django_db_blocker):
        made = {
            "recife": factories.CityFactory(title="Recife", country="BR"),
            "curitiba": factories.CityFactory(title="Curitiba", country="BR"),
            "quito": factories.CityFactory(title="Quito", country="EC"),
        }
        yield {key: city.pk for key, city in made.items()}


@pytest.fixture
def cities(db, cities_for_module):
    """Recife, Curitiba and Quito (cities_for_module), fetched afresh for each test."""
    return {key: CityPage.objects.get(pk=pk) for key, pk in cities_for_module.items()}


def segment(name="Segmento", **criteria):
    many = {key: criteria.pop(key) for key in ("cities", "themes", "tags") if key in criteria}
    instance = Segment.objects.create(name=name, **criteria)
    for key, values in many.items():
        getattr(instance, key).set(values)
    return instance


def names(contacts):
    return sorted(contact.full_name for contact in contacts)


def test_mayors_of_brazilian_cities_are_the_current_mayors_there(cities):
    year_ago = timezone.localdate() - timedelta(days=365)
    person("João Campos", roles=[{"city": cities["recife"], "role": "mayor", "start_date": year_ago}])
    person("Ana Lima", roles=[{"city": cities["curitiba"], "role": "mayor", "end_date": year_ago}])
    person("Pabel Muñoz", roles=[{"city": cities["quito"], "role": "mayor"}])
    person("Rita Souza", city=cities["recife"], roles=[{"city": cities["recife"], "role": "focal_point"}])

    mayors = segment(roles=["mayor"], countries=["BR"])
    assert names(mayors.members()) == ["João Campos"]
    mayors.current_roles_only = False
    assert names(mayors.members()) == ["Ana Lima", "João Campos"]


def test_a_segment_combines_its_criteria_and_any_choice_within_one(cities, themes):
    climate = themes[0]
    university = factories.OrganisationFactory(kind=Organisation.Kind.UNIVERSITY, city=cities["quito"])
    invited = ContactTag.objects.create(name="Foro 2027")
    ines = person("Inés Vera", organisation=university)
    ines.tags.add(invited)
    ines.save()
    otto = person("Otto Paz", city=cities["quito"])
    otto.tags.add(invited)
    otto.save()
    person("Lia Ruiz", organisation=university)
    factories.EngagementFactory(cities=[cities["quito"]], participants=[otto], themes=[climate])

    assert names(segment("Invitados", tags=[invited]).members()) == ["Inés Vera", "Otto Paz"]
    assert names(
        segment("Universidades invitadas", tags=[invited], organisation_kinds=["university"]).members()
    ) == ["Inés Vera"]
    assert names(segment("Ecuador", countries=["EC"]).members()) == ["Inés Vera", "Lia Ruiz", "Otto Paz"]
    assert names(segment("Clima", themes=[climate]).members()) == ["Otto Paz"]
    assert names(segment("Quito o Recife", cities=[cities["recife"], cities["quito"]]).members()) == [
        "Inés Vera",
        "Lia Ruiz",
        "Otto Paz",
    ]


def test_the_segment_page_lists_its_members_and_who_a_mailing_would_reach(
    staff_client, cities, soup, django_assert_max_num_queries
):
    for number in range(60):
        person(f"Persona{number:02d} Recife", city=cities["recife"])
    person("Sin Correo", city=cities["recife"], emails=[])
    person("Sin Base", city=cities["recife"], consent=False)
    person("Ya Fue", city=cities["recife"], unsubscribed_at=timezone.now())
    recife = segment("Recife", cities=[cities["recife"]])

    with django_assert_max_num_queries(40):
        response = staff_client.get(reverse("wagtailsnippets_mailings_segment:inspect", args=[recife.pk]))
    text = " ".join(soup(response).get_text().split())
    assert response.status_code == 200
    assert "People in the segment 63" in text
    assert "Will receive it 60" in text
    assert "Left out: unsubscribed 1" in text
    assert "Left out: no legal basis recorded 1" in text
    assert "Left out: no e-mail address 1" in text
    assert "Page 1 of 2" in text


@pytest.fixture
def mailing(cities, staff_user):
    person("Rita Souza", city=cities["recife"], language="pt")
    person("Marc Dubois", city=cities["curitiba"], language="fr")
    person("Sin Correo", city=cities["recife"], emails=[])
    person("Sin Base", city=cities["recife"], consent=False)
    person("Ya Fue", city=cities["recife"], unsubscribed_at=timezone.now())
    brazil = segment("Brasil", countries=["BR"])
    return Mailing.objects.create(
        segment=brazil,
        subject_es="Taller de aprendizaje digital",
        body_es="Les invitamos al taller.",
        subject_pt="Oficina de aprendizagem digital",
        body_pt="Convidamos vocês para a oficina.",
        created_by=staff_user,
    )


def send(client, mailing, capture):
    with capture(execute=True):
        return client.post(reverse("wagtailsnippets_mailings_mailing:send", args=[mailing.pk]))


def test_a_mailing_goes_to_each_person_in_their_language_and_onto_the_timelines(
    staff_client, staff_user, mailing, cities, django_capture_on_commit_callbacks, soup, settings
):
    response = send(staff_client, mailing, django_capture_on_commit_callbacks)

    assert response.status_code == 302
    by_address = {message.to[0]: message for message in mail.outbox}
    assert sorted(by_address) == ["marc.dubois@example.org", "rita.souza@example.org"]
    rita, marc = by_address["rita.souza@example.org"], by_address["marc.dubois@example.org"]
    assert rita.subject == "Oficina de aprendizagem digital"
    assert "Convidamos vocês" in rita.body
    # No French version was written: the Spanish one.
    assert marc.subject == "Taller de aprendizaje digital"
    assert parseaddr(rita.from_email)[0] == "Rede de Cidades de Aprendizagem"
    assert parseaddr(marc.from_email)[0] == "Red de Ciudades del Aprendizaje"
    link = rita.extra_headers["List-Unsubscribe"].strip("<>")
    assert link.startswith(settings.WAGTAILADMIN_BASE_URL + "/pt-br/unsubscribe/")
    assert link in rita.body
    assert rita.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"

    mailing.refresh_from_db()
    assert mailing.status == Mailing.Status.SENT
    engagement = mailing.engagement
    assert engagement.kind == Engagement.Kind.EMAIL and engagement.owner == staff_user
    assert names(engagement.participants.all()) == ["Marc Dubois", "Rita Souza"]
    assert sorted(city.title for city in engagement.cities.all()) == ["Curitiba", "Recife"]
    timeline = staff_client.get(reverse("contacts_timeline:city", args=[cities["recife"].pk]))
    assert "Taller de aprendizaje digital" in timeline.content.decode()

    page = staff_client.get(reverse("wagtailsnippets_mailings_mailing:inspect", args=[mailing.pk]))
    text = " ".join(soup(page).get_text().split())
    assert "Sent 2" in text and "Not sent: Unsubscribed 1" in text


def test_each_kind_of_person_left_out_is_counted_with_its_reason(
    staff_client, mailing, django_capture_on_commit_callbacks
):
    send(staff_client, mailing, django_capture_on_commit_callbacks)

    reasons = sorted(
        mailing.deliveries.filter(status=Delivery.Status.SKIPPED).values_list("reason", flat=True)
    )
    assert reasons == ["no_address", "no_consent", "unsubscribed"]
    assert not mailing.deliveries.filter(status=Delivery.Status.SKIPPED).exclude(address="").exists()


def test_sending_twice_sends_once_and_a_sent_mailing_is_no_longer_editable(
    staff_client, mailing, django_capture_on_commit_callbacks
):
    send(staff_client, mailing, django_capture_on_commit_callbacks)
    send(staff_client, mailing, django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 2

    edit = staff_client.get(reverse("wagtailsnippets_mailings_mailing:edit", args=[mailing.pk]))
    assert edit.status_code == 302
    assert Mailing.objects.get(pk=mailing.pk).subject_es == "Taller de aprendizaje digital"
    delete = staff_client.post(reverse("wagtailsnippets_mailings_mailing:delete", args=[mailing.pk]))
    assert delete.status_code == 302 and Mailing.objects.filter(pk=mailing.pk).exists()


def test_a_segment_that_a_mailing_uses_is_kept_with_the_reason(staff_client, mailing):
    url = reverse("wagtailsnippets_mailings_segment:delete", args=[mailing.segment.pk])
    confirmation = staff_client.get(url)
    assert "prevent it from being deleted" in confirmation.content.decode()

    # A confirmation opened before the mailing was written still sends the delete.
    refused = staff_client.post(url, follow=True)
    assert refused.redirect_chain == [(url, 302)]
    assert [str(message) for message in refused.context["messages"]] == [
        "Mailings use this segment: it was not deleted."
    ]
    assert Segment.objects.filter(pk=mailing.segment.pk).exists()

    unused = segment("Sin envíos")
    deleted = staff_client.post(reverse("wagtailsnippets_mailings_segment:delete", args=[unused.pk]))
    assert deleted.status_code == 302 and not Segment.objects.filter(pk=unused.pk).exists()


@override_settings(TASKS={"background": {"BACKEND": "django_tasks_db.DatabaseBackend"}})
def test_the_request_only_queues_the_mailing_for_the_worker(
    staff_client, mailing, django_capture_on_commit_callbacks
):
    response = send(staff_client, mailing, django_capture_on_commit_callbacks)

    assert response.status_code == 302
    assert mail.outbox == []
    mailing.refresh_from_db()
    assert mailing.status == Mailing.Status.QUEUED
    task = DBTaskResult.objects.get()
    assert task.task_path == "mailings.sending.send_mailing" and task.args_kwargs["args"] == [mailing.pk]
    assert ModelLogEntry.objects.filter(action="mailings.send", object_id=str(mailing.pk)).exists()
    # Queued, not sent: sending again says so, and the mailing offers neither Edit nor Delete any more.
    again = staff_client.post(
        reverse("wagtailsnippets_mailings_mailing:send", args=[mailing.pk]), follow=True
    )
    assert [str(m) for m in again.context["messages"]][-1] == (
        "This mailing is no longer a draft (Queued): it goes out only once."
    )
    html = again.content.decode()
    assert reverse("wagtailsnippets_mailings_mailing:edit", args=[mailing.pk]) not in html
    assert reverse("wagtailsnippets_mailings_mailing:delete", args=[mailing.pk]) not in html


class DyingBackend(EmailBackend):
    """Sends like the test backend, then the worker dies (as under `kill -9`) at the given message."""

    dies_at = None

    def send_messages(self, messages):
        if self.dies_at is not None and len(mail.outbox) + 1 == self.dies_at:
            type(self).dies_at = None
            raise SystemExit("worker killed")
        return super().send_messages(messages)


def test_a_worker_stopped_mid_way_never_sends_twice_and_the_rest_goes_out(cities, staff_user, settings):
    settings.EMAIL_BACKEND = "tests.test_mailings.DyingBackend"
    for number in range(12):
        person(f"Persona{number:02d} Recife", city=cities["recife"])
    recife = segment("Recife", cities=[cities["recife"]])
    mailing = Mailing.objects.create(segment=recife, subject_es="Foro", body_es="Texto", sent_by=staff_user)
    Mailing.objects.filter(pk=mailing.pk).update(status=Mailing.Status.QUEUED)

    # The class Django loads from the setting (pytest may have imported this module under another name).
    type(mail.get_connection()).dies_at = 5
    with pytest.raises(SystemExit):
        send_mailing.call(mailing.pk)
    assert len(mail.outbox) == 4
    assert mailing.deliveries.filter(status=Delivery.Status.SENDING).count() == 1

    assert resume_interrupted() == [mailing]

    addresses = [message.to[0] for message in mail.outbox]
    assert len(addresses) == len(set(addresses)) == 11
    interrupted = mailing.deliveries.get(status=Delivery.Status.INTERRUPTED)
    assert interrupted.address not in addresses
    mailing.refresh_from_db()
    assert mailing.status == Mailing.Status.SENT
    assert mailing.engagement.participants.count() == 11
    assert Engagement.objects.filter(kind=Engagement.Kind.EMAIL).count() == 1


def test_unsubscribing_needs_a_press_then_leaves_the_person_out_of_later_mailings(
    client, staff_client, mailing, django_capture_on_commit_callbacks, soup
):
    rita = Contact.objects.get(given_name="Rita")
    path = urlsplit(unsubscribe_link(rita.pk, "pt-br")).path

    page = client.get(path)
    assert page.status_code == 200
    text = page.content.decode()
    assert "rita" not in text.lower() and "@" not in soup(page).find("main").get_text()
    rita.refresh_from_db()
    assert rita.unsubscribed_at is None

    # A mail program's one-click button posts without the page's form token.
    one_click = Client(enforce_csrf_checks=True).post(path, {"List-Unsubscribe": "One-Click"})
    assert one_click.status_code == 200
    rita.refresh_from_db()
    assert rita.unsubscribed_at is not None
    assert ModelLogEntry.objects.filter(action="mailings.unsubscribe", object_id=str(rita.pk)).exists()

    send(staff_client, mailing, django_capture_on_commit_callbacks)
    assert [message.to[0] for message in mail.outbox] == ["marc.dubois@example.org"]


def test_a_tampered_unsubscribe_link_is_refused_with_a_reason(client):
    response = client.post(reverse("mailings_unsubscribe", args=["1:forged"]))
    assert response.status_code == 400
    assert "not valid" in response.content.decode()


def test_a_mailing_needs_both_subject_and_message_in_a_language(staff_client, mailing):
    response = staff_client.post(
        reverse("wagtailsnippets_mailings_mailing:add"),
        {"segment": mailing.segment.pk, "subject_es": "Asunto", "body_es": "Texto", "subject_en": "Subject"},
    )
    assert response.status_code == 200
    assert "Write both the subject and the message, or neither." in response.content.decode()
    assert Mailing.objects.count() == 1


def test_staff_write_a_mailing_and_see_who_it_will_reach_before_sending(
    staff_client, staff_user, mailing, soup
):
    response = staff_client.post(
        reverse("wagtailsnippets_mailings_mailing:add"),
        {"segment": mailing.segment.pk, "subject_es": "Boletín", "body_es": "Novedades de la red."},
    )
    assert response.status_code == 302
    draft = Mailing.objects.get(subject_es="Boletín")
    assert draft.created_by == staff_user and draft.status == Mailing.Status.DRAFT

    confirm = staff_client.get(reverse("wagtailsnippets_mailings_mailing:send", args=[draft.pk]))
    text = " ".join(soup(confirm).get_text().split())
    assert "Send to 2 people" in text
    assert mail.outbox == [] and not draft.deliveries.exists()


def test_the_segment_form_offers_roles_and_kinds_as_choices(staff_client, cities):
    response = staff_client.post(
        reverse("wagtailsnippets_mailings_segment:add"),
        {
            "name": "Alcaldes de Brasil",
            "roles": ["mayor"],
            "current_roles_only": "on",
            "countries": ["BR"],
            "organisation_kinds": ["municipal_government"],
            "cities": [],
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    saved = Segment.objects.get(name="Alcaldes de Brasil")
    assert saved.roles == ["mayor"] and saved.organisation_kinds == ["municipal_government"]
    assert [country.code for country in saved.countries] == ["BR"]


def test_people_without_a_date_or_role_limits_count_as_current(cities):
    person(
        "Eva Rocha",
        roles=[{"city": cities["recife"], "role": CityRole.Role.COORDINATOR, "start_date": date(2020, 1, 1)}],
    )
    assert names(segment(roles=["coordinator"], cities=[cities["recife"]]).members()) == ["Eva Rocha"]


def test_focal_points_see_neither_contact_tags_nor_mailings(client, focal_point_a):
    ContactTag.objects.create(name="Foro 2027")
    client.force_login(focal_point_a)
    url = reverse("wagtailadmin_tag_model_autocomplete", args=["contacts", "contacttag"])
    tags = client.get(url, {"term": "Foro"})
    assert tags.status_code in (302, 403) and b"Foro" not in tags.content
    assert client.get(reverse("wagtailsnippets_mailings_mailing:list")).status_code in (302, 403)


def test_a_persons_data_export_and_page_show_their_mailings_tags_and_unsubscription(
    staff_client, mailing, django_capture_on_commit_callbacks, soup
):
    send(staff_client, mailing, django_capture_on_commit_callbacks)
    rita = Contact.objects.get(given_name="Rita")
    rita.tags.add("Foro 2027")
    rita.unsubscribed_at = timezone.now()
    rita.save()

    exported = export_contact(rita)
    assert exported["tags"] == ["Foro 2027"]
    assert exported["consent"]["unsubscribed_from_mailings"] == rita.unsubscribed_at
    assert exported["mailings"] == [
        {
            "subject": "Oficina de aprendizagem digital",  # the Portuguese version, which Rita received
            "address": "rita.souza@example.org",
            "status": "sent",
            "sent_at": rita.deliveries.get().sent_at,
        }
    ]
    page = staff_client.get(reverse("wagtailsnippets_contacts_contact:inspect", args=[rita.pk]))
    text = " ".join(soup(page).get_text().split())
    assert "Foro 2027" in text and "Unsubscribed from mailings" in text
    assert "Taller de aprendizaje digital" in text
