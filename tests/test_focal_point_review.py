"""Review before publishing: in the default mode UIL staff approve or reject a focal point's changes."""

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.urls import reverse
from wagtail.models import GroupPagePermission, PageLogEntry, Site, WorkflowPage, WorkflowState
from wagtail.users.models import UserProfile

from cities.focal_points import REVIEW_TASK_NAME, REVIEW_WORKFLOW_NAME, ensure_review_workflow
from cities.models import CityPage, CityPublishingSettings
from cities.permissions import STAFF_GROUP_NAME

pytestmark = pytest.mark.django_db

SUMMARY = "Medellín aprende en comunidad: bibliotecas, parques y escuelas abiertas."


def publishing_settings():
    return CityPublishingSettings.for_site(Site.objects.get(is_default_site=True))


def set_mode(mode):
    settings = publishing_settings()
    settings.focal_point_publishing = mode
    settings.save()


@pytest.fixture
def reviewer(staff_user):
    """A member of UIL staff with an e-mail address, who reviews the focal points' changes."""
    assert staff_user.email
    return staff_user


@pytest.fixture
def submit(client, focal_point_a, medellin, city_edit_data, django_capture_on_commit_callbacks):
    """The focal point of Medellín submits a change for review in the admin; return the workflow state."""

    def submit_change(summary=SUMMARY):
        client.force_login(focal_point_a)
        data = city_edit_data(medellin, summary=summary, **{"action-submit": "action-submit"})
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(f"/admin/pages/{medellin.pk}/edit/", data)
        assert response.status_code == 302
        assert response["Location"] != reverse("wagtailadmin_home"), "the submission was refused"
        state = WorkflowState.objects.for_instance(medellin).filter(status="in_progress").first()
        assert state is not None, "the change was not submitted for review"
        return state

    return submit_change


def workflow_action(client, page, action, task_state, django_capture_on_commit_callbacks, **data):
    url = reverse("wagtailadmin_pages:workflow_action", args=[page.pk, action, task_state.pk])
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(url, data)


def test_review_is_the_default(medellin, focal_point_a):
    assert publishing_settings().focal_point_publishing == "review"
    workflow = medellin.get_workflow()
    assert workflow is not None and workflow.name == REVIEW_WORKFLOW_NAME
    permissions = CityPage.objects.get(pk=medellin.pk).permissions_for_user(focal_point_a)
    assert not permissions.can_publish()
    assert permissions.can_submit_for_moderation()


def test_the_editor_offers_submission_not_publishing(client, focal_point_a, medellin):
    client.force_login(focal_point_a)
    html = client.get(f"/admin/pages/{medellin.pk}/edit/").content.decode()
    assert 'name="action-submit"' in html
    assert 'name="action-publish"' not in html


def test_a_submission_waits_for_uil_staff(submit, reviewer, medellin):
    state = submit()
    assert state.current_task_state.task.name == REVIEW_TASK_NAME
    assert state.requested_by.username == "fp-medellin"
    live = CityPage.objects.get(pk=medellin.pk)
    assert live.summary == medellin.summary, "the change must not go live before review"
    assert live.get_latest_revision_as_object().summary == SUMMARY


def test_uil_staff_are_notified_of_a_submission(submit, reviewer, focal_point_a):
    mail.outbox.clear()
    submit()
    recipients = {address for message in mail.outbox for address in message.to}
    assert reviewer.email in recipients
    assert focal_point_a.email not in recipients
    notice = next(message for message in mail.outbox if reviewer.email in message.to)
    assert "Medellín" in notice.subject + notice.body


def test_staff_approval_publishes_as_the_approver(
    submit, client, reviewer, medellin, django_capture_on_commit_callbacks
):
    state = submit()
    client.force_login(reviewer)
    response = workflow_action(
        client, medellin, "approve", state.current_task_state, django_capture_on_commit_callbacks
    )
    assert response.status_code == 302

    live = CityPage.objects.get(pk=medellin.pk)
    assert live.summary == SUMMARY
    assert live.live and not live.has_unpublished_changes
    state.refresh_from_db()
    assert state.status == "approved"
    publish = PageLogEntry.objects.filter(page=medellin, action="wagtail.publish").latest("timestamp")
    assert publish.user == reviewer


def test_staff_rejection_tells_the_focal_point_why(
    submit, client, reviewer, focal_point_a, medellin, django_capture_on_commit_callbacks
):
    state = submit()
    mail.outbox.clear()
    client.force_login(reviewer)
    comment = "Falta la fuente de la cifra de población."
    response = workflow_action(
        client,
        medellin,
        "reject",
        state.current_task_state,
        django_capture_on_commit_callbacks,
        comment=comment,
    )
    assert response.status_code == 302

    assert CityPage.objects.get(pk=medellin.pk).summary == medellin.summary
    state.refresh_from_db()
    assert state.status == "needs_changes"
    to_focal_point = [message for message in mail.outbox if focal_point_a.email in message.to]
    assert to_focal_point, "the focal point was not told about the rejection"
    assert comment in to_focal_point[0].body


