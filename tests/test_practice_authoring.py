"""Writing good practices in the admin: the focal point of a city adds one under their city's page and
submits it for review; it goes live only when UIL staff approve it, never because the focal point pressed
publish (not even where focal points publish their city's page directly); the focal point of another city
can neither add under it nor edit its practices; the editor refuses a start year in the future; a
practice knows whether it reports measured results and which (original) city it belongs to."""

import pytest
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Locale, WorkflowState

from cities.focal_points import REVIEW_WORKFLOW_NAME, publishes_directly
from practices.models import PracticePage
from tests.practice_data import figure, make_practice, practice_form_data

pytestmark = pytest.mark.django_db

SUBMIT = {"action-submit": "action-submit"}
PUBLISH = {"action-publish": "action-publish"}
FIGURE = {"value": "1200", "unit": "personas", "label": "personas inscritas", "year": "2023"}


def add_url(city):
    return reverse("wagtailadmin_pages:add", args=("practices", "practicepage", city.pk))


def edit_url(page):
    return reverse("wagtailadmin_pages:edit", args=(page.pk,))


def practice_named(slug):
    return PracticePage.objects.filter(slug=slug, locale__language_code="es").first()


def in_review(page):
    return WorkflowState.objects.for_instance(page).filter(status="in_progress").first()


@pytest.fixture
def post_as(client, django_capture_on_commit_callbacks):
    """Post a form of the admin as this user (the on-commit work, such as the review mails, done)."""

    def post(user, url, data):
        client.force_login(user)
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(url, data)

    return post


@pytest.fixture
def submit_new(post_as, focal_point_a, medellin):
    """The focal point of Medellín adds a practice under Medellín and submits it; return the page."""

    def submit(slug="bibliotecas-de-noche", **changes):
        data = practice_form_data("Bibliotecas de noche", slug, **{**SUBMIT, **changes})
        response = post_as(focal_point_a, add_url(medellin), data)
        assert response.status_code == 302, f"the form was refused: HTTP {response.status_code}"
        assert response["Location"] != reverse("wagtailadmin_home"), "the focal point was refused"
        page = practice_named(slug)
        assert page is not None, "no practice was saved"
        return page

    return submit


def public_list(client):
    """The HTML of the public list of practices, as a visitor sees it."""
    client.logout()
    return client.get("/practices/").content.decode()


# --- Submitting for review ----------------------------------------------------------------------------------


def test_the_focal_point_opens_the_add_view_under_their_city(client, focal_point_a, medellin):
    client.force_login(focal_point_a)
    response = client.get(add_url(medellin))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="action-submit"' in html
    assert 'name="action-publish"' not in html


def test_a_submitted_practice_is_not_live_until_staff_approve_it(
    client, submit_new, post_as, staff_user, medellin
):
    practice = submit_new()
    assert practice.get_parent().pk == medellin.pk
    assert not practice.live
    state = in_review(practice)
    assert state is not None, "the practice was not submitted for review"
    assert state.workflow.name == REVIEW_WORKFLOW_NAME
    assert "Bibliotecas de noche" not in public_list(client)
    assert client.get("/cities/medellin/bibliotecas-de-noche/").status_code == 404

    url = reverse(
        "wagtailadmin_pages:workflow_action", args=(practice.pk, "approve", state.current_task_state.pk)
    )
    assert post_as(staff_user, url, {}).status_code == 302

    practice = PracticePage.objects.get(pk=practice.pk)
    assert practice.live and not practice.has_unpublished_changes
    assert "Bibliotecas de noche" in public_list(client)
    assert "Bibliotecas de noche" in client.get("/cities/medellin/").content.decode()
    assert client.get("/cities/medellin/bibliotecas-de-noche/").status_code == 200


def test_the_focal_point_cannot_approve_their_own_practice(submit_new, post_as, focal_point_a):
    practice = submit_new()
    state = in_review(practice)
    url = reverse(
        "wagtailadmin_pages:workflow_action", args=(practice.pk, "approve", state.current_task_state.pk)
    )
    post_as(focal_point_a, url, {})
    assert not PracticePage.objects.get(pk=practice.pk).live
    assert in_review(practice) is not None


# --- Publishing is for UIL staff ----------------------------------------------------------------------------


def test_the_focal_point_cannot_publish_a_new_practice(post_as, focal_point_a, medellin):
    post_as(focal_point_a, add_url(medellin), practice_form_data("Huertas", "huertas", **PUBLISH))
    practice = practice_named("huertas")
    assert practice is None or not practice.live


def test_the_focal_point_cannot_publish_a_change_to_a_practice(post_as, focal_point_a, medellin):
    practice = make_practice(medellin, "Huertas que enseñan")
    data = practice_form_data("Huertas cambiadas", practice.slug, **PUBLISH)
    post_as(focal_point_a, edit_url(practice), data)
    assert PracticePage.objects.get(pk=practice.pk).title == "Huertas que enseñan"


def test_staff_publish_a_new_practice_directly(post_as, staff_user, medellin):
    post_as(staff_user, add_url(medellin), practice_form_data("Huertas", "huertas", **PUBLISH))
    assert practice_named("huertas").live


