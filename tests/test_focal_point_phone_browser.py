"""A focal point's own pages on a 375 px phone, in Spanish and in Brazilian Portuguese, in Chromium.

The page an out-of-date invitation link opens cut "Send me a new link" short in Spanish (Wagtail's
sign-in buttons keep to one line); the dashboard's buttons for the city wrapped with the next button's
indent. The site is served by another process with a database of
its own (tests/site_server.py), where `SETUP` makes one focal point per language.
"""

import json
import re

import pytest
from playwright.sync_api import expect

from tests.site_server import PlaceStandIn, SiteServer

# The map tests' Chromium and its browser, closed with this module too.
from tests.test_map_browser import TIMEOUT_MS, browser, chromium_executable, close_context  # noqa: F401

pytestmark = pytest.mark.browser

PASSWORD = "browser-focal-Pw-2718"
LANGUAGES = {"es": "es-ES", "pt-br": "pt-BR"}
SETUP = """
import json
from wagtail.users.models import UserProfile
from cities.models import CityPage
from tests import factories

usernames = {}
for language, country in (("es", "CO"), ("pt-br", "BR")):
    city = CityPage.objects.originals().filter(country=country, live=True).order_by("title").first()
    username = "telefono-" + language
    user = factories.FocalPointFactory(city=city, username=username, email=username + "@example.org")
    user.set_password(PASSWORD)
    user.save()
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = language
    profile.save()
    usernames[language] = username
print(json.dumps(usernames))
"""


@pytest.fixture(scope="module")
def site(chromium_executable):  # noqa: F811
    with PlaceStandIn() as geocoder, SiteServer(geocoder_domain=geocoder.domain) as server:
        script = f"PASSWORD = {PASSWORD!r}\n" + SETUP
        server.usernames = json.loads(server.manage("shell", "--no-imports", "--command", script))
        yield server


@pytest.fixture(params=list(LANGUAGES))
def phone(request, browser, site):  # noqa: F811
    """A 375 px wide tab whose browser asks for the language; the language's code is `phone.language`."""
    context = browser.new_context(
        base_url=site.base_url, locale=LANGUAGES[request.param], viewport={"width": 375, "height": 800}
    )
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    page.language = request.param
    yield page
    close_context(context)


def box(locator):
    found = locator.bounding_box()
    assert found is not None, f"{locator} is not shown"
    return found


def test_the_out_of_date_link_page_fits_a_phone(phone):
    phone.goto("/admin/password_reset/confirm/MQ/out-of-date/")
    expect(phone.locator("html")).to_have_attribute("lang", phone.language)
    button = phone.locator("main form button[name=new_link]")
    assert button.evaluate("button => button.scrollWidth <= button.clientWidth"), "the label is cut"
    assert box(button)["x"] + box(button)["width"] <= 375


def test_the_dashboard_s_city_buttons_line_up_on_a_phone(phone, site):
    phone.goto("/admin/login/")
    phone.fill("#id_username", site.usernames[phone.language])
    phone.fill("#id_password", PASSWORD)
    phone.locator("form button[type=submit]").first.click()
    phone.wait_for_url(re.compile(r"/admin/$"))
    buttons = phone.locator("section[aria-labelledby=focal-point-city-heading] a.button")
    expect(buttons.first).to_be_visible()
    boxes = [box(buttons.nth(index)) for index in range(buttons.count())]
    assert len(boxes) == 3
    assert any(later["y"] > boxes[0]["y"] for later in boxes), "the buttons no longer wrap: nothing to check"
    rows = {}
    for each in boxes:
        assert each["x"] + each["width"] <= 375
        rows.setdefault(round(each["y"]), []).append(each["x"])
    assert {min(starts) for starts in rows.values()} == {boxes[0]["x"]}, "a row starts with an indent"
