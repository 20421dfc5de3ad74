"""Find a city's coordinates from its name with geopy's Nominatim client.

Nominatim's public server allows one request per second and asks for results to be cached, so every
request goes through one rate limiter per process and answers are kept in Django's cache. Failures
are logged and returned as outcomes with a message for editors: callers never see an exception.
"""

import hashlib
import logging
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from django.conf import settings
from django.core.cache import cache
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils import translation
from django.utils.translation import gettext as _
from django_countries import countries
from geopy.adapters import AdapterHTTPError, URLLibAdapter
from geopy.distance import geodesic
from geopy.exc import GeocoderTimedOut, GeocoderUnavailable, GeopyError
from geopy.extra.rate_limiter import RateLimiter
from geopy.geocoders import Nominatim

logger = logging.getLogger(__name__)

CACHE_KEY_PREFIX = "cities:geocode:"


@dataclass(frozen=True)
class GeocodeOutcome:
    """Where a query geocodes; `error` is "" when found, else a message for editors.

    `failed` tells a service failure (worth retrying later) from an answer without any place.
    """

    latitude: float | None = None
    longitude: float | None = None
    address: str = ""
    error: str = ""
    failed: bool = False

    @property
    def found(self):
        return not self.error


@receiver(setting_changed)
def _forget_geocoder(setting, **kwargs):
    if setting == "GEOCODER":
        _rate_limited_geocode.cache_clear()


@lru_cache(maxsize=1)
def _rate_limited_geocode():
    """Nominatim's geocode behind one rate limiter for the whole process, rebuilt when settings change.

    Nothing retries, so each call is one HTTP request and a failure reaches `geocode_city` as such: the
    limiter neither retries nor swallows errors, and the urllib adapter replaces geopy's default
    requests adapter, whose connection pool retries read timeouts twice (three requests inside the
    limiter's slot, reported as "unavailable" rather than as a timeout).
    """
    config = settings.GEOCODER
    geocoder = Nominatim(
        domain=config["DOMAIN"],
        scheme=config["SCHEME"],
        user_agent=config["USER_AGENT"],
        timeout=config["TIMEOUT"],
        adapter_factory=URLLibAdapter,
    )
    delay = config["MIN_DELAY_SECONDS"]
    return RateLimiter(
        geocoder.geocode,
        min_delay_seconds=delay,
        max_retries=0,
        error_wait_seconds=delay,
        swallow_exceptions=False,
    )


def build_query(name, region, country_code, language):
    """ "name, region, country name", the country named in the geocoder's language."""
    with translation.override(language):
        country_name = str(countries.name(country_code)) if country_code else ""
    return ", ".join(part.strip() for part in (name, region, country_name) if part and part.strip())


def _cache_key(query, country_code, language):
    normalised = " ".join(unicodedata.normalize("NFC", query).casefold().split())
    digest = hashlib.sha256(f"{language}|{country_code}|{normalised}".encode()).hexdigest()
    return CACHE_KEY_PREFIX + digest


def geocode_city(name: str, region: str, country_code: str) -> GeocodeOutcome:
    """Geocode a city by name, region and ISO 3166 alpha-2 country code (restricting to that country)."""
    config = settings.GEOCODER
    language = config["LANGUAGE"]
    country_code = (country_code or "").lower()
    query = build_query(name, region, country_code, language)
    key = _cache_key(query, country_code, language)

    place = cache.get(key)
    if place is None:
        try:
            location = _rate_limited_geocode()(query, language=language, country_codes=country_code or None)
        except GeopyError as error:
            logger.warning("Geocoding %r failed: %r", query, error)
            return GeocodeOutcome(error=_failure_message(error), failed=True)
        place = (
            {"latitude": location.latitude, "longitude": location.longitude, "address": location.address}
            if location
            else {}
        )
        cache.set(key, place, config["CACHE_SECONDS"])

    if not place:
        logger.info("Geocoding %r found no place", query)
        return GeocodeOutcome(error=_("No place found for “%(query)s”.") % {"query": query})
    return GeocodeOutcome(**place)


def _failure_message(error):
    # geopy raises GeocoderTimedOut for HTTP 503 and 504 too: the HTTP status is on the cause.
    if isinstance(error.__cause__, AdapterHTTPError):
        return _("The geocoding service is unavailable (HTTP %(status)s). Try again later.") % {
            "status": error.__cause__.status_code
        }
    if isinstance(error, GeocoderTimedOut):
        return _("The geocoding service did not answer in time.")
    # urllib's connection errors (refused, unknown host) come as a GeopyError raised while handling them.
    if isinstance(error, GeocoderUnavailable) or isinstance(error.__context__, OSError):
        return _("The geocoding service could not be reached. Try again later.")
    return _("The geocoding service failed. Try again later.")


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    return geodesic((lat1, lon1), (lat2, lon2)).km


def is_far(distance: float) -> bool:
    """Whether a pin this far from where the city's name geocodes deserves a warning."""
    return distance > settings.GEOCODER_WARNING_DISTANCE_KM


def is_far_from_geocoded(page) -> tuple[bool, GeocodeOutcome]:
    """Whether the page's pin is far from where its name geocodes; False when either is unknown."""
    outcome = geocode_city(page.title, page.region, page.country.code)
    if not (outcome.found and page.has_location):
        return False, outcome
    distance = distance_km(page.latitude, page.longitude, outcome.latitude, outcome.longitude)
    return is_far(distance), outcome
