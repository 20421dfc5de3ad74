"""The framework the project ships (progress/data/key_features_2013.csv) is named in the reader's language,
as the focal point's introduction names it; a framework staff create keeps the name they typed.

The Spanish names come from a catalogue made here, with the translations the project gives these
messages, so the test does not wait for locale/ to carry them."""

import polib
import pytest
from django.urls import reverse
from django.utils import translation
from wagtail.users.models import UserProfile

from progress import reports
from progress.seed import ensure_framework
from tests.progress_data import make_cycle, make_framework

pytestmark = pytest.mark.django_db

SPANISH = {"Key Features of Learning Cities": "Características clave de las ciudades del aprendizaje"}


@pytest.fixture
def spanish_catalogue(tmp_path, settings):
    folder = tmp_path / "es" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    catalogue = polib.POFile()
    catalogue.metadata = {"Content-Type": "text/plain; charset=UTF-8", "Language": "es"}
    for msgid, msgstr in SPANISH.items():
        catalogue.append(polib.POEntry(msgid=msgid, msgstr=msgstr))
    catalogue.save_as_mofile(str(folder / "django.mo"))
    settings.LOCALE_PATHS = [tmp_path, *settings.LOCALE_PATHS]


def reads_spanish(user, client):
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "es"
    profile.save()
    client.force_login(user)
    return client


def framework_shown(page):
    term = next(dt for dt in page.select("dt") if dt.get_text(strip=True) == "Marco de referencia")
    return term.find_next_sibling("dd").get_text(strip=True)


@pytest.mark.usefixtures("spanish_catalogue")
def test_the_shipped_framework_is_named_in_spanish_on_the_review(
    client, soup, staff_user, medellin, focal_point_a
):
    report = reports.start_report(medellin, make_cycle(ensure_framework()), focal_point_a)

    page = soup(reads_spanish(staff_user, client).get(reverse("progress_review:review", args=[report.pk])))

    assert framework_shown(page) == "Características clave de las ciudades del aprendizaje (2013)"


@pytest.mark.usefixtures("spanish_catalogue")
def test_a_framework_staff_create_keeps_its_name_in_every_language():
    own = make_framework(name="Key Features of Learning Cities", version="2025 (borrador)")
    other = make_framework(name="Marco propio", version="2013")
    for language in ("es", "pt-br", "en"):
        with translation.override(language):
            assert str(own) == "Key Features of Learning Cities (2025 (borrador))"
            assert str(other) == "Marco propio (2013)"


@pytest.mark.usefixtures("spanish_catalogue")
def test_the_shipped_framework_keeps_its_stored_name():
    """Only its display changes: a framework file naming it still finds it."""
    framework = ensure_framework()
    with translation.override("es"):
        assert str(framework) == "Características clave de las ciudades del aprendizaje (2013)"
    assert framework.name == "Key Features of Learning Cities"
