"""Attendance by city and theme: who came to the events, per city and theme, for the staff (its URL and
menu item: events/wagtail_hooks.py).

A registrant attended an event when they were checked in at least once. Each attendee counts for the city
of their registration, else their contact's city, else in a row "City not given". A cell counts distinct
people who attended events on the theme; the totals count distinct people at any event the filters choose
(with a theme or none) and the distinct events they attended; the total row counts them across the cities,
each person once. Built as the engagement reports are
(contacts/reports.py): same permission, filters in the query string, spreadsheet export in words, and a
fixed number of queries however many cities, themes, events or people.
"""

import zoneinfo
from datetime import UTC, timedelta

import django_filters
from django.db.models import Count, Exists, OuterRef, Q
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_countries import countries
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet

from cities.models import CityPage, in_default_language
from cities.ordering import alphabetical
from cities.themes import name_in, original_themes, request_theme_labels
from contacts.filters import city_countries
from contacts.reports import EngagementReportView

from .models import CheckIn, EventPage, Registration


def local_start_date(starts_at, time_zone):
    """The day an event starts in its own time zone (the site's, if its zone is unknown)."""
    try:
        zone = zoneinfo.ZoneInfo(time_zone)
    except (ValueError, zoneinfo.ZoneInfoNotFoundError):
        zone = timezone.get_default_timezone()
    return timezone.localtime(starts_at, zone).date()


def day_beside(moment, days):
    """`moment` a day earlier (days=-1) or later, or None past the calendar's ends (years 1 and 9999)."""
    try:
        beside = moment + timedelta(days=days)
        beside.astimezone(UTC)
    except OverflowError:
        return None
    return beside


class AttendanceReportFilterSet(WagtailFilterSet):
    """Filters of registrations: by their event (start date, kind, theme) and by the attendee's city's
    country."""

    # `date_from` and `date_to` in the query string, both included, read as the day the event starts where
    # it takes place (an event starting at 00:30 in São Paulo on 1 March is on 1 March).
    date = django_filters.DateFromToRangeFilter(
        label=_("Event start"), method="filter_started_between", widget=DateRangePickerWidget
    )
    kind = django_filters.ChoiceFilter(
        label=_("Event kind"), field_name="event__kind", choices=EventPage.Kind.choices
    )
    # Events are tagged with the theme in the default language, never with a translation.
    theme = django_filters.ModelChoiceFilter(
        label=_("Theme"), field_name="event__themes", queryset=original_themes()
    )
    country = django_filters.ChoiceFilter(
        label=_("Country"),
        method="filter_country",
        choices=city_countries,
    )

    class Meta:
        model = Registration
        fields = []

    def filter_started_between(self, queryset, name, value):
        first = value.start.date() if value.start else None
        last = value.stop.date() if value.stop else None
        if first is None and last is None:
            return queryset
        # The database narrows the events to a day either side (time zones are less than a day apart),
        # then each event's own time zone decides.
        events = EventPage.objects.filter(**in_default_language())
        if first is not None and (since := day_beside(value.start, -1)):
            events = events.filter(starts_at__gte=since)
        if last is not None and (until := day_beside(value.stop, 1)):
            events = events.filter(starts_at__lte=until)
        chosen = [
            pk
            for pk, starts_at, time_zone in events.values_list("pk", "starts_at", "time_zone")
            if (first is None or first <= local_start_date(starts_at, time_zone))
            and (last is None or local_start_date(starts_at, time_zone) <= last)
        ]
        return queryset.filter(event__in=chosen)

    def filter_country(self, queryset, name, value):
        # The country of the city the attendee counts for: the registration's, else the contact's.
        return queryset.filter(Q(city__country=value) | Q(city__isnull=True, contact__city__country=value))


class AttendanceReport(EngagementReportView):
    """For every city the attendees come from and every theme: how many people attended."""

    page_title = _("Attendance by city and theme")
    results_template_name = "events/admin/reports/attendance_results.html"
    filterset_class = AttendanceReportFilterSet
    paginate_by = 100

    @property
    def list_export(self):
        return ["city", "country", *(f"{theme.slug}:people" for theme in self.themes), "people", "events"]

    @property
    def export_headings(self):
        headings = {"city": _("City"), "country": _("Country")}
        labels = request_theme_labels(self.request)
        for theme in self.themes:
            # One message to translate: makemessages reads no call inside an f-string.
            headings[f"{theme.slug}:people"] = gettext("%(theme)s: people") % {
                "theme": name_in(labels, theme)
            }
        headings["people"] = _("People (all events)")
        headings["events"] = _("Events attended")
        return headings

    def attendances(self):
        """The registrations with at least one check-in that the filters choose, with `attendee_city`."""
        registrations = Registration.objects.filter(
            Exists(CheckIn.objects.filter(registration=OuterRef("pk")))
        )
        if self.is_filtering:
            chosen = self.filters.filter_queryset(Registration.objects.all())
            registrations = registrations.filter(pk__in=chosen.values("pk"))
        # The city they count for: their registration's, else their contact's (None with neither).
        return registrations.annotate(attendee_city=Coalesce("city", "contact__city"))

    def get_queryset(self):
        attended = self.attendances()
        # Two aggregated queries: people per city and theme, then people and events per city.
        cells = {
            (row["attendee_city"], row["event__themes"]): row["people"]
            for row in attended.filter(event__themes__isnull=False)
            .values("attendee_city", "event__themes")
            .annotate(people=Count("contact", distinct=True))
        }
        totals = {
            row["attendee_city"]: row
            for row in attended.values("attendee_city").annotate(
                people=Count("contact", distinct=True), events=Count("event", distinct=True)
            )
        }
        cities = CityPage.objects.filter(pk__in=[pk for pk in totals if pk is not None])
        places = sorted(
            (
                (city["title"], str(countries.name(city["country"])), city["pk"])
                for city in cities.values("pk", "title", "country")
            ),
            key=lambda place: (alphabetical(place[0]), alphabetical(place[1])),
        )
        if None in totals:
            places.append((gettext("City not given"), "", None))
        rows = []
        for title, country, pk in places:
            row = {
                "city": title,
                "country": country,
                "people": totals[pk]["people"],
                "events": totals[pk]["events"],
                "cells": [],
            }
            for theme in self.themes:
                row[f"{theme.slug}:people"] = cells.get((pk, theme.pk), 0)
                row["cells"].append(row[f"{theme.slug}:people"])
            rows.append(row)
        return rows

    def total(self):
        """The report's total row: distinct people per theme and at any event, and the events, counted
        across the cities (a person who came under two cities counts once). Two aggregated queries."""
        attended = self.attendances()
        per_theme = dict(
            attended.filter(event__themes__isnull=False)
            .values("event__themes")
            .annotate(people=Count("contact", distinct=True))
            .values_list("event__themes", "people")
        )
        overall = attended.aggregate(
            people=Count("contact", distinct=True), events=Count("event", distinct=True)
        )
        return {"cells": [per_theme.get(theme.pk, 0) for theme in self.themes], **overall}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["themes"] = self.themes
        if context.get("object_list"):
            context["total"] = self.total()
        return context
