"""The Learning Cities nearest to a city, by geodesic distance (geopy)."""

from dataclasses import dataclass

from geopy.distance import geodesic, great_circle

from .directory import published_cities

# Great-circle distance is within 0.5% of the geodesic one: ranking a few extra candidates by it
# first keeps the exact (slower) geodesic computation to a handful of cities.
CANDIDATE_FACTOR = 4


@dataclass
class NearbyCity:
    city: object
    distance_km: float


def nearby_cities(city, limit=5):
    if not city.has_location:
        return []
    origin = (city.latitude, city.longitude)
    cities = published_cities(city.locale)
    located = (
        cities.exclude(pk=city.pk)
        .exclude(latitude=None)
        .exclude(longitude=None)
        .values_list("pk", "latitude", "longitude")
    )
    candidates = sorted(located, key=lambda row: great_circle(origin, (row[1], row[2])).km)
    candidates = candidates[: limit * CANDIDATE_FACTOR]
    distances = sorted((geodesic(origin, (lat, lon)).km, pk) for pk, lat, lon in candidates)[:limit]
    pages = cities.in_bulk([pk for _km, pk in distances])
    return [NearbyCity(pages[pk], km) for km, pk in distances if pk in pages]


def nearby_context(city, request):
    """The city page's nearest cities (cities.page_context)."""
    return {"nearby_cities": nearby_cities(city)}
