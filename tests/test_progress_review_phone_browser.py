"""A reviewer on a phone (375 px) sees and types in every question's comment box of a submitted progress
report: the review's table puts question, answer and comment one under the other, where its three columns
left the comment box cut off at the screen's right edge with no way to scroll to it. On a wide screen it is
still a table, the comment beside the answer. Measured in headless Chromium.
"""

import pytest

from tests import test_map_browser
from tests.axe_checks import signed_in
from tests.site_server import SiteServer
from tests.test_map_browser import TIMEOUT_MS, browser, close_context, geocoder  # noqa: F401

pytestmark = pytest.mark.browser

chromium_executable = test_map_browser.chromium_executable

# Another city than the demo focal point's submits its report for the demo cycle, answered as the example.
SUBMIT_A_REPORT = """
from django.contrib.auth import get_user_model
from cities.models import CityPage
from progress import reports
from progress.demo import example_values
from progress.models import Cycle
staff = get_user_model().objects.get(username="staff")
cycle = Cycle.objects.order_by("-opens_on").first()
city = CityPage.objects.get(title="Bogotá", locale__language_code="es")
report = reports.start_report(city, cycle, staff)
report = reports.save_answers(report, example_values(cycle.framework), report.version, staff)
reports.submit(report, report.version, staff)
print("REPORT", report.pk)
"""

# Where each answer's comment box is, and the cell of the answer beside it.
BOXES_JS = """() => Array.from(document.querySelectorAll("form table textarea")).map((box) => {
    const r = box.getBoundingClientRect();
    const answer = box.closest("tr").querySelector("td").getBoundingClientRect();
    return {left: r.left, right: r.right, width: r.width, top: r.top, answerLeft: answer.left,
            answerBottom: answer.bottom};
})"""


@pytest.fixture(scope="module")
def site(chromium_executable, geocoder):  # noqa: F811
    commands = [("load_demo_progress_report",), ("shell", "--no-imports", "-c", SUBMIT_A_REPORT)]
    with SiteServer(geocoder_domain=geocoder.domain, setup_commands=commands) as server:
        yield server


@pytest.fixture(scope="module")
def staff_session(browser, site):  # noqa: F811
    return signed_in(browser, site, "staff", site.STAFF_PASSWORD)


def open_review(browser, site, staff_session, width, language="es"):  # noqa: F811
    context = browser.new_context(
        base_url=site.base_url,
        locale=language,
        viewport={"width": width, "height": 800},
        storage_state=staff_session,
    )
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    page.goto("/admin/reports/progress-reports/")
    href = page.locator("a[href*='/admin/progress/review/']", has_text="Bogotá").first.get_attribute("href")
    page.goto(href)
    return page


@pytest.mark.parametrize("language", ["es", "pt-BR", "en"])
def test_every_comment_box_is_on_screen_on_a_phone(browser, site, staff_session, language):  # noqa: F811
    page = open_review(browser, site, staff_session, 375, language)
    boxes = page.evaluate(BOXES_JS)
    page_width = page.evaluate("() => document.documentElement.scrollWidth")
    close_context(page.context)
    assert len(boxes) >= 10
    off_screen = [box for box in boxes if box["left"] < 0 or box["right"] > 375 or box["width"] < 200]
    assert not off_screen, f"comment boxes cut off or squeezed at 375 px: {off_screen[:3]}"
    # Each comment box comes under its answer.
    assert all(box["top"] >= box["answerBottom"] - 1 for box in boxes)
    assert page_width <= 375


def test_the_comment_is_beside_the_answer_on_a_wide_screen(browser, site, staff_session):  # noqa: F811
    page = open_review(browser, site, staff_session, 1280)
    boxes = page.evaluate(BOXES_JS)
    close_context(page.context)
    assert boxes and all(box["left"] > box["answerLeft"] + 100 for box in boxes)
