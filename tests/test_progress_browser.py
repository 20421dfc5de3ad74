"""A city's progress report in a real browser, as its focal point fills it in.

The editor saves by itself (progress/static/progress/js/report-autosave.js): 1.5 s after the last change,
and at once when the tab is hidden, with the answer shown in the status line and in the sections'
counters. Only a browser runs that script, fires its timers and events, moves through radio buttons with
the keyboard and closes a tab, so these tests drive headless Chromium against the site served by another
process (tests/site_server.py, as in tests/test_map_browser.py). The server has a database of its own:
the records are made there (`SETUP`) and what was saved is read back there too (`site.manage("shell", ...)`).

Why this module is long: every test shares the one site and browser, which take long to start, and what
each checks (timers, tabs closing, signing out in another tab, files) only a browser does.
"""

import json
import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.axe_checks import signed_in
from tests.site_server import PlaceStandIn, SiteServer

# The map tests' Chromium and its browser, closed with this module too.
from tests.test_map_browser import TIMEOUT_MS, browser, chromium_executable, close_context  # noqa: F401

pytestmark = pytest.mark.browser

CITY = "Villa Progreso (prueba)"
USERNAME = "focal-navegador"
PASSWORD = "browser-focal-Pw-5173"
# One cycle per test, so that each test has a report of its own: the first is started in the browser.
CYCLES = {
    "autosave": "Navegador autoguardado 2026–2027",
    "conflict": "Navegador conflicto 2026–2027",
    "keyboard": "Navegador teclado 2026–2027",
    "long_answer": "Navegador respuesta larga 2026–2027",
    "submit": "Navegador envío 2026–2027",
    "signed_out": "Navegador sesión cerrada 2026–2027",
    "file_once": "Navegador archivo una vez 2026–2027",
    "decimal_comma": "Navegador coma decimal 2026–2027",
    "status_in_view": "Navegador estado a la vista 2026–2027",
}
SCALE, TEXT = "1.1-a", "1.1-b"  # a required scale question and an optional text one, both in section 1.1
YES_NO = "3.3-a"  # the framework's other required question
SHARE, FILE = "3.3-c", "3.3-d"  # a percentage (at most 100) and an evidence file, both optional
SECTION = "section-1-1"
# What the status says after a save. `expect` waits 5 s unless told otherwise: waits for a save are given
# TIMEOUT_MS, as a save comes 1.5 s after the last change and the server answers after that.
SAVED = re.compile(r"^Saved at \d\d:\d\d$")
# 76,999 bytes in UTF-8 ("í" takes two): over the 64 KiB Chromium allows a keepalive request's body. No
# space at either end, as the form strips those.
LONG_ANSWER = " ".join(["Círculos de lectura."] * 3500)

# Run by `manage.py shell` in the server's environment; prints the ids the tests need as JSON.
SETUP = """
import json
from progress import reports
from tests import factories
from tests.progress_data import make_cycle, make_framework, question

city = factories.CityFactory(title=CITY)
focal_point = factories.FocalPointFactory(
    city=city, username=USERNAME, password=PASSWORD, first_name="Lucía", last_name="Paredes"
)
framework = make_framework(name="Marco de prueba del navegador")
cycles = {key: make_cycle(framework, name=name) for key, name in CYCLES.items()}
# The other tests' reports are started already; the autosave test starts its own from the list.
started = {
    key: reports.start_report(city, cycle, focal_point).pk
    for key, cycle in cycles.items()
    if key != "autosave"
}
print(json.dumps({
    "city": city.pk,
    "cycles": {key: cycle.pk for key, cycle in cycles.items()},
    "reports": started,
    "questions": {code: question(framework, code).pk for code in (SCALE, TEXT, YES_NO, SHARE, FILE)},
}))
"""

# Prints the state of a cycle's report.
STATE_OF = """
from progress.models import Report
print(Report.objects.get(city_id={city}, cycle_id={cycle}).state)
"""

