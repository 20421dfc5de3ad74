"""UIL staff invite a city's focal point by name and e-mail; the e-mailed link lets them choose a password."""

import io
import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.messages import get_messages
from django.core import mail
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client

from cities.models import CityAccess, CityPage

pytestmark = pytest.mark.django_db


User = get_user_model()
NEW_PASSWORD = "Aprender-Siempre-2026"
LINK_PATTERN = re.compile(r"https?://[^\s/]+(/admin/password_reset/confirm/[^\s/]+/[^\s/]+/)")
CONFIRM_PATTERN = re.compile(r"https?://[^\s/]+(/admin/cities/invitations/[^\s/]+/)")


def focal_points_url(city):
    return f"/admin/cities/{city.pk}/focal-points/"


def invitation_path(message):
    match = LINK_PATTERN.search(message.body)
    assert match, f"no password link in the e-mail:\n{message.body}"
    return match.group(1)


def choose_password(client, path, password=NEW_PASSWORD):
    """Follow the e-mailed link as the invited person would, and choose a password."""
    response = client.get(path, follow=True)
    assert response.status_code == 200
    assert 'name="new_password1"' in response.content.decode(), "the link did not open the password form"
    form_url = response.redirect_chain[-1][0] if response.redirect_chain else path
    response = client.post(form_url, {"new_password1": password, "new_password2": password})
    assert response.status_code == 302, response.context["form"].errors if response.context else response
    assert "/admin/password_reset/complete/" in response["Location"]


def accept_as(user, message):
    """Follow an existing account's confirmation link, signed in as that account, and accept."""
    match = CONFIRM_PATTERN.search(message.body)
    assert match, f"no confirmation link in the e-mail:\n{message.body}"
    browser = Client(HTTP_ACCEPT_LANGUAGE="en")
    browser.force_login(user)
    assert browser.post(match.group(1)).status_code == 302


def sign_in(client, username, password=NEW_PASSWORD):
    client.logout()
    return client.post("/admin/login/", {"username": username, "password": password})


@pytest.fixture
def invite(staff_client, django_capture_on_commit_callbacks):
    """Invite a person through the admin as UIL staff, running the e-mail sent after the commit."""

    def post(city, name, email):
        with django_capture_on_commit_callbacks(execute=True):
            return staff_client.post(focal_points_url(city), {"name": name, "email": email})

    return post


def test_staff_see_the_current_focal_points(staff_client, focal_point_a, medellin):
    response = staff_client.get(focal_points_url(medellin))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Ana Restrepo" in html
    assert focal_point_a.email in html
    assert 'name="email"' in html and 'name="name"' in html


def test_the_list_says_which_accounts_are_deactivated(staff_client, focal_point_a, medellin, soup):
    focal_point_a.is_active = False
    focal_point_a.save()

    page = soup(staff_client.get(focal_points_url(medellin)))

    [row] = page.select("#current-heading ~ div tbody tr")
    assert row.td.get_text(" ", strip=True) == "Ana Restrepo (account deactivated: cannot sign in)"


def test_the_list_shows_only_this_city(staff_client, focal_point_a, focal_point_b, bogota):
    html = staff_client.get(focal_points_url(bogota)).content.decode()
    assert focal_point_b.email in html
    assert focal_point_a.email not in html


def test_the_lists_scroll_sideways_on_a_phone(
    invite, staff_client, focal_point_a, focal_point_b, medellin, soup
):
    """Wider than a 375 px screen, a list cut off its last column (Remove, Withdraw) out of reach."""
    invite(medellin, "Bruno Gómez", focal_point_b.email)
    tables = soup(staff_client.get(focal_points_url(medellin))).select("table.listing")
    assert len(tables) == 2, "expected the current focal points and the pending invitations"
    for table in tables:
        assert "w-overflow-x-auto" in table.parent.get("class", [])


