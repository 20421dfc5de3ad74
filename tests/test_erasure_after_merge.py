"""Erasing a contact also takes out of the audit log the names of the contacts merged into it, before or
through other merges (contacts/privacy.py, contacts/merge.py): Reports › Site history names none of them,
and the erasure's confirmation counts their entries. What stands in their place is in the site's language
(Spanish), whatever the language of the staff member who erased them. A person's data export includes
the history of the contacts merged into theirs."""

import io
import json

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from wagtail.models import ModelLogEntry

from contacts.models import Contact

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_admin")]

FAMILY_NAMES = ("Kept", "Unsub", "Old")


@pytest.fixture
def add_contact(staff_client, contact_form_data):
    """A contact added in the admin, as QA did: its history holds its name from the start."""

    def add(name):
        given, family = name.split(" ", 1)
        address = f"{family.lower()}@example.org"
        response = staff_client.post(
            reverse("wagtailsnippets_contacts_contact:add"),
            contact_form_data(given, family, emails=[address]),
        )
        assert response.status_code == 302
        return Contact.objects.get(given_name=given, family_name=family)

    return add


def merge(client, merged, kept):
    response = client.post(reverse("contacts_merge:merge", args=[merged.pk]), {"keep": kept.pk})
    assert response.status_code == 302


def erase(client, contact):
    response = client.post(reverse("wagtailsnippets_contacts_contact:delete", args=[contact.pk]))
    assert response.status_code == 302
    assert not Contact.objects.filter(pk=contact.pk).exists()


def site_history(superuser):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(superuser)
    response = client.get(reverse("wagtailadmin_reports:site_history"))
    assert response.status_code == 200
    return response.content.decode()


def names_in_the_log():
    found = set()
    for label, data in ModelLogEntry.objects.values_list("label", "data"):
        text = label + json.dumps(data, ensure_ascii=False)
        found |= {name for name in FAMILY_NAMES if name in text}
    return found


def test_erasing_the_kept_contact_takes_the_merged_contact_s_name_out_of_the_site_history(
    staff_client, superuser, add_contact
):
    kept, merged = add_contact("Dupe Kept"), add_contact("Dupe Unsub")
    merge(staff_client, merged, kept)
    assert "Dupe Unsub" in site_history(superuser)

    erase(staff_client, kept)

    page = site_history(superuser)
    assert "Dupe Unsub" not in page and "Dupe Kept" not in page
    assert names_in_the_log() == set()


def test_names_merged_through_merges_in_a_row_go_too(staff_client, add_contact):
    kept, merged, older = add_contact("Dupe Kept"), add_contact("Dupe Unsub"), add_contact("Dupe Old")
    merge(staff_client, older, merged)
    merge(staff_client, merged, kept)
    unrelated = add_contact("Otra Persona")

    erase(staff_client, kept)

    assert names_in_the_log() == set()
    assert ModelLogEntry.objects.for_instance(unrelated).get().label == "Otra Persona"


def test_the_confirmation_counts_the_merged_contact_s_entries(staff_client, soup, add_contact):
    kept, merged = add_contact("Dupe Kept"), add_contact("Dupe Unsub")
    merge(staff_client, merged, kept)

    response = staff_client.get(reverse("wagtailsnippets_contacts_contact:delete", args=[kept.pk]))

    text = " ".join(soup(response).get_text().split())
    # Each was created, then merged: two entries each.
    assert "The name is removed from 4 entries of the history" in text


def test_the_erased_names_are_replaced_in_the_site_s_language(staff_client, add_contact):
    kept, merged = add_contact("Dupe Kept"), add_contact("Dupe Unsub")
    merge(staff_client, merged, kept)

    erase(staff_client, kept)  # the staff member's admin is in English (english_admin)

    assert set(ModelLogEntry.objects.values_list("label", flat=True)) == {"[contacto borrado]"}


def test_the_data_export_includes_the_history_of_the_contacts_merged_into_the_person(
    staff_client, staff_user, add_contact
):
    kept, merged = add_contact("Dupe Kept"), add_contact("Dupe Unsub")
    merge(staff_client, merged, kept)
    stdout = io.StringIO()

    call_command("contact_data", "kept@example.org", "--export", stdout=stdout)

    (person,) = json.loads(stdout.getvalue())["contacts"]
    history = [(entry["action"], entry.get("merged_contact_id")) for entry in person["history"]]
    assert history[:2] == [("wagtail.create", None), ("wagtail.create", merged.pk)]
    # The merge is logged on both contacts at once.
    assert set(history[2:]) == {("contacts.merge", None), ("contacts.merge", merged.pk)}
    assert {entry["user"] for entry in person["history"]} == {str(staff_user)}