def test_a_focal_point_cannot_approve_their_own_submission(
    submit, client, medellin, django_capture_on_commit_callbacks
):
    state = submit()
    workflow_action(client, medellin, "approve", state.current_task_state, django_capture_on_commit_callbacks)
    state.refresh_from_db()
    assert state.status == "in_progress"
    assert CityPage.objects.get(pk=medellin.pk).summary == medellin.summary


def test_switching_to_direct_publishing_and_back(
    client, focal_point_a, medellin, directory, city_edit_data, django_capture_on_commit_callbacks
):
    group = medellin.access.group

    def grants_publish():
        return GroupPagePermission.objects.filter(
            group=group, page=medellin, permission__codename="publish_page"
        ).exists()

    def publish(summary):
        client.force_login(focal_point_a)
        data = city_edit_data(medellin, summary=summary, **{"action-publish": "action-publish"})
        with django_capture_on_commit_callbacks(execute=True):
            client.post(f"/admin/pages/{medellin.pk}/edit/", data)
        return CityPage.objects.get(pk=medellin.pk)

    set_mode("direct")
    assert not WorkflowPage.objects.filter(page=directory).exists()
    assert grants_publish()
    live = publish("Publicado directamente.")
    assert live.summary == "Publicado directamente."
    assert not live.has_unpublished_changes

    set_mode("review")
    assert WorkflowPage.objects.get(page=directory).workflow.name == REVIEW_WORKFLOW_NAME
    assert not grants_publish()
    live = publish("Otra vez en revisión.")
    assert live.summary == "Publicado directamente.", "in review mode a publish must not go live"
    assert live.get_latest_revision_as_object().summary == "Otra vez en revisión."


def test_in_direct_mode_no_review_is_offered(client, focal_point_a, medellin):
    """Publishing directly means no workflow applies to city pages: nobody would review a submission."""
    set_mode("direct")
    assert CityPage.objects.get(pk=medellin.pk).get_workflow() is None
    client.force_login(focal_point_a)
    html = client.get(f"/admin/pages/{medellin.pk}/edit/").content.decode()
    assert 'name="action-publish"' in html
    assert 'name="action-submit"' not in html


def test_administrators_switch_the_mode_in_the_settings(client, admin_user, medellin, directory):
    client.force_login(admin_user)
    url = reverse(
        "wagtailsettings:edit", args=["cities", "citypublishingsettings", publishing_settings().site_id]
    )
    assert client.get(url).status_code == 200
    response = client.post(url, {"focal_point_publishing": "direct"})
    assert response.status_code == 302
    assert publishing_settings().focal_point_publishing == "direct"
    assert not WorkflowPage.objects.filter(page=directory).exists()
    assert GroupPagePermission.objects.filter(
        group=medellin.access.group, page=medellin, permission__codename="publish_page"
    ).exists()


def test_a_new_city_follows_the_current_mode(make_city):
    set_mode("direct")
    city = make_city("Itagüí")
    assert GroupPagePermission.objects.filter(
        group=city.access.group, page=city, permission__codename="publish_page"
    ).exists()
    set_mode("review")
    assert not GroupPagePermission.objects.filter(
        group=city.access.group, page=city, permission__codename="publish_page"
    ).exists()


def test_each_reviewer_is_notified_in_their_own_language(submit, reviewer, django_user_model):
    colleague = django_user_model.objects.create_user("colega", "colega@example.org", "pw")
    colleague.groups.add(Group.objects.get(name=STAFF_GROUP_NAME))
    for user, language in ((reviewer, "en"), (colleague, "pt-br")):
        profile = UserProfile.get_for_user(user)
        profile.preferred_language = language
        profile.save()
    mail.outbox.clear()
    submit()
    english = next(message for message in mail.outbox if reviewer.email in message.to)
    portuguese = next(message for message in mail.outbox if colleague.email in message.to)
    assert "submitted" in english.subject.lower()
    assert "submitted" not in portuguese.subject.lower() and "Medellín" in portuguese.subject


@pytest.mark.parametrize("former_task_name", ["UIL staff review", "Revisión del equipo de la UIL"])
def test_a_site_set_up_with_the_english_names_gets_them_in_spanish(medellin, former_task_name):
    """Workflow and task names are shown in Spanish mails and screens: setup renames the old ones (the
    task's Spanish name first said "de la UIL", where the interface says "del UIL")."""
    workflow = medellin.get_workflow()
    task = workflow.tasks.get()
    type(workflow).objects.filter(pk=workflow.pk).update(name="City page review")
    type(task).objects.filter(pk=task.pk).update(name=former_task_name)

    renamed = ensure_review_workflow()

    assert renamed.pk == workflow.pk and renamed.name == REVIEW_WORKFLOW_NAME
    assert [step.name for step in renamed.tasks.all()] == [REVIEW_TASK_NAME]