def test_the_invitation_says_what_to_do_once_the_link_expired(
    staff_client, medellin, django_capture_on_commit_callbacks
):
    """An expired link still opens a page that sends a new one (tests/test_focal_point_new_link.py): the
    e-mail says so, rather than sending the person back to UIL staff."""
    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(
            focal_points_url(medellin), {"name": "Kim Lee", "email": "kim@example.org", "language": "en"}
        )
    body = " ".join(mail.outbox[0].body.split())
    assert "If the link has expired, open it all the same: the page it opens sends you a new one." in body


def test_inviting_creates_the_account_and_sends_a_working_link(invite, client, medellin):
    response = invite(medellin, "Luisa Fernanda Zapata", "Luisa.Zapata@Example.org")
    assert response.status_code == 302

    user = User.objects.get(email__iexact="luisa.zapata@example.org")
    assert user.username == "luisa.zapata@example.org"
    assert not user.has_usable_password()
    assert user.first_name == "Luisa"
    assert user.groups.filter(pk=medellin.access.group.pk).exists()

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [user.email]
    assert "Medellín" in message.subject
    path = invitation_path(message)

    choose_password(client, path)
    user.refresh_from_db()
    assert user.has_usable_password()

    response = sign_in(client, "luisa.zapata@example.org")
    assert response.status_code == 302, "the new password does not sign in"
    assert client.get(f"/admin/pages/{medellin.pk}/edit/").status_code == 200


def test_the_link_works_only_once(invite, client, medellin):
    invite(medellin, "Luisa Zapata", "luisa@example.org")
    path = invitation_path(mail.outbox[0])
    choose_password(client, path)
    client.logout()
    response = client.get(path, follow=True)
    assert 'name="new_password1"' not in response.content.decode()


def test_inviting_an_existing_email_reuses_the_account(invite, medellin, bogota, focal_point_b):
    """The account joins once its owner, signed in, confirms with the e-mailed link (security issue #12)."""
    users_before = User.objects.count()
    response = invite(medellin, "Bruno Gómez", focal_point_b.email.upper())
    assert response.status_code == 302
    assert User.objects.count() == users_before
    assert [message.to for message in mail.outbox] == [[focal_point_b.email]]
    assert not focal_point_b.groups.filter(pk=medellin.access.group.pk).exists()

    accept_as(focal_point_b, mail.outbox[0])
    focal_point_b.refresh_from_db()
    assert focal_point_b.groups.filter(pk=medellin.access.group.pk).exists()
    assert focal_point_b.groups.filter(pk=bogota.access.group.pk).exists()
    assert focal_point_b.check_password("pw"), "reusing the account must not reset its password"


def test_an_invalid_email_is_a_form_error_and_creates_nothing(invite, medellin):
    users_before = User.objects.count()
    members_before = medellin.access.group.user_set.count()
    response = invite(medellin, "Nadie", "not-an-email")
    assert response.status_code == 200
    assert "email" in response.context["form"].errors
    assert User.objects.count() == users_before
    assert medellin.access.group.user_set.count() == members_before
    assert mail.outbox == []


def test_a_name_is_required(invite, medellin):
    response = invite(medellin, "", "someone@example.org")
    assert response.status_code == 200
    assert "name" in response.context["form"].errors
    assert not User.objects.filter(email="someone@example.org").exists()
    assert mail.outbox == []


def test_staff_remove_a_focal_point_in_the_admin(staff_client, focal_point_a, medellin):
    response = staff_client.post(focal_points_url(medellin), {"remove": focal_point_a.pk}, follow=True)
    assert response.status_code == 200
    assert not focal_point_a.groups.filter(pk=medellin.access.group.pk).exists()
    assert focal_point_a.email not in response.content.decode()
    assert User.objects.filter(pk=focal_point_a.pk).exists(), "removing a focal point keeps the account"


# "²" is a digit to str.isdigit() but not to int(); int() reads no more than 4,300 digits.
NO_ID = pytest.mark.parametrize(
    "value",
    ["abc", "", "999999", "²", "1" * 5000, "99999999999999999999"],
    ids=["letters", "empty", "unknown", "superscript", "5000 digits", "20 digits"],
)


