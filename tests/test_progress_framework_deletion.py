"""Staff cannot delete a part of the reporting framework that cities' reports use, and are told why.

A question with answers in a city's report, the feature, focus area, area and framework above it, a
framework a reporting cycle uses and a cycle cities have started reports for: the admin's delete page says
it cannot be deleted and offers no delete button, and a delete request (one object, or several from the
listing's bulk action) keeps everything and sends the user back with the reason, instead of a server error.
What nothing uses can still be deleted as before.
"""

import pytest
from django.urls import reverse

from progress import reports
from progress.models import Area, Cycle, Feature, FocusArea, Framework, Question
from tests.progress_data import answered, make_cycle, make_framework, question

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_admin")]

ANSWERED_QUESTION = "This question has answers in cities' reports: it cannot be deleted."
ANSWERED_FEATURE = "Questions of this feature have answers in cities' reports: it cannot be deleted."
ANSWERED_FOCUS_AREA = "Questions of this focus area have answers in cities' reports: it cannot be deleted."
ANSWERED_AREA = "Questions of this area have answers in cities' reports: it cannot be deleted."
ANSWERED_FRAMEWORK = "Questions of this framework have answers in cities' reports: it cannot be deleted."
FRAMEWORK_OF_A_CYCLE = "A reporting cycle uses this framework: it cannot be deleted."
STARTED_CYCLE = "Cities have started their reports for this cycle: it cannot be deleted."


@pytest.fixture
def answered_framework(medellin, focal_point_a):
    """A framework whose question 1.1-a Medellín answered in its report for a cycle; 1.1-a belongs to a
    feature of its focus area. Question 3.3-d is answered by nobody."""
    framework = make_framework()
    answered_question = question(framework, "1.1-a")
    answered_question.feature = Feature.objects.create(
        focus_area=answered_question.focus_area, code="1.1.1", label_es="Rasgo 1.1.1"
    )
    answered_question.save()
    cycle = make_cycle(framework)
    report = reports.start_report(medellin, cycle, focal_point_a)
    answered(report, focal_point_a, {"1.1-a": 4})
    return framework


def in_use(framework, kind):
    """The object of a kind that the answered framework's report uses (directly or below it)."""
    answered_question = question(framework, "1.1-a")
    return {
        "question": answered_question,
        "feature": answered_question.feature,
        "focus area": answered_question.focus_area,
        "area": answered_question.focus_area.area,
        "framework": framework,
        "cycle": framework.cycles.get(),
    }[kind]


REFUSALS = {
    "question": ANSWERED_QUESTION,
    "feature": ANSWERED_FEATURE,
    "focus area": ANSWERED_FOCUS_AREA,
    "area": ANSWERED_AREA,
    "framework": ANSWERED_FRAMEWORK,
    "cycle": STARTED_CYCLE,
}


def delete_url(obj):
    return reverse(f"wagtailsnippets_progress_{obj._meta.model_name}:delete", args=[obj.pk])


def messages_of(page):
    return " ".join(page.select_one(".messages").get_text(" ", strip=True).split())


def still_exists(obj):
    return type(obj).objects.filter(pk=obj.pk).exists()


@pytest.mark.parametrize("kind", list(REFUSALS))
def test_deleting_a_part_of_the_framework_in_use_keeps_it_and_says_why(
    staff_client, soup, answered_framework, kind
):
    obj = in_use(answered_framework, kind)
    response = staff_client.post(delete_url(obj))
    assert response.status_code == 302
    assert still_exists(obj)
    assert still_exists(question(answered_framework, "1.1-a"))
    page = staff_client.get(response["Location"])
    assert page.status_code == 200
    assert REFUSALS[kind] in messages_of(soup(page))


@pytest.mark.parametrize("kind", list(REFUSALS))
def test_the_delete_page_of_a_part_in_use_says_why_and_has_no_delete_button(
    staff_client, soup, answered_framework, kind
):
    obj = in_use(answered_framework, kind)
    response = staff_client.get(delete_url(obj))
    assert response.status_code == 200
    page = soup(response)
    assert REFUSALS[kind] in messages_of(page)
    assert not page.select("form[method=POST] button[type=submit]")
    assert "Yes, delete" not in page.get_text()
    assert still_exists(obj)


def test_the_answered_question_s_refusal_suggests_a_new_framework_version(
    staff_client, soup, answered_framework
):
    response = staff_client.post(delete_url(question(answered_framework, "1.1-a")), follow=True)
    assert "Make a new framework version instead." in messages_of(soup(response))


def test_a_framework_a_cycle_uses_is_kept_before_any_city_reports(staff_client, soup):
    framework = make_framework()
    make_cycle(framework)
    response = staff_client.post(delete_url(framework), follow=True)
    assert response.status_code == 200
    assert Framework.objects.filter(pk=framework.pk).exists()
    assert FRAMEWORK_OF_A_CYCLE in messages_of(soup(response))


