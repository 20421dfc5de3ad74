"""A city's themes include those of the network's public activities it took part in (workshops, forums,
webinars, trainings, from the private engagement log) and of its published good practices, wherever the
public sees themes: the directory's filter and list, the map data, the home page's theme cards and the
city page. Nothing else of an engagement reaches the public, and private kinds (meetings, calls…) never
count.
"""

import io
import json

import pytest
from django.core.management import call_command
from django.urls import reverse
from wagtail.models import PageViewRestriction

from cities.models import CityActivityTheme
from contacts.models import Engagement
from practices.models import PracticePage
from tests import factories

pytestmark = pytest.mark.django_db

Kind = Engagement.Kind
TITLE = "Taller confidencial de planificación 2026"
SUMMARY = "Notas internas sobre el presupuesto municipal"


@pytest.fixture
def theme(themes):
    """A seeded theme no city page names."""
    return next(theme for theme in themes if theme.slug == "alfabetizacion")


@pytest.fixture
def city(make_city):
    return make_city("Ciudad Taller", country="CO")


@pytest.fixture
def workshop(engagement_factory, city, theme):
    return engagement_factory(TITLE, cities=[city], kind=Kind.WORKSHOP, themes=[theme], summary=SUMMARY)


def directory_names(client, soup, slug, prefix=""):
    response = client.get(f"{prefix}/cities/", {"theme": slug})
    assert response.status_code == 200
    return {link.get_text(strip=True) for link in soup(response).select("table.city-table tbody th a")}


def listed_themes(client, soup, city):
    """The themes column of the city's row in the directory."""
    page = soup(client.get("/cities/"))
    rows = page.select("table.city-table tbody tr")
    row = next(row for row in rows if row.th.get_text(strip=True) == city.title)
    return row.find_all("td")[-1].get_text(strip=True)


def map_themes(client, city):
    response = client.get(reverse("cities_geojson"))
    features = {feature["id"]: feature for feature in json.loads(response.content)["features"]}
    return features[city.pk]["properties"]["themes"] if city.pk in features else None


def card_count(client, soup, theme):
    """The number of cities on the home page's card of the theme (English home page): "No city yet" is 0."""
    page = soup(client.get("/en/"))
    link = page.select_one(f'.theme-card a[href$="?theme={theme.slug}"]')
    words = link.find_parent("li").select_one("p.muted").get_text().split()
    return int(words[0]) if words[0].isdecimal() else 0


def page_themes(client, soup, url):
    """The themes listed on a city page."""
    response = client.get(url)
    assert response.status_code == 200
    return [item.get_text(strip=True) for item in soup(response).select(".city__facts ul.tag-list li")]


def everywhere(client, soup, city, theme):
    """Where the public sees the theme of the city: directory filter (Spanish and English), map data,
    home card count and city page."""
    return {
        "directory": city.title in directory_names(client, soup, theme.slug),
        "directory en": city.title in directory_names(client, soup, theme.slug, prefix="/en"),
        "map": theme.name in (map_themes(client, city) or []),
        "card": card_count(client, soup, theme),
        "page": theme.name in page_themes(client, soup, city.url),
    }


SHOWN = {"directory": True, "directory en": True, "map": True, "card": 1, "page": True}
HIDDEN = {"directory": False, "directory en": False, "map": False, "card": 0, "page": False}


def test_a_workshop_gives_its_city_the_theme_and_nothing_else(client, soup, city, theme, workshop):
    assert everywhere(client, soup, city, theme) == SHOWN
    assert "Literacy" in page_themes(client, soup, f"/en/cities/{city.slug}/"), "the theme in English"
    assert listed_themes(client, soup, city) == theme.name
    # Of the engagement, only the theme reaches the public.
    for url in ("/", "/cities/", city.url, reverse("cities_geojson")):
        text = client.get(url).content.decode()
        assert TITLE not in text and SUMMARY not in text


