"""GeoJSON (RFC 7946) of published cities for every public map, cached until a page changes.

Each city's feature is serialised once per process for the same content (`FEATURES`): after a publish,
the next build reads the rows again but writes out only the features that changed.
"""

import hashlib
import json
from functools import partial
from urllib.parse import urlencode

from django.core.cache import cache
from django.urls import reverse
from django.utils import translation
from django_countries import countries
from wagtail.models import Site

from network.caching.shared import ContentMemo, version_seconds
from network.caching.versions import PUBLISHED_CONTENT

from .activity_themes import theme_ids_by_city
from .models import CityPage
from .themes import alphabetical, theme_labels

CACHE_SECONDS = 60 * 60 * 24
# A few thousand cities in three languages, with room for the features that changed since.
FEATURES = ContentMemo(max_entries=40_000)


FIELDS = (
    "pk",
    "title",
    "country",
    "region",
    "latitude",
    "longitude",
    "year_joined",
    "summary",
    "url_path",
    "translation_key",
)


def feature(row, theme_names, url, country_name):
    geometry = None
    if row["latitude"] is not None and row["longitude"] is not None:
        geometry = {"type": "Point", "coordinates": [round(row["longitude"], 6), round(row["latitude"], 6)]}
    return {
        "type": "Feature",
        "id": row["pk"],
        "geometry": geometry,
        "properties": {
            "name": row["title"],
            "country": row["country"],
            "country_name": country_name,
            "region": row["region"],
            "url": url,
            "year_joined": row["year_joined"],
            "themes": theme_names,
            "summary": row["summary"],
        },
    }


def feature_collection(cities, request):
    """The collection as JSON text, from plain rows: thousands of cities take a few queries, not page
    objects, and the features already written for the same content are reused.

    Cities mostly share their set of themes and always their country: each set's names and each country's
    name are worked out once, not once per city (translating a country's name costs more than the rest).
    """
    rows = list(cities.values(*FIELDS))
    labels = theme_labels()
    names_of_set = {}

    def theme_names(ids):
        key = frozenset(ids)
        if key not in names_of_set:
            names_of_set[key] = sorted((labels[i].name for i in key if i in labels), key=alphabetical)
        return names_of_set[key]

    ids_by_city = theme_ids_by_city(cities, {row["pk"]: row["translation_key"] for row in rows})
    country_names = {code: str(countries.name(code)) for code in {row["country"] for row in rows}}
    site = Site.find_for_request(request)
    roots = _language_roots(site)
    texts = []
    for row in rows:
        path = row["url_path"]
        url = next((prefix + path[len(root) :] for root, prefix in roots if path.startswith(root)), None)
        if url is None:
            url = CityPage.objects.get(pk=row["pk"]).get_url(request)
        names = theme_names(ids_by_city.get(row["pk"], ()))
        country_name = country_names[row["country"]]
        inputs = (*row.values(), url, country_name, *names)
        texts.append(FEATURES.get_or_make(inputs, partial(feature_text, row, names, url, country_name)))
    return f'{{"type":"FeatureCollection","features":[{",".join(texts)}]}}'.encode()


def feature_text(row, theme_names, url, country_name):
    return json.dumps(feature(row, theme_names, url, country_name), ensure_ascii=False, separators=(",", ":"))


def _language_roots(site):
    """(home page path in the tree, its public URL prefix) for the site's home page in each language."""
    if site is None:
        return []
    roots = []
    for path in Site.get_site_root_paths():
        if path.site_id == site.pk:
            with translation.override(path.language_code):
                roots.append((path.root_path, reverse("wagtail_serve", args=("",))))
    return roots


class CachedGeoJSON:
    """A serialised FeatureCollection with its validators, as stored in the cache."""

    def __init__(self, body, last_modified):
        self.body = body
        self.last_modified = last_modified
        self.etag = f'"{hashlib.sha256(body).hexdigest()[:32]}"'


def cache_key(version, params, name="cities"):
    digest = hashlib.sha256(urlencode(sorted(params.items())).encode()).hexdigest()[:32]
    return f"{name}:geojson:{version}:{translation.get_language()}:{digest}"


def cached_geojson(params, build, name="cities"):
    """Return the cached response for these parameters of the map data `name` (cities, practices…),
    building and storing it when missing.

    `build()` returns the FeatureCollection as JSON text (bytes), or None when the parameters turn out to
    be invalid (nothing is cached then). While the shared cache is unreachable there is no version: the
    answer is built every time, with no Last-Modified.
    """
    version = PUBLISHED_CONTENT.current()
    key = None if version is None else cache_key(version, params, name)
    cached = None if key is None else cache.get(key)
    if cached is None:
        body = build()
        if body is None:
            return None
        cached = CachedGeoJSON(body, last_modified=None if version is None else version_seconds(version))
        if key is not None:
            cache.set(key, cached, CACHE_SECONDS)
    return cached
