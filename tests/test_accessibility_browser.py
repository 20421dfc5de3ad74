"""The public pages and the admin pages of our own apps pass axe-core's accessibility checks (WCAG 2.x A and
AA: names, labels, contrast, landmarks, headings, keyboard reach), in headless Chromium.

axe-core comes from npm (package.json). The site is served with the first run's demo engagement log and
progress report, so that listings, reports, timelines and the person page have rows. Public pages are
checked at desktop and phone width, in the three languages; admin pages as UIL staff and as the demo
focal point of Medellín. What axe reports in Wagtail's own admin markup is Wagtail's to fix (WAGTAILS_OWN,
each with where it comes from); anything else fails the test, named by rule, impact and element.

Each page is a test of its own, so that a failure names the page; they share one server and one browser.
"""

import re
from pathlib import Path

import pytest

from tests import test_map_browser
from tests.site_server import SiteServer
from tests.test_map_browser import TIMEOUT_MS, browser, close_context, geocoder  # noqa: F401

pytestmark = pytest.mark.browser

# Debian's Chromium; without it these tests are skipped, except on CI where they must run.
chromium_executable = test_map_browser.chromium_executable

AXE_SOURCE = Path(__file__).resolve().parent.parent / "node_modules" / "axe-core" / "axe.min.js"

RUN_AXE = """async () => {
    const result = await axe.run(document, {resultTypes: ["violations"]});
    return result.violations.flatMap((rule) => rule.nodes.map((node) => ({
        rule: rule.id, impact: rule.impact, target: node.target.join(" "), summary: node.failureSummary,
    })));
}"""

# (rule, element) axe reports in Wagtail 8.0's admin markup, which our pages use as they are.
WAGTAILS_OWN = {
    # The sidebar's two navigation landmarks (wagtailadmin/js/sidebar.js) share one name.
    ("landmark-unique", ".w-h-\\[42px\\]"),
    # The create and edit views title the page with an h2 (wagtailadmin/generic/form.html).
    ("page-has-heading-one", "html"),
    # The tags field's typing box, added by the tag-it script of Wagtail's tag widget, has no label.
    ("label", ".ui-autocomplete-input"),
}

PUBLIC_PAGES = [
    "/",
    "/cities/",
    "/cities/?country=ZZ&q=" + "x" * 101,  # the filters' error messages
    ("/cities/", r"^/cities/[a-z0-9-]+/$"),  # a city page
    "/events/",
    ("/events/", r"^/events/(?!calendar/)[a-z0-9-]+/$"),  # an event page
    "/resources/",
    ("/resources/", r"^/resources/(?!feed/)[a-z0-9-]+/$"),  # a resource page
    "/practices/",
    "/search/?query=Colombia",  # results with filters
    "/search/?query=zzqqxxy",  # no result
    "/en/search/?query=learning&country=BR",  # results in another language (lang), a chosen filter
    "/no-such-page/",
    "/en/",
    "/en/cities/",
    "/pt-br/",
    "/pt-br/events/",
]

STAFF_PAGES = [
    "/admin/",
    "/admin/snippets/contacts/engagement/",
    "/admin/snippets/contacts/engagement/add/",
    "/admin/snippets/contacts/contact/",
    "/admin/snippets/contacts/contact/add/",
    "/admin/snippets/contacts/organisation/",
    "/admin/snippets/mailings/mailing/",
    "/admin/snippets/mailings/mailing/add/",
    "/admin/snippets/mailings/segment/add/",
    "/admin/snippets/events/registration/",
    "/admin/snippets/progress/cycle/",
    "/admin/reports/focal-point-activity/",
    "/admin/reports/profile-completeness/",
    "/admin/reports/engagements-by-country/",
    "/admin/reports/theme-coverage/",
    "/admin/reports/last-engagement/",
    "/admin/reports/event-attendance/",
    "/admin/reports/progress-reports/",
    "/admin/reports/progress-answers/",
    "/admin/reports/progress-measures/",
    "/admin/engagement-log/import/",
    "/admin/library/import/",
    "/admin/progress/import/",
    ("/admin/reports/last-engagement/", r"^/admin/cities/\d+/timeline/$"),  # a city's timeline
    ("/admin/snippets/contacts/contact/", r"^/admin/snippets/contacts/contact/edit/\d+/$"),
    ("/admin/snippets/contacts/engagement/", r"^/admin/snippets/contacts/engagement/edit/\d+/$"),
    "city editor",
]


FOCAL_POINT_PAGES = [
    "/admin/",
    "/admin/progress/my-city/",
    ("/admin/progress/my-city/", r"^/admin/progress/my-city/\d+/$"),  # the report's editor
    "/admin/events/my-city/",
    "/admin/cities/pages/search/?q=medellin",
    "city editor",
]

