"""Demo accounts for a first look at the site; passwords come from the environment or are generated."""

import os
import secrets
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from cities.permissions import STAFF_GROUP_NAME


@dataclass
class DemoAccount:
    role: str
    username: str
    password: str | None


DEMO_ACCOUNTS = [
    # role, username, e-mail, environment variable holding the password, superuser?
    ("administrator", "admin", "admin@example.org", "DEMO_ADMIN_PASSWORD", True),
    ("UIL staff", "staff", "staff@example.org", "DEMO_STAFF_PASSWORD", False),
]


def ensure_demo_accounts():
    """Create missing demo accounts; return each with its password only when it was just set."""
    User = get_user_model()
    staff_group = Group.objects.get(name=STAFF_GROUP_NAME)
    accounts = []
    for role, username, email, password_variable, is_superuser in DEMO_ACCOUNTS:
        user = User.objects.filter(username=username).first()
        if user is not None:
            accounts.append(DemoAccount(role, username, None))
            continue
        password = os.environ.get(password_variable) or secrets.token_urlsafe(12)
        user = User.objects.create_user(
            username=username,
            email=email,
            password=password,
            is_staff=is_superuser,
            is_superuser=is_superuser,
            first_name=role,
        )
        if not is_superuser:
            user.groups.add(staff_group)
        accounts.append(DemoAccount(role, username, password))
    return accounts
