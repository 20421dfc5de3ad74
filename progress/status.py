"""Where each city stands in a reporting cycle, and every answer of a cycle for analysis: two staff
reports with Wagtail's spreadsheet export (network/exports.py), and the dashboard's summary of the
current cycle.
"""

from collections import Counter
from dataclasses import dataclass

import django_filters
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django_countries import countries
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.components import Component
from wagtail.admin.views.reports import ReportView

from cities.models import CityPage
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


@dataclass(frozen=True)
class Standing:
    """A published city's place in a cycle, read as plain values (5,000 cities are listed at once)."""

    city_id: int
    city: str
    country: str  # ISO code
    standing: str
    report_id: int | None
    updated_at: object


def standings(cycle):
    """[Standing] of every published city in the cycle, by city name, in two queries."""
    cities = CityPage.objects.originals().live().order_by("title").values_list("pk", "title", "country")
    # Without the model's ordering, which would join every report to its cycle and city to sort them.
    report_rows = (
        Report.objects.filter(cycle=cycle).order_by().values_list("pk", "city_id", "state", "updated_at")
    )
    by_city = {city_id: (pk, state, updated_at) for pk, city_id, state, updated_at in report_rows}
    today = timezone.localdate()
    rows = []
    for city_id, title, country in cities:
        report_id, state, updated_at = by_city.get(city_id, (None, None, None))
        rows.append(
            Standing(city_id, title, country, reports.standing(cycle, state, today), report_id, updated_at)
        )
    return rows


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
            standing = reports.standing(cycle, report.state if report else None, today)
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

    def to_row_dict(self, item):
        return {field: item[field] for field in self.list_export}

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

    @cached_property
    def standings(self):
        return standings(self.cycle) if self.cycle is not None else []

    def get_queryset(self):
        if self.cycle is None:
            return []
        wanted = self.chosen.get("standing")
        counts = dict(
            Submission.objects.filter(report__cycle=self.cycle)
            .values_list("report")
            .annotate(count=Count("pk"))
            .order_by()
        )
        # Each country and state is named once, not once per city.
        names = {code: str(countries.name(code)) for code in {row.country for row in self.standings}}
        labels = {code: str(label) for code, label in reports.STANDINGS.items()}
        return [
            {
                "pk": row.city_id,
                "city": row.city,
                "country": names[row.country],
                "standing_code": row.standing,
                "standing": labels[row.standing],
                "report": row.report_id,
                "updated_at": timezone.localtime(row.updated_at) if row.updated_at else None,
                "submissions": counts.get(row.report_id, 0),
            }
            for row in self.standings
            if not wanted or row.standing == wanted
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if self.cycle is not None:
            context["late"] = sum(1 for row in self.standings if row.standing == reports.LATE)
            if may_remind(self.request.user):
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
        "public": _("Public"),
    }
    paginate_by = 100

    def get_queryset(self):
        """The given answers of the cycle as a queryset: the page and the export read only what they show
        (a cycle of 5,000 cities holds over 100,000 answers)."""
        if self.cycle is None:
            return Answer.objects.none()
        given = Q(yes__isnull=False) | Q(number__isnull=False) | ~Q(text="") | Q(document__isnull=False)
        answers = (
            Answer.objects.filter(given, report__cycle=self.cycle)
            .select_related("report__city", "question__focus_area__area", "document")
            # In the order of the (report, question) index: a page reads its rows without sorting them all.
            .order_by("report_id", "question_id")
        )
        if standing := self.chosen.get("standing"):
            answers = answers.filter(report__state=standing)
        return answers

    def to_row_dict(self, item):
        row = row_of(item)
        return {field: row[field] for field in self.list_export}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if not self.is_export:  # an export writes its rows through to_row_dict
            context["object_list"] = [row_of(answer) for answer in context["object_list"]]
        return context


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
    cities = CityPage.objects.originals().live()
    by_state = dict(
        Report.objects.filter(cycle=cycle, city__in=cities)
        .order_by()
        .values_list("state")
        .annotate(count=Count("pk"))
    )
    counts = Counter()
    for state, count in [(None, cities.count() - sum(by_state.values())), *by_state.items()]:
        counts[reports.standing(cycle, state)] += count
    return counts


class CycleStandingPanel(Component):
    """The current cycle on the staff dashboard: how many cities stand where, with a link to the list."""

    name = "progress_cycle_standing"
    order = 246
    template_name = "progress/admin/panels/cycle_standing.html"

    def get_context_data(self, parent_context):
        cycle = current_cycle()
        if cycle is None:
            return {"cycle": None}
        counts = standing_counts(cycle)
        url = reverse("progress_status:index")
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
