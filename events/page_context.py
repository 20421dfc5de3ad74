"""What an event page shows besides its own fields: its cities in the page's language, in one query, and
the point its map marks."""

from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from cities.models import CityPage
from cities.ordering import alphabetical
from network.languages import active_locale_id
from network.visibility import open_to_everyone

from .models import EventPage

# A marker's label is a tooltip: a long venue name is cut short.
LABEL_LENGTH = 60


def venue_point(event, host_city):
    """Where the event's map puts its marker, or None for no map (an online event, no known place).

    The venue's own coordinates when the event has them, else the host city's location (`host_city` is
    the city page in the page's language, published and public, or None). The marker is labelled with
    the venue, or the event's title when it has none.
    """
    if event.event_format == event.Format.ONLINE:
        return None
    if event.latitude is not None and event.longitude is not None:
        latitude, longitude = event.latitude, event.longitude
        map_name = _("Map of the event's venue")
    elif host_city is not None and host_city.has_location:
        latitude, longitude = host_city.latitude, host_city.longitude
        map_name = _("Map of %(name)s") % {"name": host_city.title}
    else:
        return None
    return {
        "latitude": latitude,
        "longitude": longitude,
        "label": Truncator(event.venue or event.title).chars(LABEL_LENGTH),
        "map_name": map_name,
    }


def visible_cities(keys):
    """The city pages of these translation keys in the page's language that visitors may see: live, and
    neither restricted nor copies of a restricted original (network.visibility)."""
    return open_to_everyone(
        CityPage.objects.live().filter(locale=active_locale_id(), translation_key__in=keys)
    )


def with_host_places(events):
    """Give each event `host_place`: its host city in the page's language, if visitors may see it, else
    None; two queries for any number of events (lists and search results)."""
    host_ids = {event.host_city_id for event in events} - {None}
    keys, localized = {}, {}
    if host_ids:
        keys = dict(CityPage.objects.filter(pk__in=host_ids).values_list("pk", "translation_key"))
        localized = {city.translation_key: city for city in visible_cities(keys.values())}
    for event in events:
        event.host_place = localized.get(keys.get(event.host_city_id))
    return events


def written_place(words, host_place):
    """Where the event is, in words for an e-mail or a calendar app (which finds the place by them): the
    venue and address of `words` (the event or its translation), then, for an event held in a place, the
    host city visitors may see and its country, unless the address names the city already."""
    parts = [part for part in (words.venue, words.address) if part]
    if host_place is not None and words.event_format != EventPage.Format.ONLINE:
        named = " ".join(parts).casefold()
        if host_place.title.casefold() not in named:
            parts.append(host_place.title)
        parts.append(str(host_place.country.name))
    return ", ".join(parts)


def event_context(event, request=None):
    originals = list(event.cities.all()) + ([event.host_city] if event.host_city_id else [])
    keys = {city.translation_key for city in originals}
    localized = {city.translation_key: city for city in visible_cities(keys)}
    host = localized.get(event.host_city.translation_key) if event.host_city_id else None
    participating = sorted(
        (localized[city.translation_key] for city in event.cities.all() if city.translation_key in localized),
        key=lambda city: alphabetical(city.title),
    )
    return {
        "host_city": host,
        "participating_cities": participating,
        "venue_point": venue_point(event, host),
        "registration_closed_on": registration_closed_on(event.original()),
    }


def registration_closed_on(event, now=None):
    """When registration closed for an event that took registrations on this site and has not ended: its
    page says so, once the Register button is gone (None otherwise)."""
    now = now or timezone.now()
    if event.registration == EventPage.Registration.CLOSED or event.registration_is_open(now):
        return None
    return event.registration_deadline if now < event.ends_at else None
