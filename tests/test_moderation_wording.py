"""Wagtail's Spanish and Portuguese for two moderation texts, as our catalogues correct them
(network/wagtail_strings.py): the dashboard's "Compare with live version" reads "versión publicada", not
Wagtail's "públicada", and the e-mail that tells administrators of a submission agrees with "página"
("enviada", "enviada"), not Wagtail's "enviado" and "submetido"."""

import pytest
from django.core import mail
from django.test import Client
from wagtail.users.models import UserProfile

from tests import factories

pytestmark = pytest.mark.django_db

WRONG = {
    "es": ("públicada", "ha sido enviado para"),
    "pt-br": ("foi submetido para",),
}


def reading(user, language):
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = language
    profile.save()
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    client.force_login(user)
    return client


@pytest.mark.parametrize("language", ["es", "pt-br"])
def test_moderation_texts_agree_with_the_page(
    language, focal_point_a, medellin, city_edit_data, django_capture_on_commit_callbacks
):
    administrator = factories.SuperuserFactory(email=f"admin-{language}@example.org")
    admin = reading(administrator, language)
    staff = reading(factories.StaffFactory(), language)
    focal_point = reading(focal_point_a, language)
    mail.outbox.clear()
    data = city_edit_data(medellin, **{"action-submit": "action-submit"})
    with django_capture_on_commit_callbacks(execute=True):
        focal_point.post(f"/admin/pages/{medellin.pk}/edit/", data)

    dashboard = staff.get("/admin/").content.decode()
    to_administrator = [message for message in mail.outbox if administrator.email in message.to]
    assert to_administrator, "the administrator was not told of the submission"
    texts = [dashboard, admin.get("/admin/").content.decode()]
    texts += [message.subject + "\n" + message.body for message in to_administrator]
    for wrong in WRONG[language]:
        assert not any(wrong in text for text in texts), wrong
    assert "publicada" in dashboard
