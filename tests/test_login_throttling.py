"""Sign-in throttling (django-axes): five failed sign-ins for one account from one address lock that
account for that address, even against the right password; other accounts and other addresses go on.
Twenty failed sign-ins from one address, whatever the accounts, lock that address for every account
(one password tried against many accounts; network/sign_in_throttling.py).

The test settings disable axes; these tests enable it. Failures are recorded in the database (rolled back
after each test).
"""

import json
import subprocess
import sys

import pytest
from axes.models import AccessAttempt
from axes.utils import reset
from django.utils import timezone

from tests.services import PROJECT_DIR, base_environment

USERNAME = "editor"
PASSWORD = "right-Pw-8842"
OTHER_USERNAME = "reviewer"
# Public addresses: address resolvers (django-ipware) prefer public ones to private ones.
ADDRESS = "81.2.69.142"
OTHER_ADDRESS = "81.2.69.160"
LOCK_TEXT = "Too many failed sign-ins"
ADDRESS_LIMIT = 20


@pytest.fixture(autouse=True)
def throttling(settings):
    settings.AXES_ENABLED = True
    assert settings.AXES_FAILURE_LIMIT == 5
    assert settings.AXES_LOCKOUT_PARAMETERS == [["username", "ip_address"]]
    assert settings.SIGN_IN_ADDRESS_FAILURE_LIMIT == ADDRESS_LIMIT


@pytest.fixture
def accounts(django_user_model):
    for username in (USERNAME, OTHER_USERNAME):
        django_user_model.objects.create_superuser(username, f"{username}@example.org", PASSWORD)


def sign_in(client, username, password, address=ADDRESS, **headers):
    return client.post(
        "/admin/login/", {"username": username, "password": password}, REMOTE_ADDR=address, **headers
    )


def signed_in(client):
    return "_auth_user_id" in client.session


def assert_signed_in(client, response):
    assert response.status_code == 302, response.content.decode()[:2000]
    assert signed_in(client)
    assert client.get("/admin/").status_code == 200


def assert_locked(client, response):
    assert response.status_code == 429
    assert LOCK_TEXT in response.content.decode()
    assert not signed_in(client)
    assert client.get("/admin/").status_code == 302  # back to the sign-in form


def fail(client, times, username=USERNAME, address=ADDRESS, **headers):
    """Fail `times` sign-ins; all but the last must show the form again with an error."""
    responses = [sign_in(client, username, "wrong-password", address, **headers) for _ in range(times)]
    for response in responses[:-1]:
        assert response.status_code == 200
        assert 'name="password"' in response.content.decode()
    return responses[-1]


def test_sixth_attempt_is_refused_even_with_the_right_password(client, accounts):
    fifth = fail(client, 5)
    # The fifth failure either shows the form again or already the lock.
    assert fifth.status_code in (200, 429)
    assert not signed_in(client)

    assert_locked(client, sign_in(client, USERNAME, PASSWORD))
    # Still locked on the next attempt: nothing was reset by trying.
    assert_locked(client, sign_in(client, USERNAME, PASSWORD))


def test_four_failures_do_not_lock(client, accounts):
    fail(client, 4)
    assert_signed_in(client, sign_in(client, USERNAME, PASSWORD))


def test_another_account_from_the_same_address_still_signs_in(client, accounts):
    fail(client, 5)
    assert_signed_in(client, sign_in(client, OTHER_USERNAME, PASSWORD))


def test_the_same_account_from_another_address_still_signs_in(client, accounts):
    fail(client, 5)
    assert_signed_in(client, sign_in(client, USERNAME, PASSWORD, address=OTHER_ADDRESS))


def test_after_a_reset_the_account_signs_in_again(client, accounts):
    fail(client, 5)
    assert_locked(client, sign_in(client, USERNAME, PASSWORD))

    # What the end of the cool-off (or staff running `axes_reset`) does: the recorded failures go.
    reset()

    assert_signed_in(client, sign_in(client, USERNAME, PASSWORD))


