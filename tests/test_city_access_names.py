"""A city's focal-point group and media collection are named after its published name: a draft or a
submission under review renames nothing; approving it does."""

import pytest
from django.test import Client
from django.urls import reverse
from wagtail.models import WorkflowState

from cities.models import CityAccess

pytestmark = pytest.mark.django_db

DRAFT_TITLE = "Medellin BORRADOR"


def names(city):
    access = CityAccess.objects.select_related("group", "collection").get(page=city)
    return access.group.name, access.collection.name


def signed_in(user):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    return client


def edit(client, city, data):
    response = client.post(reverse("wagtailadmin_pages:edit", args=[city.pk]), data)
    assert response.status_code == 302
    assert response["Location"] != reverse("wagtailadmin_home"), "the edit was refused"


@pytest.mark.parametrize("action", [{}, {"action-submit": "action-submit"}], ids=["save draft", "submit"])
def test_a_focal_point_s_draft_title_renames_nothing_until_approved(
    focal_point_a, staff_user, medellin, city_edit_data, django_capture_on_commit_callbacks, action
):
    published = names(medellin)
    assert published == ("Puntos focales: Medellín (CO)", "Medellín (CO)")
    edit(
        signed_in(focal_point_a),
        medellin,
        city_edit_data(medellin, title=DRAFT_TITLE, country="PE", **action),
    )
    assert names(medellin) == published

    edit(signed_in(staff_user), medellin, city_edit_data(medellin, **{"action-publish": "action-publish"}))
    assert names(medellin) == published, "publishing the live name again keeps it"


@pytest.fixture
def new_title_reviewed(
    focal_point_a, staff_user, medellin, city_edit_data, django_capture_on_commit_callbacks
):
    """Medellín's focal point submits a new title for review; staff take `decision` on it."""

    def review(decision, data=None):
        submit = city_edit_data(medellin, title=DRAFT_TITLE, **{"action-submit": "action-submit"})
        edit(signed_in(focal_point_a), medellin, submit)
        task = WorkflowState.objects.for_instance(medellin).get(status="in_progress").current_task_state
        url = reverse("wagtailadmin_pages:workflow_action", args=[medellin.pk, decision, task.pk])
        with django_capture_on_commit_callbacks(execute=True):
            assert signed_in(staff_user).post(url, data or {}).status_code == 302

    return review


def test_approving_a_new_title_renames_the_group_and_collection(medellin, new_title_reviewed):
    new_title_reviewed("approve")
    assert names(medellin) == (f"Puntos focales: {DRAFT_TITLE} (CO)", f"{DRAFT_TITLE} (CO)")


def test_a_rejected_title_never_renames_anything(medellin, new_title_reviewed):
    new_title_reviewed("reject", {"comment": "No"})
    assert names(medellin) == ("Puntos focales: Medellín (CO)", "Medellín (CO)")
