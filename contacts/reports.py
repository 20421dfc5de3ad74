"""Reports of the engagement log, with Wagtail's spreadsheet export in words and in a dated file
(network/exports.py; their URLs and menu items: contacts/viewsets.py)."""

from django.core.exceptions import PermissionDenied
from django.db.models import Count, F, Max, Q
from django.db.models.functions import ExtractYear
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django_countries import countries
from wagtail.admin.views.reports import ReportView

from cities.models import CityPage
from cities.themes import original_themes
from network.exports import ReadableExportMixin

from .models import Engagement
from .permissions import reads_the_log


class EngagementReportView(ReadableExportMixin, ReportView):
    header_icon = "doc-full"

    def dispatch(self, request, *args, **kwargs):
        if not reads_the_log(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def to_row_dict(self, item):
        return {field: item[field] for field in self.list_export}


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
        rows = (
            Engagement.cities.through.objects.values(
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

    @cached_property
    def themes(self):
        return list(original_themes().order_by("name"))

    @property
    def list_export(self):
        fields = ["city", "country"]
        for theme in self.themes:
            fields += [f"{theme.slug}:engagements", f"{theme.slug}:workshops"]
        return fields

    @property
    def export_headings(self):
        headings = {"city": _("City"), "country": _("Country")}
        for theme in self.themes:
            headings[f"{theme.slug}:engagements"] = f"{theme.name}: {_('engagements')}"
            headings[f"{theme.slug}:workshops"] = f"{theme.name}: {_('workshops')}"
        return headings

    def get_queryset(self):
        counts = {
            (row["cities"], row["themes"]): row
            for row in Engagement.objects.filter(themes__isnull=False)
            .values("cities", "themes")
            .annotate(
                engagements=Count("pk", distinct=True),
                workshops=Count("pk", filter=Q(kind=Engagement.Kind.WORKSHOP), distinct=True),
            )
        }
        rows = []
        for city in CityPage.objects.originals().live().public().order_by("title"):
            row = {"city": city.title, "country": str(city.country.name), "cells": []}
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
    """Cities ordered by their last engagement: the longest without contact first."""

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
        cities = (
            CityPage.objects.originals()
            .live()
            .public()
            .annotate(last_engagement=Max("engagements__date"), engagements_count=Count("engagements"))
            .order_by(F("last_engagement").asc(nulls_first=True), "title")
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