def test_the_lock_ends_after_the_cool_off_time(client, accounts, settings):
    fail(client, 5)
    assert_locked(client, sign_in(client, USERNAME, PASSWORD))

    # Fifteen minutes later (by default): the failures are too old to count.
    attempt = AccessAttempt.objects.get()
    AccessAttempt.objects.update(attempt_time=attempt.attempt_time - settings.AXES_COOLOFF_TIME)

    assert_signed_in(client, sign_in(client, USERNAME, PASSWORD))


def test_a_successful_sign_in_clears_earlier_failures(client, accounts):
    fail(client, 4)
    assert_signed_in(client, sign_in(client, USERNAME, PASSWORD))
    client.logout()
    # Four more mistakes later, the account is still open: the count started again.
    fail(client, 4)
    assert_signed_in(client, sign_in(client, USERNAME, PASSWORD))


def test_unknown_usernames_are_throttled_too(client, accounts):
    """Guessing accounts: the lock does not reveal whether the account exists, nor let guessing go on."""
    fail(client, 5, username="nobody")
    response = sign_in(client, "nobody", "anything")
    assert response.status_code == 429


def test_a_client_cannot_dodge_the_lock_by_sending_its_own_forwarded_for_header(client, accounts):
    """Without a trusted proxy in front (TRUSTED_PROXY_COUNT unset), X-Forwarded-For comes from the client:
    changing it on every attempt must not count as another address."""
    for number in range(5):
        sign_in(client, USERNAME, "wrong-password", HTTP_X_FORWARDED_FOR=f"89.160.20.{number + 112}")

    response = sign_in(client, USERNAME, PASSWORD, HTTP_X_FORWARDED_FOR="89.160.20.199")

    assert_locked(client, response)


def settings_in_a_fresh_process(condition, **environment):
    """The settings whose names meet `condition` (a Python expression on `name`), as
    network/settings/base.py derives them from these environment variables, read in a fresh process
    (values JSON cannot write, such as durations, as strings)."""
    code = (
        "import json; from django.conf import settings; print(json.dumps({name: getattr(settings, name) "
        f"for name in dir(settings) if {condition}}}, default=str))"
    )
    env = {**base_environment(), "DJANGO_SETTINGS_MODULE": "network.settings.test", **environment}
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=PROJECT_DIR, env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.fixture(scope="module")
def behind_one_proxy():
    """How sign-in throttling finds the client's address when TRUSTED_PROXY_COUNT=1."""
    return settings_in_a_fresh_process(
        "name.startswith('AXES_IPWARE_') or name == 'AXES_CLIENT_IP_CALLABLE'", TRUSTED_PROXY_COUNT="1"
    )


def test_behind_a_trusted_proxy_each_client_address_is_throttled_on_its_own(
    client, accounts, settings, behind_one_proxy
):
    """With TRUSTED_PROXY_COUNT=1 (a load balancer in front, README "Deploying") every visitor arrives from
    the balancer's address; the client's own address is the one the balancer put in X-Forwarded-For.
    Otherwise five failures by anyone lock the account for everybody."""
    for name, value in behind_one_proxy.items():
        setattr(settings, name, value)
    balancer = "10.0.0.2"
    fail(client, 5, address=balancer, HTTP_X_FORWARDED_FOR=ADDRESS)
    assert_locked(client, sign_in(client, USERNAME, PASSWORD, balancer, HTTP_X_FORWARDED_FOR=ADDRESS))

    # Someone else behind the same balancer is not locked out of the account.
    other = sign_in(client, USERNAME, PASSWORD, balancer, HTTP_X_FORWARDED_FOR=OTHER_ADDRESS)
    assert_signed_in(client, other)


# --- Per address, whatever the account (password spraying) -----------------------------------------


def spray(client, times, address=ADDRESS, **headers):
    """Try one password against `times` accounts from one address: one failure per account, never
    enough to lock any of them. All but the last attempt must show the form again."""
    responses = [
        sign_in(client, f"guess-{number}", "Summer2025!", address, **headers) for number in range(times)
    ]
    for response in responses[:-1]:
        assert response.status_code == 200
        assert 'name="password"' in response.content.decode()
    return responses[-1]