# Prints the stored version of a cycle's report and its given answers as {question code: value}.
ANSWERS_OF = """
import json
from decimal import Decimal
from progress.models import Report
from progress.reports import value_of
report = Report.objects.get(city_id={city}, cycle_id={cycle})
values = {{answer.question.code: value_of(answer) for answer in report.answers.select_related("question")}}
print(json.dumps({{
    "version": report.version,
    "answers": {{
        code: float(value) if isinstance(value, Decimal) else value
        for code, value in values.items()
        if value is not None
    }},
}}))
"""

# Prints how many documents have a title ending with `name` (an evidence file's title ends with its name).
DOCUMENTS_NAMED = """
from wagtail.documents import get_document_model
print(get_document_model().objects.filter(title__endswith={name!r}).count())
"""


# --- Fixtures ----------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def site(chromium_executable):  # noqa: F811
    """The site served by `runserver` from a database of its own, with this module's records."""
    with PlaceStandIn() as geocoder, SiteServer(geocoder_domain=geocoder.domain) as server:
        constants = {
            "CITY": CITY,
            "USERNAME": USERNAME,
            "PASSWORD": PASSWORD,
            "CYCLES": CYCLES,
            "SCALE": SCALE,
            "TEXT": TEXT,
            "YES_NO": YES_NO,
            "SHARE": SHARE,
            "FILE": FILE,
        }
        script = "".join(f"{name} = {value!r}\n" for name, value in constants.items()) + SETUP
        server.records = json.loads(server.manage("shell", "--no-imports", "--command", script))
        yield server


@pytest.fixture(scope="module")
def focal_point_session(browser, site):  # noqa: F811
    """The cookies of the city's focal point, signed in once through the admin's login form: signing in
    takes seconds (the password's hash), and no test but the one about signing out needs a session of its
    own."""
    return signed_in(browser, site, USERNAME, PASSWORD)


@pytest.fixture
def context(browser, site, focal_point_session):  # noqa: F811
    """A browser context signed in as the city's focal point (the module's session)."""
    context = browser.new_context(
        base_url=site.base_url,
        locale="en-US",
        viewport={"width": 1280, "height": 900},
        storage_state=focal_point_session,
    )
    context.set_default_timeout(TIMEOUT_MS)
    context.pages_opened = []
    yield context
    assert_no_errors_in(context)
    close_context(context)


@pytest.fixture
def context_with_its_own_session(browser, site):  # noqa: F811
    """A browser context signed in as the city's focal point through the admin's login form: a session
    that the test may end without ending the other tests'."""
    context = browser.new_context(
        base_url=site.base_url, locale="en-US", viewport={"width": 1280, "height": 900}
    )
    context.set_default_timeout(TIMEOUT_MS)
    context.pages_opened = []
    # The dashboard is left open, to close with the context: closing a tab while its navigation commits
    # can hang Chromium for good (microsoft/playwright#42068), and did in CI.
    sign_in(new_page(context))
    yield context
    assert_no_errors_in(context)
    close_context(context)


def assert_no_errors_in(context):
    for opened in context.pages_opened:
        assert opened.errors == [], f"uncaught errors in the page: {opened.errors}"
        assert opened.server_errors == [], f"server errors: {opened.server_errors}"


# --- Helpers -----------------------------------------------------------------------------------------


def new_page(context):
    """A new tab, recording its uncaught script errors and the server errors it meets."""
    page = context.new_page()
    page.errors = []
    page.server_errors = []
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    page.on("response", lambda response: response.status >= 500 and page.server_errors.append(response.url))
    context.pages_opened.append(page)
    return page


def edit_path(report_id):
    return reverse("progress_city:edit", args=[report_id])


def scale_radio(page, site, value):
    return page.locator(f"input[type=radio][name=q{site.records['questions'][SCALE]}][value='{value}']")


def text_answer(page, site):
    return page.locator(f"textarea[name=q{site.records['questions'][TEXT]}]")


def status_of(page):
    return page.locator("form [data-autosave-status][role=status]")


def expect_counted(page, number):
    """Every counter of section 1.1 (in the list of sections and over the section) shows `number`."""
    counters = page.locator(f"[data-progress-for={SECTION}]")
    expect(counters.first).to_be_attached()
    for index in range(counters.count()):
        expect(counters.nth(index)).to_have_text(str(number))


