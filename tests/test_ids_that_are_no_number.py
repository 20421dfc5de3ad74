"""A request that names a record by an id that is no number gets the view's usual answer for an unknown
record (a message, a refusal, a form left empty), never an error page.

"²" is a digit to `str.isdigit()` but not to `int()`; `int()` reads no more than 4,300 digits; a 20-digit
number is larger than any database id.
"""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from progress.models import Report
from tests.progress_data import make_cycle, make_framework

pytestmark = pytest.mark.django_db

NO_ID = pytest.mark.parametrize(
    "value",
    ["abc", "²", "1" * 5000, "99999999999999999999"],
    ids=["letters", "superscript", "5000 digits", "20 digits"],
)


@NO_ID
def test_starting_a_report_for_a_cycle_that_is_no_number_is_an_error_message(
    client, focal_point_a, medellin, value
):
    make_cycle(make_framework())
    client.force_login(focal_point_a)
    client.raise_request_exception = False
    response = client.post(reverse("progress_city:index"), {"city": medellin.pk, "cycle": value})
    assert response.status_code == 302
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "Choose one of your cities and an open cycle."
    ]
    assert not Report.objects.exists()


@NO_ID
def test_logging_an_engagement_with_a_participant_that_is_no_number_starts_an_empty_form(staff_client, value):
    staff_client.raise_request_exception = False
    url = reverse("wagtailsnippets_contacts_engagement:add")
    response = staff_client.get(url, {"participant": value})
    assert response.status_code == 200
    assert not response.context["form"].initial.get("participants")


@NO_ID
def test_logging_an_engagement_for_a_city_that_is_no_number_starts_an_empty_form(staff_client, value):
    staff_client.raise_request_exception = False
    response = staff_client.get(reverse("wagtailsnippets_contacts_engagement:add"), {"city": value})
    assert response.status_code == 200


@NO_ID
def test_a_focal_point_choosing_a_page_that_is_no_number_is_refused(
    client, focal_point_a, medellin, value, assert_refused
):
    client.force_login(focal_point_a)
    client.raise_request_exception = False
    url = reverse("wagtailadmin_choose_page_chosen_multiple")
    assert_refused(client.get(url, {"id": [medellin.pk, value]}))


def test_logging_an_engagement_with_a_participant_by_id_fills_in_the_person(staff_client, contact_factory):
    person = contact_factory("Ana", "Restrepo")
    url = reverse("wagtailsnippets_contacts_engagement:add")
    response = staff_client.get(url, {"participant": str(person.pk)})
    assert list(response.context["form"].initial["participants"]) == [person]
