"""The good practices as a map layer (GeoJSON, RFC 7946): each practice at its city's location."""

import json

from django_countries import countries

from cities.themes import alphabetical, theme_labels
from home.templatetags.site_languages import content_language


def practice_feature(practice, url, theme_names):
    city = practice.city
    return {
        "type": "Feature",
        "id": practice.pk,
        "geometry": {"type": "Point", "coordinates": [round(city.longitude, 6), round(city.latitude, 6)]},
        "properties": {
            "name": practice.title,
            # The language of the practice's own words (its original's while it is untranslated), for the
            # popup's lang attribute.
            "language": content_language(practice),
            "city": city.title,
            "country_name": str(countries.name(city.country.code)),
            "url": url,
            "summary": practice.summary,
            "start_year": practice.start_year,
            "measured": practice.has_measured_results,
            "themes": theme_names,
        },
    }


def practice_collection(practices, request):
    """The collection as JSON text; practices whose city has no location are left out."""
    labels = theme_labels()
    features = []
    located = practices.exclude(city__latitude=None).exclude(city__longitude=None)
    for practice in (
        located.select_related("city", "alias_of__locale").prefetch_related("themes").order_by("title", "pk")
    ):
        names = sorted((labels[t.pk].name for t in practice.themes.all() if t.pk in labels), key=alphabetical)
        features.append(practice_feature(practice, practice.get_url(request), names))
    collection = {"type": "FeatureCollection", "features": features}
    return json.dumps(collection, ensure_ascii=False, separators=(",", ":")).encode()
