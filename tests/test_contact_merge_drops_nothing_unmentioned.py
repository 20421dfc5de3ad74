"""Merging contacts loses nothing a colleague typed without saying so (contacts/merge.py): the duplicate's
notes follow the kept contact's under a line naming the duplicate; every field where both hold a different
value is listed on the confirmation, the value that stays beside the one dropped, and the merge's history
entry keeps the dropped values until the person is erased. The legal basis is kept whole from one
contact: a consent the person gave over another basis, else the more recent; a merge never lifts an
unsubscribe."""

import io
import json
from datetime import date, datetime

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext
from wagtail.models import ModelLogEntry

from contacts.models import Contact
from tests import factories

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_admin")]

KEPT_ADDRESS, DUPLICATE_ADDRESS = "rosa@cusco.example", "rquispe@cusco.example"


def merge_url(contact):
    return reverse("contacts_merge:merge", args=[contact.pk])


def person(address, **fields):
    return factories.ContactFactory(emails=[address], **{"family_name": "Quispe", **fields})


@pytest.fixture
def kept():
    return person(
        KEPT_ADDRESS,
        given_name="Rosa",
        job_title="Coordinadora",
        preferred_language="es",
        notes="Prefers calls in the morning.",
        consent_basis="legitimate_interest",
        consent_date=date(2026, 1, 10),
        consent_source="Directory of municipalities",
    )


@pytest.fixture
def duplicate():
    return person(
        DUPLICATE_ADDRESS,
        given_name="Rosa María",
        job_title="Secretaria de Educación",
        preferred_language="pt",
        notes="Met at the 2025 forum; wants the toolkit.",
        consent_basis="consent",
        consent_date=date(2025, 5, 2),
        consent_source="Forum sign-up sheet",
    )


def dropped_table(response, soup):
    table = soup(response).find("table", attrs={"data-merge-dropped": True})
    assert table is not None, "the confirmation has no table of dropped values"
    return {
        row.th.get_text(strip=True): [cell.get_text(strip=True) for cell in row.find_all("td")]
        for row in table.tbody.find_all("tr")
    }


def test_the_confirmation_lists_each_value_that_is_dropped(staff_client, soup, kept, duplicate):
    response = staff_client.get(merge_url(duplicate), {"keep": kept.pk})

    assert dropped_table(response, soup) == {
        "Given name": ["Rosa", "Rosa María"],
        "Job title": ["Coordinadora", "Secretaria de Educación"],
        "Preferred language": ["Spanish", "Portuguese"],
        # The duplicate's consent outranks the kept contact's legitimate interest: the latter is dropped.
        "Legal basis": ["Consent", "Legitimate interest"],
        "Consent date": ["2 May 2025", "10 January 2026"],
        "Consent source": ["Forum sign-up sheet", "Directory of municipalities"],
    }
    notes = soup(response).find(attrs={"data-merge-notes": True})
    assert notes is not None and "Rosa María Quispe" in notes.get_text()
    kept.refresh_from_db()
    assert (kept.given_name, kept.notes) == ("Rosa", "Prefers calls in the morning."), "nothing changed yet"


def test_merging_appends_the_notes_and_keeps_the_dropped_values_in_the_history(staff_client, kept, duplicate):
    duplicate_pk = duplicate.pk
    response = staff_client.post(merge_url(duplicate), {"keep": kept.pk})
    assert response.status_code == 302

    kept.refresh_from_db()
    with translation.override("es"):
        line = gettext("Notes of the merged contact %(name)s (#%(id)s):") % {
            "name": "Rosa María Quispe",
            "id": duplicate_pk,
        }
    assert kept.notes == f"Prefers calls in the morning.\n\n{line}\nMet at the 2025 forum; wants the toolkit."
    assert (kept.given_name, kept.job_title, kept.preferred_language) == ("Rosa", "Coordinadora", "es")
    assert (kept.consent_basis, kept.consent_date, kept.consent_source) == (
        "consent",
        date(2025, 5, 2),
        "Forum sign-up sheet",
    )
    entry = ModelLogEntry.objects.for_instance(kept).get(action="contacts.merge")
    assert {item["field"]: item["value"] for item in entry.data["dropped"]} == {
        "given_name": "Rosa María",
        "job_title": "Secretaria de Educación",
        "preferred_language": "pt",
        "consent_basis": "legitimate_interest",
        "consent_date": "2026-01-10",
        "consent_source": "Directory of municipalities",
    }
    history = staff_client.get(reverse("wagtailsnippets_contacts_contact:history", args=[kept.pk]))
    text = history.content.decode()
    assert "values not kept" in text and "Job title: Secretaria de Educación" in text


def test_erasing_the_person_takes_the_dropped_values_out_of_the_history(staff_client, kept, duplicate):
    staff_client.post(merge_url(duplicate), {"keep": kept.pk})

    call_command("contact_data", KEPT_ADDRESS, "--erase", "--yes", stdout=io.StringIO())

    logged = json.dumps(list(ModelLogEntry.objects.values_list("label", "data")), ensure_ascii=False)
    for value in ("Rosa", "Secretaria", "Directory of municipalities", "Forum sign-up"):
        assert value not in logged


@pytest.mark.parametrize(
    ("kept_basis", "duplicate_basis", "kept_wins"),
    [
        (("consent", date(2024, 3, 1)), ("consent", date(2025, 3, 1)), False),  # the more recent consent
        (("consent", date(2024, 3, 1)), ("legitimate_interest", date(2026, 1, 1)), True),  # consent first
        (("public_task", None), ("contract", date(2023, 1, 1)), False),  # a dated basis over an undated one
        (("contract", date(2025, 1, 1)), ("contract", date(2025, 1, 1)), True),  # a tie: the kept one's
        (("consent", None), ("", None), True),  # no basis loses to any
    ],
)
def test_the_legal_basis_is_kept_whole_from_one_contact(staff_client, kept_basis, duplicate_basis, kept_wins):
    kept = person(KEPT_ADDRESS, consent_basis=kept_basis[0], consent_date=kept_basis[1], consent_source="")
    duplicate = person(
        DUPLICATE_ADDRESS,
        consent_basis=duplicate_basis[0],
        consent_date=duplicate_basis[1],
        consent_source="Their source",
    )

    staff_client.post(merge_url(duplicate), {"keep": kept.pk})

    kept.refresh_from_db()
    expected = (*kept_basis, "") if kept_wins else (*duplicate_basis, "Their source")
    assert (kept.consent_basis, kept.consent_date, kept.consent_source) == expected


def test_a_consent_merged_in_never_lifts_an_unsubscribe(staff_client):
    unsubscribed = timezone.make_aware(datetime(2025, 2, 1, 9, 0))
    kept = person(KEPT_ADDRESS, consent_basis="legitimate_interest", unsubscribed_at=unsubscribed)
    duplicate = person(DUPLICATE_ADDRESS, consent_basis="consent", consent_date=date(2025, 6, 1))

    staff_client.post(merge_url(duplicate), {"keep": kept.pk})

    kept.refresh_from_db()
    assert kept.consent_basis == "consent" and kept.unsubscribed_at == unsubscribed
    assert not Contact.objects.filter(pk=duplicate.pk).exists()
