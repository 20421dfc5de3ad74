"""The page where an invited account without a password chooses one (its confirmation link's page), in
Chromium on a 375 px phone in Spanish: it passes axe-core's checks, its buttons fit, and choosing a
password opens the city's page in the admin, signed in. The out-of-date link's page too. The site is
served by another process with a database of its own (tests/site_server.py), where `SETUP` invites an
account of UIL staff without a password to a Colombian city, through a link whose secret is `TOKEN`.
"""

import re

import pytest
from playwright.sync_api import expect

from tests.axe_checks import described, violations
from tests.site_server import PlaceStandIn, SiteServer

# The map tests' Chromium and its browser, closed with this module too.
from tests.test_map_browser import TIMEOUT_MS, browser, chromium_executable, close_context  # noqa: F401

pytestmark = pytest.mark.browser

TOKEN = "browser-invitation-token"
PASSWORD = "Aprender-Siempre-2718"
SETUP = """
from django.contrib.auth import get_user_model
from wagtail.users.models import UserProfile
from cities.invitation_tokens import hash_of
from cities.models import CityPage, FocalPointInvitation
from cities.staff import ensure_staff_group

city = CityPage.objects.originals().filter(country="CO", live=True).order_by("title").first()
user = get_user_model().objects.create_user("rita-navegador", "rita-navegador@example.org")
user.groups.add(ensure_staff_group())
profile = UserProfile.get_for_user(user)
profile.preferred_language = "es"
profile.save()
FocalPointInvitation.objects.create(page=city, user=user, email=user.email, token_hash=hash_of(TOKEN))
print(city.pk)
"""


@pytest.fixture(scope="module")
def site(chromium_executable):  # noqa: F811
    with PlaceStandIn() as geocoder, SiteServer(geocoder_domain=geocoder.domain) as server:
        script = f"TOKEN = {TOKEN!r}\n" + SETUP
        server.city_id = int(server.manage("shell", "--no-imports", "--command", script).strip())
        yield server


@pytest.fixture
def phone(browser, site):  # noqa: F811
    # axe is added to the page by Playwright: the site's CSP would refuse it as an inline script.
    context = browser.new_context(
        base_url=site.base_url, locale="es-ES", viewport={"width": 375, "height": 800}, bypass_csp=True
    )
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    yield page
    close_context(context)


def fits(button):
    assert button.evaluate("button => button.scrollWidth <= button.clientWidth"), "the label is cut"
    found = button.bounding_box()
    assert found is not None and found["x"] + found["width"] <= 375


def test_the_out_of_date_link_page_passes_axe_and_fits_a_phone(phone):
    path = "/admin/cities/invitations/out-of-date/password/"
    found = violations(phone, path)
    assert not found, described(found)
    expect(phone.locator("html")).to_have_attribute("lang", "es")
    fits(phone.locator("main form button[name=new_link]"))


def test_choosing_a_password_on_a_phone_opens_the_city_signed_in(phone, site):
    path = f"/admin/cities/invitations/{TOKEN}/password/"
    found = violations(phone, path)
    assert not found, described(found)
    fits(phone.locator("main form button[type=submit]"))

    phone.fill("#id_new_password1", PASSWORD)
    phone.fill("#id_new_password2", PASSWORD)
    phone.locator("main form button[type=submit]").click()

    phone.wait_for_url(re.compile(rf"/admin/pages/{site.city_id}/edit/$"))
    expect(phone.locator(".messages")).to_contain_text("punto focal")