@pytest.mark.usefixtures("direct_mode")
def test_where_focal_points_publish_their_city_a_practice_still_goes_to_review(medellin, focal_point_a):
    assert publishes_directly()
    assert medellin.get_workflow() is None, "the city page itself is published directly"
    practice = make_practice(medellin, "Huertas que enseñan", publish=False)
    assert practice.get_workflow().name == REVIEW_WORKFLOW_NAME
    assert not practice.permissions_for_user(focal_point_a).can_publish()


@pytest.mark.usefixtures("direct_mode")
def test_where_focal_points_publish_their_city_they_cannot_edit_a_practice_live(
    post_as, focal_point_a, medellin
):
    practice = make_practice(medellin, "Huertas que enseñan")
    post_as(
        focal_point_a, edit_url(practice), practice_form_data("Huertas cambiadas", practice.slug, **PUBLISH)
    )
    assert PracticePage.objects.get(pk=practice.pk).title == "Huertas que enseñan"


@pytest.mark.usefixtures("direct_mode")
def test_where_focal_points_publish_their_city_they_cannot_publish_a_new_practice(
    post_as, focal_point_a, medellin
):
    post_as(focal_point_a, add_url(medellin), practice_form_data("Huertas", "huertas", **PUBLISH))
    practice = practice_named("huertas")
    assert practice is None or not practice.live


@pytest.mark.usefixtures("direct_mode")
def test_where_focal_points_publish_their_city_a_new_practice_is_saved_then_submitted_for_review(
    post_as, focal_point_a, medellin
):
    # Wagtail's add view offers submission only under a page with a workflow, which direct mode takes off
    # the directory: the first save keeps a draft, and the practice's editor submits it.
    post_as(focal_point_a, add_url(medellin), practice_form_data("Huertas", "huertas", **SUBMIT))
    practice = practice_named("huertas")
    assert practice is not None and not practice.live
    response = post_as(focal_point_a, edit_url(practice), practice_form_data("Huertas", "huertas", **SUBMIT))
    assert response.status_code == 302
    assert in_review(practice) is not None, "the practice was saved but not submitted for review"
    assert not practice_named("huertas").live


# --- Another city's focal point -----------------------------------------------------------------------------


def test_another_citys_focal_point_cannot_open_the_add_view(client, focal_point_b, medellin, assert_refused):
    client.force_login(focal_point_b)
    assert_refused(client.get(add_url(medellin)))


def test_another_citys_focal_point_cannot_add_a_practice(post_as, focal_point_b, medellin, assert_refused):
    assert_refused(
        post_as(focal_point_b, add_url(medellin), practice_form_data("Intrusa", "intrusa", **SUBMIT))
    )
    assert practice_named("intrusa") is None


def test_another_citys_focal_point_cannot_edit_a_practice(
    client, post_as, focal_point_b, medellin, assert_refused
):
    practice = make_practice(medellin, "Huertas que enseñan")
    client.force_login(focal_point_b)
    assert_refused(client.get(edit_url(practice)))
    data = practice_form_data("Huertas ajenas", practice.slug, **SUBMIT)
    assert_refused(post_as(focal_point_b, edit_url(practice), data))
    practice = PracticePage.objects.get(pk=practice.pk)
    assert practice.get_latest_revision_as_object().title == "Huertas que enseñan"
    assert in_review(practice) is None


# --- What the editor checks and works out -------------------------------------------------------------------


def test_the_editor_refuses_a_start_year_in_the_future(post_as, focal_point_a, medellin, soup):
    next_year = timezone.now().year + 1
    data = practice_form_data("Del futuro", "del-futuro", start_year=str(next_year), **SUBMIT)
    response = post_as(focal_point_a, add_url(medellin), data)
    assert response.status_code == 200, "the form was accepted"
    errors = " ".join(
        element.get_text(" ", strip=True)
        for element in soup(response).select(".error-message, .w-field__errors")
    )
    assert str(next_year) in errors
    assert practice_named("del-futuro") is None
    assert not PracticePage.objects.filter(title="Del futuro").exists()


def test_this_year_is_a_valid_start_year(submit_new):
    practice = submit_new(start_year=str(timezone.now().year))
    assert practice.get_latest_revision_as_object().start_year == timezone.now().year


def test_a_practice_reports_measured_results_only_with_a_figure(submit_new):
    without = submit_new(slug="sin-cifras")
    assert not without.has_measured_results
    measured = submit_new(slug="con-cifras", figures=[FIGURE])
    assert measured.has_measured_results
    figures = measured.get_latest_revision_as_object().figures
    assert [(str(block.value["value"]), block.value["unit"]) for block in figures] == [("1200", "personas")]


def test_removing_the_last_figure_clears_measured_results(medellin):
    practice = make_practice(medellin, "Con cifras", figures=[figure(5, "cursos", "cursos abiertos")])
    assert practice.has_measured_results
    practice.figures = []
    practice.save_revision().publish()
    assert not PracticePage.objects.get(pk=practice.pk).has_measured_results


def test_a_practice_belongs_to_the_original_city_even_in_english(medellin):
    practice = make_practice(medellin, "Huertas que enseñan")
    assert practice.city == medellin
    english = PracticePage.objects.get(
        translation_key=practice.translation_key, locale=Locale.objects.get(language_code="en")
    )
    assert english.get_parent().pk != medellin.pk, "the English copy sits under the English city page"
    assert english.city_id == medellin.pk
    practice.save_revision().publish()
    assert PracticePage.objects.get(pk=english.pk).city_id == medellin.pk
