"""Where each city stands in a reporting cycle, and every answer of a cycle for analysis: two staff
reports with Wagtail's spreadsheet export (network/exports.py), and the dashboard's summary of the
current cycle.
"""

from collections import Counter

import django_filters
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Exists, F, FilteredRelation, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_countries import countries
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.components import Component
from wagtail.admin.views.reports import ReportView

from cities.models import CityPage
from cities.ordering import by_name
from network.exports import ReadableExportMixin

from . import reports
from .forms import shown_value
from .models import Answer, Cycle, QuestionKind, Report, Submission
from .permissions import may_remind, reads_reports


def current_cycle():
    """The cycle that opened last (an open one before any that has not opened yet)."""
    today = timezone.localdate()
    return (
        Cycle.objects.filter(opens_on__lte=today).order_by("-opens_on").first()
        or Cycle.objects.order_by("opens_on").first()
    )


# The path to the city's report in the cycle, in the rows of cities_in_cycle.
CYCLE_REPORT = "cycle_report__"


def cities_in_cycle(cycle):
    """The published cities, each with its report in the cycle (if any) as `cycle_report`: one outer join,
    so that filters by standing (`reports.in_standing(cycle, wanted, CYCLE_REPORT)`), the count
    and the page of 5,000 cities are the database's work."""
    return (
        CityPage.objects.originals()
        .live()
        .annotate(
            cycle_report=FilteredRelation("progress_reports", condition=Q(progress_reports__cycle=cycle))
        )
    )


def late_cities(cycle):
    """The ids of the cities late with their report in the cycle."""
    late = reports.in_standing(cycle, reports.LATE, CYCLE_REPORT)
    return cities_in_cycle(cycle).filter(late).values_list("pk", flat=True)


def open_reports(cities):
    """For a focal point's cities: each open cycle with the city's report (or None) and standing."""
    today = timezone.localdate()
    cycles = list(Cycle.objects.filter(opens_on__lte=today).order_by("-opens_on"))
    existing = {
        (report.city_id, report.cycle_id): report
        for report in Report.objects.filter(city__in=cities, cycle__in=cycles).order_by()
    }
    rows = []
    for city in cities:
        for cycle in cycles:
            report = existing.get((city.pk, cycle.pk))
            state, has_accepted_version = (
                (report.state, report.has_accepted_version) if report else (None, False)
            )
            standing = reports.standing(cycle, state, has_accepted_version, today)
            rows.append(
                {"city": city, "cycle": cycle, "report": report, "standing": reports.STANDINGS[standing]}
            )
    return rows


class CycleFilterSet(WagtailFilterSet):
    cycle = django_filters.ModelChoiceFilter(
        label=_("Cycle"), queryset=Cycle.objects.order_by("-opens_on", "name"), method="no_filter"
    )

    class Meta:
        model = Report
        fields = []

    def no_filter(self, queryset, name, value):
        """The reports read the chosen values themselves (their rows are not a queryset of reports)."""
        return queryset


class StandingFilterSet(CycleFilterSet):
    standing = django_filters.ChoiceFilter(
        label=_("State"), choices=list(reports.STANDINGS.items()), method="no_filter"
    )


