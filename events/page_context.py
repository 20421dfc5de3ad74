"""What an event page shows besides its own fields: its cities in the page's language, in one query."""

from cities.models import CityPage
from network.languages import active_locale_id


def event_context(event, request=None):
    originals = list(event.cities.all()) + ([event.host_city] if event.host_city_id else [])
    keys = {city.translation_key for city in originals}
    localized = {
        city.translation_key: city
        for city in CityPage.objects.live()
        .public()
        .filter(locale=active_locale_id(), translation_key__in=keys)
    }
    host = localized.get(event.host_city.translation_key) if event.host_city_id else None
    participating = sorted(
        (localized[city.translation_key] for city in event.cities.all() if city.translation_key in localized),
        key=lambda city: city.title.casefold(),
    )
    return {"host_city": host, "participating_cities": participating}