@pytest.mark.parametrize("kind", [Kind.FORUM, Kind.WEBINAR, Kind.TRAINING])
def test_the_other_public_activities_count(client, soup, engagement_factory, city, theme, kind):
    engagement_factory("Actividad", cities=[city], kind=kind, themes=[theme])
    assert everywhere(client, soup, city, theme) == SHOWN


@pytest.mark.parametrize(
    "kind", [Kind.MEETING, Kind.CALL, Kind.EMAIL, Kind.VISIT, Kind.REPORT_SUBMISSION, Kind.OTHER]
)
def test_private_engagements_never_count(client, soup, engagement_factory, city, theme, kind):
    engagement_factory("Reunión", cities=[city], kind=kind, themes=[theme])
    assert everywhere(client, soup, city, theme) == HIDDEN
    assert not CityActivityTheme.objects.exists()


def test_a_theme_both_chosen_and_from_activity_counts_once(
    client, soup, city, theme, workshop, publish_with_themes
):
    publish_with_themes(city, theme)
    assert everywhere(client, soup, city, theme) == SHOWN
    assert page_themes(client, soup, city.url) == [theme.name]
    assert map_themes(client, city) == [theme.name]


def test_deleting_the_engagement_takes_the_theme_away_from_cached_pages(client, soup, city, theme, workshop):
    assert everywhere(client, soup, city, theme) == SHOWN  # now cached
    workshop.delete()
    assert everywhere(client, soup, city, theme) == HIDDEN


def test_removing_the_theme_or_the_city_or_changing_the_kind_takes_it_away(
    client, soup, engagement_factory, city, theme, workshop
):
    assert everywhere(client, soup, city, theme) == SHOWN
    workshop.themes = []
    workshop.save()
    assert everywhere(client, soup, city, theme) == HIDDEN

    workshop.themes = [theme]
    workshop.save()
    assert everywhere(client, soup, city, theme) == SHOWN
    workshop.kind = Kind.MEETING
    workshop.save()
    assert everywhere(client, soup, city, theme) == HIDDEN

    workshop.kind = Kind.WORKSHOP
    workshop.save()
    assert everywhere(client, soup, city, theme) == SHOWN
    other = factories.CityFactory(title="Otra Ciudad", country="PE")
    workshop.cities = [other]
    workshop.save()
    assert everywhere(client, soup, city, theme) == {**HIDDEN, "card": 1}  # the other city's
    assert everywhere(client, soup, other, theme) == SHOWN


def test_changes_made_from_the_city_or_the_theme_count_too(client, soup, city, theme, workshop):
    city.engagements.remove(workshop)
    assert everywhere(client, soup, city, theme) == HIDDEN
    city.engagements.add(workshop)
    assert everywhere(client, soup, city, theme) == SHOWN
    theme.engagements.clear()
    assert everywhere(client, soup, city, theme) == HIDDEN
    theme.engagements.add(workshop)
    assert everywhere(client, soup, city, theme) == SHOWN
    city.engagements.clear()
    assert everywhere(client, soup, city, theme) == HIDDEN


def test_a_theme_stays_while_another_public_activity_has_it(
    client, soup, engagement_factory, city, theme, workshop
):
    engagement_factory("Foro", cities=[city], kind=Kind.FORUM, themes=[theme])
    workshop.delete()
    assert everywhere(client, soup, city, theme) == SHOWN


def test_an_unpublished_city_never_counts(client, soup, make_city, engagement_factory, theme):
    hidden = make_city("Ciudad Oculta", country="CO", publish=False)
    engagement_factory("Taller", cities=[hidden], kind=Kind.WORKSHOP, themes=[theme])
    assert CityActivityTheme.objects.filter(city=hidden).exists()
    assert card_count(client, soup, theme) == 0
    assert hidden.title not in directory_names(client, soup, theme.slug)
    assert map_themes(client, hidden) is None


