"""A long text answer in a progress report is saved as the focal point types it, in a real browser.

The editor's autosave (progress/static/progress/js/report-autosave.js) may ask for a `keepalive` request,
so that a save started as the tab closes still arrives. Chromium refuses a keepalive request whose body is
over 64 KiB, and the save then never arrives: the status stays on "Not saved…" and the answer is lost.
This test types an answer of about 75 kB and checks that the status says it is saved and that the server's
database holds it. It reuses the site, the signed-in focal point and the helpers of
tests/test_progress_browser.py, with a report of its own.
"""

import json

import pytest
from playwright.sync_api import expect

# The progress browser tests' site, signed-in browser context and helpers; their Chromium too.
from tests.test_progress_browser import (  # noqa: F401
    SAVED,
    TEXT,
    TIMEOUT_MS,
    USERNAME,
    browser,
    chromium_executable,
    context,
    edit_path,
    new_page,
    site,
    status_of,
    stored,
    text_answer,
)

pytestmark = pytest.mark.browser

CYCLE_KEY = "long_answers"
CYCLE = "Navegador respuestas largas 2026–2027"
# 76,999 bytes in UTF-8 ("í" takes two): more than Chromium's 64 KiB for a keepalive request's body. No
# space at either end, as the form strips those.
LONG_ANSWER = " ".join(["Círculos de lectura."] * 3500)

# Run by `manage.py shell` in the server's environment: starts the focal point's report for a new cycle
# of the framework the other reports follow, and prints the ids of the cycle and the report as JSON.
START_REPORT = """
import json
from django.contrib.auth import get_user_model
from progress import reports
from progress.models import Report
from tests.progress_data import make_cycle

other = Report.objects.select_related("city", "cycle__framework").get(pk={other_report})
cycle = make_cycle(other.cycle.framework, name={cycle_name!r})
focal_point = get_user_model().objects.get(username={username!r})
print(json.dumps({{"cycle": cycle.pk, "report": reports.start_report(other.city, cycle, focal_point).pk}}))
"""


@pytest.fixture(scope="module")
def long_answers_report(site):  # noqa: F811
    """The id of a started report for a cycle of this module's own (known to `stored` as `CYCLE_KEY`)."""
    script = START_REPORT.format(
        other_report=site.records["reports"]["keyboard"], cycle_name=CYCLE, username=USERNAME
    )
    made = json.loads(site.manage("shell", "--no-imports", "--command", script))
    site.records["cycles"][CYCLE_KEY] = made["cycle"]
    return made["report"]


def test_a_text_answer_of_75_kb_is_saved_as_the_focal_point_types_it(context, site, long_answers_report):  # noqa: F811
    assert len(LONG_ANSWER.encode()) > 64 * 1024, "the answer must be over Chromium's keepalive limit"
    page = new_page(context)
    page.goto(edit_path(long_answers_report))
    answer = text_answer(page, site)
    answer.fill(LONG_ANSWER)

    expect(status_of(page)).to_have_text(SAVED, timeout=TIMEOUT_MS)
    assert stored(site, CYCLE_KEY)["answers"] == {TEXT: LONG_ANSWER}
