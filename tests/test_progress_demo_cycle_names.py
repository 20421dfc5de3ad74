"""The demonstration cycles of a first run (`setup_network`'s cycle and the example report's) are named by the
project, so they read in the admin's language; a cycle staff name themselves reads as they typed it."""

import pytest
from django.urls import reverse
from django.utils import translation
from wagtail.users.models import UserProfile

from mailings.models import Mailing
from progress.demo import load_example_report
from progress.models import Cycle
from progress.seed import DEMO_CYCLE, ensure_demo_cycle
from tests.progress_data import make_cycle, make_framework

pytestmark = pytest.mark.django_db

NAMES = {
    "es": ("2026–2027 (demostración)", "2024–2025 (ejemplo de demostración)"),
    "pt-br": ("2026–2027 (demonstração)", "2024–2025 (exemplo de demonstração)"),
    "en": ("2026–2027 (demonstration)", "2024–2025 (demonstration example)"),
}


@pytest.mark.parametrize("language", NAMES)
def test_the_demo_cycles_are_named_in_the_focal_point_s_language(
    client, soup, medellin, focal_point_a, language
):
    framework = make_framework()
    ensure_demo_cycle(framework)
    load_example_report(medellin, framework, focal_point_a)
    profile = UserProfile.get_for_user(focal_point_a)
    profile.preferred_language = language
    profile.save()
    client.force_login(focal_point_a)

    text = soup(client.get(reverse("progress_city:index"))).get_text(" ", strip=True)

    current, example = NAMES[language]
    assert current in text
    with translation.override(language):
        assert [str(cycle) for cycle in Cycle.objects.order_by("opens_on")] == [example, current]


def test_a_cycle_named_by_staff_reads_as_typed_in_every_language():
    cycle = make_cycle(make_framework(), name="Ciclo 2028–2029")
    for language in NAMES:
        with translation.override(language):
            assert str(cycle) == "Ciclo 2028–2029"


def test_a_reminder_names_the_demo_cycle_in_each_version_s_language(staff_client, medellin):
    make_cycle(make_framework(), name=DEMO_CYCLE["name"], opens_in_days=-90, due_in_days=-10)

    staff_client.post(reverse("progress_reminders:remind", args=[Cycle.objects.get().pk]))

    mailing = Mailing.objects.get()
    for version, language in (("es", "es"), ("pt", "pt-br"), ("en", "en")):
        current, _example = NAMES[language]
        assert current in getattr(mailing, f"subject_{version}")
        assert current in getattr(mailing, f"body_{version}")
