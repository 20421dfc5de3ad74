"""The measures on a city's public page are written as the page's language writes numbers, thousands
grouped as on the rest of the site: Spanish "1 500,5" (a no-break space), Portuguese "1.500,5", English
"1,500.5"."""

import pytest
from django.utils import translation
from wagtail.models import Locale

from cities.models import CityPage
from progress.results import shown
from tests.factories import CityFactory
from tests.progress_data import accepted_submission, make_cycle, make_framework

pytestmark = pytest.mark.django_db

QUESTIONS = (("1.1", "1.1-c", "number", False, "people"),)


@pytest.mark.parametrize(
    ("language", "written"), [("es", "1\xa0500,5"), ("en", "1,500.5"), ("pt-br", "1.500,5")]
)
def test_a_public_measure_is_written_in_the_pages_language(client, soup, language, written):
    city = CityFactory(title="Bucaramanga")
    accepted_submission(city, make_cycle(make_framework(questions=QUESTIONS)), {"1.1-c": 1500.5})
    page = CityPage.objects.get(
        translation_key=city.translation_key, locale=Locale.objects.get(language_code=language)
    )

    section = soup(client.get(page.url)).select_one("section.city__progress")

    assert [cell.get_text(strip=True) for cell in section.select("tbody td")] == [written]
    assert section.select_one("svg[role=img]")["aria-label"].endswith(f": {written}")
    assert written in [text.get_text(strip=True) for text in section.select("svg text")]


def test_small_numbers_and_scales_are_written_without_a_thousands_mark():
    with translation.override("es"):
        assert (shown(4), shown(37.5), shown(1234567.25)) == ("4", "37,5", "1\xa0234\xa0567,25")
