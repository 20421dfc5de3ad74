"""Wagtail's moderation e-mails are in each recipient's language, and in the site's (Spanish) for an account
that chose none: never in the language of whoever sent the page for review (Wagtail's own fallback is the
language active while it sends, the submitter's)."""

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from wagtail.models import WorkflowState
from wagtail.users.models import UserProfile

from cities.permissions import STAFF_GROUP_NAME

pytestmark = pytest.mark.django_db


def choose_language(user, language):
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = language
    profile.save()


@pytest.fixture
def spanish_colleague(staff_user, django_user_model):
    """A second member of staff, who chose Spanish in their account."""
    colleague = django_user_model.objects.create_user(
        "colega", "colega@example.org", "pw", first_name="Carla", last_name="Vidal"
    )
    colleague.groups.add(Group.objects.get(name=STAFF_GROUP_NAME))
    choose_language(colleague, "es")
    return colleague


def mails_to(user):
    """The e-mails a user got, without the greeting that names them."""
    return sorted(
        (message.subject, message.body.split("\n", 1)[1])
        for message in mail.outbox
        if user.email in message.to
    )


def test_a_reviewer_without_a_language_reads_a_portuguese_submission_in_spanish(
    client,
    focal_point_a,
    medellin,
    staff_user,
    spanish_colleague,
    city_edit_data,
    django_capture_on_commit_callbacks,
):
    assert not UserProfile.get_for_user(staff_user).preferred_language
    choose_language(focal_point_a, "pt-br")
    client.force_login(focal_point_a)
    data = city_edit_data(medellin, **{"action-submit": "action-submit"})
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/admin/pages/{medellin.pk}/edit/", data)
    assert WorkflowState.objects.for_instance(medellin).filter(status="in_progress").exists()

    in_spanish = mails_to(spanish_colleague)
    assert in_spanish, "staff were not told of the submission"
    assert mails_to(staff_user) == in_spanish
