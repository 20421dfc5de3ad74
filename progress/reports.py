"""A city's progress report through its life: started (with last cycle's answers carried over), saved as
the focal point types, submitted (frozen as a dated submission), returned with comments or accepted.

Every step is one transaction on the report's row, locked: a save that names an older version of the
report than the one stored is refused (`Conflict`), so two people never silently overwrite each other.
Each step is written to Wagtail's audit log, which the city's timeline reads (contacts/views.py).

Why this module is long: every step of a report's life, and the standing rules the lists filter by, are
kept together, as each depends on the same states and the same locked, versioned row.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.db.models import Q
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from wagtail.documents import get_document_model
from wagtail.log_actions import log

from .evidence import delete_when_unused
from .models import Answer, QuestionKind, Report, ReportState, Submission

START, SUBMIT, RETURN, ACCEPT, REOPEN = (
    "progress.start",
    "progress.submit",
    "progress.return",
    "progress.accept",
    "progress.reopen",
)
LOG_ACTIONS = {
    START: (gettext_lazy("Start progress report"), gettext_lazy("Progress report started")),
    SUBMIT: (gettext_lazy("Submit progress report"), gettext_lazy("Progress report submitted")),
    RETURN: (
        gettext_lazy("Return progress report"),
        gettext_lazy("Progress report returned for corrections"),
    ),
    ACCEPT: (gettext_lazy("Accept progress report"), gettext_lazy("Progress report accepted")),
    REOPEN: (
        gettext_lazy("Reopen progress report"),
        gettext_lazy("New version of the progress report started"),
    ),
}


class ReportError(Exception):
    """A step the report's state does not allow, or a save over someone else's: nothing was written."""


class Conflict(ReportError):
    """A step taken on a page that showed an older version of the report: `saved_since` says who saved it
    since (the person themself, in another tab, is told so), for a page that says what to do next itself."""

    def __init__(self, report, user=None):
        self.report = report
        saver = report.updated_by
        yourself = saver is not None and user is not None and saver.pk == user.pk
        # A report no longer editable was last submitted or accepted, not saved: said so, as a save from the
        # page cannot be made again there.
        if report.state == ReportState.SUBMITTED:
            since = (
                _("You submitted this report in another tab or window at %(when)s, after you opened it here.")
                if yourself
                else _("%(who)s submitted this report at %(when)s, after you opened it.")
            )
        elif report.state == ReportState.ACCEPTED:
            since = _("%(who)s accepted this report at %(when)s, after you opened it.")
        elif yourself:
            since = _("You saved this report in another tab or window at %(when)s, after you opened it here.")
        else:
            since = _("%(who)s saved this report at %(when)s, after you opened it.")
        who = (saver.get_full_name() or saver.get_username()) if saver is not None else ""
        when = timezone.localtime(report.updated_at).strftime("%H:%M")
        self.saved_since = since % {"who": who or _("Someone else"), "when": when}
        then = _(
            "Nothing of yours was saved: reload the page to see the saved report, then make your "
            "changes again."
        )
        super().__init__(f"{self.saved_since} {then}")


@dataclass
class Value:
    """One answer as a form gives it: the value for the question's kind (None when empty)."""

    value: object
    public: bool = False


def locked(report):
    return Report.objects.select_for_update(of=("self",)).select_related("updated_by").get(pk=report.pk)


def check_version(current, version, user=None):
    """Refuse a step taken (by `user`) on a page that showed another version of the report than the one
    stored (or that sent none: a form cut short)."""
    try:
        version = int(version)
    except (TypeError, ValueError):
        raise ReportError(_("The form is incomplete: reload the page.")) from None
    if version != current.version:
        raise Conflict(current, user)


def last_accepted_submission(city, before_cycle):
    """The city's most recent accepted submission of a cycle that opened before `before_cycle` (None if it
    has none): a late report of an older cycle is not filled in with what the city said later."""
    return (
        Submission.objects.filter(
            report__city=city, accepted_at__isnull=False, report__cycle__opens_on__lt=before_cycle.opens_on
        )
        .select_related("report")
        .order_by("-report__cycle__opens_on", "-accepted_at")
        .first()
    )


