"""The city timeline's "People" column lines its focal points up with its mayor, in headless Chromium.

The focal points were a bulleted list whose bullets hung outside the column, into the gutter beside the
public page's column (the mayor above has none): each focal point's name now starts where the mayor's does,
with no bullet, at desktop and phone width.
"""

import re

import pytest

from tests import test_map_browser
from tests.site_server import SiteServer
from tests.test_map_browser import TIMEOUT_MS, browser, close_context, geocoder  # noqa: F401

pytestmark = pytest.mark.browser

chromium_executable = test_map_browser.chromium_executable

PEOPLE_JS = """() => {
    const mayor = document.querySelector(".city-summary__mayor").getBoundingClientRect();
    return Array.from(document.querySelectorAll(".city-summary__focal-points li")).map((item) => {
        const range = document.createRange();
        range.selectNodeContents(item);
        return {left: range.getClientRects()[0].left, mayorLeft: mayor.left,
                marker: getComputedStyle(item).listStyleType};
    });
}"""


@pytest.fixture(scope="module")
def site(chromium_executable, geocoder):  # noqa: F811
    with SiteServer(geocoder_domain=geocoder.domain, setup_commands=[("load_demo_engagements",)]) as server:
        yield server


@pytest.mark.parametrize("width", [1280, 375])
def test_focal_points_line_up_with_the_mayor_without_bullets(browser, site, width):  # noqa: F811
    context = browser.new_context(
        base_url=site.base_url, locale="es", viewport={"width": width, "height": 900}
    )
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    page.goto("/admin/login/")
    page.fill("#id_username", "staff")
    page.fill("#id_password", SiteServer.STAFF_PASSWORD)
    page.locator("form button[type=submit]").first.click()
    page.wait_for_url(re.compile(r"/admin/$"), wait_until="commit")
    # The demo focal point's city.
    [city] = [
        feature["id"]
        for feature in site.get_json("/api/cities.geojson?country=CO")["features"]
        if feature["properties"]["name"] == "Medellín"
    ]
    page.goto(f"/admin/cities/{city}/timeline/")
    people = page.evaluate(PEOPLE_JS)
    close_context(context)
    assert people, "the demo log gives a city with focal points"
    for person in people:
        assert person["marker"] == "none"
        assert abs(person["left"] - person["mayorLeft"]) <= 1
