"""An example progress report for a first look at the site (`manage.py load_demo_progress_report`).

The demo focal point's city gets an accepted report in an earlier cycle named as an example, so that a new
site shows what reports give back (the measures over cycles on the staff's city page, the cycle's lists
and exports) and so that the demo cycle's report starts with its answers carried over. Every text answer
begins with DEMO_NOTE and the cycle's name says it is an example; the self-assessment scores are invented.
No answer is shown on the public page. The report goes through the same steps as a real one (started,
saved, submitted, accepted), so the city's timeline and the audit log show them too.
"""

import datetime
from dataclasses import dataclass

from django.db import transaction

from . import reports
from .models import EXAMPLE_CYCLE_NAME, Cycle, QuestionKind, Report
from .seed import DEMO_CYCLE

DEMO_NOTE = (
    "Ejemplo de demostración (ficticio), creado por load_demo_progress_report: no describe lo que hizo la "
    "ciudad."
)
EXAMPLE_CYCLE = {
    "name": EXAMPLE_CYCLE_NAME,
    "opens_on": datetime.date(2024, 9, 1),
    "due_on": datetime.date(2025, 3, 31),
}
# The invented self-assessments, given to the scale questions in turn.
EXAMPLE_SCORES = (3, 2, 4, 3, 2, 3, 4, 2, 3, 3, 2, 4)


@dataclass(frozen=True)
class Loaded:
    report: Report | None
    reason: str = ""


def example_values(framework):
    """The example's answers: a score for each scale question, a yes for each yes/no question and the demo
    note for each text question; numbers and files are left empty."""
    values, scores = {}, 0
    for question in framework.questions():
        if question.kind == QuestionKind.SCALE:
            values[question] = reports.Value(EXAMPLE_SCORES[scores % len(EXAMPLE_SCORES)])
            scores += 1
        elif question.kind == QuestionKind.YES_NO:
            values[question] = reports.Value(True)
        elif question.kind == QuestionKind.TEXT:
            values[question] = reports.Value(DEMO_NOTE)
    return values


@transaction.atomic
def load_example_report(city, framework, focal_point=None, reviewer=None):
    """Add the example cycle and the city's accepted report in it; nothing if staff have cycles of their own
    or the example is there already. Raises reports.ReportError, adding nothing, where the framework has a
    required question the example leaves empty."""
    demo_names = (DEMO_CYCLE["name"], EXAMPLE_CYCLE["name"])
    if Cycle.objects.exclude(name__in=demo_names).exists():
        return Loaded(None, "the site has reporting cycles of its own")
    cycle, _created = Cycle.objects.get_or_create(
        name=EXAMPLE_CYCLE["name"], defaults={**EXAMPLE_CYCLE, "framework": framework}
    )
    if Report.objects.filter(cycle=cycle, city=city).exists():
        return Loaded(None, "the example report is there already")
    report = reports.start_report(city, cycle, focal_point)
    report = reports.save_answers(report, example_values(cycle.framework), report.version, focal_point)
    report = reports.submit(report, report.version, focal_point)
    return Loaded(reports.accept(report, report.version, reviewer))