@transaction.atomic
def start_report(city, cycle, user):
    """The city's report for the cycle, made now if it does not exist, with the answers of its last accepted
    report carried over (matched by question code and kind)."""
    report, created = Report.objects.get_or_create(cycle=cycle, city=city, defaults={"updated_by": user})
    if not created:
        return report
    previous = last_accepted_submission(city, cycle)
    carried = 0
    if previous is not None:
        report.carried_from = previous.report
        report.save(update_fields=["carried_from"])
        questions = {(q.code, q.kind): q for q in cycle.framework.questions()}
        files = kept_documents(previous.answers)
        answers = []
        for frozen in previous.answers:
            question = questions.get((frozen["code"], frozen["kind"]))
            if question is None or frozen.get("value") is None:
                continue
            if question.kind == QuestionKind.FILE and frozen["value"] not in files:
                continue  # the file was deleted since: there is nothing to carry over
            answer = Answer(
                report=report, question=question, carried_over=True, public=frozen.get("public", False)
            )
            set_value(answer, thawed(question, frozen["value"]))
            answers.append(answer)
        Answer.objects.bulk_create(answers)
        carried = len(answers)
    log(report, START, user=user, data={"carried_over": carried})
    return report


def kept_documents(frozen_answers):
    """The ids of the documents that frozen file answers name and that still exist."""
    named = [row["value"] for row in frozen_answers if row["kind"] == QuestionKind.FILE and row.get("value")]
    return set(get_document_model().objects.filter(pk__in=named).values_list("pk", flat=True))


def thawed(question, stored):
    if question.kind in (QuestionKind.SCALE, QuestionKind.NUMBER):
        return Decimal(str(stored))
    return stored


def set_value(answer, value):
    """Put a value of the question's kind into the answer's column for it."""
    kind = answer.question.kind
    answer.yes = value if kind == QuestionKind.YES_NO else None
    answer.number = value if kind in (QuestionKind.SCALE, QuestionKind.NUMBER) else None
    answer.text = (value or "") if kind == QuestionKind.TEXT else ""
    answer.document_id = value if kind == QuestionKind.FILE else None


def value_of(answer):
    kind = answer.question.kind
    if kind == QuestionKind.YES_NO:
        return answer.yes
    if kind in (QuestionKind.SCALE, QuestionKind.NUMBER):
        return answer.number
    if kind == QuestionKind.TEXT:
        return answer.text or None
    return answer.document_id


@transaction.atomic
def save_answers(report, values, version, user):
    """Store the answers the form gives ({question: Value}); raise Conflict or ReportError, saving nothing.

    An answer that changes is no longer "carried over"; a file it no longer names is deleted once the save
    commits, if nothing else names it (progress/evidence.py). Returns the report as saved.
    """
    current = locked(report)
    check_version(current, version, user)
    if current.state == ReportState.ACCEPTED:
        raise ReportError(
            _("This report is accepted: it cannot be changed. Start a new version of it to change answers.")
        )
    if not current.is_editable:
        raise ReportError(_("This report is waiting for its review: it cannot be changed now."))
    existing = {answer.question_id: answer for answer in current.answers.select_related("question")}
    replaced_files = set()
    for question, given in values.items():
        answer = existing.get(question.pk)
        if answer is None:
            if given.value is None:
                continue
            answer = Answer(report=current, question=question)
        answer.question = question
        if answer.pk is None or value_of(answer) != given.value:
            if question.kind == QuestionKind.FILE and answer.document_id:
                replaced_files.add(answer.document_id)
            set_value(answer, given.value)
            answer.carried_over = False
        answer.public = given.public and question.is_measure
        answer.save()
    current.version += 1
    current.updated_by = user
    current.save(update_fields=["version", "updated_by", "updated_at"])
    delete_when_unused(replaced_files, current.city)
    return current


def answers_by_question(report):
    return {answer.question_id: answer for answer in report.answers.select_related("question", "document")}


