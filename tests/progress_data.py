"""Frameworks, cycles and reports for the tests of progress/: small, made here, not the shipped file."""

import datetime

from django.utils import timezone

from progress import reports
from progress.models import Area, Cycle, FocusArea, Framework, Question, Report, Submission

# (focus area code, question code, kind, required, unit)
QUESTIONS = (
    ("1.1", "1.1-a", "scale", True, ""),
    ("1.1", "1.1-b", "text", False, ""),
    ("3.3", "3.3-a", "yes_no", True, ""),
    ("3.3", "3.3-c", "number", False, "%"),
    ("3.3", "3.3-d", "file", False, ""),
)


def make_framework(version="2013", questions=QUESTIONS, name="Key Features"):
    framework = Framework.objects.create(name=name, version=version)
    areas, focus_areas = {}, {}
    for order, (focus_code, code, kind, required, unit) in enumerate(questions):
        area_code = focus_code.split(".")[0]
        if area_code not in areas:
            areas[area_code] = Area.objects.create(
                framework=framework,
                code=area_code,
                label_es=f"Área {area_code}",
                label_en=f"Area {area_code}",
            )
        if focus_code not in focus_areas:
            focus_areas[focus_code] = FocusArea.objects.create(
                area=areas[area_code],
                code=focus_code,
                label_es=f"Ámbito {focus_code}",
                label_en=f"Focus area {focus_code}",
                sort_order=order,
            )
        Question.objects.create(
            focus_area=focus_areas[focus_code],
            code=code,
            kind=kind,
            required=required,
            unit=unit,
            label_es=f"Pregunta {code}",
            label_en=f"Question {code}",
            sort_order=order,
        )
    return framework


def make_cycle(framework, name="2026–2027", opens_in_days=-30, due_in_days=60):
    today = timezone.localdate()
    return Cycle.objects.create(
        name=name,
        framework=framework,
        opens_on=today + datetime.timedelta(days=opens_in_days),
        due_on=today + datetime.timedelta(days=due_in_days),
    )


def question(framework, code):
    return Question.objects.get(focus_area__area__framework=framework, code=code)


def answered(report, user, values, public=()):
    """Save answers ({question code: value}) through the service, at the report's current version; the
    codes in `public` are shown on the city's public page."""
    framework = report.cycle.framework
    given = {
        question(framework, code): reports.Value(value, code in public) for code, value in values.items()
    }
    report.refresh_from_db()
    return reports.save_answers(report, given, report.version, user)


def accepted_submission(city, cycle, values, public=True):
    """An accepted report of the city for the cycle, made directly: {question code: value} frozen as the
    questions are now (progress.reports.frozen_question)."""
    report = Report.objects.create(cycle=cycle, city=city)
    rows = [
        {
            **reports.frozen_question(question(cycle.framework, code)),
            "value": float(value) if isinstance(value, int | float) else value,
            "public": public,
            "carried_over": False,
        }
        for code, value in values.items()
    ]
    return Submission.objects.create(report=report, number=1, accepted_at=timezone.now(), answers=rows)
