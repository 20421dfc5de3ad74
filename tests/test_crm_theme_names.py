"""The engagement log names themes in the reader's admin language: engagements are tagged with the
original (Spanish) theme, but staff in Brazil pick and read "Hortas urbanas", not "Huertas urbanas", in
the city timeline's filter, the engagement form, the listing's and reports' filters and the engagement's
page. What is stored stays the original theme; the names cost one query, not one a theme."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.models import Locale
from wagtail.users.models import UserProfile

from tests import factories

pytestmark = pytest.mark.django_db


def translate(theme, language_code, name):
    translation = theme.copy_for_translation(Locale.objects.get(language_code=language_code))
    translation.name = name
    translation.save()
    return translation


@pytest.fixture
def gardens(db):
    theme = factories.ThemeFactory(name="Huertas urbanas", slug="huertas-urbanas")
    translate(theme, "pt-br", "Hortas urbanas")
    translate(theme, "en", "Urban gardens")
    return theme


@pytest.fixture
def brazilian_staff(staff_client, staff_user):
    profile = UserProfile.get_for_user(staff_user)
    profile.preferred_language = "pt-br"
    profile.save()
    return staff_client


def names(client, soup, url):
    response = client.get(url)
    assert response.status_code == 200
    return {
        option.get_text(" ", strip=True): option.get("value")
        for option in soup(response).select("select[name=theme] option")
    }


def test_the_timeline_filter_names_themes_in_the_admin_language(brazilian_staff, soup, medellin, gardens):
    options = names(brazilian_staff, soup, reverse("contacts_timeline:city", args=[medellin.pk]))
    assert options["Hortas urbanas"] == "huertas-urbanas"
    assert "Huertas urbanas" not in options


def test_the_engagement_form_names_the_original_theme_in_the_admin_language(brazilian_staff, soup, gardens):
    response = brazilian_staff.get(reverse("wagtailsnippets_contacts_engagement:add"))
    html = soup(response)
    labels = {
        " ".join(option.get_text().split()): option.get("value")
        for option in html.select("select[name=themes] option")
    } or {
        " ".join(box.find_parent("label").get_text().split()): box.get("value")
        for box in html.select("input[name=themes]")
    }
    assert labels["Hortas urbanas"] == str(gardens.pk)
    assert "Huertas urbanas" not in labels


def test_the_engagement_listing_filter_and_its_pill_name_the_theme(brazilian_staff, soup, gardens):
    factories.EngagementFactory(title="Visita", themes=[gardens])
    url = reverse("wagtailsnippets_contacts_engagement:list")
    options = names(brazilian_staff, soup, url)
    assert options["Hortas urbanas"] == str(gardens.pk)
    filtered = brazilian_staff.get(url, {"theme": gardens.pk})
    assert "Hortas urbanas" in soup(filtered).get_text()
    assert "Huertas urbanas" not in soup(filtered).get_text()


def test_the_report_filter_names_themes_in_the_admin_language(brazilian_staff, soup, gardens):
    options = names(brazilian_staff, soup, reverse("contacts_engagements_by_country:index"))
    assert options["Hortas urbanas"] == str(gardens.pk)


def test_the_engagement_page_names_its_themes(brazilian_staff, soup, gardens):
    engagement = factories.EngagementFactory(title="Visita", themes=[gardens])
    response = brazilian_staff.get(
        reverse("wagtailsnippets_contacts_engagement:inspect", args=[engagement.pk])
    )
    text = soup(response).get_text()
    assert "Hortas urbanas" in text
    assert "Huertas urbanas" not in text


def test_an_untranslated_theme_keeps_its_original_name(brazilian_staff, soup, medellin):
    factories.ThemeFactory(name="Bibliotecas vivas", slug="bibliotecas-vivas")
    assert "Bibliotecas vivas" in names(
        brazilian_staff, soup, reverse("contacts_timeline:city", args=[medellin.pk])
    )
    assert "Bibliotecas vivas" in names(
        brazilian_staff, soup, reverse("wagtailsnippets_contacts_engagement:list")
    )


def queries(client, url, params=None):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url, params or {}).status_code == 200
    return len(captured)


@pytest.mark.parametrize(
    "url",
    [
        pytest.param(lambda city: reverse("contacts_timeline:city", args=[city.pk]), id="timeline"),
        pytest.param(lambda city: reverse("wagtailsnippets_contacts_engagement:add"), id="form"),
        pytest.param(lambda city: reverse("wagtailsnippets_contacts_engagement:list"), id="listing"),
        pytest.param(lambda city: reverse("contacts_theme_coverage:index"), id="coverage report"),
    ],
)
def test_naming_more_themes_costs_no_more_queries(brazilian_staff, medellin, gardens, url):
    factories.EngagementFactory(title="Visita", cities=[medellin], themes=[gardens])
    brazilian_staff.get(url(medellin))  # caches warmed
    before = queries(brazilian_staff, url(medellin))
    for number in range(4):
        theme = factories.ThemeFactory()
        translate(theme, "pt-br", f"Tema traduzido {number}")
        factories.EngagementFactory(cities=[medellin], themes=[theme])
    brazilian_staff.get(url(medellin))
    assert queries(brazilian_staff, url(medellin)) == before


def test_the_filter_lists_themes_in_the_order_of_their_translated_names(brazilian_staff, soup, gardens):
    pineapples = factories.ThemeFactory(name="Piñas", slug="pinas")
    translate(pineapples, "pt-br", "Abacaxis")
    options = list(names(brazilian_staff, soup, reverse("wagtailsnippets_contacts_engagement:list")))
    assert options.index("Abacaxis") < options.index("Hortas urbanas")
