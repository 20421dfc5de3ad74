"""An engagement's dates make sense: its follow-up is not due before the engagement took place, and no
date is before 1900 or more than ten years ahead (a typing slip such as 0001-01-01 or 2206-05-20). The
engagement form says so on the field, and the import refuses the row with the same reason, writing
nothing (contacts/engagement_dates.py, used by Engagement.clean())."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from contacts.models import Engagement
from tests import factories
from tests.form_data import engagement_form_data
from tests.test_engagement_import import confirm, csv_upload, page_text, preview_rows, snapshot, upload

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_admin")]

ADD = reverse("wagtailsnippets_contacts_engagement:add")
TITLE = "Plan municipal de aprendizaje"
BEFORE_ENGAGEMENT = "The follow-up date cannot be before the engagement’s date"
BEFORE_1900 = {
    "date": "The date cannot be before 1900.",
    "follow_up_date": "The follow-up date cannot be before 1900.",
}
TOO_FAR = {
    "date": "The date cannot be more than 10 years from today",
    "follow_up_date": "The follow-up date cannot be more than 10 years from today",
}
HEADER = ["ID", "Date", "Kind", "Title", "Cities", "Follow-up date"]


def days_from_now(days):
    return timezone.localdate() + timedelta(days=days)


def years_from_now(years):
    return days_from_now(round(365.25 * years))


def field_errors(soup, response, name):
    """The error messages the form shows on one field."""
    assert response.status_code == 200, "the form was accepted"
    field = soup(response).select_one(f"[data-contentpath='{name}']")
    return " ".join(" ".join(error.get_text().split()) for error in field.select(".error-message"))


def post(client, medellin, **fields):
    return client.post(ADD, engagement_form_data(cities=[medellin], title=TITLE, **fields))


# --- The form -----------------------------------------------------------------------------------------------


def test_a_follow_up_due_before_the_engagement_is_refused_on_its_field(staff_client, soup, medellin):
    response = post(
        staff_client,
        medellin,
        date=days_from_now(-3).isoformat(),
        follow_up_date=days_from_now(-5).isoformat(),
    )
    assert BEFORE_ENGAGEMENT in field_errors(soup, response, "follow_up_date")
    assert not field_errors(soup, response, "date")
    assert not Engagement.objects.filter(title=TITLE).exists()


def test_a_follow_up_on_the_day_of_the_engagement_is_accepted(staff_client, medellin):
    day = days_from_now(-3).isoformat()
    assert post(staff_client, medellin, date=day, follow_up_date=day).status_code == 302
    assert Engagement.objects.get(title=TITLE).follow_up_date.isoformat() == day


@pytest.mark.parametrize("field", ["date", "follow_up_date"])
def test_a_date_before_1900_is_refused(staff_client, soup, medellin, field):
    fields = {"date": days_from_now(-3).isoformat(), field: "0001-01-01"}
    response = post(staff_client, medellin, **fields)
    assert BEFORE_1900[field] in field_errors(soup, response, field)
    assert not Engagement.objects.filter(title=TITLE).exists()


@pytest.mark.parametrize("field", ["date", "follow_up_date"])
def test_a_date_more_than_ten_years_ahead_is_refused(staff_client, soup, medellin, field):
    response = post(staff_client, medellin, **{field: years_from_now(10.5).isoformat()})
    assert TOO_FAR[field] in field_errors(soup, response, field)
    assert not Engagement.objects.filter(title=TITLE).exists()


def test_an_engagement_planned_ahead_with_its_follow_up_is_accepted(staff_client, medellin):
    planned = post(
        staff_client,
        medellin,
        date=years_from_now(2).isoformat(),
        follow_up_date=years_from_now(2.1).isoformat(),
    )
    assert planned.status_code == 302
    assert Engagement.objects.get(title=TITLE).date == years_from_now(2)


def test_editing_an_engagement_to_a_follow_up_before_it_is_refused(staff_client, soup, medellin):
    engagement = factories.EngagementFactory(title=TITLE, cities=[medellin], date=days_from_now(-10))
    edit = reverse("wagtailsnippets_contacts_engagement:edit", args=[engagement.pk])
    data = engagement_form_data(
        cities=[medellin], title=TITLE, date=engagement.date.isoformat(), follow_up_date=days_from_now(-20)
    )
    response = staff_client.post(edit, data)
    assert BEFORE_ENGAGEMENT in field_errors(soup, response, "follow_up_date")
    engagement.refresh_from_db()
    assert engagement.follow_up_date is None


def test_an_engagement_stored_before_the_rule_keeps_its_dates_when_other_fields_are_edited(
    staff_client, medellin
):
    """Dates that break the rule, stored before it (or by an import row that left them as they were), are
    no reason to refuse a new title: the import lets such a row through, and the form does the same."""
    engagement = factories.EngagementFactory(title=TITLE, cities=[medellin], date=days_from_now(-10))
    Engagement.objects.filter(pk=engagement.pk).update(follow_up_date=days_from_now(-15))
    edit = reverse("wagtailsnippets_contacts_engagement:edit", args=[engagement.pk])
    data = engagement_form_data(
        cities=[medellin],
        title="Visita técnica",
        date=days_from_now(-10).isoformat(),
        follow_up_date=days_from_now(-15).isoformat(),
    )
    response = staff_client.post(edit, data)
    assert response.status_code == 302, "the form refused dates nobody changed"
    engagement.refresh_from_db()
    assert (engagement.title, engagement.follow_up_date) == ("Visita técnica", days_from_now(-15))


def test_an_english_date_typed_day_first_is_read_day_first(staff_client, medellin):
    """English dates are written day first (network/formats/en/formats.py), and read the same way."""
    response = post(staff_client, medellin, date="06/01/2026")
    assert response.status_code == 302
    assert Engagement.objects.get(title=TITLE).date == date(2026, 1, 6)


# --- The import ---------------------------------------------------------------------------------------------


def refused_rows(client, soup, rows):
    """Upload the rows; what the preview reports for each line, after checking the confirm writes nothing."""
    before = snapshot()
    token = upload(client, "engagements", csv_upload([HEADER, *rows]))
    previewed, _page = preview_rows(client, token, soup)
    response = confirm(client, token)
    assert "Nothing was imported" in page_text(response)
    assert snapshot() == before
    return {line: " ".join(row["errors"]) for line, row in previewed.items()}


def test_an_imported_follow_up_due_before_the_engagement_refuses_the_row_and_the_file(
    staff_client, soup, medellin
):
    errors = refused_rows(
        staff_client,
        soup,
        [
            ["", "2025-05-20", "meeting", "Una reunión correcta", "Medellín", "2025-06-01"],
            ["", "2025-05-20", "meeting", TITLE, "Medellín", "2025-05-19"],
        ],
    )
    assert not errors[2]
    assert BEFORE_ENGAGEMENT in errors[3]
    assert not Engagement.objects.filter(title="Una reunión correcta").exists()


def test_an_imported_date_is_checked_against_the_follow_up_the_engagement_keeps(staff_client, soup, medellin):
    """A row that names an engagement by its number and moves its date past its follow-up, whose cell is
    empty: the follow-up it keeps would be due before it."""
    engagement = factories.EngagementFactory(
        title=TITLE, cities=[medellin], date=date(2025, 5, 20), follow_up_date=date(2025, 6, 1)
    )
    errors = refused_rows(
        staff_client, soup, [[str(engagement.pk), "2025-06-10", "meeting", TITLE, "Medellín", ""]]
    )
    assert BEFORE_ENGAGEMENT in errors[2]
    engagement.refresh_from_db()
    assert engagement.date == date(2025, 5, 20)


def test_an_imported_row_that_moves_both_dates_consistently_is_accepted(staff_client, medellin):
    engagement = factories.EngagementFactory(
        title=TITLE, cities=[medellin], date=date(2025, 5, 20), follow_up_date=date(2025, 6, 1)
    )
    row = [str(engagement.pk), "2025-06-10", "meeting", TITLE, "Medellín", "2025-06-20"]
    token = upload(staff_client, "engagements", csv_upload([HEADER, row]))
    assert "Imported" in page_text(confirm(staff_client, token))
    engagement.refresh_from_db()
    assert (engagement.date, engagement.follow_up_date) == (date(2025, 6, 10), date(2025, 6, 20))


@pytest.mark.parametrize(("column", "field"), [(1, "date"), (5, "follow_up_date")])
def test_an_imported_date_more_than_ten_years_ahead_refuses_the_row(
    staff_client, soup, medellin, column, field
):
    row = ["", "2025-05-20", "meeting", TITLE, "Medellín", ""]
    row[column] = years_from_now(10.5).isoformat()
    errors = refused_rows(staff_client, soup, [row])
    assert TOO_FAR[field] in errors[2]


@pytest.mark.parametrize(("column", "field"), [(1, "date"), (5, "follow_up_date")])
@pytest.mark.parametrize("written", ["1899-12-31", "1850-01-01", "31/12/1899"])
def test_an_imported_date_before_1900_is_refused_as_too_early_not_as_no_date(
    staff_client, soup, medellin, column, field, written
):
    row = ["", "2025-05-20", "meeting", TITLE, "Medellín", ""]
    row[column] = written
    errors = refused_rows(staff_client, soup, [row])
    assert BEFORE_1900[field] in errors[2]
    assert "is not a date" not in errors[2]
