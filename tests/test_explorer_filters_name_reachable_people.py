"""The page explorer's "Edited by" and "Owner" filters name, for a focal point, only the people who edited
or own the pages they may explore: never another city's focal point. Wagtail draws both lists from every
page of the site; staff keep that.
"""

import pytest
from wagtail.log_actions import log

from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def other_city_work(bogota, focal_point_b):
    """Bogotá's focal point edits their city page and owns a good practice under it."""
    log(instance=bogota, action="wagtail.edit", user=focal_point_b)
    factories.PracticeFactory(city=bogota, title="Bibliotecas de Bogotá", owner=focal_point_b)


@pytest.fixture
def own_city_work(medellin, focal_point_a):
    """Medellín's focal point edits their city page and owns a good practice under it."""
    log(instance=medellin, action="wagtail.edit", user=focal_point_a)
    factories.PracticeFactory(city=medellin, title="Aulas vecinales", owner=focal_point_a)


def filter_choices(client, soup, page, name):
    response = client.get(f"/admin/pages/{page.pk}/")
    assert response.status_code == 200
    boxes = soup(response).select(f"input[type=checkbox][name={name}]")
    return {box.find_parent("label").get_text(" ", strip=True) for box in boxes}


@pytest.mark.parametrize("name", ["edited_by", "owner"])
def test_a_focal_point_is_not_shown_another_citys_focal_point(
    client, soup, medellin, focal_point_a, other_city_work, own_city_work, name
):
    client.force_login(focal_point_a)
    choices = filter_choices(client, soup, medellin, name)
    assert "Ana Restrepo" in choices
    assert not any("Bruno" in choice or "Gómez" in choice for choice in choices)


def test_filtering_by_a_person_of_their_own_city_still_works(
    client, soup, medellin, focal_point_a, other_city_work, own_city_work
):
    client.force_login(focal_point_a)
    response = client.get(f"/admin/pages/{medellin.pk}/?owner={focal_point_a.pk}")
    assert "Aulas vecinales" in soup(response).select_one("table tbody").get_text(" ", strip=True)


@pytest.mark.parametrize("name", ["edited_by", "owner"])
def test_staff_see_every_person_wagtail_lists(staff_client, soup, directory, other_city_work, name):
    assert "Bruno Gómez" in filter_choices(staff_client, soup, directory, name)
