"""A mailing's page in a real browser while the worker sends it: the counts and the state change on the
page by themselves (static/mailings/js/mailing-state.js reads the state fragment again every few seconds),
and once the mailing is sent the page stops reading it; the page passes axe-core's checks on a phone. The
site is served by another process with a database of its own (tests/site_server.py), where the test plays
the worker's part."""

import json
import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.axe_checks import described, violations
from tests.site_server import PlaceStandIn, SiteServer
from tests.test_map_browser import TIMEOUT_MS, browser, chromium_executable, close_context  # noqa: F401

pytestmark = pytest.mark.browser

USERNAME = "staff-envios"
PASSWORD = "browser-staff-Pw-8841"

SETUP = f"""
import json
from mailings.models import Delivery, Mailing, Segment
from tests import factories

factories.StaffFactory(username={USERNAME!r}, password={PASSWORD!r})
segment = Segment.objects.create(name="Navegador")
mailings = {{}}
for key in ("sent_meanwhile", "still_sending"):
    mailings[key] = Mailing.objects.create(
        segment=segment, subject_es="Boletín", body_es="Hola.", status=Mailing.Status.SENDING
    )
    for number in range(3):
        Delivery.objects.create(
            mailing=mailings[key], contact=factories.ContactFactory(), address=f"p{{number}}@example.org",
            status=Delivery.Status.PENDING,
        )
print(json.dumps({{key: mailing.pk for key, mailing in mailings.items()}}))
"""

# The worker's part: every message goes out and the mailing is sent.
SENT = """
from mailings.models import Delivery, Mailing
Delivery.objects.filter(mailing_id={mailing}).update(status=Delivery.Status.SENT)
Mailing.objects.filter(pk={mailing}).update(status=Mailing.Status.SENT)
"""


@pytest.fixture(scope="module")
def site(chromium_executable):  # noqa: F811
    with PlaceStandIn() as geocoder, SiteServer(geocoder_domain=geocoder.domain) as server:
        server.records = json.loads(server.manage("shell", "--no-imports", "--command", SETUP))
        yield server


def signed_in_page(browser, site, width=1280):  # noqa: F811
    # axe is added to the page by Playwright: the site's CSP would refuse it as an inline script.
    context = browser.new_context(
        base_url=site.base_url, locale="en-US", viewport={"width": width, "height": 900}, bypass_csp=True
    )
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    page.goto(reverse("wagtailadmin_login"))
    page.fill("#id_username", USERNAME)
    page.fill("#id_password", PASSWORD)
    page.locator("form button[type=submit]").first.click()
    page.wait_for_url(re.compile(r"/admin/$"))
    return page


def test_the_page_shows_the_sending_as_it_goes_and_then_stops_reading(browser, site):  # noqa: F811
    page = signed_in_page(browser, site)
    errors, states_read = [], []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("request", lambda request: "/state/" in request.url and states_read.append(request.url))
    mailing = site.records["sent_meanwhile"]
    page.goto(reverse("wagtailsnippets_mailings_mailing:inspect", args=[mailing]))
    region = page.locator("[aria-live=polite]")
    expect(region.locator("h2")).to_have_text("Sending")
    expect(region.locator("dt")).to_have_text(["Waiting"])

    site.manage("shell", "--no-imports", "--command", SENT.format(mailing=mailing))

    expect(region.locator("h2")).to_have_text("Sent", timeout=3 * TIMEOUT_MS)
    expect(region.locator("dt")).to_have_text(["Sent"])
    expect(region.locator("dd")).to_have_text(["3"])
    expect(region.get_by_role("link", name="Reload to see the progress")).to_have_count(0)
    read = len(states_read)
    page.wait_for_timeout(7000)  # longer than the interval: no more reading once sent
    assert len(states_read) == read
    assert errors == []
    close_context(page.context)


def test_the_page_of_a_mailing_being_sent_passes_axe_on_a_phone(browser, site):  # noqa: F811
    page = signed_in_page(browser, site, width=375)
    mailing = site.records["still_sending"]

    found = violations(page, reverse("wagtailsnippets_mailings_mailing:inspect", args=[mailing]))

    close_context(page.context)
    assert not found, described(found)
