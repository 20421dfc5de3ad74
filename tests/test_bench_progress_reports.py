"""The benchmark's progress reports (bench/progress_reports.py) are reports as the site makes them: every
city in every cycle but the newest's not started ones, answers to every question but the file, and
submissions frozen exactly as progress.reports.frozen_answers freezes them, so that the charts read them.
The module writes with COPY on PostgreSQL and bulk inserts elsewhere: the suite's two passes test both."""

import random

import pytest

from bench.progress_reports import CYCLES, add_progress_reports
from progress.models import QuestionKind, Report, ReportState, Submission
from progress.reports import frozen_answers
from progress.results import city_measures
from tests.factories import CityFactory

pytestmark = pytest.mark.django_db


def test_generated_reports_answers_and_submissions_read_back_as_the_sites_own():
    cities = [CityFactory(title=f"Ciudad de prueba {number}") for number in range(6)]

    counts = add_progress_reports([city.pk for city in cities], random.Random(5))

    older, newest = [name for name, *_dates in CYCLES[:2]], CYCLES[-1][0]
    reports = Report.objects.select_related("cycle__framework", "city")
    assert counts["cycles"] == 3
    assert counts["reports"] == reports.count() and counts["submissions"] == Submission.objects.count()
    questions = list(reports.first().cycle.framework.questions())
    answered = [question for question in questions if question.kind != QuestionKind.FILE]
    for report in reports:
        assert sorted(report.answers.values_list("question__code", flat=True)) == sorted(
            question.code for question in answered
        )
        if report.cycle.name in older:
            assert report.state == ReportState.ACCEPTED
        submissions = list(report.submissions.all())
        if report.state == ReportState.DRAFT:
            assert submissions == []
            continue
        (submission,) = submissions
        assert (submission.accepted_at is not None) == (report.state == ReportState.ACCEPTED)
        assert submission.answers == frozen_answers(report)
    assert reports.filter(cycle__name=newest).count() <= len(cities)
    assert reports.filter(cycle__name__in=older).count() == 2 * len(cities)
    assert not reports.filter(cycle__name=older[0], carried_from__isnull=False).exists()
    assert not reports.filter(cycle__name=older[1], carried_from__isnull=True).exists()
    assert counts["answers"] == len(answered) * counts["reports"]

    city = cities[0]
    accepted = Submission.objects.filter(report__city=city, accepted_at__isnull=False)
    measures = city_measures(city)
    assert {measure.code for measure in measures} == {q.code for q in questions if q.is_measure}
    for measure in measures:
        assert [cycle for cycle, _value in measure.points] == [
            name for name, *_dates in CYCLES if accepted.filter(report__cycle__name=name).exists()
        ]
        (frozen,) = [
            row for row in accepted.get(report__cycle__name=older[0]).answers if row["code"] == measure.code
        ]
        assert measure.points[0][1] == frozen["value"]
