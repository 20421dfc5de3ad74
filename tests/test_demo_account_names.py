"""The demo accounts of `setup_network --demo-accounts` are named by their role in the site's first
language: the admin shows a user's name as it is (the header, page history, workflow mails), and the
demo's readers work in Spanish first; accounts named in English by an earlier setup are renamed."""

import pytest
from django.contrib.auth import get_user_model

from home.demo_accounts import DEMO_ACCOUNTS, ensure_demo_accounts
from tests.factories import sample_city
from tests.test_admin_language import signed_in

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("sample_network_for_module")]

SPANISH_NAMES = {
    "admin": "Administración",
    "staff": "Equipo del UIL",
    "medellin": "Punto focal de Medellín",
}


@pytest.fixture(autouse=True)
def medellin():
    return sample_city("Medellín")


def names():
    users = get_user_model().objects.filter(username__in=SPANISH_NAMES)
    return {user.username: user.get_full_name() for user in users}


def test_the_demo_accounts_are_named_in_spanish():
    ensure_demo_accounts()
    assert names() == SPANISH_NAMES


def test_the_spanish_admin_shows_the_spanish_name():
    ensure_demo_accounts()
    staff = signed_in(get_user_model().objects.get(username="staff"), "es")
    page = staff.get("/admin/").content.decode()
    assert "Equipo del UIL" in page and "UIL staff" not in page


def test_accounts_named_in_english_by_an_earlier_setup_are_renamed():
    User = get_user_model()
    for spec in DEMO_ACCOUNTS:
        User.objects.create_user(username=spec.username, first_name=spec.role)
    renamed_by_hand = User.objects.get(username="admin")
    renamed_by_hand.first_name = "Ana"
    renamed_by_hand.save()
    ensure_demo_accounts()
    assert names() == {**SPANISH_NAMES, "admin": "Ana"}, "a name someone chose is kept"
