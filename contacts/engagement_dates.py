"""The dates an engagement may have: one rule for the form (Engagement.clean()) and the import.

An engagement may be logged ahead of its date (a workshop being planned: contacts.dashboard and the
reports count it once held), and its follow-up falls on or after it. No date is before 1900 or more
than ten years from today: such a date is a typing slip (0001-01-01, 2206 for 2026), and it would sort
the log, the dashboard's follow-ups and the reminders wrongly.
"""

from datetime import date

from django.core.exceptions import ValidationError
from django.utils import formats, timezone
from django.utils.translation import gettext as _

EARLIEST = date(1900, 1, 1)
YEARS_AHEAD = 10  # The messages say "10 years".


def latest(today=None):
    """The last date an engagement or its follow-up may have: ten years from today (28 February for a
    29 February)."""
    today = today or timezone.localdate()
    try:
        return today.replace(year=today.year + YEARS_AHEAD)
    except ValueError:
        return today.replace(year=today.year + YEARS_AHEAD, day=28)


def date_problems(engagement_date, follow_up_date, today=None):
    """{field name: message} for the dates that break the rule; empty when both are right (or missing).
    Each message names its date: the import lists them under the row, not under a field."""
    last = latest(today)
    shown = {"latest": formats.date_format(last, "SHORT_DATE_FORMAT")}
    messages = {
        "date": (
            _("The date cannot be before 1900."),
            _("The date cannot be more than 10 years from today (%(latest)s at the latest).") % shown,
        ),
        "follow_up_date": (
            _("The follow-up date cannot be before 1900."),
            _("The follow-up date cannot be more than 10 years from today (%(latest)s at the latest).")
            % shown,
        ),
    }
    problems = {}
    for name, value in (("date", engagement_date), ("follow_up_date", follow_up_date)):
        if value is not None and (value < EARLIEST or value > last):
            problems[name] = messages[name][0 if value < EARLIEST else 1]
    if engagement_date and follow_up_date and follow_up_date < engagement_date and not problems:
        problems["follow_up_date"] = _(
            "The follow-up date cannot be before the engagement’s date (%(date)s)."
        ) % {"date": formats.date_format(engagement_date, "SHORT_DATE_FORMAT")}
    return problems


def check_dates(engagement_date, follow_up_date):
    """Raise the ValidationError a model's clean() raises, each message on its field."""
    problems = date_problems(engagement_date, follow_up_date)
    if problems:
        raise ValidationError(problems)
