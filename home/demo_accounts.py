"""Demo accounts for a first look at the site; passwords come from the environment or are generated.

Each account is named by its role (the admin shows a user's name as it is: header, history, workflow
mails) in the site's first language, as the review workflow is (cities.focal_points). `role` is the
operator's word for it in the command's output."""

import os
import secrets
from dataclasses import dataclass

from django.contrib.auth import get_user_model

from cities.focal_points import ensure_city_access
from cities.models import CityPage
from cities.staff import staff_group


@dataclass
class DemoAccount:
    role: str
    username: str
    password: str | None


@dataclass
class DemoAccountSpec:
    role: str
    name: str
    username: str
    email: str
    password_variable: str
    superuser: bool = False
    staff: bool = False
    focal_point_of: str = ""


DEMO_ACCOUNTS = [
    DemoAccountSpec(
        "administrator",
        "Administración",
        "admin",
        "admin@example.org",
        "DEMO_ADMIN_PASSWORD",
        superuser=True,
    ),
    DemoAccountSpec(
        "UIL staff", "Equipo del UIL", "staff", "staff@example.org", "DEMO_STAFF_PASSWORD", staff=True
    ),
    DemoAccountSpec(
        "focal point of Medellín",
        "Punto focal de Medellín",
        "medellin",
        "medellin@example.org",
        "DEMO_FOCAL_POINT_PASSWORD",
        focal_point_of="medellin",
    ),
]


def ensure_demo_accounts():
    """Create missing demo accounts; return each with its password only when it was just set."""
    User = get_user_model()
    accounts = []
    for spec in DEMO_ACCOUNTS:
        city = (
            CityPage.objects.originals().filter(slug=spec.focal_point_of).first()
            if spec.focal_point_of
            else None
        )
        if spec.focal_point_of and city is None:
            continue
        existing = User.objects.filter(username=spec.username).first()
        if existing is not None:
            # Named by an earlier setup after its role in English: renamed (a name given since is kept).
            if existing.first_name == spec.role:
                existing.first_name = spec.name
                existing.save(update_fields=["first_name"])
            accounts.append(DemoAccount(spec.role, spec.username, None))
            continue
        password = os.environ.get(spec.password_variable) or secrets.token_urlsafe(12)
        user = User.objects.create_user(
            username=spec.username,
            email=spec.email,
            password=password,
            is_staff=spec.superuser,
            is_superuser=spec.superuser,
            first_name=spec.name,
        )
        if spec.staff:
            user.groups.add(staff_group())
        if city is not None:
            user.groups.add(ensure_city_access(city).group)
        accounts.append(DemoAccount(spec.role, spec.username, password))
    return accounts
