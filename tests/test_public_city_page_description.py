"""A city page without a summary (every city the loader creates, until its focal point writes one) tells
search engines and link previews what its own page says first, that the city is a member of the network
and since when, in the page's language; not the site's description, which every such city shared."""

import pytest

from home.templatetags.page_meta import site_description

pytestmark = pytest.mark.django_db

MEMBERSHIP = {
    "": "Villa Alegre (Maule, Chile) es miembro de la Red Mundial de Ciudades del Aprendizaje de la UNESCO "
    "desde 2020.",
    "/pt-br": "Villa Alegre (Maule, Chile) é membro da Rede Global de Cidades de Aprendizagem da UNESCO "
    "desde 2020.",
    "/en": "Villa Alegre (Maule, Chile) has been a member of the UNESCO Global Network of Learning Cities "
    "since 2020.",
}


def meta(page, **attrs):
    tag = page.find("meta", attrs=attrs)
    assert tag is not None, attrs
    return tag["content"]


@pytest.mark.parametrize(("prefix", "sentence"), MEMBERSHIP.items())
def test_a_city_without_a_summary_is_described_by_its_membership(client, soup, make_city, prefix, sentence):
    make_city("Villa Alegre", country="CL", region="Maule", year_joined=2020)
    page = soup(client.get(f"{prefix}/cities/villa-alegre/"))
    assert sentence in page.get_text(" ", strip=True)
    assert meta(page, name="description") == sentence
    assert meta(page, property="og:description") == sentence


def test_two_cities_without_a_summary_are_described_apart(client, soup, make_city):
    make_city("Villa Alegre", country="CL", region="Maule", year_joined=2020)
    make_city("Puerto Claro", country="UY")
    descriptions = {
        meta(soup(client.get(f"/cities/{slug}/")), name="description")
        for slug in ("villa-alegre", "puerto-claro")
    }
    assert len(descriptions) == 2
    assert site_description() not in descriptions
