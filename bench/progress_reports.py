"""Progress reports for the benchmark (bench/generate_data.py): the shipped framework, three cycles and a
report per city and cycle, a few hundred cities at a time (answers and submissions with COPY on PostgreSQL,
bulk inserts elsewhere).

Every report answers every yes/no, scale, number and text question (no files). The two older cycles are
accepted everywhere, each report with one accepted submission; the newest holds every state, and some
cities have not started it. A submission's frozen answers have the shape of progress.reports
`frozen_answers`, built here from rows made once per question instead of reading each report back.
Scales and numbers rise from cycle to cycle, and a fifth of the answers of a later report are carried over
from the city's report before, as `start_report` leaves them.
"""

import datetime
from collections import Counter
from decimal import Decimal
from types import SimpleNamespace

from django.db import connection, models
from django.utils import timezone
from psycopg.types.json import Jsonb

from bench.engagement_log import copy_rows
from progress.models import Answer, Cycle, QuestionKind, Report, ReportState, Submission
from progress.reports import frozen_answer, frozen_question, set_value, value_of
from progress.seed import DEMO_CYCLE, ensure_framework

CYCLES = (
    ("2022–2023", datetime.date(2022, 9, 1), datetime.date(2023, 3, 31)),
    ("2024–2025", datetime.date(2024, 9, 1), datetime.date(2025, 3, 31)),
    ("2026–2027", datetime.date(2026, 9, 1), datetime.date(2027, 3, 31)),
)
# Where the cities stand in the newest cycle, with the share of each; None: not started.
NEWEST_STATES = {
    None: 15,
    ReportState.DRAFT: 30,
    ReportState.SUBMITTED: 20,
    ReportState.RETURNED: 10,
    ReportState.ACCEPTED: 25,
}
SUBMITTED_STATES = (ReportState.SUBMITTED, ReportState.RETURNED, ReportState.ACCEPTED)
ANSWERED_KINDS = (QuestionKind.YES_NO, QuestionKind.SCALE, QuestionKind.NUMBER, QuestionKind.TEXT)
ANSWER_COLUMNS = ("report_id", "question_id", "yes", "number", "text", "carried_over", "public", "comment")
SUBMISSION_COLUMNS = ("report_id", "number", "submitted_at", "accepted_at", "answers")
CARRIED_SHARE = 0.2
CITIES_A_BATCH = 500
BATCH = 2000
TEXTS = [
    "Mesa intersectorial activa con reuniones trimestrales.",
    "Programa de alfabetización digital en doce bibliotecas de barrio.",
    "Plan municipal aprobado; falta presupuesto para 2027.",
    "Ferias del aprendizaje en cuatro distritos, 3.200 participantes.",
    "Convenio con la universidad pública para formar a facilitadores.",
]


def add_progress_reports(city_ids, rng):
    """Three cycles of the shipped framework and the reports of the cities `city_ids` (original city pages)
    in each; return the counts of cycles, reports, submissions and answers.

    The demonstration cycle of `setup_network` gives way to them while no city has started it."""
    framework = ensure_framework()
    Cycle.objects.filter(name=DEMO_CYCLE["name"], reports__isnull=True).delete()
    cycles = Cycle.objects.bulk_create(
        Cycle(name=name, framework=framework, opens_on=opens_on, due_on=due_on)
        for name, opens_on, due_on in CYCLES
    )
    writer = ReportWriter(list(framework.questions()), cycles, rng)
    city_ids = list(city_ids)
    for start in range(0, len(city_ids), CITIES_A_BATCH):
        writer.add(city_ids[start : start + CITIES_A_BATCH])
    return {"cycles": len(cycles), **writer.counts}


