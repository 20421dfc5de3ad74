"""An invited person whose link to choose a password expired asks for a new one on the page the link opens.

The page says the same whatever happened (a new link sent, the invitation withdrawn, the password chosen
already, too many requests), and a new link goes only to the address on file of an account that was
invited to a city and has not chosen a password yet.
"""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client

from cities.focal_points import remove_focal_point

pytestmark = pytest.mark.django_db

User = get_user_model()
NEW_PASSWORD = "Aprender-Siempre-2026"
PASSWORD_LINK = re.compile(r"https?://[^\s/]+(/admin/password_reset/confirm/[^\s/]+/[^\s/]+/)")
ADDRESS = "81.2.69.142"
SENT = "If this link was an invitation that still stands"


@pytest.fixture
def invited(staff_client, medellin, django_capture_on_commit_callbacks):
    """Luisa, invited as Medellín's focal point: her account, and the path of the link she was sent."""
    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(
            f"/admin/cities/{medellin.pk}/focal-points/",
            {"name": "Luisa Zapata", "email": "luisa@example.org", "language": "en"},
        )
    [message] = mail.outbox
    mail.outbox.clear()
    return User.objects.get(email="luisa@example.org"), PASSWORD_LINK.search(message.body).group(1)


@pytest.fixture
def expired(settings):
    """Every password link is out of date while this is in force."""
    normal = settings.PASSWORD_RESET_TIMEOUT
    settings.PASSWORD_RESET_TIMEOUT = -1
    yield
    settings.PASSWORD_RESET_TIMEOUT = normal


@pytest.fixture
def ask_for_a_new_link(django_capture_on_commit_callbacks):
    """Open a link and press "Send me a new link", as a person would; the words on the page that follows.

    Each time a new visitor (CSRF checks on), from the same client address; e-mails queued are sent.
    """

    def ask(path):
        with django_capture_on_commit_callbacks(execute=True):
            return answer_to_new_link_request(path)

    return ask


def answer_to_new_link_request(path):
    person = Client(HTTP_ACCEPT_LANGUAGE="en", REMOTE_ADDR=ADDRESS, enforce_csrf_checks=True)
    page = person.get(path, follow=True)
    html = page.content.decode()
    assert "Send me a new link" in html, html
    form = re.search(r'<form method="post" action="([^"]*)"[^>]*>(.*?)</form>', html, re.S)
    assert form and "Send me a new link" in form.group(2), "the button is not in a POST form"
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.group(2)).group(1)
    response = person.post(form.group(1), {"csrfmiddlewaretoken": token, "new_link": ""}, follow=True)
    assert response.status_code == 200
    main = re.search(r"<main.*?</main>", response.content.decode(), re.S).group(0)
    return " ".join(main.split())


def choose_password(person, path):
    response = person.get(path, follow=True)
    assert 'name="new_password1"' in response.content.decode(), "the new link does not open the form"
    response = person.post(
        response.redirect_chain[-1][0], {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )
    assert response.status_code == 302 and "/admin/password_reset/complete/" in response["Location"]


def test_an_expired_link_sends_a_new_one_that_works(invited, expired, settings, ask_for_a_new_link):
    user, path = invited
    assert SENT in ask_for_a_new_link(path)

    [message] = mail.outbox
    assert message.to == ["luisa@example.org"]
    assert "Medellín" in message.subject
    settings.PASSWORD_RESET_TIMEOUT = 3 * 86400
    choose_password(Client(), PASSWORD_LINK.search(message.body).group(1))
    user.refresh_from_db()
    assert user.has_usable_password()


def test_no_new_link_once_the_password_is_chosen(invited, settings, ask_for_a_new_link):
    user, path = invited
    choose_password(Client(), path)
    assert SENT in ask_for_a_new_link(path)
    assert mail.outbox == []


def test_no_new_link_for_a_withdrawn_invitation(invited, expired, medellin, ask_for_a_new_link):
    user, path = invited
    remove_focal_point(medellin, user)
    assert SENT in ask_for_a_new_link(path)
    assert mail.outbox == []


def test_no_new_link_for_a_deactivated_account(invited, expired, ask_for_a_new_link):
    user, path = invited
    User.objects.filter(pk=user.pk).update(is_active=False)
    assert SENT in ask_for_a_new_link(path)
    assert mail.outbox == []


def test_new_links_are_limited_like_password_resets(invited, expired, settings, ask_for_a_new_link):
    user, path = invited
    answers = {ask_for_a_new_link(path) for _ in range(settings.ACCOUNT_RECOVERY_LIMIT_PER_EMAIL + 2)}
    assert len(mail.outbox) == settings.ACCOUNT_RECOVERY_LIMIT_PER_EMAIL
    assert len(answers) == 1, "the page tells when the limit was reached"


def test_the_page_says_the_same_whatever_happened(invited, expired, medellin, ask_for_a_new_link):
    user, path = invited
    sent = ask_for_a_new_link(path)
    remove_focal_point(medellin, user)
    assert ask_for_a_new_link(path) == sent
    bogus = path.replace(path.split("/")[-2], "bad-token")
    assert ask_for_a_new_link(bogus) == sent
    assert len(mail.outbox) == 1


def test_an_ordinary_expired_reset_link_still_offers_a_new_reset(client, expired, focal_point_a):
    """Wagtail's own way out is still there for people who had chosen a password."""
    response = client.get("/admin/password_reset/confirm/MQ/bad-token/")
    assert 'href="/admin/password_reset/"' in response.content.decode()