def missing_required(report, questions=None):
    """The required questions of the cycle's framework the report has not answered."""
    answers = answers_by_question(report)
    questions = questions if questions is not None else report.cycle.framework.questions()
    return [q for q in questions if q.required and not (q.pk in answers and answers[q.pk].is_given)]


def frozen_answers(report):
    """The report's questions and answers as data that no later change touches."""
    answers = answers_by_question(report)
    return [
        frozen_answer(frozen_question(question), answers.get(question.pk))
        for question in report.cycle.framework.questions()
    ]


def frozen_answer(question_row, answer):
    """A question as `frozen_question` keeps it, with its answer (None: not given), as submitted."""
    value = value_of(answer) if answer else None
    return {
        **question_row,
        "value": float(value) if isinstance(value, Decimal) else value,
        "public": bool(answer and answer.public),
        "carried_over": bool(answer and answer.carried_over),
    }


def frozen_question(question):
    """What a submission keeps of a question: its code, kind, unit and every label of it and its place."""
    focus_area, feature = question.focus_area, question.feature
    return {
        "code": question.code,
        "kind": question.kind,
        "unit": question.unit,
        "question": question.labels(),
        "feature": {"code": feature.code, **feature.labels()} if feature else None,
        "focus_area": {"code": focus_area.code, **focus_area.labels()},
        "area": {"code": focus_area.area.code, **focus_area.area.labels()},
    }


@transaction.atomic
def submit(report, version, user):
    current = locked(report)
    check_version(current, version, user)
    if not current.is_editable:
        raise ReportError(_("This report has already been submitted."))
    cycle = current.cycle
    if cycle.is_closed():
        raise ReportError(
            _(
                "The %(cycle)s cycle closed on %(date)s: reports can no longer be submitted. Your answers "
                "are saved; write to UIL staff if your city still needs to submit."
            )
            % {"cycle": cycle.title, "date": formats.date_format(cycle.closes_on)}
        )
    questions = list(cycle.framework.questions())
    if not questions:
        raise ReportError(_("This cycle's framework has no questions: there is nothing to submit yet."))
    missing = missing_required(current, questions)
    if missing:
        raise ReportError(
            ngettext(
                "Required question %(code)s has no answer yet.",
                "%(count)d required questions have no answer yet, the first: %(code)s.",
                len(missing),
            )
            % {"count": len(missing), "code": missing[0].code}
        )
    number = current.submissions.count() + 1
    Submission.objects.create(
        report=current, number=number, submitted_by=user, answers=frozen_answers(current)
    )
    current.state = ReportState.SUBMITTED
    current.version += 1
    current.updated_by = user
    current.save(update_fields=["state", "version", "updated_by", "updated_at"])
    log(current, SUBMIT, user=user, data={"submission": number})
    return current


@transaction.atomic
def return_for_corrections(report, version, comments, note, user):
    """Send a submitted report back with comments ({question id: text}) and a note; one of them at least.
    `version` is the one the reviewer read: a report resubmitted since is not returned unread."""
    current = locked(report)
    check_version(current, version, user)
    if current.state != ReportState.SUBMITTED:
        raise ReportError(_("Only a submitted report can be returned."))
    comments = {pk: text.strip() for pk, text in comments.items() if text.strip()}
    if not comments and not note.strip():
        raise ReportError(_("Say what to correct: write a note or a comment on a question."))
    current.answers.exclude(question_id__in=comments).update(comment="")
    answers = answers_by_question(current)
    for question_id, text in comments.items():
        answer = answers.get(question_id) or Answer(report=current, question_id=question_id)
        answer.comment = text
        answer.save()
    current.state = ReportState.RETURNED
    current.review_note = note.strip()
    current.version += 1
    current.updated_by = user
    current.save(update_fields=["state", "review_note", "version", "updated_by", "updated_at"])
    log(current, RETURN, user=user, data={"comments": len(comments)})
    return current