@NO_ID
def test_removing_an_unknown_person_is_an_error_message(
    staff_client, focal_point_a, focal_point_b, medellin, value
):
    staff_client.raise_request_exception = False
    response = staff_client.post(focal_points_url(medellin), {"remove": value})
    assert response.status_code == 302, f"HTTP {response.status_code} for remove={value!r}"
    messages = [m for m in get_messages(response.wsgi_request) if m.level_tag == "error"]
    assert messages
    assert focal_point_a.groups.filter(pk=medellin.access.group.pk).exists()


@NO_ID
def test_withdrawing_an_unknown_invitation_is_an_error_message(staff_client, medellin, value):
    staff_client.raise_request_exception = False
    response = staff_client.post(focal_points_url(medellin), {"withdraw": value})
    assert response.status_code == 302, f"HTTP {response.status_code} for withdraw={value[:20]!r}"
    messages = [str(m) for m in get_messages(response.wsgi_request) if m.level_tag == "error"]
    assert messages == ["That invitation is not pending."]


def test_staff_cannot_remove_another_citys_focal_point_here(staff_client, focal_point_b, medellin, bogota):
    staff_client.post(focal_points_url(medellin), {"remove": focal_point_b.pk})
    assert focal_point_b.groups.filter(pk=bogota.access.group.pk).exists()


def test_focal_points_cannot_invite_or_list(client, focal_point_a, medellin, assert_refused):
    client.force_login(focal_point_a)
    assert_refused(client.get(focal_points_url(medellin)))
    users_before = User.objects.count()
    assert_refused(client.post(focal_points_url(medellin), {"name": "Amigo", "email": "amigo@example.org"}))
    assert User.objects.count() == users_before
    assert_refused(client.post(focal_points_url(medellin), {"remove": focal_point_a.pk}))
    assert focal_point_a.groups.filter(pk=medellin.access.group.pk).exists()
    assert mail.outbox == []


def test_staff_see_the_focal_points_button_on_a_city(staff_client, medellin, directory):
    link = f'href="{focal_points_url(medellin)}"'
    assert link in staff_client.get(f"/admin/pages/{medellin.pk}/edit/").content.decode()
    assert link in staff_client.get(f"/admin/pages/{directory.pk}/").content.decode()


def test_staff_do_not_see_the_focal_points_button_on_the_directory(staff_client, directory):
    html = staff_client.get(f"/admin/pages/{directory.pk}/edit/").content.decode()
    assert focal_points_url(directory) not in html


def test_focal_points_do_not_see_the_focal_points_button(client, focal_point_a, medellin):
    client.force_login(focal_point_a)
    for url in (f"/admin/pages/{medellin.pk}/edit/", f"/admin/pages/{medellin.pk}/"):
        response = client.get(url)
        assert response.status_code == 200
        assert "/focal-points/" not in response.content.decode()


# --- The command line ------------------------------------------------------------------------------------


