"""An event's time zone named the way people read it, in the reader's language.

"hora de São Paulo, UTC−3", "horário de São Paulo, UTC−3", "São Paulo time, UTC−3": the city whose clock
the times follow and the offset from UTC at a given moment (the event's start: zones with daylight saving
time change their offset with the season). The raw database name ("America/Sao_Paulo") means little to a
reader and is written in none of the site's languages.

City names come from the Unicode CLDR through Babel (its exemplar cities, with their accents, in each
language: "Ciudad de México", "Cidade do México", "Mexico City"); the words around them are the project's
own, translated in its catalogues: CLDR's own wording ("Horário México (Cidade do México)") reads as a
label, not as a phrase. A zone that CLDR does not know yet gets its place from its name ("Nowhere_Town"
-> "Nowhere Town"); a zone with no place (UTC, Etc/GMT+5) is named by its offset alone.

The event editor offers the zones by place and country, "São Paulo (Brasil)", from the same data.
"""

import functools
import unicodedata
import zoneinfo
from collections import Counter

from babel import Locale, UnknownLocaleError
from babel.core import get_global
from babel.dates import get_timezone_location
from django.utils import translation
from django.utils.translation import gettext

MINUS = "\u2212"  # the minus sign, as typeset: "UTC−3", not a hyphen


def _babel_locale():
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
    """The zone's city as a language writes it ("America/Sao_Paulo", pt_BR -> "São Paulo")."""
    try:
        return get_timezone_location(zone, locale=locale, return_city=True)
    except LookupError:
        return zone.rsplit("/", 1)[-1].replace("_", " ")


def utc_offset(offset):
    """ "UTC−3", "UTC−3:30", "UTC+1", "UTC+0" for an offset (a timedelta)."""
    minutes = int(offset.total_seconds()) // 60
    sign = "+" if minutes >= 0 else MINUS
    hours, minutes = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours}:{minutes:02}" if minutes else f"UTC{sign}{hours}"


def time_zone_name(zone, moment):
    """The zone as the active language names it, with its offset at `moment` (an aware datetime)."""
    offset = moment.astimezone(zoneinfo.ZoneInfo(zone)).utcoffset()
    if not has_place(zone):
        return "UTC" if not offset else utc_offset(offset)
    # Translators: a time zone after an event's times, e.g. "(São Paulo time, UTC−3)"; city is the
    # place whose clock the times follow, offset its difference from UTC on the event's day.
    return gettext("%(city)s time, %(offset)s") % {
        "city": city_name(zone, str(_babel_locale())),
        "offset": utc_offset(offset),
    }


def _plain(text):
    """Text for sorting: without accents, in one case ("São Paulo" among the S, "Ñ" beside "N")."""
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().casefold()


def place_name(zone):
    """A zone by place and country in the active language, "São Paulo (Brasil)"; "UTC" has no place."""
    if not has_place(zone):
        return zone
    locale = _babel_locale()
    city = city_name(zone, str(locale))
    territories = get_global("zone_territories")
    territory = territories.get(zone) or territories.get(get_global("zone_aliases").get(zone))
    country = locale.territories.get(territory)
    return f"{city} ({country})" if country and country != city else city


def labelled_time_zones(zones):
    """(zone, place) pairs in the active language, in the order of the places' names. An old name of a
    clock (America/Montreal, now America/Toronto's) reads like the clock's own name: its database name
    tells them apart, "Toronto (Canadá) · America/Montreal"."""
    old_names = get_global("zone_aliases")
    places = [(zone, place_name(zone)) for zone in zones]
    places = [
        (zone, f"{place} · {zone}" if has_place(zone) and zone in old_names else place)
        for zone, place in places
    ]
    repeated = Counter(place for _, place in places)
    choices = [(zone, f"{place} · {zone}" if repeated[place] > 1 else place) for zone, place in places]
    return sorted(choices, key=lambda choice: (_plain(choice[1]), choice[1]))
