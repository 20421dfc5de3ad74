"""What the accepted progress reports say in figures: a city's measures cycle by cycle (charted on its
public page and on its staff page) and each measure across the network and per country in one cycle.

Only accepted submissions count, the latest accepted one of each report: a report reopened since still
shows what was accepted. A group of fewer than MIN_CITIES cities never shows a median or a range, so that a
median speaks for a group. Focal points see medians only: the ends of a range are single cities' answers,
which only those who read every report (staff) may see.
"""

import statistics
from collections import defaultdict
from dataclasses import dataclass, field

from django.db import connections
from django.db.models import Func, JSONField, Value
from django.utils import translation
from django.utils.translation import gettext as _
from django_countries import countries

from cities.models import in_default_language
from network.caching.versions import PUBLISHED_CONTENT

from .models import MEASURED_KINDS, Cycle, QuestionKind, Submission, cycle_title, label_field_of
from .numbers import written

MIN_CITIES = 5
SCALE_TOP = 5
# The chart's drawing in SVG units: a slot per cycle holding its bar, a line of text above the plot (the
# bars' values) and one below it (the cycles' names). A slot widens to hold a long cycle name, at
# LABEL_CHARACTER_WIDTH a character (wider than most characters of a 10-unit sans-serif font).
SLOT_WIDTH, BAR_WIDTH, PLOT_HEIGHT, TEXT_HEIGHT = 64, 36, 100, 18
LABEL_CHARACTER_WIDTH, LABEL_MARGIN = 6, 8
BASELINE = TEXT_HEIGHT + PLOT_HEIGHT
# The keys change with the published content: the time limit only frees the memory.
NETWORK_SUMMARY_SECONDS = CITY_MEASURES_SECONDS = 60 * 60 * 24


def in_active_language(labels):
    """A frozen label ({"es", "pt_br", "en"}) in the active language, or in Spanish where it has none."""
    language = label_field_of(translation.get_language()).removeprefix("label_")
    return labels.get(language) or labels.get("es", "")


def tidy(value):
    """A value as people write it: 3 rather than 3.0, at most two decimals."""
    return int(value) if float(value).is_integer() else round(value, 2)


def shown(value):
    """A value as the reader's language writes numbers, thousands grouped as everywhere on the site:
    "1 500,5" in Spanish (Django's grouping with a space, which reads the same in Mexico, where "," groups,
    and in Colombia, where "." does), "1.500,5" in Portuguese, "1,500.5" in English."""
    return written(tidy(value), grouping=True)


def measured(answers):
    """The answers of a frozen submission that are measures and have a value."""
    return [answer for answer in answers if answer["kind"] in MEASURED_KINDS and answer["value"] is not None]


def latest_accepted(submissions, fields, ordering=(), answers=("answers",)):
    """(`fields`…, answers) of the latest accepted submission of each report among `submissions`, the
    reports in `ordering`; `answers`: what to read of the submission's answers (the whole of them)."""
    rows = (
        submissions.filter(accepted_at__isnull=False)
        .order_by(*ordering, "report_id", "-accepted_at", "-number")
        .values_list("report_id", *fields, *answers)
    )
    seen = set()
    for report_id, *values in rows:
        if report_id not in seen:
            seen.add(report_id)
            yield values


# --- One city ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Bar:
    cycle: str
    text: str  # the value, as the reader's language writes it
    x: float
    y: float
    height: float
    middle: float  # where the texts above and below the bar are centred
    width: float = BAR_WIDTH

    @property
    def text_y(self):
        return self.y - 4


@dataclass(frozen=True)
class Chart:
    """A measure's bar chart, drawn by templates/progress/includes/measure_chart.html."""

    bars: list
    width: float
    description: str
    plot_top: float = TEXT_HEIGHT
    baseline: float = BASELINE
    height: float = BASELINE + TEXT_HEIGHT

    @property
    def label_y(self):
        return self.height - 4


