"""Where the admin takes a focal point once they submit (or publish) their city page.

Wagtail goes to the page explorer of the page's parent, the directory of every city, which a focal point
of one city may not explore: Wagtail then sends them on to their own city's explorer, which lists its
practices, not their page. They come back to their page's editor instead, with Wagtail's message and the
page's new status; wherever the parent is theirs to explore, Wagtail's way stays.
"""

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse

from tests.practice_data import practice_form_data

pytestmark = pytest.mark.django_db

SUBMIT = {"action-submit": "action-submit"}
PUBLISH = {"action-publish": "action-publish"}


def edit_url(page):
    return reverse("wagtailadmin_pages:edit", args=[page.pk])


@pytest.fixture
def post_as(django_capture_on_commit_callbacks):
    """Post a form of the admin as this user; the response and the messages it left."""

    def post(user, url, data):
        client = Client(HTTP_ACCEPT_LANGUAGE="en")
        client.force_login(user)
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(url, data)
        return response, [str(message) for message in get_messages(response.wsgi_request)]

    return post


def test_a_submitted_city_page_stays_in_its_editor(post_as, focal_point_a, medellin, city_edit_data):
    response, messages = post_as(focal_point_a, edit_url(medellin), city_edit_data(medellin, **SUBMIT))
    assert response.status_code == 302
    assert response["Location"] == edit_url(medellin)
    assert any("submitted for moderation" in message for message in messages), messages


def test_a_city_page_published_directly_stays_in_its_editor(
    post_as, focal_point_a, medellin, city_edit_data, direct_mode
):
    response, messages = post_as(focal_point_a, edit_url(medellin), city_edit_data(medellin, **PUBLISH))
    assert response["Location"] == edit_url(medellin)
    assert any("has been published" in message for message in messages), messages


def test_a_next_address_is_still_followed(post_as, focal_point_a, medellin, city_edit_data):
    home = reverse("wagtailadmin_home")
    data = city_edit_data(medellin, next=home, **SUBMIT)
    response, _messages = post_as(focal_point_a, f"{edit_url(medellin)}?next={home}", data)
    assert response["Location"] == home


def test_a_submitted_practice_goes_to_its_city_s_explorer(post_as, focal_point_a, medellin):
    """The city page is the focal point's to explore: Wagtail's way."""
    add = reverse("wagtailadmin_pages:add", args=("practices", "practicepage", medellin.pk))
    response, _messages = post_as(
        focal_point_a, add, practice_form_data("Bibliotecas", "bibliotecas", **SUBMIT)
    )
    assert response["Location"] == reverse("wagtailadmin_explore", args=[medellin.pk])


def test_staff_go_to_the_directory_as_wagtail_does(post_as, staff_user, medellin, city_edit_data):
    response, _messages = post_as(staff_user, edit_url(medellin), city_edit_data(medellin, **PUBLISH))
    assert response["Location"] == reverse("wagtailadmin_explore", args=[medellin.get_parent().pk])
