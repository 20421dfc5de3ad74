"""A CSV export of the engagement log imports as it was: the quote the export puts before text that could
start a formula (network/csv_export.py) is not read as part of the text (network/imports/values.py).

Without it, re-importing the contacts' export proposed changing a job title "-" to "'-" and moving a
contact to a new organisation "'+Cultura Medellín".
"""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from contacts.models import Contact, Organisation
from tests.test_engagement_import import preview_rows, upload

pytestmark = pytest.mark.django_db


def exported_and_reimported(staff_client, soup):
    """The contacts' CSV export, and the (status, changes, errors) of its rows once uploaded to the import."""
    export = staff_client.get(reverse("wagtailsnippets_contacts_contact:list") + "?export=csv")
    assert export.status_code == 200
    exported = b"".join(export.streaming_content)
    token = upload(
        staff_client, "contacts", SimpleUploadedFile("contacts.csv", exported, content_type="text/csv")
    )
    rows, _page = preview_rows(staff_client, token, soup)
    return exported, [(row["status"], row["changes"], row["errors"]) for row in rows.values()]


def test_the_contacts_csv_export_imports_without_changes(staff_client, soup):
    organisation = Organisation.objects.create(name="+Cultura Medellín", country="CO")
    Contact.objects.create(
        given_name="Ana", family_name="=Ruiz", job_title="-", organisation=organisation
    ).emails.create(address="ana.ruiz@example.org")

    exported, rows = exported_and_reimported(staff_client, soup)

    assert b"'-" in exported and b"'+Cultura" in exported, "the export neutralises formula-like cells"
    assert rows == [("unchanged", "", [])]


def test_text_that_starts_with_a_quote_and_a_formula_sign_imports_as_it_was(staff_client, soup):
    """The export quotes such text once more, and the import removes one quote only: "'=Ruiz" stays."""
    organisation = Organisation.objects.create(name="'+Cultura Medellín", country="CO")
    Contact.objects.create(
        given_name="Ana", family_name="''=Ruiz", job_title="'-", organisation=organisation
    ).emails.create(address="ana.ruiz@example.org")

    exported, rows = exported_and_reimported(staff_client, soup)

    assert b"''-" in exported and b"'''=Ruiz" in exported, "a quote before a formula sign is quoted again"
    assert rows == [("unchanged", "", [])]