def test_the_refresh_command_rebuilds_from_scratch(client, soup, make_city, city, theme, themes, workshop):
    other_theme = next(other for other in themes if other.pk != theme.pk)
    CityActivityTheme.objects.all().delete()
    CityActivityTheme.objects.create(city=city, theme=other_theme)  # stale: no activity has it
    # A link written in bulk, as an import writes them, sends no signal.
    other = make_city("Otra Ciudad", country="PE")
    links = Engagement.cities.through
    links.objects.bulk_create([links(engagement=workshop, citypage=other)])
    assert everywhere(client, soup, city, theme) == HIDDEN
    assert everywhere(client, soup, other, theme) == HIDDEN
    assert card_count(client, soup, other_theme) == 1

    out = io.StringIO()
    call_command("refresh_activity_themes", stdout=out)

    assert "2 city-theme pair(s) added, 1 removed" in out.getvalue()
    assert set(CityActivityTheme.objects.values_list("city_id", "theme_id")) == {
        (city.pk, theme.pk),
        (other.pk, theme.pk),
    }
    assert everywhere(client, soup, city, theme) == {**SHOWN, "card": 2}
    assert everywhere(client, soup, other, theme) == {**SHOWN, "card": 2}
    assert card_count(client, soup, other_theme) == 0


# --- Good practices -------------------------------------------------------------------------------------


def test_a_published_practice_gives_its_city_its_themes_until_unpublished(client, soup, city, theme):
    draft = factories.PracticeFactory(city=city, themes=[theme], publish=False)
    assert everywhere(client, soup, city, theme) == HIDDEN, "a draft is not what the city does yet"
    draft.save_revision().publish()
    assert everywhere(client, soup, city, theme) == SHOWN
    PracticePage.objects.get(pk=draft.pk).unpublish()
    assert everywhere(client, soup, city, theme) == HIDDEN


def test_a_practice_s_theme_outlives_a_change_of_the_city_s_engagements(
    client, soup, engagement_factory, city, theme, themes
):
    """Both sources make up the city's activity themes: refreshing one must not drop the other's."""
    practice = factories.PracticeFactory(city=city, themes=[theme])
    workshop_theme = next(other for other in themes if other.pk != theme.pk)
    workshop = engagement_factory("Taller", cities=[city], kind=Kind.WORKSHOP, themes=[workshop_theme])
    assert everywhere(client, soup, city, theme) == SHOWN
    assert everywhere(client, soup, city, workshop_theme) == SHOWN
    workshop.delete()
    assert everywhere(client, soup, city, theme) == SHOWN
    assert everywhere(client, soup, city, workshop_theme) == HIDDEN
    practice.delete()
    assert everywhere(client, soup, city, theme) == HIDDEN


def test_a_restricted_practice_gives_its_city_no_theme(client, soup, city, theme):
    """Its English and Portuguese copies are aliases, served under the Spanish page's restriction."""
    practice = factories.PracticeFactory(city=city, themes=[theme])
    assert everywhere(client, soup, city, theme) == SHOWN
    PageViewRestriction.objects.create(
        page=practice, restriction_type=PageViewRestriction.PASSWORD, password="secreto"
    )
    practice.save_revision().publish()
    assert everywhere(client, soup, city, theme) == HIDDEN
    call_command("refresh_activity_themes", stdout=io.StringIO())
    assert everywhere(client, soup, city, theme) == HIDDEN


def test_restricting_a_city_s_page_takes_its_practices_themes_away_and_lifting_it_gives_them_back(
    client, soup, city, theme
):
    """Nobody publishes anything again: the restriction's own change refreshes the city's themes."""
    factories.PracticeFactory(city=city, themes=[theme])
    restriction = PageViewRestriction.objects.create(
        page=city, restriction_type=PageViewRestriction.PASSWORD, password="secreto"
    )
    assert not CityActivityTheme.objects.filter(theme=theme).exists()
    restriction.delete()
    assert everywhere(client, soup, city, theme) == SHOWN


def test_the_refresh_command_keeps_the_practices_themes(city, theme):
    factories.PracticeFactory(city=city, themes=[theme])
    CityActivityTheme.objects.all().delete()
    call_command("refresh_activity_themes", stdout=io.StringIO())
    assert set(CityActivityTheme.objects.values_list("city_id", "theme_id")) == {(city.pk, theme.pk)}
