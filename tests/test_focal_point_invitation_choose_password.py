"""An account with other access (UIL staff, another group) but no password cannot sign in, so it cannot
confirm an invitation on the admin's page. Its invitation's link opens, without signing in, a page where
its owner chooses a password (with the site's password rules); that accepts the invitation, signs them in
and opens the city's page in the admin. The link is checked as the admin's confirmation link is: once
only, until it expires, while the invitation stands and the account still holds the invited address. An
account with a password signs in and confirms, as before.
"""

import re
from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core import mail
from django.test import Client
from django.utils import timezone
from wagtail.users.models import UserProfile

from cities.invitations import withdraw_invitation
from cities.models import FocalPointInvitation
from cities.staff import ensure_staff_group

pytestmark = pytest.mark.django_db

User = get_user_model()
PASSWORD = "Aprender-Siempre-2026"
LINK = re.compile(r"https?://[^\s/]+(/admin/cities/invitations/\S+/)")


@pytest.fixture(params=["staff", "group"])
def rita(request, db):
    """Rita's account, with other access (UIL staff, or another group that opens the admin) and no
    password."""
    user = User.objects.create_user("rita", "rita@example.org", first_name="Rita")
    if request.param == "staff":
        user.groups.add(ensure_staff_group())
    else:
        group = Group.objects.create(name="Comunicación")
        group.permissions.add(
            Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
        )
        user.groups.add(group)
    assert not user.has_usable_password()
    # Her e-mails in English, whatever the city speaks.
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "en"
    profile.save()
    return user


@pytest.fixture
def invite(staff_client, django_capture_on_commit_callbacks):
    """UIL staff invite someone to a city; the e-mail sent (its body, on one line) and its link's path."""

    def send(city, user):
        with django_capture_on_commit_callbacks(execute=True):
            staff_client.post(f"/admin/cities/{city.pk}/focal-points/", {"name": "Rita", "email": user.email})
        [message] = mail.outbox
        mail.outbox.clear()
        return " ".join(message.body.split()), LINK.search(message.body).group(1)

    return send


def visitor():
    return Client(HTTP_ACCEPT_LANGUAGE="en")


def choose(person, link, password=PASSWORD):
    return person.post(link, {"new_password1": password, "new_password2": password})


def is_focal_point(user, city):
    return user.groups.filter(pk=city.access.group.pk).exists()


def test_the_link_lets_an_account_without_a_password_choose_one_and_accept(rita, invite, medellin):
    body, link = invite(medellin, rita)
    assert "choose a password for your account (rita)" in body

    person = visitor()
    page = person.get(link)
    assert page.status_code == 200
    html = page.content.decode()
    assert "Medellín" in html and 'name="new_password1"' in html and 'name="new_password2"' in html

    response = choose(person, link)

    assert response.status_code == 302
    assert response["Location"] == f"/admin/pages/{medellin.pk}/edit/"
    rita.refresh_from_db()
    assert rita.check_password(PASSWORD)
    assert is_focal_point(rita, medellin)
    assert FocalPointInvitation.objects.get(user=rita).accepted_at is not None
    # Signed in: the city's page opens in the admin, saying the city is theirs now.
    city_page = person.get(response["Location"])
    assert city_page.status_code == 200
    assert "You are now a focal point of Medellín." in city_page.content.decode()
    # And the password signs in later.
    later = visitor()
    assert later.post("/admin/login/", {"username": "rita", "password": PASSWORD}).status_code == 302


def test_the_site_s_password_rules_apply_and_a_refused_password_changes_nothing(rita, invite, medellin):
    _body, link = invite(medellin, rita)
    person = visitor()

    response = choose(person, link, "12345678")

    assert response.status_code == 200
    assert "This password is entirely numeric." in response.content.decode()
    rita.refresh_from_db()
    assert not rita.has_usable_password()
    assert not is_focal_point(rita, medellin)
    assert FocalPointInvitation.objects.get(user=rita).accepted_at is None
    assert "_auth_user_id" not in person.session


def test_the_link_works_once(rita, invite, medellin):
    _body, link = invite(medellin, rita)
    choose(visitor(), link)

    again = visitor().get(link)

    assert again.status_code == 404
    assert 'name="new_password1"' not in again.content.decode()
    assert "no longer valid" in again.content.decode()


@pytest.mark.parametrize("change", ["expired", "withdrawn", "address changed", "deactivated"])
def test_a_link_no_longer_valid_sets_no_password(change, rita, invite, medellin):
    _body, link = invite(medellin, rita)
    invitation = FocalPointInvitation.objects.get(user=rita)
    if change == "expired":
        old = timezone.now() - timedelta(seconds=settings.PASSWORD_RESET_TIMEOUT + 60)
        FocalPointInvitation.objects.filter(pk=invitation.pk).update(created_at=old)
    elif change == "withdrawn":
        withdraw_invitation(medellin, invitation.pk)
    elif change == "address changed":
        User.objects.filter(pk=rita.pk).update(email="rita@elsewhere.example.org")
    else:
        User.objects.filter(pk=rita.pk).update(is_active=False)
    person = visitor()

    assert 'name="new_password1"' not in person.get(link).content.decode()
    response = choose(person, link)

    assert response.status_code == 404
    rita.refresh_from_db()
    assert not rita.has_usable_password()
    assert not is_focal_point(rita, medellin)
    assert "_auth_user_id" not in person.session


def test_an_expired_link_sends_a_new_one(rita, invite, medellin, django_capture_on_commit_callbacks):
    _body, link = invite(medellin, rita)
    old = timezone.now() - timedelta(seconds=settings.PASSWORD_RESET_TIMEOUT + 60)
    FocalPointInvitation.objects.filter(user=rita).update(created_at=old)
    person = visitor()
    assert "Send me a new link" in person.get(link).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        answer = person.post(link, {"new_link": ""})

    assert "a new link is on its way" in answer.content.decode()
    [message] = mail.outbox
    new_link = LINK.search(message.body).group(1)
    assert new_link != link
    assert choose(visitor(), new_link).status_code == 302
    assert is_focal_point(User.objects.get(pk=rita.pk), medellin)


def test_an_account_with_a_password_signs_in_and_confirms_as_before(rita, invite, medellin):
    rita.set_password(PASSWORD)
    rita.save()
    body, link = invite(medellin, rita)
    assert "sign in with your account (rita) and open this link" in body
    assert not link.endswith("/password/")

    # Not signed in: the sign-in page, as before.
    assert visitor().get(link)["Location"].startswith("/admin/login/")
    # Its link made into a choose-a-password link leads back to the sign-in page's confirmation.
    assert visitor().get(f"{link}password/")["Location"] == link
    assert choose(visitor(), f"{link}password/").status_code == 302
    rita.refresh_from_db()
    assert rita.check_password(PASSWORD)
    assert not is_focal_point(rita, medellin)

    person = visitor()
    person.post("/admin/login/", {"username": "rita", "password": PASSWORD})
    assert person.post(link)["Location"] == f"/admin/pages/{medellin.pk}/edit/"
    assert is_focal_point(rita, medellin)


def test_a_focal_point_signed_in_in_the_same_browser_reaches_the_page(rita, invite, medellin, focal_point_a):
    """Someone else's session in the browser (a colleague's, say) does not turn the link into a refusal."""
    _body, link = invite(medellin, rita)
    person = visitor()
    person.force_login(focal_point_a)

    page = person.get(link)

    assert page.status_code == 200
    assert 'name="new_password1"' in page.content.decode()
