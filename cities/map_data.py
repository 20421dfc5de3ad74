"""GeoJSON (RFC 7946) of published cities for every public map, cached until a page changes."""

import hashlib
import json
import time
from urllib.parse import urlencode

from django.core.cache import cache
from django.utils import translation

MAP_DATA_VERSION_KEY = "cities:map-data-version"
CACHE_SECONDS = 60 * 60 * 24


def map_data_version():
    """A timestamp that changes whenever published city data may have changed."""
    version = cache.get(MAP_DATA_VERSION_KEY)
    if version is None:
        version = int(time.time())
        cache.add(MAP_DATA_VERSION_KEY, version, timeout=None)
        version = cache.get(MAP_DATA_VERSION_KEY, version)
    return version


def invalidate_map_data(**kwargs):
    """Start a new version: every cached response keyed on the old one is then unused.

    Versions are whole seconds that always move forward, so Last-Modified changes too.
    """
    previous = cache.get(MAP_DATA_VERSION_KEY) or 0
    cache.set(MAP_DATA_VERSION_KEY, max(int(time.time()), previous + 1), timeout=None)


def feature(city, request):
    geometry = None
    if city.has_location:
        geometry = {"type": "Point", "coordinates": [round(city.longitude, 6), round(city.latitude, 6)]}
    return {
        "type": "Feature",
        "id": city.pk,
        "geometry": geometry,
        "properties": {
            "name": city.title,
            "country": city.country.code,
            "country_name": str(city.country.name),
            "region": city.region,
            "url": city.get_url(request),
            "year_joined": city.year_joined,
            "themes": [theme.name for theme in city.themes.all()],
            "summary": city.summary,
        },
    }


def feature_collection(cities, request):
    return {"type": "FeatureCollection", "features": [feature(city, request) for city in cities]}


class CachedGeoJSON:
    """A serialised FeatureCollection with its validators, as stored in the cache."""

    def __init__(self, body, last_modified):
        self.body = body
        self.last_modified = last_modified
        self.etag = f'"{hashlib.sha256(body).hexdigest()[:32]}"'


def cache_key(version, params):
    digest = hashlib.sha256(urlencode(sorted(params.items())).encode()).hexdigest()[:32]
    return f"cities:geojson:{version}:{translation.get_language()}:{digest}"


def cached_geojson(params, build):
    """Return the cached response for these parameters, building and storing it when missing.

    `build()` returns the FeatureCollection, or None when the parameters turn out to be invalid
    (nothing is cached then).
    """
    version = map_data_version()
    key = cache_key(version, params)
    cached = cache.get(key)
    if cached is None:
        collection = build()
        if collection is None:
            return None
        body = json.dumps(collection, ensure_ascii=False, separators=(",", ":")).encode()
        cached = CachedGeoJSON(body, last_modified=version)
        cache.set(key, cached, CACHE_SECONDS)
    return cached