class CycleReportView(ReadableExportMixin, ReportView):
    """A staff report of one cycle: the one chosen in its filters, else the current one."""

    header_icon = "tasks"
    filterset_class = StandingFilterSet

    def dispatch(self, request, *args, **kwargs):
        if not reads_reports(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    @cached_property
    def chosen(self):
        self.filters.is_valid()
        return getattr(self.filters.form, "cleaned_data", {})

    @cached_property
    def cycle(self):
        return self.chosen.get("cycle") or current_cycle()

    def get_filtered_queryset(self):
        return self.get_queryset()

    def get_export_title(self):
        """The file's name says which cycle it holds, as its rows do not (an en dash would be dropped)."""
        title = super().get_export_title()
        return f"{title} {self.cycle.title.replace('–', '-')}" if self.cycle else title

    def get_context_data(self, **kwargs):
        return super().get_context_data(cycle=self.cycle, **kwargs)


class CycleStatusReport(CycleReportView):
    """Every published city's standing in a cycle: not started, draft, submitted, returned, accepted, late."""

    page_title = _("Progress reports by city")
    results_template_name = "progress/admin/status_results.html"
    list_export = ["city", "country", "standing", "updated_at", "submissions"]
    export_headings = {
        "city": _("City"),
        "country": _("Country"),
        "standing": _("State"),
        "updated_at": _("Last change"),
        "submissions": _("Submissions"),
    }
    paginate_by = 100

    def get_queryset(self):
        if self.cycle is None:
            return CityPage.objects.none()
        cities = cities_in_cycle(self.cycle)
        if wanted := self.chosen.get("standing"):
            cities = cities.filter(reports.in_standing(self.cycle, wanted, CYCLE_REPORT))
        return cities.order_by(by_name(), "pk").values(
            "pk",
            "title",
            "country",
            report_id=F("cycle_report__pk"),
            state=F(f"{CYCLE_REPORT}state"),
            has_accepted_version=F(f"{CYCLE_REPORT}has_accepted_version"),
            updated_at=F("cycle_report__updated_at"),
        )

    @cached_property
    def submission_counts(self):
        return dict(
            Submission.objects.filter(report__cycle=self.cycle)
            .values_list("report")
            .annotate(count=Count("pk"))
            .order_by()
        )

    def row_of(self, city):
        """A city's row as the list shows and exports it."""
        updated_at = city["updated_at"]
        return {
            "city": city["title"],
            "country": str(countries.name(city["country"])),
            "standing": str(
                reports.STANDINGS[reports.standing(self.cycle, city["state"], city["has_accepted_version"])]
            ),
            "report": city["report_id"],
            "updated_at": timezone.localtime(updated_at) if updated_at else None,
            "submissions": self.submission_counts.get(city["report_id"], 0),
        }

    def to_row_dict(self, item):
        row = self.row_of(item)
        return {field: row[field] for field in self.list_export}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if self.cycle is not None and not self.is_export:  # an export writes its rows through to_row_dict
            # Only the page's cities are made into rows.
            context["object_list"] = [self.row_of(city) for city in context["object_list"]]
            context["late"] = late_cities(self.cycle).count()
            context["closed"] = self.cycle.is_closed()
            # Late cities of a closed cycle can no longer submit: a reminder would ask the impossible.
            if may_remind(self.request.user) and not context["closed"]:
                context["remind_url"] = reverse("progress_reminders:remind", args=[self.cycle.pk])
        return context


class AnswersReport(CycleReportView):
    """One row per city and question of a cycle: every answer as it stands, with its report's state."""

    page_title = _("Progress report answers")
    results_template_name = "progress/admin/answers_results.html"
    list_export = [
        "city",
        "country",
        "state",
        "area",
        "focus_area",
        "code",
        "question",
        "kind",
        "unit",
        "answer",
        "carried_over",
        "public",
    ]
    export_headings = {
        "city": _("City"),
        "country": _("Country"),
        "state": _("State"),
        "area": _("Area"),
        "focus_area": _("Focus area"),
        "code": _("Code"),
        "question": _("Question"),
        "kind": _("Kind of answer"),
        "unit": _("Unit"),
        "answer": _("Answer"),
        "carried_over": _("Carried over"),
        "public": pgettext_lazy("a public answer", "Public"),
    }
    # Rows per page, about: a page holds whole cities, as many as give this many answers.
    answers_per_page = 100

    def get_paginate_by(self, queryset):
        if self.is_export or self.cycle is None:
            return super().get_paginate_by(queryset)
        return max(1, self.answers_per_page // max(1, self.cycle.framework.questions().count()))

    def get_queryset(self):
        """The page's are the cycle's reports with a given answer, by city, paged by the database (a count
        of 5,000 reports, not of their 100,000 answers); the export's are the given answers themselves."""
        if self.cycle is None:
            return Report.objects.none()
        if self.is_export:
            return self.given_answers().select_related("report__city").order_by("report_id", "question_id")
        with_answers = Report.objects.filter(cycle=self.cycle).filter(
            Exists(Answer.objects.filter(GIVEN, report=OuterRef("pk")))
        )
        if standing := self.chosen.get("standing"):
            with_answers = with_answers.filter(self.in_standing(standing))
        return with_answers.order_by(by_name("city__title"), "pk")

    def given_answers(self):
        answers = Answer.objects.filter(GIVEN, report__cycle=self.cycle).select_related(
            "question__focus_area__area", "document"
        )
        if standing := self.chosen.get("standing"):
            answers = answers.filter(self.in_standing(standing, "report__"))
        return answers

    def in_standing(self, standing, report=""):
        """The answers are as they are now: a report reopened since its acceptance holds a draft."""
        return reports.in_standing(self.cycle, standing, report, by_accepted_version=False)

    def to_row_dict(self, item):
        row = row_of(item)
        return {field: row[field] for field in self.list_export}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if not self.is_export:  # an export writes its rows through to_row_dict
            shown = {report.pk: position for position, report in enumerate(context["object_list"])}
            answers = self.given_answers().filter(report__in=shown).select_related("report__city")
            ordered = sorted(answers, key=lambda answer: (shown[answer.report_id], answer.question_id))
            context["object_list"] = [row_of(answer) for answer in ordered]
        return context


# An answer that was given (an empty answer is stored as the report is started).
GIVEN = Q(yes__isnull=False) | Q(number__isnull=False) | ~Q(text="") | Q(document__isnull=False)


def row_of(answer):
    """An answer as the answers report shows and exports it."""
    city, question = answer.report.city, answer.question
    return {
        "city": city.title,
        "country": str(city.country.name),
        "state": answer.report.get_state_display(),
        "area": question.focus_area.area.label,
        "focus_area": question.focus_area.label,
        "code": question.code,
        "question": question.label,
        "kind": str(QuestionKind(question.kind).label),
        "unit": question.unit,
        "answer": shown_value(question, answer),
        "carried_over": answer.carried_over,
        "public": answer.public,
    }


def standing_counts(cycle):
    """{standing: number of published cities} in the cycle, counted by the database: the staff dashboard
    shows them on every visit, and needs no row per city."""
    by_state = (
        cities_in_cycle(cycle)
        .order_by()
        .values_list(f"{CYCLE_REPORT}state", f"{CYCLE_REPORT}has_accepted_version")
        .annotate(count=Count("pk"))
    )
    counts = Counter()
    for state, has_accepted_version, count in by_state:
        counts[reports.standing(cycle, state, bool(has_accepted_version))] += count
    return counts


def dashboard_cycles():
    """The cycles the staff dashboard counts: every open one (opened and not closed), the one due soonest
    first, so that none vanishes when cycles overlap; with none open, the current one."""
    today = timezone.localdate()
    cycles = (
        Cycle.objects.filter(opens_on__lte=today)
        .filter(Q(closes_on__isnull=True) | Q(closes_on__gte=today))
        .order_by("due_on", "name")
    )
    return list(cycles) or [cycle for cycle in [current_cycle()] if cycle]


class CycleStandingPanel(Component):
    """The open cycles on the staff dashboard: how many cities stand where in each, with links to the
    lists."""

    name = "progress_cycle_standing"
    order = 246
    template_name = "progress/admin/panels/cycle_standing.html"

    def get_context_data(self, parent_context):
        url = reverse("progress_status:index")
        return {"cycles": [self.counted(cycle, url) for cycle in dashboard_cycles()]}

    def counted(self, cycle, url):
        counts = standing_counts(cycle)
        return {
            "cycle": cycle,
            "counts": [
                {
                    "label": label,
                    "count": counts.get(code, 0),
                    "url": f"{url}?cycle={cycle.pk}&standing={code}",
                }
                for code, label in reports.STANDINGS.items()
            ],
            "report_url": f"{url}?cycle={cycle.pk}",
        }


class MyReportsPanel(Component):
    """For a focal point: their city's report in each open cycle, its state and due date."""

    name = "progress_my_reports"
    order = 20
    template_name = "progress/admin/panels/my_reports.html"

    def __init__(self, cities):
        self.cities = cities

    def get_context_data(self, parent_context):
        return {"rows": open_reports(self.cities), "url": reverse("progress_city:index")}
