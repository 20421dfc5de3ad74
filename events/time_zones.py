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
"""

import functools
import zoneinfo

from babel import Locale, UnknownLocaleError
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
