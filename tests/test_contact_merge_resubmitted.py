"""Posting a merge again once it was done (the browser re-sends the form, a second tab confirms it too)
leads to the contact kept with a message that the merge was already done, or to the contacts listing when
that contact is gone too: never a bare "not found" page, never an error (contacts/merge_views.py)."""

import pytest
from django.urls import reverse

from contacts.merge import merge_contacts
from contacts.models import Contact
from tests import factories
from tests.helpers import assert_refused

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_admin")]

LISTING = reverse("wagtailsnippets_contacts_contact:list")


def merge_url(pk):
    return reverse("contacts_merge:merge", args=[pk])


def person_url(contact):
    return reverse("wagtailsnippets_contacts_contact:inspect", args=[contact.pk])


def shown_messages(response, soup):
    assert response.status_code == 200
    return [" ".join(item.get_text().split()) for item in soup(response).select(".messages li")]


@pytest.fixture
def kept(db):
    return factories.ContactFactory(given_name="Rosa", family_name="Quispe")


@pytest.fixture
def duplicate(db):
    return factories.ContactFactory(given_name="Rosa", family_name="Quíspe")


def test_posting_the_merge_again_leads_to_the_contact_kept(staff_client, soup, kept, duplicate):
    first = staff_client.post(merge_url(duplicate.pk), {"keep": kept.pk})
    assert first.status_code == 302 and first["Location"] == person_url(kept)
    staff_client.get(first["Location"])  # The first merge's message is read.

    again = staff_client.post(merge_url(duplicate.pk), {"keep": kept.pk})
    assert again.status_code == 302
    assert again["Location"] == person_url(kept)
    assert shown_messages(staff_client.get(again["Location"]), soup) == [
        "This contact was already merged into Rosa Quispe: there is nothing left to merge."
    ]
    assert list(Contact.objects.values_list("pk", flat=True)) == [kept.pk]


def test_a_merge_posted_again_after_merges_in_a_row_leads_to_the_last_contact_kept(
    staff_client, soup, kept, duplicate
):
    third = factories.ContactFactory(given_name="Rosa", family_name="Quispe Mamani")
    staff_client.post(merge_url(duplicate.pk), {"keep": kept.pk})
    staff_client.post(merge_url(kept.pk), {"keep": third.pk})
    staff_client.get(person_url(third))

    again = staff_client.post(merge_url(duplicate.pk), {"keep": kept.pk})
    assert again.status_code == 302 and again["Location"] == person_url(third)
    assert "already merged into Rosa Quispe Mamani" in " ".join(
        shown_messages(staff_client.get(again["Location"]), soup)
    )


def test_a_merge_posted_again_once_the_contact_kept_was_deleted_leads_to_the_listing(
    staff_client, soup, kept, duplicate
):
    merged_pk, kept_pk = duplicate.pk, kept.pk
    staff_client.post(merge_url(merged_pk), {"keep": kept_pk})
    Contact.objects.filter(pk=kept_pk).delete()

    again = staff_client.post(merge_url(merged_pk), {"keep": kept_pk})
    assert again.status_code == 302 and again["Location"] == LISTING
    assert "This contact no longer exists: nothing was merged." in shown_messages(
        staff_client.get(again["Location"]), soup
    )


def test_a_focal_point_posting_a_done_merge_is_still_refused(client, focal_point_a, kept, duplicate):
    merged_pk = duplicate.pk
    merge_contacts(duplicate, kept, None)
    client.force_login(focal_point_a)
    assert_refused(client.post(merge_url(merged_pk), {"keep": kept.pk}))
