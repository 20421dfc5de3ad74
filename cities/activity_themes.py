"""A city's themes: those its page names and those of its public activity in the network.

The page's editor chooses themes (`CityPage.themes`). A city also works on the themes of what it does in
the network: the public activities it took part in (workshops, the regional forum, webinars, trainings;
contacts.public_activity reads them from the private engagement log) and its published good practices
(practices.activity). Each of those apps registers a source here (`add_source`); the union of the
sources is stored as pairs (city, theme) only, `CityActivityTheme` rows of the city's original page, so
that nothing else of a private engagement is kept where the public pages read. A page in another
language finds them through its translation key.

Every public reader (the directory's filter and list, the home page's theme cards, the map data, the
city page) asks this module, so that they all agree. Callers pass published cities: a city that is not
published never counts. The activity themes of every city are read as one map, kept in the shared cache
until they change (CITY_ACTIVITY): a map of thousands of cities then reads only the themes their pages
name.
"""

from django.db.models import Aggregate, CharField, Q
from django.db.models.functions import Cast

from network.caching.versions import CITY_ACTIVITY, PUBLISHED_CONTENT
from network.imports.lookups import BATCH_SIZE, chunks

from .models import CityActivityTheme, CityPage, Theme
from .themes import in_label_order

CHOSEN_LINKS = CityPage.themes.through
# The key changes with the activity themes: the time limit only frees the memory.
ACTIVITY_SECONDS = 60 * 60 * 24


def store_activity_themes(themes_by_city, rebuild=False):
    """Make the activity themes of each city in `themes_by_city` ({city id: theme ids}) exactly those.

    With `rebuild`, every city left out loses its activity themes. Only differences are written:
    deletions send the signals that start new versions of the published content and of the activity
    themes (network/caching/invalidation.py); insertions are bulk writes and start them themselves.
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
        CITY_ACTIVITY.changed()
    return len(new), len(stale)


# {name: function(original city ids, or None for all) -> {original city id: theme ids}}
SOURCES = {}


def add_source(name, themes_of):
    """Count the themes `themes_of` gives among cities' activity themes (an app's `ready()`)."""
    SOURCES[name] = themes_of


def themes_from_sources(city_ids=None):
    found = {}
    for themes_of in SOURCES.values():
        for city_id, theme_ids in themes_of(city_ids).items():
            found.setdefault(city_id, set()).update(theme_ids)
    return found


def refresh_cities(city_ids):
    """Recompute the activity themes of these cities (original pages) from every source."""
    for chunk in chunks(set(city_ids)):
        found = themes_from_sources(chunk)
        store_activity_themes({city_id: found.get(city_id, ()) for city_id in chunk})


def refresh_all():
    """Rebuild every city's activity themes from every source; the numbers of pairs added and removed."""
    return store_activity_themes(themes_from_sources(), rebuild=True)


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


def activity_theme_ids():
    """{translation key (as text): the theme ids of that city's public activity} for every city: one
    query per change of the activity themes, kept in the shared cache."""

    def read():
        rows = (
            CityActivityTheme.objects.values("city__translation_key")
            .annotate(ids=CommaJoined("theme_id"))
            .values_list("city__translation_key", "ids")
        )
        return {str(key): [int(theme_id) for theme_id in ids.split(",")] for key, ids in rows}

    return CITY_ACTIVITY.remember("cities:activity-theme-ids", read, ACTIVITY_SECONDS)


def theme_ids_by_city(cities, translation_keys=None):
    """{city id: the ids of the themes its page names or its activity gives} for these cities (pages in
    one language). Two queries however many cities (one when the caller has read `translation_keys`,
    {city id: translation key}), and the kept activity themes: activity belongs to the original page, and
    a page in another language finds it through its translation key."""
    pks = cities.order_by().values("pk")
    chosen = (
        CHOSEN_LINKS.objects.filter(citypage_id__in=pks)
        .values("citypage_id")
        .annotate(ids=CommaJoined("theme_id"))
        .values_list("citypage_id", "ids")
    )
    found = {city_id: {int(theme_id) for theme_id in ids.split(",")} for city_id, ids in chosen}
    activity = activity_theme_ids()
    if translation_keys is None:
        translation_keys = dict(cities.order_by().values_list("pk", "translation_key"))
    for city_id, key in translation_keys.items():
        ids = activity.get(str(key))
        if ids:
            found.setdefault(city_id, set()).update(ids)
    return found


def themes_by_city(pages, labels):
    """{city id: its themes (chosen or from activity), in the order of `labels` (theme_labels)} for these
    city pages (a few)."""
    ids_by_city = theme_ids_by_city(
        CityPage.objects.filter(pk__in=[page.pk for page in pages]),
        {page.pk: page.translation_key for page in pages},
    )
    themes = Theme.objects.in_bulk(set().union(*ids_by_city.values()))
    return {
        city_id: in_label_order((themes[theme_id] for theme_id in ids), labels)
        for city_id, ids in ids_by_city.items()
    }


def city_themes(city):
    """The themes of one city page, chosen or from its activity, in no particular order. One query."""
    activity = CityActivityTheme.objects.filter(city__translation_key=city.translation_key).values("theme_id")
    chosen = CHOSEN_LINKS.objects.filter(citypage_id=city.pk).values("theme_id")
    return list(Theme.objects.filter(Q(pk__in=chosen) | Q(pk__in=activity)))
