"""The directory's filters (and what every list's filters share) and the network's key figures, shared by
pages and the map data."""

import re
from collections import Counter

from django import forms
from django.core.paginator import Paginator
from django.db.models import Count, Max, Min, Window
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from network.languages import active_locale_id
from network.visibility import open_to_everyone

from .activity_themes import cities_with_theme, theme_ids_by_city, themes_by_city
from .models import EARLIEST_YEAR, LATEST_YEAR, CityPage
from .ordering import by_name
from .themes import alphabetical, original_themes, request_theme_labels, theme_labels

CITIES_PER_PAGE = 100
NEWEST_MEMBERS_SHOWN = 6
FILTER_NAMES = ("country", "theme", "year", "q")


def published_cities(locale=None):
    """Cities any visitor may see in a language (the active one by default): live, not restricted, nor
    copies of a restricted original (network.visibility).

    Every city has a page in every language: its translation, or an alias showing the original.
    """
    return open_to_everyone(CityPage.objects.live().filter(locale=locale or active_locale_id()))


class FilterForm(forms.Form):
    """A list's filters, from the query string: a bad value is reported by the form and ignored, the
    other filters still apply."""

    @property
    def criteria(self):
        """The filters to apply: {name: value}, invalid or empty ones left out (as search.facets does)."""
        self.is_valid()
        return {name: value for name, value in getattr(self, "cleaned_data", {}).items() if value}


class DirectoryFilterForm(FilterForm):
    """The directory's filters; they live in the query string so a filtered view can be shared.

    Validation runs no query but the theme check, so cached map data can be served first.
    """

    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    country = forms.CharField(label=_("Country"), required=False, max_length=2, widget=forms.Select)
    theme = forms.SlugField(label=_("Theme"), required=False, max_length=100, widget=forms.Select)
    year = forms.IntegerField(
        label=_("Year joined"),
        required=False,
        min_value=EARLIEST_YEAR,
        max_value=LATEST_YEAR,
        widget=forms.Select,
    )

    def clean_country(self):
        code = self.cleaned_data["country"].upper()
        if code and code not in countries:
            raise forms.ValidationError(
                _("%(code)s is not a country code (ISO 3166-1 alpha-2, e.g. MX)."), params={"code": code}
            )
        return code

    def __init__(self, *args, labels=None, **kwargs):
        """`labels`: the themes' labels (cities.themes.theme_labels) when the caller has them already."""
        super().__init__(*args, **kwargs)
        self.given_labels = labels

    @cached_property
    def theme_labels(self):
        return self.given_labels if self.given_labels is not None else theme_labels()

    def clean_theme(self):
        slug = self.cleaned_data["theme"]
        if slug and slug not in {label.slug for label in self.theme_labels.values()}:
            raise forms.ValidationError(_("There is no theme “%(slug)s”."), params={"slug": slug})
        return slug

    def add_choices(self):
        """Offer the countries, themes and years that published cities actually have, and select the
        filters applied as they apply.

        A shared link may name a country or a year no city has, or write it otherwise ("mx", "2024.0"):
        its select must still show it, as the map reads its filters from the form.
        """
        cities = published_cities()
        criteria = self.criteria
        self.data = self.data.copy()
        for name in ("country", "year"):
            if name in criteria:
                self.data[name] = criteria[name]
        codes = set(cities.values_list("country", flat=True).distinct())
        if "country" in criteria:
            codes.add(criteria["country"])
        self.fields["country"].widget.choices = [("", _("All countries"))] + sorted(
            ((code, countries.name(code)) for code in codes), key=lambda choice: str(choice[1])
        )
        self.fields["theme"].widget.choices = [("", _("All themes"))] + [
            (label.slug, label.name) for label in self.theme_labels.values()
        ]
        years = set(cities.exclude(year_joined=None).values_list("year_joined", flat=True).distinct())
        if "year" in criteria:
            years.add(criteria["year"])
        self.fields["year"].widget.choices = [("", _("Any year"))] + [
            (year, year) for year in sorted(years, reverse=True)
        ]

    def filtered(self, queryset):
        """Apply every valid filter; an invalid one is reported by the form and ignored."""
        criteria = self.criteria
        if criteria.get("country"):
            queryset = queryset.filter(country=criteria["country"])
        if criteria.get("theme"):
            queryset = queryset.filter(cities_with_theme(criteria["theme"]))
        if criteria.get("year"):
            queryset = queryset.filter(year_joined=criteria["year"])
        if criteria.get("q"):
            queryset = queryset.filter(pk__in=matching_city_ids(criteria["q"]))
        return queryset