@dataclass
class Measure:
    code: str
    label: str
    unit: str
    kind: str
    points: list = field(default_factory=list)  # [(cycle name, value)], the oldest cycle first

    @property
    def is_scale(self):
        return self.kind == QuestionKind.SCALE

    @property
    def chart(self):
        """Bars from zero: a scale's axis goes to 5 whatever the answers, a number's to its largest value."""
        top = SCALE_TOP if self.is_scale else max(max(value for _cycle, value in self.points), 0) or 1
        longest_name = max(len(cycle) for cycle, _value in self.points)
        slot = max(SLOT_WIDTH, longest_name * LABEL_CHARACTER_WIDTH + LABEL_MARGIN)
        bars = []
        for index, (cycle, value) in enumerate(self.points):
            height = round(PLOT_HEIGHT * max(value, 0) / top, 1)
            bars.append(
                Bar(
                    cycle=cycle,
                    text=shown(value),
                    x=index * slot + (slot - BAR_WIDTH) / 2,
                    y=BASELINE - height,
                    height=height,
                    middle=index * slot + slot / 2,
                )
            )
        values = "; ".join(f"{bar.cycle}: {bar.text}" for bar in bars)
        if self.is_scale:
            description = _("%(measure)s, on a scale from 1 to 5, by cycle: %(values)s") % {
                "measure": self.label,
                "values": values,
            }
        elif self.unit:
            description = _("%(measure)s (%(unit)s), by cycle: %(values)s") % {
                "measure": self.label,
                "unit": self.unit,
                "values": values,
            }
        else:
            description = _("%(measure)s, by cycle: %(values)s") % {"measure": self.label, "values": values}
        return Chart(bars=bars, width=slot * len(bars), description=description)


def submissions_of(city):
    """The submissions of a city's reports. Reports belong to the city's original page: a translation finds
    them through its translation key, without reading its original first."""
    in_original = {f"report__city__{name}": value for name, value in in_default_language().items()}
    return Submission.objects.filter(report__city__translation_key=city.translation_key, **in_original)


def city_measures(city, public_only=False):
    """The city's measures over the cycles, from the latest accepted submission of each of its reports, in
    the order of its newest one; with `public_only`, only the answers that submission shows in public.

    Labelled as the newest accepted submission words the question. One query.
    """
    newest_first = ("-report__cycle__opens_on", "-report__cycle__name")
    measures = {}
    for cycle, answers in latest_accepted(submissions_of(city), ["report__cycle__name"], newest_first):
        for answer in measured(answers):
            if public_only and not answer.get("public"):
                continue
            # A question that changed kind between cycles charts as two measures: a scale is no number.
            key = (answer["code"], answer["kind"])
            if key not in measures:
                measures[key] = Measure(
                    code=answer["code"],
                    label=in_active_language(answer["question"]),
                    unit=answer.get("unit") or "",
                    kind=answer["kind"],
                )
            measures[key].points.append((cycle_title(cycle), answer["value"]))
    for measure in measures.values():
        measure.points.reverse()
    return list(measures.values())


def kept_city_measures(city):
    """city_measures(city), every measure, in the reader's language, for the city's staff page: built once
    per version of the published content (an accepted report, a deleted one, a cycle's new name or dates
    start a new one), as it reads the whole of the city's accepted submissions."""
    key = f"progress:city-measures:{city.pk}:{translation.get_language()}"
    return PUBLISHED_CONTENT.remember(key, lambda: city_measures(city), CITY_MEASURES_SECONDS)


def city_progress(page, request):
    """The public measures of a city page (cities.page_context): one query, whatever the network's size."""
    return {"progress_measures": city_measures(page, public_only=True)}


# --- The network ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Figures:
    """A measure in a group of cities; nothing but its name when the group has fewer than MIN_CITIES."""

    name: str
    cities: int | None = None
    median: float | None = None
    minimum: float | None = None
    maximum: float | None = None

    @classmethod
    def of(cls, name, values):
        if len(values) < MIN_CITIES:
            return cls(name)
        return cls(
            name,
            len(values),
            *(tidy(figure) for figure in (statistics.median(values), min(values), max(values))),
        )

    @property
    def too_few(self):
        return self.cities is None


@dataclass(frozen=True)
class MeasureSummary:
    code: str
    kind: str
    label: str
    unit: str
    network: Figures
    countries: list  # Figures by country, ordered by the country's name


# The measures of a submission's answers that have a value, in SQL/JSON path language (PostgreSQL).
MEASURES_PATH = '$[*] ? ((@.kind == "scale" || @.kind == "number") && @.value != null)'


class PathArray(Func):
    """What a JSON path picks out of a JSON column, as an array (PostgreSQL's jsonb_path_query_array)."""

    function = "jsonb_path_query_array"
    output_field = JSONField()