def stored(site, cycle_key):
    """The report's version and answers as the server's database holds them."""
    script = ANSWERS_OF.format(city=site.records["city"], cycle=site.records["cycles"][cycle_key])
    return json.loads(site.manage("shell", "--no-imports", "--command", script))


# --- Tests -------------------------------------------------------------------------------------------


def sign_in(page):
    page.goto(reverse("wagtailadmin_login"))
    page.fill("#id_username", USERNAME)
    page.fill("#id_password", PASSWORD)
    page.locator("form button[type=submit]").first.click()
    page.wait_for_url(re.compile(r"/admin/$"))


def test_answers_are_saved_as_the_focal_point_types_and_are_there_after_the_tab_is_closed(context, site):
    page = new_page(context)
    page.goto(reverse("progress_city:index"))
    row = page.locator("tbody tr").filter(has_text=CYCLES["autosave"])
    expect(row).to_contain_text(CITY)
    row.get_by_role("button", name="Start the report").click()
    page.wait_for_url(re.compile(r"/admin/progress/my-city/\d+/$"))
    report_path = page.url

    status = status_of(page)
    expect_counted(page, 0)
    expect(status).to_have_text("")
    scale_radio(page, site, 4).click()
    text_answer(page, site).press_sequentially("Cuarenta círculos de lectura en los barrios.")

    # No button is pressed: the page saves by itself and says so.
    expect(status).to_have_text(SAVED, timeout=TIMEOUT_MS)
    expect_counted(page, 1)
    expect(page.locator("[data-progress-total]")).to_have_text("1")
    assert page.url == report_path, "the page was left: the form was submitted rather than saved in place"
    page.close()

    page = new_page(context)
    page.goto(report_path)
    expect(scale_radio(page, site, 4)).to_be_checked()
    expect(text_answer(page, site)).to_have_value("Cuarenta círculos de lectura en los barrios.")
    expect_counted(page, 1)
    assert stored(site, "autosave")["answers"] == {
        SCALE: 4,
        TEXT: "Cuarenta círculos de lectura en los barrios.",
    }


def test_a_save_over_another_tab_s_newer_save_is_refused_and_said(context, site):
    path = edit_path(site.records["reports"]["conflict"])
    tab_a = new_page(context)
    tab_a.goto(path)
    tab_b = new_page(context)
    tab_b.goto(path)
    expect(text_answer(tab_b, site)).to_be_editable()

    tab_a.bring_to_front()
    scale_radio(tab_a, site, 2).click()
    expect(status_of(tab_a)).to_have_text(SAVED, timeout=TIMEOUT_MS)
    assert stored(site, "conflict")["answers"] == {SCALE: 2}

    # Tab B still holds the version it was opened with.
    tab_b.bring_to_front()
    text_answer(tab_b, site).press_sequentially("Escrito en la otra pestaña.")
    expect(status_of(tab_b)).to_contain_text("after you opened it", timeout=TIMEOUT_MS)
    expect(status_of(tab_b)).to_contain_text("Nothing of yours was saved")
    expect(status_of(tab_b)).to_have_class(re.compile(r"\berror-message\b"))

    after = stored(site, "conflict")
    assert after["answers"] == {SCALE: 2}, "tab B's answer was stored over tab A's newer save"
    # A refused save does not count tab B's answers as given.
    expect_counted(tab_b, 0)


def test_the_scale_is_chosen_with_the_keyboard_and_saved(context, site):
    page = new_page(context)
    page.goto(edit_path(site.records["reports"]["keyboard"]))
    name = f"q{site.records['questions'][SCALE]}"
    # From the last link of the list of sections, Tab moves on into the form.
    page.get_by_role("navigation", name="Sections").get_by_role("link").last.focus()
    focused_name = "() => document.activeElement && document.activeElement.name"
    for _ in range(10):
        page.keyboard.press("Tab")
        if page.evaluate(focused_name) == name:
            break
    assert page.evaluate(focused_name) == name, "Tab does not reach the scale's radio buttons"
    assert page.evaluate("() => document.activeElement.type") == "radio"
    expect(page.locator("input[type=radio]:checked")).to_have_count(0)

    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    expect(scale_radio(page, site, 3)).to_be_checked()
    expect(scale_radio(page, site, 3)).to_be_focused()
    expect(status_of(page)).to_have_text(SAVED, timeout=TIMEOUT_MS)
    expect_counted(page, 1)
    assert stored(site, "keyboard")["answers"] == {SCALE: 3}


