"""Reports of the engagement log, with Wagtail's spreadsheet export in words and in a dated file
(network/exports.py; their URLs and menu items: contacts/viewsets.py).

Each report can be filtered by period, country and theme (contacts/report_filters.py); its page and its
export show the same rows.
"""

from django.core.exceptions import PermissionDenied
from django.core.validators import EMPTY_VALUES
from django.db.models import Count, F, Max, Q
from django.db.models.functions import ExtractYear
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django_countries import countries
from wagtail.admin.views.reports import ReportView

from cities.models import CityPage
from cities.ordering import by_name
from cities.themes import in_label_order, name_in, original_themes, request_theme_labels
from network.exports import ReadableExportMixin

from .models import Engagement
from .permissions import reads_the_log
from .report_filters import EngagementReportFilterSet


class EngagementReportView(ReadableExportMixin, ReportView):
    header_icon = "doc-full"
    filterset_class = EngagementReportFilterSet

    def dispatch(self, request, *args, **kwargs):
        if not reads_the_log(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def to_row_dict(self, item):
        return {field: item[field] for field in self.list_export}

    @cached_property
    def filter_values(self):
        """The filters given a valid value. One with an error (shown in the filters) is left out and the
        others apply, as the active filters above the report say."""
        if not self.filters:
            return {}
        self.filters.is_valid()  # cleans the form: its cleaned data holds the valid values
        return {
            name: value for name, value in self.filters.form.cleaned_data.items() if value not in EMPTY_VALUES
        }

    @cached_property
    def is_filtering(self):
        return bool(self.filter_values)

    def chosen(self, name):
        return self.filter_values.get(name)

    @cached_property
    def themes(self):
        """The columns of a report by theme: every theme, or the chosen one."""
        if theme := self.chosen("theme"):
            return [theme]
        return in_label_order(original_themes(), request_theme_labels(self.request))

    def engagements(self):
        """The primary keys of the engagements the filters choose, for a subquery; None without a filter."""
        if not self.is_filtering:
            return None
        return self.filters.filter_queryset(Engagement.objects.all()).values("pk")

    def get_filtered_queryset(self):
        """The rows, counted by get_queryset from the engagements the filters choose."""
        return self.get_queryset()

    def cities(self):
        """The published cities, of the chosen country if one is."""
        cities = CityPage.objects.originals().live().public()
        if country := self.chosen("country"):
            cities = cities.filter(country=country)
        return cities


class EngagementsByCountryReport(EngagementReportView):
    """How many engagements of each kind, per country and year (an engagement counts once per country)."""

    page_title = _("Engagements by country, kind and year")
    results_template_name = "contacts/admin/reports/by_country_results.html"
    list_export = ["country", "country_name", "year", "kind", "engagements"]
    export_headings = {
        "country": _("Country code"),
        "country_name": _("Country"),
        "year": _("Year"),
        "kind": _("Kind"),
        "engagements": _("Engagements"),
    }

    def get_queryset(self):
        links = Engagement.cities.through.objects.all()
        if (engagements := self.engagements()) is not None:
            links = links.filter(engagement__in=engagements)
        if country := self.chosen("country"):
            # An engagement in two countries shows in the chosen country's rows only.
            links = links.filter(citypage__country=country)
        rows = (
            links.values(
                country=F("citypage__country"),
                year=ExtractYear("engagement__date"),
                kind_code=F("engagement__kind"),
            )
            .annotate(engagements=Count("engagement", distinct=True))
            .order_by("country", "-year", "kind_code")
        )
        kinds = dict(Engagement.Kind.choices)
        return [
            {
                **row,
                "country_name": str(countries.name(row["country"])),
                "kind": str(kinds.get(row["kind_code"], "")),
            }
            for row in rows
        ]


class ThemeCoverageReport(EngagementReportView):
    """For every city and theme: how many engagements, and how many of them workshops."""

    page_title = _("City × theme coverage")
    results_template_name = "contacts/admin/reports/theme_coverage_results.html"
    paginate_by = 100

    @property
    def list_export(self):
        fields = ["city", "country"]
        for theme in self.themes:
            fields += [f"{theme.slug}:engagements", f"{theme.slug}:workshops"]
        return fields

    @property
    def export_headings(self):
        headings = {"city": _("City"), "country": _("Country")}
        labels = request_theme_labels(self.request)
        for theme in self.themes:
            name = {"theme": name_in(labels, theme)}
            headings[f"{theme.slug}:engagements"] = _("%(theme)s: engagements") % name
            headings[f"{theme.slug}:workshops"] = _("%(theme)s: workshops") % name
        return headings

    def get_queryset(self):
        tagged = Engagement.objects.filter(themes__isnull=False)
        if (engagements := self.engagements()) is not None:
            tagged = tagged.filter(pk__in=engagements)
        counts = {
            (row["cities"], row["themes"]): row
            for row in tagged.values("cities", "themes").annotate(
                engagements=Count("pk", distinct=True),
                workshops=Count("pk", filter=Q(kind=Engagement.Kind.WORKSHOP), distinct=True),
            )
        }
        rows = []
        for city in self.cities().order_by(by_name(), "pk"):
            row = {"pk": city.pk, "city": city.title, "country": str(city.country.name), "cells": []}
            for theme in self.themes:
                found = counts.get((city.pk, theme.pk), {})
                cell = {"engagements": found.get("engagements", 0), "workshops": found.get("workshops", 0)}
                row[f"{theme.slug}:engagements"] = cell["engagements"]
                row[f"{theme.slug}:workshops"] = cell["workshops"]
                row["cells"].append(cell)
            rows.append(row)
        return rows

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["themes"] = self.themes
        return context


class LastEngagementReport(EngagementReportView):
    """Cities ordered by their last engagement: the longest without contact first. With filters, the last
    engagement and the count are those of the engagements the filters choose."""

    page_title = _("Cities by last engagement")
    results_template_name = "contacts/admin/reports/last_engagement_results.html"
    list_export = ["city", "country", "last_engagement", "engagements"]
    export_headings = {
        "city": _("City"),
        "country": _("Country"),
        "last_engagement": _("Last engagement"),
        "engagements": _("Engagements"),
    }

    def get_queryset(self):
        engagements = self.engagements()
        chosen = None if engagements is None else Q(engagements__in=engagements)
        # Engagements logged ahead of their date are planned: the last engagement is the latest held.
        held = Q(engagements__date__lte=timezone.localdate())
        cities = (
            self.cities()
            .annotate(
                last_engagement=Max("engagements__date", filter=held if chosen is None else chosen & held),
                engagements_count=Count("engagements", filter=chosen),
            )
            .order_by(F("last_engagement").asc(nulls_first=True), by_name(), "pk")
        )
        return [
            {
                "pk": city.pk,
                "city": city.title,
                "country": str(city.country.name),
                "last_engagement": city.last_engagement,
                "engagements": city.engagements_count,
            }
            for city in cities
        ]
