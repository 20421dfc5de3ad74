"""The page types the site search covers, and how each one is faceted and shown.

A page type joins the search by one entry in SEARCHABLE_TYPES (and `search_fields` on its model, through
network.search_indexing.accent_insensitive); the view and the facets read this tuple only. The results
page shows each type's label and, for the types it knows (search/search.html), a line of details; any
other type gets a plain card (title, summary).
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db.models import Case, CharField, F, QuerySet, Value, When
from django.utils.translation import gettext_lazy as _

from cities.activity_themes import theme_ids_by_city
from cities.models import CityPage
from events.models import EventPage
from events.page_context import with_host_places
from knowledge.models import ResourcePage
from network.visibility import open_to_everyone
from practices.models import PracticePage

from .cards import with_practice_places, with_resource_places


@dataclass(frozen=True)
class SearchableType:
    key: str  # the value of the `type` filter: ?type=city
    label: str  # what a result's card calls it ("City")
    plural: str  # what the type facet calls it ("Cities")
    model: type
    country: Callable[[], object]  # the expression of the ISO code the `country` filter reads (or "")
    theme_ids: Callable[[QuerySet], dict]  # {page id: ids of its (original) themes} for these pages
    # Reads what the cards of a page of results of this type show, in a few queries (or None).
    prepare_cards: Callable[[list], None] | None = None

    @property
    def content_type_id(self):
        """The content type of the model (Django keeps it in memory after the first look-up)."""
        return ContentType.objects.get_for_model(self.model).pk


def own_country():
    return F("country")


def visible_city_country(relation):
    """For a page type whose `relation` names cities (original pages): the country of such a city that
    visitors may see (network.visibility). A city taken off the site or restricted counts for no
    country: the pages never name it."""

    def country():
        visible = open_to_everyone(CityPage.objects.live()).values("pk")
        return Case(
            When(**{f"{relation}__in": visible}, then=F(f"{relation}__country")),
            default=Value(""),
            output_field=CharField(),
        )

    return country


def chosen_theme_ids(model):
    """For a page type whose `themes` are the ones its editors chose: {page id: their theme ids}, in one
    query for any number of pages."""
    page_column = f"{model._meta.model_name}_id"

    def theme_ids(pages):
        rows = model.themes.through.objects.filter(**{f"{page_column}__in": pages.order_by().values("pk")})
        found = {}
        for page_id, theme_id in rows.values_list(page_column, "theme_id"):
            found.setdefault(page_id, set()).add(theme_id)
        return found

    return theme_ids


SEARCHABLE_TYPES = (
    SearchableType(
        key="city",
        label=_("City"),
        plural=_("Cities"),
        model=CityPage,
        country=own_country,
        # The directory's rule: themes the page names or the city's public activity gives.
        theme_ids=theme_ids_by_city,
    ),
    SearchableType(
        key="event",
        label=_("Event"),
        plural=_("Events"),
        model=EventPage,
        country=visible_city_country("host_city"),
        theme_ids=chosen_theme_ids(EventPage),
        prepare_cards=with_host_places,
    ),
    SearchableType(
        key="practice",
        label=_("Good practice"),
        plural=_("Good practices"),
        model=PracticePage,
        country=visible_city_country("city"),
        theme_ids=chosen_theme_ids(PracticePage),
        prepare_cards=with_practice_places,
    ),
    SearchableType(
        key="resource",
        label=_("Library item"),
        plural=_("Library"),
        model=ResourcePage,
        country=visible_city_country("cities"),
        theme_ids=chosen_theme_ids(ResourcePage),
        prepare_cards=with_resource_places,
    ),
)


def type_of(page):
    """The SearchableType of a page found by the search."""
    return next(t for t in SEARCHABLE_TYPES if t.content_type_id == page.content_type_id)
