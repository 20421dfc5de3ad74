"""A city's themes: those its page names and those of its public activity in the network.

The page's editor chooses themes (`CityPage.themes`). A city also works on the themes of the network's
public activities it took part in (workshops, the regional forum, webinars, trainings): the engagement
log is private, so contacts.public_activity derives them and stores only the pairs (city, theme) here,
as `CityActivityTheme` rows of the city's original page. A page in another language finds them through
its translation key.

Every public reader (the directory's filter and list, the home page's theme cards, the map data, the
city page) asks this module, so that they all agree. Callers pass published cities: a city that is not
published never counts.
"""

from django.db.models import Aggregate, CharField, OuterRef, Q, Subquery
from django.db.models.functions import Cast

from network.caching.versions import PUBLISHED_CONTENT
from network.imports.lookups import BATCH_SIZE, chunks

from .models import CityActivityTheme, CityPage, Theme

CHOSEN_LINKS = CityPage.themes.through


def store_activity_themes(themes_by_city, rebuild=False):
    """Make the activity themes of each city in `themes_by_city` ({city id: theme ids}) exactly those.

    With `rebuild`, every city left out loses its activity themes. Only differences are written:
    deletions send the signals that start a new version of the published content
    (network/caching/invalidation.py); insertions are bulk writes and start it themselves.
    Returns the numbers of pairs added and removed.
    """
    rows = CityActivityTheme.objects.all()
    if not rebuild:
        rows = rows.filter(city_id__in=list(themes_by_city))
    current = {
        (city_id, theme_id): pk for pk, city_id, theme_id in rows.values_list("pk", "city_id", "theme_id")
    }
    wanted = {(city_id, theme_id) for city_id, theme_ids in themes_by_city.items() for theme_id in theme_ids}
    stale = [pk for pair, pk in current.items() if pair not in wanted]
    for chunk in chunks(stale):
        CityActivityTheme.objects.filter(pk__in=chunk).delete()
    new = [
        CityActivityTheme(city_id=city_id, theme_id=theme_id) for city_id, theme_id in wanted - current.keys()
    ]
    if new:
        # Two refreshes at once may both add a pair: the second one has nothing left to do.
        CityActivityTheme.objects.bulk_create(new, batch_size=BATCH_SIZE, ignore_conflicts=True)
        PUBLISHED_CONTENT.changed()
    return len(new), len(stale)


def cities_with_theme(slug):
    """A filter of cities that name the theme (by its slug) or work on it through the network's activity."""
    chosen = CHOSEN_LINKS.objects.filter(theme__slug=slug).values("citypage_id")
    activity = CityActivityTheme.objects.filter(theme__slug=slug).values("city__translation_key")
    return Q(pk__in=chosen) | Q(translation_key__in=activity)


class CommaJoined(Aggregate):
    """The group's values as text joined by commas, in no particular order: PostgreSQL's STRING_AGG,
    SQLite's GROUP_CONCAT (Django 5.2 has no aggregate for both)."""

    function = "STRING_AGG"
    template = "%(function)s(%(expressions)s, ',')"
    output_field = CharField()

    def __init__(self, expression, **extra):
        super().__init__(Cast(expression, CharField()), **extra)

    def as_sqlite(self, compiler, connection, **extra_context):
        return self.as_sql(compiler, connection, function="GROUP_CONCAT", **extra_context)


def theme_ids_by_city(cities):
    """{city id: the ids of the themes its page names or its activity gives} for these cities (pages in
    one language). One query, one row per city and source: thousands of cities read in milliseconds."""
    pks = cities.order_by().values("pk")
    chosen = (
        CHOSEN_LINKS.objects.filter(citypage_id__in=pks)
        .values("citypage_id")
        .annotate(ids=CommaJoined("theme_id"))
        .values_list("citypage_id", "ids")
    )
    # Activity belongs to the original page: those in the set as they are, the others (a translation's
    # cities) named by their page in the set's language. The second part reads nothing for originals.
    of_originals = (
        CityActivityTheme.objects.filter(city__in=pks)
        .values("city_id")
        .annotate(ids=CommaJoined("theme_id"))
        .values_list("city_id", "ids")
    )
    page_here = cities.order_by().filter(translation_key=OuterRef("city__translation_key")).values("pk")[:1]
    of_translations = (
        CityActivityTheme.objects.filter(
            city__translation_key__in=cities.order_by().values("translation_key")
        )
        .exclude(city__in=pks)
        .annotate(page_here=Subquery(page_here))
        .values("page_here")
        .annotate(ids=CommaJoined("theme_id"))
        .values_list("page_here", "ids")
    )
    found = {}
    for city_id, ids in chosen.union(of_originals, of_translations, all=True):
        found.setdefault(city_id, set()).update(int(theme_id) for theme_id in ids.split(","))
    return found


def themes_by_city(cities):
    """{city id: its themes (chosen or from activity), ordered by name} for these cities (a few)."""
    ids_by_city = theme_ids_by_city(cities)
    themes = Theme.objects.in_bulk(set().union(*ids_by_city.values()))
    return {
        city_id: sorted((themes[theme_id] for theme_id in ids), key=lambda theme: theme.name.casefold())
        for city_id, ids in ids_by_city.items()
    }


def city_themes(city):
    """The themes of one city page, chosen or from its activity, ordered by name. One query."""
    activity = CityActivityTheme.objects.filter(city__translation_key=city.translation_key).values("theme_id")
    chosen = CHOSEN_LINKS.objects.filter(citypage_id=city.pk).values("theme_id")
    return list(Theme.objects.filter(Q(pk__in=chosen) | Q(pk__in=activity)))
