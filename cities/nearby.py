"""The Learning Cities nearest to a city, by geodesic distance (geopy)."""

import math
from dataclasses import dataclass

from django.db.models import F, Value
from django.db.models.functions import Cos, Radians, Sin
from geopy.distance import geodesic

from .directory import published_cities
from .models import CityPage

# The database ranks the cities by great-circle distance, which is within 0.5% of the geodesic one: the
# exact (slower) geodesic computation then ranks a few extra candidates, not every city.
CANDIDATE_FACTOR = 4


@dataclass
class NearbyCity:
    city: object
    distance_km: float


def closeness(latitude, longitude):
    """The cosine of the central angle to the point: the larger, the nearer (the spherical law of
    cosines). Computed by the database, so that a city page reads a few rows whatever the network's size;
    Django provides these functions on SQLite too."""
    origin_latitude = math.radians(latitude)
    return Value(math.sin(origin_latitude)) * Sin(Radians(F("latitude"))) + Value(
        math.cos(origin_latitude)
    ) * Cos(Radians(F("latitude"))) * Cos(Radians(F("longitude")) - Value(math.radians(longitude)))


def nearby_cities(city, limit=5):
    if not city.has_location:
        return []
    origin = (city.latitude, city.longitude)
    cities = published_cities(city.locale)
    candidates = (
        # The page type lets PostgreSQL read the city pages by index rather than scan every page.
        cities.exact_type(CityPage)
        .exclude(pk=city.pk)
        .exclude(latitude=None)
        .exclude(longitude=None)
        .annotate(closeness=closeness(*origin))
        .order_by("-closeness", "pk")
        .values_list("pk", "latitude", "longitude")[: limit * CANDIDATE_FACTOR]
    )
    distances = sorted((geodesic(origin, (lat, lon)).km, pk) for pk, lat, lon in candidates)[:limit]
    pages = cities.in_bulk([pk for _km, pk in distances])
    return [NearbyCity(pages[pk], km) for km, pk in distances if pk in pages]


def nearby_context(city, request):
    """The city page's nearest cities (cities.page_context)."""
    return {"nearby_cities": nearby_cities(city)}
