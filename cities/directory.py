"""The directory's filters and the network's key figures, shared by pages and the map data."""

from django import forms
from django.core.paginator import Paginator
from django.db.models import Count, Max, Min, Q
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from .models import CityPage, Theme

CITIES_PER_PAGE = 100
NEWEST_MEMBERS_SHOWN = 6


def published_cities():
    """Cities any visitor may see: live and without a view restriction."""
    return CityPage.objects.live().public()


class DirectoryFilterForm(forms.Form):
    """The directory's filters; they live in the query string so a filtered view can be shared."""

    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    country = forms.ChoiceField(label=_("Country"), required=False)
    theme = forms.ChoiceField(label=_("Theme"), required=False)
    year = forms.TypedChoiceField(label=_("Year joined"), required=False, coerce=int, empty_value=None)

    def __init__(self, data=None, **kwargs):
        super().__init__(data, **kwargs)
        cities = published_cities()
        country_codes = set(cities.values_list("country", flat=True).distinct())
        self.fields["country"].choices = [("", _("All countries"))] + sorted(
            ((code, countries.name(code)) for code in country_codes), key=lambda choice: str(choice[1])
        )
        self.fields["theme"].choices = [("", _("All themes"))] + list(
            Theme.objects.values_list("slug", "name")
        )
        years = cities.exclude(year_joined=None).values_list("year_joined", flat=True).distinct()
        self.fields["year"].choices = [("", _("Any year"))] + [
            (year, year) for year in sorted(set(years), reverse=True)
        ]

    def filtered(self, queryset):
        """Apply every filter that is valid; an invalid one is reported by the form and ignored."""
        criteria = self.cleaned_data if hasattr(self, "cleaned_data") else {}
        if criteria.get("country"):
            queryset = queryset.filter(country=criteria["country"])
        if criteria.get("theme"):
            queryset = queryset.filter(themes__slug=criteria["theme"])
        if criteria.get("year"):
            queryset = queryset.filter(year_joined=criteria["year"])
        if criteria.get("q"):
            queryset = queryset.filter(pk__in=matching_city_ids(criteria["q"]))
        return queryset


def matching_city_ids(text):
    """Ids of published cities whose name, region, country, summary or body match the text."""
    cities = published_cities()
    found = {page.pk for page in cities.search(text)}
    found.update(page.pk for page in cities.autocomplete(text))
    return found


def filtered_cities(request_data):
    form = DirectoryFilterForm(request_data)
    form.is_valid()
    cities = form.filtered(published_cities()).order_by("title").prefetch_related("themes")
    return form, cities


def directory_context(request, index_page):
    form, cities = filtered_cities(request.GET)
    page_number = request.GET.get("page") or 1
    paginator = Paginator(cities, CITIES_PER_PAGE)
    page = paginator.get_page(page_number)
    query_without_page = request.GET.copy()
    query_without_page.pop("page", None)
    return {
        "filter_form": form,
        "cities": page,
        "paginator": paginator,
        "result_count": paginator.count,
        "query_without_page": query_without_page.urlencode(),
    }


def network_figures(home_page):
    """Key figures for the home page, computed from the published cities."""
    cities = published_cities()
    totals = cities.aggregate(
        city_count=Count("pk"), country_count=Count("country", distinct=True), first_year=Min("year_joined")
    )
    newest_year = cities.aggregate(newest=Max("year_joined"))["newest"]
    newest_members = (
        cities.filter(year_joined=newest_year).order_by("title")[:NEWEST_MEMBERS_SHOWN] if newest_year else []
    )
    featured = [
        item.city for item in home_page.featured_cities.select_related("city").filter(city__in=cities)
    ]
    themes = Theme.objects.annotate(
        city_count=Count("cities", filter=Q(cities__live=True), distinct=True)
    ).order_by("name")
    return {
        **totals,
        "newest_year": newest_year,
        "newest_members": newest_members,
        "featured_cities": featured,
        "themes": themes,
    }