FOCAL_POINT_PASSWORD = "browser-focal-Pw-5170"
# The demo focal point of Medellín is made with a password of its own: the test sets one it knows.
SET_FOCAL_POINT_PASSWORD = (
    "from django.contrib.auth import get_user_model; "
    "user = get_user_model().objects.get(username='medellin'); "
    f"user.set_password('{FOCAL_POINT_PASSWORD}'); user.save()"
)


@pytest.fixture(scope="module")
def demo_site(chromium_executable, geocoder):  # noqa: F811
    commands = [
        ("load_demo_engagements",),
        ("load_demo_progress_report",),
        ("shell", "--no-imports", "-c", SET_FOCAL_POINT_PASSWORD),
    ]
    with SiteServer(geocoder_domain=geocoder.domain, setup_commands=commands) as server:
        yield server


def new_page(browser, site, width=1280, storage_state=None):  # noqa: F811
    # axe is added to the page by Playwright: the site's CSP would refuse it as an inline script.
    context = browser.new_context(
        base_url=site.base_url,
        viewport={"width": width, "height": 900},
        bypass_csp=True,
        storage_state=storage_state,
    )
    context.set_default_timeout(TIMEOUT_MS)
    return context.new_page()


def signed_in(browser, site, username, password):  # noqa: F811
    """The cookies of `username`, signed in through the admin's form."""
    page = new_page(browser, site)
    page.goto("/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.locator("form button[type=submit]").first.click()
    page.wait_for_url(re.compile(r"/admin/$"), wait_until="commit")
    state = page.context.storage_state()
    close_context(page.context)
    return state


@pytest.fixture(scope="module")
def staff_session(browser, demo_site):  # noqa: F811
    return signed_in(browser, demo_site, "staff", demo_site.STAFF_PASSWORD)


@pytest.fixture(scope="module")
def focal_point_session(browser, demo_site):  # noqa: F811
    return signed_in(browser, demo_site, "medellin", FOCAL_POINT_PASSWORD)


def linked_from(page, path, pattern):
    """The first link on `path` whose address matches `pattern`."""
    page.goto(path)
    for href in page.eval_on_selector_all(
        "a[href]", "links => links.map((link) => link.getAttribute('href'))"
    ):
        if re.search(pattern, href):
            return href
    raise AssertionError(f"{path} links to nothing matching {pattern}")


def resolved(page, site, target):
    if target == "city editor":
        [city] = [
            feature
            for feature in site.get_json("/api/cities.geojson?country=CO")["features"]
            if feature["properties"]["name"] == "Medellín"
        ]
        return f"/admin/pages/{city['id']}/edit/"
    return linked_from(page, *target) if isinstance(target, tuple) else target


def violations(page, path):
    response = page.goto(path)
    assert response.status < 500, f"{path} answered {response.status}"
    page.wait_for_load_state("networkidle")
    page.add_script_tag(path=AXE_SOURCE)
    found = page.evaluate(RUN_AXE)
    return [item for item in found if (item["rule"], item["target"]) not in WAGTAILS_OWN]


def described(found):
    return "\n".join(
        f"{item['rule']} ({item['impact']}) at {item['target']}: {item['summary']}" for item in found
    )


def page_id(target):
    return target if isinstance(target, str) else f"link {target[1]} on {target[0]}"


def assert_passes_axe(browser, site, target, width=1280, storage_state=None):  # noqa: F811
    page = new_page(browser, site, width=width, storage_state=storage_state)
    path = resolved(page, site, target)
    found = violations(page, path)
    close_context(page.context)
    assert not found, f"{path} at {width} px:\n{described(found)}"


@pytest.mark.parametrize("width", [1280, 375], ids=["desktop", "phone"])
@pytest.mark.parametrize("target", PUBLIC_PAGES, ids=page_id)
def test_public_pages_pass_axe(browser, demo_site, target, width):  # noqa: F811
    assert_passes_axe(browser, demo_site, target, width=width)


@pytest.mark.parametrize("target", STAFF_PAGES, ids=page_id)
def test_staff_admin_pages_pass_axe(browser, demo_site, staff_session, target):  # noqa: F811
    assert_passes_axe(browser, demo_site, target, storage_state=staff_session)


@pytest.mark.parametrize("target", FOCAL_POINT_PAGES, ids=page_id)
def test_focal_point_admin_pages_pass_axe(browser, demo_site, focal_point_session, target):  # noqa: F811
    assert_passes_axe(browser, demo_site, target, storage_state=focal_point_session)
