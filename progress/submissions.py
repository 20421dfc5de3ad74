"""The version of a report that staff review: a frozen submission, not the answers being edited.

A submitted report is reviewed as it was submitted; a returned one shows what was returned, while the city
corrects it; an accepted one, and one reopened after its acceptance, show what was accepted. Only a report
never submitted shows its draft. A submitted version shows the questions it was sent with, whatever was
added to its framework version since.
"""

from wagtail.documents import get_document_model

from .models import Answer, QuestionKind, ReportState
from .reports import set_value, thawed


def submission_under_review(report, submissions):
    """The submission the review shows, of `submissions` (the report's, newest first), or None."""
    if report.state in (ReportState.SUBMITTED, ReportState.RETURNED):
        return submissions[0] if submissions else None
    return next((submission for submission in submissions if submission.accepted_at), None)


def has_newer_draft(report, submission):
    """Whether the city is writing a version after `submission`, which the review does not show."""
    return submission is not None and report.state in (ReportState.DRAFT, ReportState.RETURNED)


def submitted_questions(submission, questions):
    """Of `questions` (the framework version's), those `submission` was sent with, found by code and kind: a
    question added to the version since is no part of a report already sent."""
    frozen = {(row["code"], row["kind"]) for row in submission.answers}
    return [question for question in questions if (question.code, question.kind) in frozen]


def submitted_answers(submission, questions, answers):
    """{question id: Answer} as `submission` froze them (unsaved, read-only), found by the questions' codes;
    each keeps the staff's comment of `answers` (the report's answers by question id)."""
    frozen = {row["code"]: row for row in submission.answers}
    files = [
        row["value"] for row in submission.answers if row["kind"] == QuestionKind.FILE and row.get("value")
    ]
    documents = get_document_model().objects.in_bulk(files)
    shown = {}
    for question in questions:
        row = frozen.get(question.code)
        if row is None or row["kind"] != question.kind:
            continue
        live = answers.get(question.pk)
        answer = Answer(
            question=question,
            carried_over=row.get("carried_over", False),
            public=row.get("public", False),
            comment=live.comment if live else "",
        )
        value = row.get("value")
        set_value(answer, None if value is None else thawed(question, value))
        if question.kind == QuestionKind.FILE:
            answer.document = documents.get(value)
        shown[question.pk] = answer
    return shown
