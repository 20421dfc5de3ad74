"""axe-core's accessibility checks (WCAG 2.x A and AA) run in headless Chromium on the site server's pages,
for tests/test_accessibility_browser.py and the browser modules that check a page of their own.

axe-core comes from npm (package.json). A page opened with `new_page` bypasses the site's CSP, which would
refuse axe as an inline script. What axe reports in Wagtail's own admin markup is Wagtail's to fix
(WAGTAILS_OWN, each with where it comes from): `violations` leaves it out, `described` names the rest by
rule, impact and element.
"""

import re
from pathlib import Path

from tests.test_map_browser import TIMEOUT_MS, close_context

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


def new_page(browser, site, width=1280, storage_state=None):
    # axe is added to the page by Playwright: the site's CSP would refuse it as an inline script.
    context = browser.new_context(
        base_url=site.base_url,
        viewport={"width": width, "height": 900},
        bypass_csp=True,
        storage_state=storage_state,
    )
    context.set_default_timeout(TIMEOUT_MS)
    return context.new_page()


def signed_in(browser, site, username, password):
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


def without_wagtails_own(found):
    return [item for item in found if (item["rule"], item["target"]) not in WAGTAILS_OWN]


def violations(page, path):
    """What axe finds on `path`, opened in `page` and left to settle until the network is idle."""
    response = page.goto(path)
    assert response.status < 500, f"{path} answered {response.status}"
    page.wait_for_load_state("networkidle")
    page.add_script_tag(path=AXE_SOURCE)
    return without_wagtails_own(page.evaluate(RUN_AXE))


def described(found):
    return "\n".join(
        f"{item['rule']} ({item['impact']}) at {item['target']}: {item['summary']}" for item in found
    )
