"""The contact and organisation listings (and their downloads) sort names as a dictionary does, accents and
case aside: Álvarez before Zapata, not after it as code points would have it (cities/ordering.py)."""

import pytest
from django.urls import reverse

from tests import factories
from tests.helpers import csv_rows, parse_html

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_admin")]

CONTACTS = reverse("wagtailsnippets_contacts_contact:list")
ORGANISATIONS = reverse("wagtailsnippets_contacts_organisation:list")


@pytest.fixture
def organisations():
    return {name: factories.OrganisationFactory(name=name) for name in ("Zeta", "Álamo", "ministerio")}


@pytest.fixture
def contacts(organisations):
    return [
        factories.ContactFactory(given_name="Ana", family_name="Zapata", organisation=organisations["Álamo"]),
        factories.ContactFactory(
            given_name="Óscar", family_name="Álvarez", organisation=organisations["Zeta"]
        ),
        factories.ContactFactory(
            given_name="Eva", family_name="de León", organisation=organisations["ministerio"]
        ),
        factories.ContactFactory(given_name="Ángela", family_name="Álvarez"),
    ]


def first_cells(response):
    """The text of each row's title cell (after the bulk-action checkbox)."""
    rows = parse_html(response).select("tbody tr")
    return [" ".join(row.select_one("td.title").get_text().split()) for row in rows]


def names_in(cells, names):
    return [name for cell in cells for name in names if cell.startswith(name)]


def test_contacts_are_listed_by_family_then_given_name_alphabetically(staff_client, contacts):
    cells = first_cells(staff_client.get(CONTACTS))
    assert names_in(cells, ["Ángela", "Óscar", "Eva", "Ana"]) == ["Ángela", "Óscar", "Eva", "Ana"]


def test_contacts_sorted_by_organisation_follow_its_name_alphabetically(staff_client, contacts):
    cells = first_cells(staff_client.get(CONTACTS, {"ordering": "organisation"}))
    assert names_in(cells, ["Ana", "Eva", "Óscar"]) == ["Ana", "Eva", "Óscar"]
    cells = first_cells(staff_client.get(CONTACTS, {"ordering": "-organisation"}))
    assert names_in(cells, ["Ana", "Eva", "Óscar"]) == ["Óscar", "Eva", "Ana"]


@pytest.mark.parametrize(
    "ordering, expected",
    [
        ("", ["Álamo", "ministerio", "Zeta"]),
        ("name", ["Álamo", "ministerio", "Zeta"]),
        ("-name", ["Zeta", "ministerio", "Álamo"]),
    ],
)
def test_organisations_are_listed_alphabetically(staff_client, organisations, ordering, expected):
    query = {"ordering": ordering} if ordering else {}
    assert names_in(first_cells(staff_client.get(ORGANISATIONS, query)), expected) == expected


def test_the_contacts_download_keeps_the_alphabetical_order(staff_client, contacts):
    header, *rows = csv_rows(staff_client.get(CONTACTS, {"export": "csv"}))
    family = header.index("Family name")
    assert [row[family] for row in rows] == ["Álvarez", "Álvarez", "de León", "Zapata"]