def run_command(*args):
    out = io.StringIO()
    call_command("invite_focal_point", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_the_command_invites_a_focal_point(client, medellin, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        output = run_command("medellin", "person@example.org", "--name", "Ana Pérez")
    assert "person@example.org" in output

    user = User.objects.get(email="person@example.org")
    assert user.username == "person@example.org"
    assert (user.first_name, user.last_name) == ("Ana", "Pérez")
    assert not user.has_usable_password()
    assert user.groups.filter(pk=medellin.access.group.pk).exists()

    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["person@example.org"]
    choose_password(client, invitation_path(mail.outbox[0]))
    assert sign_in(client, "person@example.org").status_code == 302


def test_the_command_reuses_an_existing_account(
    focal_point_a, medellin, bogota, django_capture_on_commit_callbacks
):
    users_before = User.objects.count()
    with django_capture_on_commit_callbacks(execute=True):
        run_command("bogota", focal_point_a.email)
    assert User.objects.count() == users_before
    assert focal_point_a.groups.count() == 1, "an existing account joins once it confirms"
    assert len(mail.outbox) == 1
    accept_as(focal_point_a, mail.outbox[0])
    assert focal_point_a.groups.count() == 2


def test_the_command_refuses_a_deactivated_superuser(medellin):
    User.objects.create_superuser("old-root", "old.root@example.org", "pw", is_active=False)
    with pytest.raises(CommandError, match="deactivated"):
        run_command("medellin", "old.root@example.org")
    assert not User.objects.get(username="old-root").is_active
    assert mail.outbox == []


def test_the_command_rejects_an_unknown_city():
    users_before = User.objects.count()
    with pytest.raises(CommandError, match="atlantis"):
        run_command("atlantis", "person@example.org")
    assert User.objects.count() == users_before
    assert mail.outbox == []


def test_the_command_rejects_an_invalid_email(medellin):
    with pytest.raises(CommandError):
        run_command("medellin", "not-an-email")
    assert not User.objects.filter(email="not-an-email").exists()


def test_the_command_removes_a_focal_point(client, focal_point_a, medellin):
    output = run_command("medellin", focal_point_a.email, "--remove")
    assert focal_point_a.email in output
    assert not focal_point_a.groups.filter(pk=medellin.access.group.pk).exists()
    assert User.objects.filter(pk=focal_point_a.pk).exists(), "removing a focal point keeps the account"
    client.force_login(focal_point_a)
    response = client.get(f"/admin/pages/{medellin.pk}/edit/")
    assert response.status_code in (302, 403)


def test_removing_someone_who_is_not_a_focal_point_is_an_error(focal_point_b):
    with pytest.raises(CommandError):
        run_command("medellin", focal_point_b.email, "--remove")
    assert focal_point_b.groups.count() == 1


# --- The demo focal point --------------------------------------------------------------------------------

DEMO_PASSWORD_PATTERN = re.compile(r"user 'medellin', password '([^']+)'")


def test_setup_creates_the_demo_focal_point_of_medellin(client, medellin, monkeypatch):
    for variable in ("DEMO_ADMIN_PASSWORD", "DEMO_STAFF_PASSWORD", "DEMO_FOCAL_POINT_PASSWORD"):
        monkeypatch.delenv(variable, raising=False)
    out = io.StringIO()
    call_command("setup_network", "--demo-accounts", "--no-cities", stdout=out, stderr=io.StringIO())
    match = DEMO_PASSWORD_PATTERN.search(out.getvalue())
    assert match, out.getvalue()

    user = User.objects.get(username="medellin")
    assert list(user.groups.all()) == [medellin.access.group]
    assert client.login(username="medellin", password=match.group(1))
    assert client.get(f"/admin/pages/{medellin.pk}/edit/").status_code == 200

    again = io.StringIO()
    call_command("setup_network", "--demo-accounts", "--no-cities", stdout=again, stderr=io.StringIO())
    assert match.group(1) not in again.getvalue(), "the password is printed only once"
    assert User.objects.filter(username="medellin").count() == 1


def test_a_translation_s_focal_points_are_its_city_s(staff_client, invite, focal_point_a, medellin):
    """From the Portuguese copy's page menu: the same list, and an invitation to the city itself (the copy
    has no access of its own)."""
    portuguese = CityPage.objects.get(translation_key=medellin.translation_key, locale__language_code="pt-br")

    response = staff_client.get(focal_points_url(portuguese))

    assert response.status_code == 302 and response["Location"] == focal_points_url(medellin)
    assert focal_point_a.email in staff_client.get(response["Location"]).content.decode()
    assert invite(portuguese, "Pedro Tradução", "pedro.pt@example.org").status_code == 302
    pedro = User.objects.get(email="pedro.pt@example.org")
    assert list(pedro.groups.all()) == [medellin.access.group]
    assert not CityAccess.objects.filter(page=portuguese).exists()