def test_submit_pressed_while_a_save_is_on_its_way_submits_the_report(context, site):
    """The autosave posts the form too: a press of "Submit" during that save must wait for its answer
    (and the report's new version), not race it. The save reaches the server at once; its answer is held
    back until the button has been pressed."""
    page = new_page(context)
    path = edit_path(site.records["reports"]["submit"])
    held = []

    def hold_autosave_answers(route):
        if "application/json" in (route.request.headers.get("accept") or ""):
            held.append((route, route.fetch()))
        else:
            route.continue_()

    page.route(f"**{path}", hold_autosave_answers)
    page.goto(path)
    page.locator(f"input[type=radio][name=q{site.records['questions'][YES_NO]}][value=yes]").click()
    scale_radio(page, site, 5).click()
    expect(status_of(page)).to_have_text("Saving…", timeout=TIMEOUT_MS)
    for _ in range(100):
        if held:
            break
        page.wait_for_timeout(50)
    assert held, "the autosave did not reach the server"
    page.get_by_role("button", name="Submit the report").click()
    route, answer = held.pop()
    route.fulfill(response=answer)
    expect(page.locator(".messages")).to_contain_text("The report is submitted", timeout=TIMEOUT_MS)
    script = STATE_OF.format(city=site.records["city"], cycle=site.records["cycles"]["submit"])
    assert site.manage("shell", "--no-imports", "--command", script).strip() == "submitted"


def test_a_text_answer_of_75_kb_is_saved_as_the_focal_point_types_it(context, site):
    """The autosave may ask for a keepalive request, so that a save started as the tab closes arrives;
    Chromium refuses one whose body is over 64 KiB, and such a save never arrived ("Not saved…")."""
    assert len(LONG_ANSWER.encode()) > 64 * 1024
    page = new_page(context)
    page.goto(edit_path(site.records["reports"]["long_answer"]))
    text_answer(page, site).fill(LONG_ANSWER)
    expect(status_of(page)).to_have_text(SAVED, timeout=TIMEOUT_MS)
    assert stored(site, "long_answer")["answers"] == {TEXT: LONG_ANSWER}


def test_when_the_session_has_ended_the_page_says_so_keeps_the_answers_and_saves_once_signed_in_again(
    context_with_its_own_session, site
):
    """Signed out in another tab (or the session expired), an autosave was sent to the login page: it said
    "the connection failed" and tried again every 1.5 s, and "Save draft" then led to the login page
    without the answers."""
    context = context_with_its_own_session
    page = new_page(context)
    path = edit_path(site.records["reports"]["signed_out"])
    autosaves = []

    def count_autosaves(request):
        if request.method == "POST" and "application/json" in (request.headers.get("accept") or ""):
            autosaves.append(request.url)

    page.on("request", count_autosaves)
    page.goto(path)
    expect(text_answer(page, site)).to_be_editable()
    csrf_token = next(cookie["value"] for cookie in context.cookies() if cookie["name"] == "csrftoken")
    signed_out = page.request.post(
        reverse("wagtailadmin_logout"), headers={"X-CSRFToken": csrf_token, "Referer": site.base_url}
    )
    assert signed_out.ok

    text_answer(page, site).press_sequentially("Escrito después de cerrar la sesión.")
    status = status_of(page)
    expect(status).to_contain_text("you are signed out", timeout=TIMEOUT_MS)
    expect(status).to_contain_text("Sign in again in another tab")
    expect(status).to_have_class(re.compile(r"\berror-message\b"))
    # Said once, not tried again by itself.
    page.wait_for_timeout(4000)
    assert len(autosaves) == 1, "the autosave kept trying while signed out"

    # A button pressed meanwhile does not leave the page, whose answers would be lost.
    with page.expect_response(lambda response: response.request.method == "POST"):
        page.get_by_role("button", name="Save draft").click()
    expect(status).to_contain_text("you are signed out")
    assert page.url.endswith(path)
    expect(text_answer(page, site)).to_have_value("Escrito después de cerrar la sesión.")

    # Signed in again in another tab (with a new CSRF token): the same button saves.
    sign_in(new_page(context))
    page.bring_to_front()
    page.get_by_role("button", name="Save draft").click()
    expect(page.locator(".messages")).to_contain_text("Your answers are saved", timeout=TIMEOUT_MS)
    assert stored(site, "signed_out")["answers"] == {TEXT: "Escrito después de cerrar la sesión."}


