"""The places the result cards of good practices and library items name: their cities in the page's
language, and only those visitors may see (network.visibility), read in two queries for any number of
results of a type (a SearchableType's `prepare_cards`)."""

from cities.models import CityPage
from cities.ordering import alphabetical
from knowledge.listing import title_languages
from knowledge.models import ResourcePage
from network.languages import active_locale_id
from network.visibility import open_to_everyone
from practices.models import PracticePage


def visible_cities_by_key(keys):
    """{translation key: the city page in the page's language} of these keys, for the cities visitors may
    see (live, neither restricted nor copies of a restricted original)."""
    if not keys:
        return {}
    cities = open_to_everyone(
        CityPage.objects.live().filter(locale=active_locale_id(), translation_key__in=set(keys))
    )
    return {city.translation_key: city for city in cities}


def with_practice_places(practices):
    """Give each practice `place`: its city in the page's language, or None."""
    keys = dict(
        PracticePage.objects.filter(pk__in=[practice.pk for practice in practices]).values_list(
            "pk", "city__translation_key"
        )
    )
    cities = visible_cities_by_key([key for key in keys.values() if key])
    for practice in practices:
        practice.place = cities.get(keys.get(practice.pk))
    return practices


def with_resource_places(resources):
    """Give each library item `places`: its related cities in the page's language, by title."""
    rows = ResourcePage.cities.through.objects.filter(
        resourcepage_id__in=[resource.pk for resource in resources]
    ).values_list("resourcepage_id", "citypage__translation_key")
    keys = {}
    for resource_id, key in rows:
        keys.setdefault(resource_id, []).append(key)
    cities = visible_cities_by_key([key for found in keys.values() for key in found])
    for resource in resources:
        named = (cities[key] for key in keys.get(resource.pk, ()) if key in cities)
        resource.places = sorted(named, key=lambda city: alphabetical(city.title))
    languages = title_languages(resources)
    for resource in resources:
        resource.language_of_title = languages[resource.pk]
    return resources
