"""Password-reset requests (Wagtail admin's /admin/password_reset/) are throttled per client address and
per e-mail address: beyond the limits no link is sent, and the answer stays the one Wagtail always gives
("Check your email"), so it tells neither whether an account exists nor whether a limit was reached.
"""

import time
from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.core import mail
from django.urls import reverse

from tests.test_login_throttling import settings_in_a_fresh_process

pytestmark = pytest.mark.django_db

ADDRESS = "81.2.69.142"
OTHER_ADDRESS = "81.2.69.160"
PER_EMAIL = 3
PER_ADDRESS = 10


@pytest.fixture(autouse=True)
def limits(settings):
    assert settings.ACCOUNT_RECOVERY_LIMIT_PER_EMAIL == PER_EMAIL
    assert settings.ACCOUNT_RECOVERY_LIMIT_PER_ADDRESS == PER_ADDRESS
    period = settings.ACCOUNT_RECOVERY_LIMIT_PERIOD
    assert period == timedelta(hours=1)


@pytest.fixture
def people(django_user_model):
    """Accounts person-0@example.org … person-11@example.org."""
    for number in range(PER_ADDRESS + 2):
        django_user_model.objects.create_user(f"person-{number}", f"person-{number}@example.org", "pw")


def email(number):
    return f"person-{number}@example.org"


def ask(client, address_email, address=ADDRESS, **headers):
    """Ask for a reset link; the answer is always the redirect to Wagtail's "Check your email" page."""
    response = client.post(
        reverse("wagtailadmin_password_reset"), {"email": address_email}, REMOTE_ADDR=address, **headers
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_password_reset_done")
    return response


def sent_to(address_email):
    return sum(address_email in message.to for message in mail.outbox)


def test_a_reset_link_is_sent(client, people):
    ask(client, email(0))
    assert sent_to(email(0)) == 1
    assert "/admin/password_reset/" in mail.outbox[0].body


def test_beyond_the_limit_per_email_address_no_link_is_sent(client, people):
    for _ in range(PER_EMAIL):
        ask(client, email(0))
    assert sent_to(email(0)) == PER_EMAIL

    ask(client, email(0))
    # From anywhere, and however the address is written.
    ask(client, email(0).upper(), address=OTHER_ADDRESS)

    assert sent_to(email(0)) == PER_EMAIL


def test_beyond_the_limit_per_client_address_no_link_is_sent(client, people):
    for number in range(PER_ADDRESS):
        ask(client, email(number))
    assert len(mail.outbox) == PER_ADDRESS

    ask(client, email(PER_ADDRESS))
    assert sent_to(email(PER_ADDRESS)) == 0

    # Another client still gets its link.
    ask(client, email(PER_ADDRESS), address=OTHER_ADDRESS)
    assert sent_to(email(PER_ADDRESS)) == 1


def test_requests_for_unknown_addresses_count_too(client, people):
    for number in range(PER_ADDRESS):
        ask(client, f"nobody-{number}@example.org")
    assert mail.outbox == []

    ask(client, email(0))
    assert mail.outbox == []


def test_the_answer_is_the_same_for_known_and_unknown_accounts_within_and_beyond_the_limits(client, people):
    answers = []
    for _ in range(PER_EMAIL + 1):
        answers.append(ask(client, email(0)))
        answers.append(ask(client, "nobody@example.org"))
    done = client.get(answers[0]["Location"])
    assert done.status_code == 200
    assert "Check your email" in done.content.decode()
    assert len({(answer.status_code, answer["Location"]) for answer in answers}) == 1


def test_a_client_cannot_dodge_the_address_limit_with_its_own_forwarded_for_header(client, people):
    for number in range(PER_ADDRESS):
        ask(client, email(number), HTTP_X_FORWARDED_FOR=f"89.160.20.{number + 112}")

    ask(client, email(PER_ADDRESS), HTTP_X_FORWARDED_FOR="89.160.20.199")

    assert sent_to(email(PER_ADDRESS)) == 0


def test_behind_a_trusted_proxy_each_client_address_has_its_own_limit(client, people, settings):
    """With TRUSTED_PROXY_COUNT=1, the client address is found as sign-in throttling finds it."""
    proxy_settings = settings_in_a_fresh_process(
        "name.startswith('AXES_IPWARE_') or name == 'AXES_CLIENT_IP_CALLABLE'", TRUSTED_PROXY_COUNT="1"
    )
    for name, value in proxy_settings.items():
        setattr(settings, name, value)
    balancer = "10.0.0.2"
    for number in range(PER_ADDRESS):
        ask(client, email(number), address=balancer, HTTP_X_FORWARDED_FOR=ADDRESS)

    ask(client, email(PER_ADDRESS), address=balancer, HTTP_X_FORWARDED_FOR=ADDRESS)
    assert sent_to(email(PER_ADDRESS)) == 0
    ask(client, email(PER_ADDRESS), address=balancer, HTTP_X_FORWARDED_FOR=OTHER_ADDRESS)
    assert sent_to(email(PER_ADDRESS)) == 1


@pytest.fixture
def cache_clock(monkeypatch):
    """The clock the test cache (Django's local-memory cache) expires entries by, moved by the test rather
    than by waiting: a busy machine can neither stretch nor shorten the period."""
    clock = SimpleNamespace(now=time.time())
    fake_time = SimpleNamespace(time=lambda: clock.now)
    monkeypatch.setattr("django.core.cache.backends.base.time", fake_time)
    monkeypatch.setattr("django.core.cache.backends.locmem.time", fake_time)
    return clock


def test_links_are_sent_again_after_the_period(client, people, settings, cache_clock):
    for _ in range(PER_EMAIL + 1):
        ask(client, email(0))
    assert sent_to(email(0)) == PER_EMAIL

    cache_clock.now += settings.ACCOUNT_RECOVERY_LIMIT_PERIOD.total_seconds() - 1
    ask(client, email(0))
    assert sent_to(email(0)) == PER_EMAIL, "the period is not over yet"

    cache_clock.now += 2
    ask(client, email(0))

    assert sent_to(email(0)) == PER_EMAIL + 1


def test_the_limits_are_settings(client, people, settings):
    settings.ACCOUNT_RECOVERY_LIMIT_PER_EMAIL = 1
    settings.ACCOUNT_RECOVERY_LIMIT_PER_ADDRESS = 2
    ask(client, email(0))
    ask(client, email(0))
    assert sent_to(email(0)) == 1
    ask(client, email(1))
    assert sent_to(email(1)) == 0


def test_the_limits_come_from_the_environment():
    condition = "name.startswith('ACCOUNT_RECOVERY_LIMIT_')"
    configured = settings_in_a_fresh_process(
        condition,
        ACCOUNT_RECOVERY_LIMIT_PER_EMAIL="5",
        ACCOUNT_RECOVERY_LIMIT_PER_ADDRESS="30",
        ACCOUNT_RECOVERY_LIMIT_PERIOD_MINUTES="30",
    )
    assert configured == {
        "ACCOUNT_RECOVERY_LIMIT_PER_EMAIL": 5,
        "ACCOUNT_RECOVERY_LIMIT_PER_ADDRESS": 30,
        "ACCOUNT_RECOVERY_LIMIT_PERIOD": str(timedelta(minutes=30)),
    }
