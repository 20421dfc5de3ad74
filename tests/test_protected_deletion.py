"""Deleting in the admin something other records still use is refused with a message, nothing deleted,
never a server error: here a city's focal-point group and its media collection, which the city's access
record protects, through Wagtail's own delete views."""

import pytest
from django.contrib.auth.models import Group
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import translation
from django.utils.text import capfirst
from django.utils.translation import gettext
from wagtail.models import Collection
from wagtail.users.models import UserProfile

from cities.models import CityAccess

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, superuser):
    client.force_login(superuser)
    return client


@pytest.mark.usefixtures("english_admin")
@pytest.mark.parametrize(
    "url_name, record",
    [
        ("wagtailusers_groups:delete", lambda access: access.group),
        ("wagtailadmin_collections:delete", lambda access: access.collection),
    ],
    ids=["focal-point group", "media collection"],
)
def test_deleting_what_a_city_s_access_uses_is_refused_with_a_message(
    admin_client, medellin, url_name, record
):
    kept = record(medellin.access)
    confirm = reverse(url_name, args=[kept.pk])

    response = admin_client.post(confirm, HTTP_REFERER=f"http://testserver{confirm}")

    assert response.status_code == 302 and response["Location"] == f"http://testserver{confirm}"
    next_page = admin_client.get(response["Location"])
    told = [str(message).strip() for message in get_messages(next_page.wsgi_request)]
    assert told == ["Other records still use this (City access): nothing was deleted."]
    assert type(kept).objects.filter(pk=kept.pk).exists()
    medellin.access.refresh_from_db()


def test_without_a_referer_the_refusal_leads_to_the_dashboard(admin_client, medellin):
    response = admin_client.post(reverse("wagtailusers_groups:delete", args=[medellin.access.group.pk]))
    assert response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home")
    assert Group.objects.filter(pk=medellin.access.group.pk).exists()
    assert Collection.objects.filter(pk=medellin.access.collection.pk).exists()


def test_a_referer_that_is_no_url_is_followed_as_a_relative_one(admin_client, medellin):
    """Django's redirect() would take it for a URL pattern's name, and fail to find one."""
    confirm = reverse("wagtailusers_groups:delete", args=[medellin.access.group.pk])
    response = admin_client.post(confirm, HTTP_REFERER="grupos")
    assert response.status_code == 302 and response["Location"] == "grupos"
    assert Group.objects.filter(pk=medellin.access.group.pk).exists()


@pytest.mark.usefixtures("english_admin")
def test_a_message_from_an_earlier_request_still_shows_beside_the_refusal(admin_client, medellin):
    """Only what the failed view said is dropped: a message still waiting to be shown is kept."""
    spare = Group.objects.create(name="Spare group")
    admin_client.post(reverse("wagtailusers_groups:delete", args=[spare.pk]))  # its page is not visited

    response = admin_client.post(reverse("wagtailusers_groups:delete", args=[medellin.access.group.pk]))

    told = [
        str(message).strip() for message in get_messages(admin_client.get(response["Location"]).wsgi_request)
    ]
    assert len(told) == 2 and "Spare group" in told[0]
    assert told[1] == "Other records still use this (City access): nothing was deleted."


def test_the_refusal_is_in_the_language_of_the_user_s_account(admin_client, superuser, medellin):
    """Wagtail's views speak the account's language; the refusal, written after the view failed, too."""
    profile = UserProfile.get_for_user(superuser)
    profile.preferred_language = "pt-br"
    profile.save()
    confirm = reverse("wagtailusers_groups:delete", args=[medellin.access.group.pk])

    response = admin_client.post(confirm, HTTP_REFERER=confirm, HTTP_ACCEPT_LANGUAGE="es")

    next_page = admin_client.get(response["Location"])
    told = [str(message).strip() for message in get_messages(next_page.wsgi_request)]
    with translation.override("pt-br"):
        expected = gettext("Other records still use this (%(records)s): nothing was deleted.") % {
            "records": capfirst(CityAccess._meta.verbose_name_plural)
        }
    assert told == [expected] and "nada" in expected