@transaction.atomic
def accept(report, version, user):
    """Accept the latest submission: it never changes again, and it is what the city's charts show.
    `version` is the one the reviewer read: a report resubmitted since is not accepted unread."""
    current = locked(report)
    check_version(current, version, user)
    if current.state != ReportState.SUBMITTED:
        raise ReportError(_("Only a submitted report can be accepted."))
    submission = current.submissions.order_by("-number").first()
    submission.accepted_at = timezone.now()
    submission.accepted_by = user
    submission.save(update_fields=["accepted_at", "accepted_by"])
    current.answers.update(comment="")
    current.state = ReportState.ACCEPTED
    current.has_accepted_version = True
    current.review_note = ""
    current.version += 1
    current.updated_by = user
    current.save(
        update_fields=["state", "has_accepted_version", "review_note", "version", "updated_by", "updated_at"]
    )
    log(current, ACCEPT, user=user, data={"submission": submission.number})
    return current


@transaction.atomic
def reopen(report, version, user):
    """Edit an accepted report again: its accepted submission stays as it is until another is accepted."""
    current = locked(report)
    check_version(current, version, user)
    if current.state != ReportState.ACCEPTED:
        raise ReportError(_("Only an accepted report is reopened; this one can be edited as it is."))
    current.state = ReportState.DRAFT
    current.version += 1
    current.updated_by = user
    current.save(update_fields=["state", "version", "updated_by", "updated_at"])
    log(current, REOPEN, user=user)
    return current


# What the dashboard and the cycle's list call a city's place in the cycle.
NOT_STARTED, LATE = "not_started", "late"
SENT = (ReportState.SUBMITTED, ReportState.ACCEPTED)
STANDINGS = {
    NOT_STARTED: gettext_lazy("Not started"),
    ReportState.DRAFT: gettext_lazy("Draft"),
    ReportState.SUBMITTED: gettext_lazy("Submitted"),
    ReportState.RETURNED: gettext_lazy("Returned"),
    ReportState.ACCEPTED: gettext_lazy("Accepted"),
    LATE: gettext_lazy("Late"),
}


def standing(cycle, state, has_accepted_version=False, day=None):
    """A city's standing in the cycle from its report's state (None: no report). A report with an accepted
    version stands as accepted while a new version is written, unless that is submitted or returned for
    corrections, which the city and staff must see; any other is late once the cycle is past due and the
    report was neither submitted nor accepted."""
    if state in SENT or (has_accepted_version and state == ReportState.RETURNED):
        return state
    if has_accepted_version:
        return ReportState.ACCEPTED
    if cycle.is_past_due(day):
        return LATE
    return state or NOT_STARTED


def in_standing(cycle, wanted, report="", day=None, by_accepted_version=True):
    """`standing`'s rule as a filter: rows whose report (reached through the path `report`, "" for reports
    themselves; None where the city has none) gives the standing `wanted`, so that the database filters
    and counts 5,000 cities. Without `by_accepted_version`, a report being revised stands by its own
    state, as its answers do (a reopened report's answers are a draft, not what was accepted)."""
    state = f"{report}state"
    accepted = Q(**{f"{report}has_accepted_version": True}) if by_accepted_version else Q(pk__in=[])
    if wanted == ReportState.SUBMITTED:
        return Q(**{state: wanted})
    if wanted == ReportState.ACCEPTED:
        shown_as_it_is = (ReportState.SUBMITTED, ReportState.RETURNED)
        return Q(**{state: wanted}) | (accepted & ~Q(**{f"{state}__in": shown_as_it_is}))
    unsent = (Q(**{f"{state}__isnull": True}) | ~Q(**{f"{state}__in": SENT})) & ~accepted
    if wanted == ReportState.RETURNED and cycle.is_past_due(day):
        return Q(**{state: wanted}) & accepted
    if cycle.is_past_due(day):
        return unsent if wanted == LATE else Q(pk__in=[])
    if wanted == LATE:
        return Q(pk__in=[])
    if wanted == NOT_STARTED:
        return Q(**{f"{state}__isnull": True})
    if wanted == ReportState.RETURNED:
        return Q(**{state: wanted})
    return Q(**{state: wanted}) & ~accepted