def test_one_password_tried_against_many_accounts_locks_the_address(client, accounts):
    last = spray(client, ADDRESS_LIMIT)
    assert last.status_code in (200, 429)

    # Every account, even with the right password, from that address.
    assert_locked(client, sign_in(client, USERNAME, PASSWORD))
    assert_locked(client, sign_in(client, OTHER_USERNAME, PASSWORD))


def test_failures_below_the_address_limit_do_not_lock_the_address(client, accounts):
    spray(client, ADDRESS_LIMIT - 1)
    assert_signed_in(client, sign_in(client, USERNAME, PASSWORD))


def test_failures_against_one_account_count_towards_the_address_limit(client, accounts):
    for number in range(ADDRESS_LIMIT // 4):
        fail(client, 4, username=f"guess-{number}")
    assert_locked(client, sign_in(client, USERNAME, PASSWORD))


def test_the_address_lock_does_not_reach_other_addresses(client, accounts):
    spray(client, ADDRESS_LIMIT)
    assert_signed_in(client, sign_in(client, USERNAME, PASSWORD, address=OTHER_ADDRESS))


def test_a_successful_sign_in_does_not_clear_the_failures_against_other_accounts(client, accounts):
    spray(client, ADDRESS_LIMIT - 1)
    assert_signed_in(client, sign_in(client, USERNAME, PASSWORD))
    client.logout()

    sign_in(client, "guess-last", "Summer2025!")

    assert_locked(client, sign_in(client, OTHER_USERNAME, PASSWORD))


def test_the_address_lock_ends_after_the_cool_off_time(client, accounts, settings):
    spray(client, ADDRESS_LIMIT)
    assert_locked(client, sign_in(client, USERNAME, PASSWORD))

    AccessAttempt.objects.update(attempt_time=timezone.now() - settings.AXES_COOLOFF_TIME)

    assert_signed_in(client, sign_in(client, USERNAME, PASSWORD))


def test_a_client_cannot_dodge_the_address_lock_with_its_own_forwarded_for_header(client, accounts):
    for number in range(ADDRESS_LIMIT):
        sign_in(client, f"guess-{number}", "Summer2025!", HTTP_X_FORWARDED_FOR=f"89.160.20.{number + 112}")

    assert_locked(client, sign_in(client, USERNAME, PASSWORD, HTTP_X_FORWARDED_FOR="89.160.20.199"))


def test_behind_a_trusted_proxy_each_client_address_has_its_own_address_limit(
    client, accounts, settings, behind_one_proxy
):
    for name, value in behind_one_proxy.items():
        setattr(settings, name, value)
    balancer = "10.0.0.2"
    spray(client, ADDRESS_LIMIT, address=balancer, HTTP_X_FORWARDED_FOR=ADDRESS)
    assert_locked(client, sign_in(client, USERNAME, PASSWORD, balancer, HTTP_X_FORWARDED_FOR=ADDRESS))

    other = sign_in(client, USERNAME, PASSWORD, balancer, HTTP_X_FORWARDED_FOR=OTHER_ADDRESS)
    assert_signed_in(client, other)


def test_the_address_limit_is_a_setting(client, accounts, settings):
    settings.SIGN_IN_ADDRESS_FAILURE_LIMIT = 7
    spray(client, 7)
    assert_locked(client, sign_in(client, USERNAME, PASSWORD))


def test_the_address_limit_comes_from_the_environment():
    condition = "name == 'SIGN_IN_ADDRESS_FAILURE_LIMIT'"
    assert settings_in_a_fresh_process(condition) == {"SIGN_IN_ADDRESS_FAILURE_LIMIT": ADDRESS_LIMIT}
    configured = settings_in_a_fresh_process(condition, SIGN_IN_ADDRESS_FAILURE_LIMIT="50")
    assert configured == {"SIGN_IN_ADDRESS_FAILURE_LIMIT": 50}