def test_a_refused_delete_sends_the_user_back_to_the_edit_page(staff_client, answered_framework):
    answered_question = question(answered_framework, "1.1-a")
    response = staff_client.post(delete_url(answered_question))
    assert response["Location"] == reverse(
        "wagtailsnippets_progress_question:edit", args=[answered_question.pk]
    )


def test_a_delete_with_a_next_address_that_is_no_url_is_refused(staff_client, answered_framework):
    """Django's redirect() would take it for a URL pattern's name, and fail to find one: refused before
    the view (network/next_addresses.py)."""
    answered_question = question(answered_framework, "1.1-a")
    response = staff_client.post(delete_url(answered_question) + "?next=preguntas")
    assert response.status_code == 400
    assert still_exists(answered_question)


def test_an_unused_question_can_still_be_deleted(staff_client, soup, answered_framework):
    unused = question(answered_framework, "3.3-d")
    page = soup(staff_client.get(delete_url(unused)))
    assert "Yes, delete" in page.get_text()
    response = staff_client.post(delete_url(unused), follow=True)
    assert response.status_code == 200
    assert not Question.objects.filter(pk=unused.pk).exists()
    assert "deleted" in messages_of(soup(response))


def test_a_cycle_without_reports_can_still_be_deleted(staff_client, answered_framework):
    unused = make_cycle(answered_framework, name="2028–2029", opens_in_days=700, due_in_days=900)
    response = staff_client.post(delete_url(unused))
    assert response.status_code == 302
    assert not Cycle.objects.filter(pk=unused.pk).exists()
    assert answered_framework.cycles.count() == 1


# --- The listing's bulk action ------------------------------------------------------------------------------


def bulk_delete_url(model, objects):
    ids = "&".join(f"id={obj.pk}" for obj in objects)
    listing = reverse(f"wagtailsnippets_progress_{model._meta.model_name}:list")
    url = reverse("wagtail_bulk_action", args=[model._meta.app_label, model._meta.model_name, "delete"])
    return f"{url}?{ids}&next={listing}"


@pytest.mark.parametrize(
    "model, kind",
    [
        (Question, "question"),
        (FocusArea, "focus area"),
        (Area, "area"),
        (Framework, "framework"),
        (Cycle, "cycle"),
    ],
)
def test_a_bulk_delete_with_a_part_in_use_deletes_nothing_and_says_why(
    staff_client, soup, answered_framework, model, kind
):
    used = in_use(answered_framework, kind)
    unused = {
        Question: lambda: question(answered_framework, "3.3-d"),
        FocusArea: lambda: FocusArea.objects.get(area__framework=answered_framework, code="3.3"),
        Area: lambda: Area.objects.get(framework=answered_framework, code="3"),
        Framework: lambda: make_framework(version="2030"),
        Cycle: lambda: make_cycle(answered_framework, name="2028–2029", opens_in_days=700, due_in_days=900),
    }[model]()
    url = bulk_delete_url(model, [used, unused])
    confirmation = staff_client.get(url)
    assert confirmation.status_code == 200
    assert REFUSALS[kind] in messages_of(soup(confirmation))
    assert "Yes, delete" not in soup(confirmation).get_text()
    response = staff_client.post(url)
    assert response.status_code == 302
    assert response["Location"] == reverse(f"wagtailsnippets_progress_{model._meta.model_name}:list")
    assert still_exists(used) and still_exists(unused)
    assert REFUSALS[kind] in messages_of(soup(staff_client.get(response["Location"])))


def test_a_bulk_delete_with_a_next_address_that_is_no_url_is_refused(staff_client, answered_framework):
    used = in_use(answered_framework, "question")
    url = bulk_delete_url(Question, [used]).replace("next=", "next=preguntas&ignored=")
    response = staff_client.post(url)
    assert response.status_code == 400
    assert still_exists(used)


def test_a_bulk_delete_of_unused_questions_still_deletes_them(staff_client, answered_framework):
    unused = [question(answered_framework, "3.3-c"), question(answered_framework, "3.3-d")]
    response = staff_client.post(bulk_delete_url(Question, unused))
    assert response.status_code == 302
    assert not Question.objects.filter(pk__in=[q.pk for q in unused]).exists()
    assert still_exists(question(answered_framework, "1.1-a"))


@pytest.mark.parametrize("how", ["delete view", "bulk action"])
def test_a_protected_reference_the_checks_miss_is_refused_without_a_server_error(
    staff_client, soup, answered_framework, monkeypatch, how
):
    """Should a new protected reference come in (or answers arrive between the check and the deletion),
    the deletion itself is refused, with a message, rather than failing."""
    monkeypatch.setattr("progress.admin_deletion.why_kept", lambda obj: None)
    answered_question = question(answered_framework, "1.1-a")
    url = (
        delete_url(answered_question)
        if how == "delete view"
        else bulk_delete_url(Question, [answered_question])
    )
    response = staff_client.post(url, follow=True)
    assert response.status_code == 200
    assert still_exists(answered_question)
    assert "Other records use this question: it cannot be deleted." in messages_of(soup(response))
