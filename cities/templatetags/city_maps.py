import json
from urllib.parse import urlencode

from django import template
from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from leaflet.templatetags.leaflet_tags import leaflet_map

register = template.Library()


def map_options(map_id):
    """django-leaflet's options for a map (tiles, zoom, attribution from LEAFLET_CONFIG).

    The map is then created by our script file with django-leaflet's `L.Map.djangoMap`, rather than
    by the inline script of the `leaflet_map` tag, so that pages carry no inline script.
    """
    return leaflet_map(map_id, creatediv=False)["djoptions"]


def geojson_url(url_name="cities_geojson"):
    """The map data in the page's language (Spanish, the default, needs no parameter)."""
    language = translation.get_language()
    url = reverse(url_name)
    return url if language == settings.LANGUAGE_CODE else f"{url}?{urlencode({'lang': language})}"


@register.inclusion_tag("cities/includes/network_map.html")
def network_map(map_id, filter_form_id="", results_id="", label="", overlay=""):
    """A clustered map of the published cities, fed by the GeoJSON endpoint.

    `overlay` names the URL of a second layer's GeoJSON (the good practices: "practices_geojson"), shown
    with markers of its own and a control to show or hide each layer.
    """
    strings = {
        "layer": _("Learning Cities"),
        "overlay_layer": _("Good practices"),
        "open_overlay": _("Open the practice"),
        # %s is replaced by a number in the browser.
        "overlay_shown": _("Good practices on the map: %s."),
        "themes": _("Themes"),
        "open": _("Open the city's page"),
        "close": _("Close"),
        # %s is replaced by a number (two or more) in the browser: a cluster's name.
        "cluster": _("%s Learning Cities here: choose to zoom in"),
        "overlay_cluster": _("%s good practices here: choose to zoom in"),
        # %s is replaced by a number in the browser.
        "shown": _("Learning Cities on the map: %s."),
        "unlocated": _("Listed but not on the map, for lack of a location: %s."),
        "failed": _("The map data could not be loaded; the list still shows every city."),
    }
    return {
        "map_id": map_id,
        "label": label or _("Map of the Learning Cities"),
        "geojson_url": geojson_url(),
        "overlay_url": geojson_url(overlay) if overlay else "",
        "filter_form_id": filter_form_id,
        "results_id": results_id,
        "strings": json.dumps(strings, ensure_ascii=False),
        "options": map_options(map_id),
    }


@register.inclusion_tag("cities/includes/city_map.html")
def place_map(latitude, longitude, label, map_name, map_id="place-map"):
    """A small map centred on one place, with its marker.

    `label` is the marker's title (keep it short), `map_name` the map's accessible name; `map_id` must be
    unique in the page. The page loads the map's code with `{% map_assets %}`.
    """
    return {
        "map_id": map_id,
        "latitude": latitude,
        "longitude": longitude,
        "label": label,
        "map_name": map_name,
        "options": map_options(map_id),
    }


@register.inclusion_tag("cities/includes/city_map.html")
def city_map(city):
    """A small map centred on one city, with its marker."""
    return place_map(
        city.latitude,
        city.longitude,
        city.title,
        _("Map of %(name)s") % {"name": city.title},
        map_id="city-map",
    )


@register.inclusion_tag("cities/includes/map_assets.html")
def map_assets():
    """Leaflet, the marker cluster plugin and our map script."""
    return {}
