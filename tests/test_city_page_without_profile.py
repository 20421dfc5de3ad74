"""A city page whose profile is not written yet says what the network knows, with its sources, and
invites the city's focal point to complete it, instead of a placeholder sentence (issue #17)."""

from urllib.parse import parse_qs, urlsplit

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from wagtail.rich_text import RichText

from cities.models import MembershipStatus

pytestmark = pytest.mark.django_db

SOURCE = "https://noticias.example.org/2024/nuevas-ciudades (agencia, marzo de 2024)"


def english_page(client, city):
    response = client.get(f"/en/cities/{city.slug}/")
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def section(page, heading_id):
    return page.find(id=heading_id).find_parent("section")


@pytest.fixture
def unwritten_city(make_city):
    return make_city(
        "Ciudad Sin Perfil",
        country="PE",
        region="Arequipa",
        year_joined=2022,
        population=1_008_290,
        population_year=2017,
        awards="UNESCO Learning City Award 2023",
        membership_sources=SOURCE,
        geonames_id=3947322,
        latitude=-16.4,
        longitude=-71.5,
    )


def test_the_page_says_what_the_network_knows_in_sentences(client, unwritten_city):
    page = english_page(client, unwritten_city)

    known = section(page, "known-heading").get_text(" ", strip=True)
    assert (
        "Ciudad Sin Perfil (Arequipa, Peru) has been a member of the UNESCO Global Network of "
        "Learning Cities since 2022." in known
    )
    assert "It had 1,008,290 inhabitants in 2017." in known
    assert "Distinctions: UNESCO Learning City Award 2023." in known
    assert "being written" not in page.get_text()


def test_the_facts_name_their_sources(client, unwritten_city):
    page = english_page(client, unwritten_city)

    sources = section(page, "sources-heading")
    links = {link["href"]: link.find_next_sibling("span") for link in sources.find_all("a")}
    assert links["https://noticias.example.org/2024/nuevas-ciudades"].get_text() == "(agencia, marzo de 2024)"
    assert "https://www.geonames.org/3947322" in links


def test_the_compilers_notes_stay_off_the_page_and_their_addresses_stay_on(client, unwritten_city):
    """The shipped list's sources carry the compilers' placement notes, reasoning and revision log: the page
    lists every address, described by the words in brackets after it alone."""
    unwritten_city.membership_sources = (
        f"{SOURCE}. NOTE: the year may be 2023 [coords: geonames name 'Arequipa'] || v2: year checked "
        "against the member profile (https://uil.example.org/city/arequipa, 2024). To be checked by staff"
    )
    unwritten_city.save_revision().publish()

    sources = section(english_page(client, unwritten_city), "sources-heading")
    notes = {link["href"]: link.find_next_sibling("span") for link in sources.find_all("a")}
    assert notes["https://noticias.example.org/2024/nuevas-ciudades"].get_text() == "(agencia, marzo de 2024)"
    assert notes["https://uil.example.org/city/arequipa"] is None
    text = sources.get_text(" ", strip=True)
    assert not [word for word in ("coords", "||", "NOTE", "staff") if word in text], text


def test_the_focal_point_is_invited_to_sign_in_and_complete_the_original(client, unwritten_city):
    page = english_page(client, unwritten_city)

    link = section(page, "invitation-heading").find("a")
    url = urlsplit(link["href"])
    assert url.path == reverse("wagtailadmin_login")
    assert parse_qs(url.query)["next"] == [reverse("wagtailadmin_pages:edit", args=[unwritten_city.pk])]


def test_a_city_being_confirmed_is_not_called_a_member(client, make_city):
    city = make_city("Ciudad Por Confirmar", country="AR", year_joined=2024)
    city.membership_status = MembershipStatus.UNDER_REVIEW
    city.save_revision().publish()

    known = section(english_page(client, city), "known-heading").get_text(" ", strip=True)
    assert "the network is confirming its membership" in known
    assert "has been a member" not in known


def test_a_written_profile_replaces_the_facts_and_the_invitation_but_keeps_the_sources(
    client, unwritten_city
):
    unwritten_city.body = [("text", RichText("<p>Arequipa aprende en sus barrios.</p>"))]
    unwritten_city.save_revision().publish()

    page = english_page(client, unwritten_city)
    assert "Arequipa aprende en sus barrios." in page.get_text()
    assert page.find(id="known-heading") is None
    assert page.find(id="invitation-heading") is None
    assert page.find(id="sources-heading") is not None


def test_the_spanish_page_speaks_spanish(client, unwritten_city):
    response = client.get(f"/cities/{unwritten_city.slug}/")
    text = BeautifulSoup(response.content, "html.parser").get_text(" ", strip=True)
    assert "Red Mundial de Ciudades del Aprendizaje de la UNESCO desde 2022" in text
    assert "What the network knows" not in text
