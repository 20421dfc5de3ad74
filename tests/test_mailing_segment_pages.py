"""The segment's pages in the admin (mailings/forms.py, mailings/views.py): its form and its page read as
the rest of the admin does, in each of the admin's languages, and a segment without criteria (which holds
every contact) says so wherever it is saved, looked at or sent to."""

import pytest
from django.urls import reverse
from wagtail.users.models import UserProfile

from contacts.models import ContactTag
from mailings.models import Mailing, Segment
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("language", "roles", "kinds"),
    [
        ("es", "Funciones en una ciudad", "Tipos de organización"),
        ("pt-br", "Funções em uma cidade", "Tipos de organização"),
        ("en", "Roles in a city", "Kinds of organisation"),
    ],
)
def test_every_label_of_the_segment_form_starts_with_a_capital(
    staff_client, staff_user, soup, language, roles, kinds
):
    profile = UserProfile.get_for_user(staff_user)
    profile.preferred_language = language
    profile.save()

    form = soup(staff_client.get(reverse("wagtailsnippets_mailings_segment:add")))

    labels = [" ".join(label.get_text().split()) for label in form.select("[data-panel-heading-text]")]
    assert roles in labels and kinds in labels
    assert [label for label in labels if not label[0].isupper()] == []


EVERYONE = "has no criteria, so it holds every contact"


def messages_of(response):
    return [str(message) for message in response.context["messages"]]


def test_a_segment_without_criteria_says_it_holds_every_contact_wherever_it_is_used(
    staff_client, english_admin, soup
):
    for number in range(3):
        factories.ContactFactory(emails=[f"persona{number}@example.org"], consent_basis="public_task")
    factories.ContactFactory(emails=[])

    saved = staff_client.post(
        reverse("wagtailsnippets_mailings_segment:add"),
        {"name": "Todos", "current_roles_only": "on"},
        follow=True,
    )
    everyone = Segment.objects.get(name="Todos")
    warning = (
        "“Todos” has no criteria, so it holds every contact in the CRM: 4 now, "
        "3 of whom a mailing would reach."
    )
    assert warning in " ".join(messages_of(saved))
    edited = staff_client.post(
        reverse("wagtailsnippets_mailings_segment:edit", args=[everyone.pk]),
        {"name": "Todos", "description": "Toda la red", "current_roles_only": "on"},
        follow=True,
    )
    assert warning in " ".join(messages_of(edited))

    inspect = staff_client.get(reverse("wagtailsnippets_mailings_segment:inspect", args=[everyone.pk]))
    assert warning in " ".join(soup(inspect).get_text().split())
    mailing = Mailing.objects.create(segment=everyone, subject_es="A todos", body_es="Hola.")
    for page in ("inspect", "send"):
        response = staff_client.get(reverse(f"wagtailsnippets_mailings_mailing:{page}", args=[mailing.pk]))
        assert warning in " ".join(soup(response).get_text().split()), page


def test_a_segment_with_a_criterion_does_not_warn(staff_client, english_admin, soup):
    tag = ContactTag.objects.create(name="Foro", slug="foro")
    saved = staff_client.post(
        reverse("wagtailsnippets_mailings_segment:add"),
        {"name": "Foro", "current_roles_only": "on", "tags": [tag.pk]},
        follow=True,
    )
    assert not any(EVERYONE in message for message in messages_of(saved))
    segment = Segment.objects.get(name="Foro")
    inspect = staff_client.get(reverse("wagtailsnippets_mailings_segment:inspect", args=[segment.pk]))
    assert EVERYONE not in inspect.content.decode()


def inspect_fields(response, soup):
    """The label and value of each field on an inspect page."""
    fields = soup(response).select_one("main dl:not(.mailing-audience)")
    return {
        dt.get_text(strip=True): dt.find_next_sibling("dd").get_text(strip=True) for dt in fields.select("dt")
    }


def test_every_empty_criterion_of_a_segment_reads_the_same(staff_client, english_admin, soup):
    empty = Segment.objects.create(name="Todos")

    fields = inspect_fields(
        staff_client.get(reverse("wagtailsnippets_mailings_segment:inspect", args=[empty.pk])), soup
    )

    criteria = ["Description", "Roles in a city", "Countries", "Cities", "Themes", "Kinds of organisation"]
    assert {label: fields[label] for label in [*criteria, "Contact tags"]} == dict.fromkeys(
        [*criteria, "Contact tags"], "—"
    )


def test_a_segments_criteria_and_a_mailings_languages_not_written_read_as_on_the_segment(
    staff_client, english_admin, soup
):
    segment = Segment.objects.create(
        name="Alcaldes", roles=["mayor"], organisation_kinds=[], countries=["BR"]
    )
    mailing = Mailing.objects.create(segment=segment, subject_es="Foro", body_es="Hola.")

    fields = inspect_fields(
        staff_client.get(reverse("wagtailsnippets_mailings_segment:inspect", args=[segment.pk])), soup
    )
    assert fields["Roles in a city"] == "Mayor" and fields["Countries"] == "Brazil"
    assert fields["Kinds of organisation"] == "—" and fields["Cities"] == "—"

    fields = inspect_fields(
        staff_client.get(reverse("wagtailsnippets_mailings_mailing:inspect", args=[mailing.pk])), soup
    )
    assert fields["Subject (Spanish)"] == "Foro"
    assert fields["Subject (Portuguese)"] == fields["Message (English)"] == "—"


def test_a_segments_page_names_the_mailings_that_use_it(staff_client, english_admin, soup):
    segment = Segment.objects.create(name="Alcaldes")
    draft = Mailing.objects.create(segment=segment, subject_es="Foro", body_es="Hola.")
    Mailing.objects.create(segment=segment, subject_es="Boletín", body_es="Hola.", status="sent")
    Mailing.objects.create(segment=Segment.objects.create(name="Otro"), subject_es="Ajeno", body_es="Hola.")

    page = soup(staff_client.get(reverse("wagtailsnippets_mailings_segment:inspect", args=[segment.pk])))

    items = [" ".join(item.get_text().split()) for item in page.select("#segment-mailings li")]
    assert sorted(items) == ["Boletín (Sent)", "Foro (Draft)"]
    assert page.select_one("#segment-mailings a")["href"].startswith(
        "/admin/snippets/mailings/mailing/inspect/"
    )
    assert reverse("wagtailsnippets_mailings_mailing:inspect", args=[draft.pk]) in {
        link["href"] for link in page.select("#segment-mailings a")
    }


def test_an_unused_segments_page_says_no_mailing_uses_it(staff_client, english_admin, soup):
    segment = Segment.objects.create(name="Alcaldes")

    page = soup(staff_client.get(reverse("wagtailsnippets_mailings_segment:inspect", args=[segment.pk])))

    assert " ".join(page.select_one("#segment-mailings").get_text().split()) == (
        "Mailings to this segment No mailing uses this segment yet: it can be deleted."
    )