def measure_values(submissions):
    """(country, code, kind, value) of every measure of the latest accepted submission of each report.

    A submission's frozen answers are mostly texts and labels (about 21 kB each; 107 MB for a cycle of
    5,000 cities): on PostgreSQL the database picks out the measures' codes and values alone."""
    fields = ["report__city__country"]
    if connections[submissions.db].vendor == "postgresql":
        keys = ("code", "kind", "value")
        picked = (PathArray("answers", Value(f"{MEASURES_PATH}.{key}")) for key in keys)
        for country, codes, kinds, values in latest_accepted(submissions, fields, answers=tuple(picked)):
            for code, kind, value in zip(codes, kinds, values, strict=True):
                yield country, code, kind, value
        return
    for country, answers in latest_accepted(submissions, fields):
        for answer in measured(answers):
            yield country, answer["code"], answer["kind"], answer["value"]


def measure_labels(submissions):
    """{(code, kind): frozen answer} of the measures of the newest accepted submission, for their labels and
    units (a cycle's submissions all answer its framework's questions)."""
    newest = submissions.filter(accepted_at__isnull=False).order_by("-accepted_at", "-pk").first()
    answers = newest.answers if newest else []
    return {
        (answer["code"], answer["kind"]): answer for answer in answers if answer["kind"] in MEASURED_KINDS
    }


def network_summary(cycle):
    """Each measure of the cycle's accepted reports (the latest accepted submission of each), over the whole
    network and per country of the cities that answered it. Two queries.

    A measure is a question's code and kind: a question whose kind changed after some cities answered it
    gives two, as a scale's answers and a number's have no median together."""
    submissions = Submission.objects.filter(report__cycle=cycle)
    found = defaultdict(lambda: defaultdict(list))
    for country, code, kind, value in measure_values(submissions):
        found[code, kind][country].append(value)
    labels = measure_labels(submissions) if found else {}
    position = {code: index for index, code in enumerate(dict.fromkeys(code for code, _kind in found))}
    summaries = []
    # The two measures of a changed question side by side, the kind it has now first.
    for code, kind in sorted(found, key=lambda key: (position[key[0]], key not in labels, key[1])):
        by_country = found[code, kind]
        answer = labels.get((code, kind)) or {
            # Asked as another kind now: its wording names it still, the unit of that kind does not fit.
            "question": next(
                (frozen["question"] for (each, _), frozen in labels.items() if each == code), {"es": code}
            )
        }
        names = {country: str(countries.name(country)) for country in by_country}
        summaries.append(
            MeasureSummary(
                code=code,
                kind=kind,
                label=in_active_language(answer["question"]),
                unit=answer.get("unit") or "",
                network=Figures.of(_("Whole network"), [v for values in by_country.values() for v in values]),
                countries=[
                    Figures.of(names[country], by_country[country])
                    for country in sorted(by_country, key=lambda country: names[country].casefold())
                ],
            )
        )
    return summaries


def kept_network_summary(cycle):
    """network_summary(cycle) in the reader's language, built once per version of the published content
    (an accepted report starts a new one): it reads every accepted submission of the cycle."""
    key = f"progress:network:{cycle.pk}:{translation.get_language()}"
    return PUBLISHED_CONTENT.remember(key, lambda: network_summary(cycle), NETWORK_SUMMARY_SECONDS)


def network_medians(cycle):
    """{(measure code, kind): Figures of the whole network} in the cycle."""
    return {(summary.code, summary.kind): summary.network for summary in kept_network_summary(cycle)}


def medians_for(cycle):
    """What a report's readers, focal points included, see of the network: each measure's median in the
    cycle or, while it has fewer than MIN_CITIES accepted answers, in the last cycle before it that asked
    the same framework version (another version may give a code to another question); never a range (its
    ends are single cities' answers). {(code, kind): (cycle name, median, number of cities)}."""
    earlier = Cycle.objects.filter(framework_id=cycle.framework_id, opens_on__lt=cycle.opens_on)
    previous = earlier.order_by("-opens_on").first()
    found = {}
    for source in filter(None, (previous, cycle)):
        for measure, figures in network_medians(source).items():
            if not figures.too_few:
                found[measure] = (source.title, shown(figures.median), figures.cities)
    return found