def search_terms(text):
    """The words of a visitor's search text: quotes and operators would be full-text syntax."""
    return " ".join(re.sub(r"[^\w\s-]", " ", text).split())


def matching_city_ids(text):
    """Ids of published cities whose name, region, country, summary or body match the text."""
    terms = search_terms(text)
    if not terms:
        return set()
    cities = published_cities()
    found = {page.pk for page in cities.search(terms)}
    found.update(page.pk for page in cities.autocomplete(terms))
    return found


def directory_context(index_page, request):
    """The directory page's filters, its page of results and their count (cities.page_context)."""
    # The same labels name each city's themes in the list (cities.templatetags.themes).
    form = DirectoryFilterForm(request.GET, labels=request_theme_labels(request))
    form.is_valid()
    form.add_choices()
    cities = form.filtered(published_cities()).order_by(by_name(), "pk").select_related("alias_of__locale")
    paginator = Paginator(cities, CITIES_PER_PAGE)
    page = paginator.get_page(request.GET.get("page"))
    # Each city's themes, chosen or from its activity, for the list to show in their order (set as the
    # page's `themes`, modelcluster would put them back in the model's order: by name, accents last).
    themes = themes_by_city(page, request_theme_labels(request))
    for city in page:
        city.listed_themes = themes.get(city.pk, [])
    query = request.GET.copy()
    query.pop("page", None)
    return {
        "filter_form": form,
        "cities": page,
        "paginator": paginator,
        "result_count": paginator.count,
        "filter_query": query.urlencode(),
    }


def network_figures(home_page):
    """Key figures for the home page, computed from the published cities."""
    cities = published_cities()
    totals = cities.aggregate(
        city_count=Count("pk"),
        country_count=Count("country", distinct=True),
        first_year=Min("year_joined"),
        newest_year=Max("year_joined"),
    )
    newest_year = totals["newest_year"]
    # Each row carries the year's total: a window over the whole year, counted before the limit.
    newest_members = (
        list(
            cities.filter(year_joined=newest_year)
            .annotate(year_total=Window(Count("pk")))
            .order_by(by_name(), "pk")
            .select_related("alias_of__locale")[:NEWEST_MEMBERS_SHOWN]
        )
        if newest_year
        else []
    )
    newest_count = newest_members[0].year_total if newest_members else 0
    # Featured cities are chosen on the original home page: show each in this page's language.
    featured_keys = list(home_page.featured_cities.values_list("city__translation_key", flat=True))
    featured_pages = cities.filter(translation_key__in=featured_keys).select_related("alias_of__locale")
    localized = {city.translation_key: city for city in featured_pages}
    featured = [localized[key] for key in featured_keys if key in localized]
    labels = theme_labels()
    city_counts = Counter(theme_id for ids in theme_ids_by_city(cities).values() for theme_id in ids)
    themes = list(original_themes())
    for theme in themes:
        theme.name, theme.description = labels[theme.pk].name, labels[theme.pk].description
        theme.city_count = city_counts[theme.pk]
    themes.sort(key=lambda theme: alphabetical(theme.name))
    return {
        **totals,
        "newest_members": newest_members,
        "newest_count": newest_count,
        "featured_cities": featured,
        "themes": themes,
    }
