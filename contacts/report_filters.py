"""The filters of the engagement reports (contacts/reports.py): a period, a country and a theme.

They filter engagements: those of the period, on the theme, with a city in the country. Each report
counts the engagements chosen, and keeps its rows (countries, cities, themes) to those the filters name.
"""

import django_filters
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet

from .filters import city_countries
from .models import Engagement
from .theme_names import ThemeFilter


class EngagementReportFilterSet(WagtailFilterSet):
    # `date_from` and `date_to` in the query string, both included.
    date = django_filters.DateFromToRangeFilter(label=_("Date"), widget=DateRangePickerWidget)
    country = django_filters.ChoiceFilter(
        label=_("Country"),
        field_name="cities__country",
        choices=city_countries,
        distinct=True,
    )
    # Engagements are tagged with the theme in the default language, never with a translation.
    theme = ThemeFilter(label=_("Theme"), field_name="themes")

    class Meta:
        model = Engagement
        fields = []
