"""A city page's hero image, the first thing at the top of the page, is fetched at once: lazy loading made
the browser wait for layout before asking for it, so on a slow network the header stayed empty while the
rest of the page was there. It keeps its width and height, so the title under it does not move when it
arrives."""

import pytest
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file

from tests import factories

pytestmark = pytest.mark.django_db


def test_the_hero_image_is_not_lazy_and_keeps_its_size(client, soup):
    city = factories.CityFactory(
        title="Ciudad con Plaza",
        country="MX",
        hero_image=Image.objects.create(title="Plaza", file=get_test_image_file(size=(1600, 500))),
    )
    hero = soup(client.get(city.url)).find("img", class_="city__hero")
    assert hero is not None
    assert hero.get("loading") != "lazy"
    assert hero["width"] and hero["height"]
