"""A time zone named the way people read it, in the reader's language.

"hora de São Paulo, UTC−3", "São Paulo, UTC−3" (Portuguese), "São Paulo time, UTC−3": the city whose clock
the times follow and the offset from UTC at a given moment (an event's start, and its end when the clocks
change in between: zones with daylight saving time change their offset with the season). The database's
name ("America/Sao_Paulo") means little to a reader and is written in none of the site's languages.

City names come from the Unicode CLDR through Babel (its exemplar cities, with their accents, in each
language: "Ciudad de México", "Cidade do México", "Mexico City"); the words around them are the project's
own, translated in its catalogues: CLDR's own wording ("Horário México (Cidade do México)") reads as a
label, not as a phrase. A zone that CLDR does not name yet gets the last part of its name (Babel's rule);
a zone with no place (UTC, Etc/GMT+5) is named by its offset alone.

The event editor offers the zones by place and country, "São Paulo (Brasil)", from the same data.
"""

import functools
import zoneinfo
from collections import Counter

from babel import Locale, UnknownLocaleError
from babel.core import get_global
from babel.dates import get_timezone_location
from django.utils import translation
from django.utils.translation import gettext

MINUS = "\u2212"  # the minus sign, as typeset: "UTC−3", not a hyphen


def reader_locale():
    """Babel's locale of the active language (English when none is active)."""
    language = translation.get_language() or "en"
    try:
        return Locale.parse(translation.to_locale(language))
    except (ValueError, UnknownLocaleError):
        return Locale.parse("en")


def has_place(zone):
    """Whether a zone is a place's clock: "America/Bogota" is, "UTC" and "Etc/GMT+5" are not."""
    return "/" in zone and not zone.startswith("Etc/")


@functools.lru_cache(maxsize=1024)
def city_name(zone, locale):
    """The zone's city as a language writes it ("America/Sao_Paulo", pt_BR -> "São Paulo"); a zone CLDR
    does not name yet, by the last part of its name (Babel's own rule)."""
    return get_timezone_location(zone, locale=locale, return_city=True)


def utc_offset(offset):
    """ "UTC−3", "UTC−3:30", "UTC+1", "UTC+0" for an offset (a timedelta)."""
    seconds = offset.total_seconds()
    sign = "+" if seconds >= 0 else MINUS
    hours, minutes = divmod(round(abs(seconds) / 60), 60)
    return f"UTC{sign}{hours}:{minutes:02}" if minutes else f"UTC{sign}{hours}"


def time_zone_name(zone, starts, ends=None):
    """The zone as the active language names it, with its offset at `starts` (an aware datetime), and at
    `ends` too when the clocks change in between ("UTC−3/UTC−4")."""
    clock = zoneinfo.ZoneInfo(zone)
    offsets = [starts.astimezone(clock).utcoffset()]
    if ends is not None and ends.astimezone(clock).utcoffset() != offsets[0]:
        offsets.append(ends.astimezone(clock).utcoffset())
    offset = "/".join(utc_offset(each) for each in offsets)
    if not has_place(zone):
        return "UTC" if offset == "UTC+0" else offset
    # Translators: a time zone after an event's times, e.g. "(São Paulo time, UTC−3)"; city is the
    # place whose clock the times follow, offset its difference from UTC on the event's days.
    return gettext("%(city)s time, %(offset)s") % {
        "city": city_name(zone, str(reader_locale())),
        "offset": offset,
    }


def place_name(zone):
    """A zone by place and country in the active language, "São Paulo (Brasil)"; "UTC" has no place."""
    if not has_place(zone):
        return zone
    locale = reader_locale()
    city = city_name(zone, str(locale))
    territories = get_global("zone_territories")
    territory = territories.get(zone) or territories.get(get_global("zone_aliases").get(zone))
    country = locale.territories.get(territory)
    return f"{city} ({country})" if country and country not in city else city


def labelled_time_zones(zones):
    """(zone, place) pairs in the active language. An old name of a clock (America/Montreal, now
    America/Toronto's) reads like the clock's own name: its database name tells them apart, "Toronto
    (Canadá) · America/Montreal"."""
    old_names = get_global("zone_aliases")
    places = [(zone, place_name(zone)) for zone in zones]
    places = [
        (zone, f"{place} · {zone}" if has_place(zone) and zone in old_names else place)
        for zone, place in places
    ]
    repeated = Counter(place for _, place in places)
    return [(zone, f"{place} · {zone}" if repeated[place] > 1 else place) for zone, place in places]
