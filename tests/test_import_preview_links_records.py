"""The import preview names the record a row would change with a link to it, so that staff can check it
is the right one before confirming (it opens in a new tab, keeping the preview). The links cost no query
a row."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from contacts.models import Contact, ContactEmail
from tests.test_engagement_import import csv_upload, preview_url, upload

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_admin")]

HEADER = ["Nombre", "Apellidos", "Correo electrónico"]


def known_people(count):
    people = []
    for number in range(count):
        contact = Contact.objects.create(given_name=f"Persona{number}", family_name="Conocida")
        ContactEmail.objects.create(contact=contact, address=f"p{number}@example.org", sort_order=0)
        people.append(contact)
    return people


def previewed(client, rows):
    token = upload(client, "contacts", csv_upload([HEADER, *rows]))
    with CaptureQueriesContext(connection) as queries:
        response = client.get(preview_url(token))
    assert response.status_code == 200
    return response, len(queries)


def test_a_matched_row_links_to_the_record_it_would_change(staff_client, soup):
    [known] = known_people(1)
    response, _queries = previewed(staff_client, [["Persona0", "Conocida", "p0@example.org"]])
    row = soup(response).select_one("tbody tr[data-line='2']")
    link = row.find("a", href=f"/admin/snippets/contacts/contact/edit/{known.pk}/")
    assert link is not None, row
    assert link["target"] == "_blank"
    assert "new tab" in link.get_text(" ", strip=True)


def test_the_links_cost_no_query_a_row(staff_client):
    people = known_people(12)
    rows = [
        [person.given_name, person.family_name, f"p{number}@example.org"]
        for number, person in enumerate(people)
    ]
    _response, with_two = previewed(staff_client, rows[:2])
    _response, with_twelve = previewed(staff_client, rows)
    assert with_twelve == with_two