class ReportWriter:
    """Writes the reports of the cycles (oldest first) for one batch of cities after another."""

    def __init__(self, questions, cycles, rng):
        self.questions = questions
        self.frozen = [frozen_question(question) for question in questions]
        self.answered = [question for question in questions if question.kind in ANSWERED_KINDS]
        self.cycles, self.rng, self.today = cycles, rng, timezone.localdate()
        self.counts = Counter(reports=0, submissions=0, answers=0)

    def add(self, city_ids):
        """The reports of these cities in every cycle, oldest first, with their answers and submissions."""
        rng = self.rng
        # A city's starting level on each scale, and the measures it shows on its public page.
        levels = {city: {q.pk: rng.randint(1, 3) for q in self.answered} for city in city_ids}
        public = {
            city: {q.pk for q in self.answered if q.is_measure and rng.random() < 0.5} for city in city_ids
        }
        previous = {}  # city: (its report in the cycle before, {question id: answer})
        for index, cycle in enumerate(self.cycles):
            newest = index == len(self.cycles) - 1
            states = {
                city: rng.choices(list(NEWEST_STATES), list(NEWEST_STATES.values()))[0]
                if newest
                else ReportState.ACCEPTED
                for city in city_ids
            }
            reports = Report.objects.bulk_create(
                [
                    Report(
                        cycle=cycle,
                        city_id=city,
                        state=state,
                        has_accepted_version=state == ReportState.ACCEPTED,
                        version=rng.randint(2, 12),
                        carried_from=previous[city][0] if city in previous else None,
                        review_note="Revisen las cifras del ámbito 3.3."
                        if state == ReportState.RETURNED
                        else "",
                    )
                    for city, state in states.items()
                    if state is not None
                ],
                batch_size=BATCH,
            )
            answers, submissions = [], []
            for report in reports:
                city = report.city_id
                before = previous[city][1] if city in previous else {}
                given = self.answers(report, index, levels[city], public[city], before)
                answers += [
                    (report.pk, a.question.pk, a.yes, a.number, a.text, a.carried_over, a.public, a.comment)
                    for a in given
                ]
                if report.state in SUBMITTED_STATES:
                    submissions.append(self.submission(report, cycle, given))
                previous[city] = (report, {answer.question.pk: answer for answer in given})
            insert(Answer, ANSWER_COLUMNS, answers)
            insert(Submission, SUBMISSION_COLUMNS, submissions)
            self.counts.update(reports=len(reports), submissions=len(submissions), answers=len(answers))

    def answers(self, report, index, levels, public, before):
        """The report's answers in the cycle at `index` (0: the oldest); a share of them carried over from
        `before`, the city's answers in the cycle before ({question id: answer}).

        Answers are namespaces that progress.reports' `set_value` and `value_of` read and write as they do
        an `Answer`: a model instance each would take longer than the rest."""
        rng = self.rng
        given = []
        for question in self.answered:
            answer = SimpleNamespace(question=question, public=question.pk in public, comment="")
            carried = before.get(question.pk)
            if carried is not None and rng.random() < CARRIED_SHARE:
                set_value(answer, value_of(carried))
                answer.carried_over = True
            else:
                set_value(answer, self.value(question, index, levels[question.pk]))
                answer.carried_over = False
            given.append(answer)
        if report.state == ReportState.RETURNED:
            given[-1].comment = "Indiquen la fuente de esta cifra."
        return given

    def value(self, question, index, level):
        rng = self.rng
        if question.kind == QuestionKind.SCALE:
            return Decimal(max(1, min(5, level + index - rng.randint(0, 1))))
        if question.kind == QuestionKind.NUMBER:
            return Decimal(rng.randint(500, 6000) + 1000 * index) / 100
        if question.kind == QuestionKind.YES_NO:
            return rng.random() < 0.35 + 0.2 * index
        return rng.choice(TEXTS)

    def submission(self, report, cycle, answers):
        """The report's one submission, accepted if the report is, frozen with its answers."""
        by_question = {answer.question.pk: answer for answer in answers}
        frozen = [
            frozen_answer(row, by_question.get(question.pk))
            for question, row in zip(self.questions, self.frozen, strict=True)
        ]
        last_day = min(cycle.due_on, self.today)
        day = cycle.opens_on + datetime.timedelta(
            days=self.rng.randint(0, max(0, (last_day - cycle.opens_on).days))
        )
        submitted_at = datetime.datetime.combine(day, datetime.time(12), tzinfo=datetime.UTC)
        accepted_at = None
        if report.state == ReportState.ACCEPTED:
            accepted_at = min(submitted_at + datetime.timedelta(days=self.rng.randint(1, 14)), timezone.now())
        return (report.pk, 1, submitted_at, accepted_at, frozen)


def insert(model, columns, rows):
    """Insert rows of the `columns`' values: with COPY on PostgreSQL, where Django's bulk insert quotes every
    value in Python (a minute for the 250 MB of frozen answers at 5,000 cities), else with `bulk_create`."""
    if connection.vendor != "postgresql":
        model.objects.bulk_create(
            [model(**dict(zip(columns, row, strict=True))) for row in rows], batch_size=BATCH
        )
        return
    json = [isinstance(model._meta.get_field(column), models.JSONField) for column in columns]
    if any(json):  # psycopg writes a list as JSON only when told to
        rows = ([Jsonb(v) if is_json else v for v, is_json in zip(row, json, strict=True)] for row in rows)
    with connection.cursor() as cursor:
        copy_rows(cursor, model._meta.db_table, columns, rows)
