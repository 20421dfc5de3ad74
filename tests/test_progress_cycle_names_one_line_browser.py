"""A cycle's name ("2024–2025") stays on one line in the progress listings: the staff's list of cycles and
a focal point's list of reports, on a phone (375 px) and on a screen whose table columns are narrow. The
en dash is a place a line may break, and a narrow column broke it there ("2024– / 2025").
Measured in headless Chromium: the years of each cycle's name are one line box.
"""

import pytest
from django.urls import reverse

from tests import test_map_browser
from tests.axe_checks import signed_in
from tests.site_server import SiteServer
from tests.test_map_browser import TIMEOUT_MS, browser, close_context, geocoder  # noqa: F401

pytestmark = pytest.mark.browser

chromium_executable = test_map_browser.chromium_executable

FOCAL_POINT, FOCAL_POINT_PASSWORD = "focal-ciclos", "browser-cycles-Pw-6620"

# Two cycles of the shipped framework, one past and one open, and a focal point of a city of their own.
SETUP = f"""
import datetime
from django.utils import timezone
from progress.models import Cycle, Framework
from tests import factories
today = timezone.localdate()
framework = Framework.objects.get()
Cycle.objects.all().delete()  # setup_network's demonstration cycle: a real network's cycles are years.
for name, opened, due, closed in (("2024–2025", -700, -400, -380), ("2026–2027", -30, 60, None)):
    Cycle.objects.create(
        name=name,
        framework=framework,
        opens_on=today + datetime.timedelta(days=opened),
        due_on=today + datetime.timedelta(days=due),
        closes_on=closed and today + datetime.timedelta(days=closed),
    )
city = factories.CityFactory(title="Villa de los Ciclos", country="CO")
factories.FocalPointFactory(city=city, username={FOCAL_POINT!r}, password={FOCAL_POINT_PASSWORD!r})
"""

# Each "YYYY–YYYY" in the cells of the page's listing, with the number of lines it takes.
YEARS_LINES_JS = r"""() => {
    const found = [];
    document.querySelectorAll("main table tbody td, main table tbody th").forEach((cell) => {
        const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
        let node;
        while ((node = walker.nextNode())) {
            if (!node.parentElement.offsetParent) continue;
            for (const match of node.data.matchAll(/\d{4}–\d{4}/g)) {
                const range = document.createRange();
                range.setStart(node, match.index);
                range.setEnd(node, match.index + match[0].length);
                const boxes = Array.from(range.getClientRects()).filter((r) => r.width > 0);
                found.push([match[0], new Set(boxes.map((r) => Math.round(r.top))).size]);
            }
        }
    });
    return found;
}"""


@pytest.fixture(scope="module")
def site(chromium_executable, geocoder):  # noqa: F811
    commands = [("shell", "--no-imports", "-c", SETUP)]
    with SiteServer(geocoder_domain=geocoder.domain, setup_commands=commands) as server:
        yield server


@pytest.fixture(scope="module")
def staff_session(browser, site):  # noqa: F811
    """The cookies of the demo UIL staff account, signed in once through the admin's login form."""
    return signed_in(browser, site, "staff", site.STAFF_PASSWORD)


@pytest.fixture(scope="module")
def focal_point_session(browser, site):  # noqa: F811
    """The cookies of the module's focal point, signed in once through the admin's login form."""
    return signed_in(browser, site, FOCAL_POINT, FOCAL_POINT_PASSWORD)


def signed_in_page(browser, site, session, width):  # noqa: F811
    viewport = {"width": width, "height": 800}
    context = browser.new_context(
        base_url=site.base_url, locale="es", viewport=viewport, storage_state=session
    )
    context.set_default_timeout(TIMEOUT_MS)
    return context, context.new_page()


def years_lines(page, path):
    """Each cycle name's lines, after checking that the page itself does not scroll sideways (a table
    may, within it)."""
    page.goto(path)
    assert page.evaluate("() => document.documentElement.scrollWidth") <= page.viewport_size["width"]
    return page.evaluate(YEARS_LINES_JS)


@pytest.mark.parametrize("width", [375, 560, 800, 920, 1040, 1280])
def test_the_cycles_listing_keeps_each_name_on_one_line(browser, site, staff_session, width):  # noqa: F811
    context, page = signed_in_page(browser, site, staff_session, width)
    found = years_lines(page, reverse("wagtailsnippets_progress_cycle:list"))
    close_context(context)
    assert {"2024–2025", "2026–2027"} <= {name for name, _lines in found}
    assert [name for name, lines in found if lines > 1] == []


@pytest.mark.parametrize("width", [375, 560, 800, 920, 1040, 1280])
def test_a_focal_point_s_reports_keep_each_cycle_name_on_one_line(browser, site, focal_point_session, width):  # noqa: F811
    context, page = signed_in_page(browser, site, focal_point_session, width)
    found = years_lines(page, reverse("progress_city:index"))
    close_context(context)
    assert {"2024–2025", "2026–2027"} <= {name for name, _lines in found}
    assert [name for name, lines in found if lines > 1] == []
