"""The page explorer's count above its list: an empty list is not counted "1-0 of 0 pages" (Wagtail's
count starts from 1 even when nothing is listed); a list with pages keeps Wagtail's count, and a search or a
filter that finds nothing still says so ("No results in …", with its link to search the whole site): our
override of templates/wagtailadmin/pages/listing/_page_title_column_header.html keeps Wagtail's text
wherever it has a result scope."""

import pytest

from tests.factories import CityFactory

pytestmark = pytest.mark.django_db


def column_header(staff_client, soup, page, query=""):
    response = staff_client.get(f"/admin/pages/{page.pk}/{query}")
    assert response.status_code == 200
    return soup(response).select_one("table thead").get_text(" ", strip=True)


def test_an_empty_list_has_no_count(staff_client, soup, directory):
    city = CityFactory()
    header = column_header(staff_client, soup, city)
    assert "0 of 0" not in header and "1-0" not in header


def test_a_list_with_pages_keeps_its_count(staff_client, soup, directory):
    CityFactory()
    CityFactory()
    assert "1-2 of 2" in column_header(staff_client, soup, directory)


@pytest.mark.parametrize("query", ["?q=ningunaciudadsellamaasi", "?has_child_pages=true"])
def test_a_search_or_filter_that_finds_nothing_says_so(staff_client, soup, directory, query):
    CityFactory(title="Ciudad de prueba")
    header = column_header(staff_client, soup, directory, query)
    assert f"No results in ' {directory.title} '." in header
    assert "Search the whole site" in header
