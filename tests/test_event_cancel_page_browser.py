"""Staff's "Cancel a registration" page passes axe-core's checks (as tests/test_accessibility_browser.py
runs them), at desktop and phone width, in each of its states: the confirmation form of an active
registration, a registration already cancelled, and one of an event that has taken place.

The site is served by another process with a database of its own (tests/site_server.py); the
registrations are made there with the factories and the registration service.
"""

import pytest
from django.urls import reverse

from tests.axe_checks import described, new_page, violations
from tests.site_server import PlaceStandIn, SiteServer
from tests.test_events_browser import on_server, sign_in_as_staff

# The map tests' Chromium and its browser, closed with this module too.
from tests.test_map_browser import TIMEOUT_MS, browser, chromium_executable, close_context  # noqa: F401

pytestmark = pytest.mark.browser

MAKE_REGISTRATIONS = """
import json
from datetime import timedelta
from django.utils import timezone
from events.models import EventPage
from events.registration import Registrant, cancel, register
from tests.factories import EventFactory

now = timezone.now()
event = EventFactory(title="Taller de lectura en voz alta (cancelar)", capacity=5)
active = register(event, Registrant(given_name="Rosa", family_name="Mamani", email="rosa@example.org"))
gone = register(event, Registrant(given_name="Luis", family_name="Paz", email="luis@example.org"))
cancel(gone)
past = EventFactory(title="Taller ya celebrado (cancelar)")
held = register(past, Registrant(given_name="Eva", family_name="Ríos", email="eva@example.org"))
over = {"starts_at": now - timedelta(days=2), "ends_at": now - timedelta(days=1)}
EventPage.objects.filter(pk=past.pk).update(**over)
print(json.dumps({"active": active.pk, "cancelled": gone.pk, "past": held.pk}))
"""


@pytest.fixture(scope="module")
def site(chromium_executable):  # noqa: F811
    with PlaceStandIn() as geocoder, SiteServer(geocoder_domain=geocoder.domain) as server:
        yield server


@pytest.fixture(scope="module")
def registrations(site):
    return on_server(site, MAKE_REGISTRATIONS)


@pytest.fixture(scope="module")
def staff_session(browser, site):  # noqa: F811
    context = browser.new_context(base_url=site.base_url)
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    sign_in_as_staff(page, site)
    state = context.storage_state()
    close_context(context)
    return state


@pytest.mark.parametrize("width", [1280, 375], ids=["desktop", "phone"])
@pytest.mark.parametrize("state", ["active", "cancelled", "past"])
def test_the_cancel_page_passes_axe(browser, site, registrations, staff_session, state, width):  # noqa: F811
    page = new_page(browser, site, width=width, storage_state=staff_session)
    context = page.context
    path = reverse("wagtailsnippets_events_registration:cancel", args=[registrations[state]])
    found = violations(page, path)
    heading = page.locator("main h1, h1").first.inner_text()
    has_button = page.get_by_role("button", name="Yes, cancel the registration").count()
    close_context(context)
    assert not found, f"{path} at {width} px:\n{described(found)}"
    assert heading.strip(), "the page has a title"
    assert has_button == (1 if state == "active" else 0)