def test_an_evidence_file_is_stored_once_while_another_answer_has_an_error(context, site):
    """A save with an answer in error stores the others, the file among them: the file was sent again with
    every save until the error was corrected, and stored again each time."""
    page = new_page(context)
    page.goto(edit_path(site.records["reports"]["file_once"]))
    share = page.locator(f"input[name=q{site.records['questions'][SHARE]}]")
    evidence = page.locator(f"input[type=file][name=q{site.records['questions'][FILE]}]")
    status = status_of(page)

    share.fill("150")
    expect(status).to_contain_text("less than or equal to 100", timeout=TIMEOUT_MS)
    evidence.set_input_files(
        {"name": "plan-una-vez.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4 plan"}
    )
    expect(evidence).to_have_value("", timeout=TIMEOUT_MS)
    text_answer(page, site).press_sequentially("Otra respuesta.")
    expect(status).to_contain_text("less than or equal to 100", timeout=TIMEOUT_MS)
    share.fill("15")
    expect(status).to_have_text(SAVED, timeout=TIMEOUT_MS)

    after = stored(site, "file_once")["answers"]
    assert after[SHARE] == 15 and after[TEXT] == "Otra respuesta." and after[FILE]
    script = DOCUMENTS_NAMED.format(name="plan-una-vez.pdf")
    assert site.manage("shell", "--no-imports", "--command", script).strip() == "1"


def test_a_decimal_comma_typed_in_a_spanish_browser_is_stored_as_a_decimal(
    browser,  # noqa: F811
    site,
    focal_point_session,
):
    """A browser's number field read "12,5" in a Spanish browser as 125: the answer is typed as text."""
    context = browser.new_context(base_url=site.base_url, locale="es-CO", storage_state=focal_point_session)
    context.set_default_timeout(TIMEOUT_MS)
    context.pages_opened = []
    try:
        page = new_page(context)
        page.goto(edit_path(site.records["reports"]["decimal_comma"]))
        page.locator(f"input[name=q{site.records['questions'][SHARE]}]").press_sequentially("12,5")
        expect(status_of(page)).to_have_text(re.compile(r"\d\d:\d\d$"), timeout=TIMEOUT_MS)
        assert stored(site, "decimal_comma")["answers"] == {SHARE: 12.5}
        assert page.errors == [] and page.server_errors == []
    finally:
        close_context(context)


def test_the_save_status_is_in_view_where_the_focal_point_types(context, site):
    """The status line sat at the foot of the form: typing near the top, nobody saw "Saved at…". It stays
    in view, and is announced politely, without taking the focus."""
    page = new_page(context)
    page.set_viewport_size({"width": 1280, "height": 500})
    page.goto(edit_path(site.records["reports"]["status_in_view"]))
    scale_radio(page, site, 2).click()
    status = status_of(page)
    expect(status).to_have_text(SAVED, timeout=TIMEOUT_MS)
    expect(status).to_have_attribute("aria-live", "polite")
    expect(status).to_be_in_viewport()
    expect(scale_radio(page, site, 2)).to_be_focused()
    expect(scale_radio(page, site, 2)).to_be_in_viewport()
