"""Issue #16: how long a focal point takes to complete a second-cycle progress report, whose answers are
carried over from the city's accepted first-cycle report, against completing the first one from scratch.

Headless Chromium drives the site served by another process (tests/site_server.py, as the browser tests
do) the way a person would: from the list of reports, "Start the report", a click on each radio button,
text typed a key at a time, and "Submit the report" once the page says the last change is saved. The
first cycle answers every question but the file one; UIL staff then accept it (`progress.reports.accept`
in the server's shell), and the second cycle changes three scale answers and one text, keeping the rest.
Each run has a city and focal point of its own (the framework and the two cycles are shared), so the
runs are alike; the table shows the medians of the runs and the ratio second / first.

    .venv/bin/python bench/report_completion.py             # 3 runs, about 2 minutes
    .venv/bin/python bench/report_completion.py --runs 5
"""

import argparse
import json
import re
import statistics
import sys
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from playwright.sync_api import expect, sync_playwright  # noqa: E402

from tests.site_server import PlaceStandIn, SiteServer  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"]
TIMEOUT_MS = 15_000
PASSWORD = "bench-focal-Pw-8164"
CYCLES = {"first": "Medición 2024–2025", "second": "Medición 2026–2027"}
SAVED = re.compile(r"^(Saved at|Guardado a las) \d\d:\d\d$")

# What the focal point writes in the first cycle, one text per focus area (in turn), and the number.
TEXTS = [
    "Abrimos doce círculos de lectura en los barrios con la red de bibliotecas municipales.",
    "La feria anual de oficios reunió a 40 cooperativas y 1.200 visitantes.",
    "El programa de huertas escolares llegó a 18 colegios públicos este año.",
    "Se firmó un convenio con la universidad para cursos nocturnos gratuitos.",
    "Las casas de la cultura ofrecen talleres de alfabetización digital para mayores.",
    "Formamos a 230 docentes en evaluación formativa con apoyo del ministerio.",
    "La mesa de empleo juvenil coordina prácticas con 25 empresas locales.",
    "Los centros comunitarios abren los sábados con actividades para familias.",
    "Creamos un consejo de aprendizaje con organizaciones de la sociedad civil.",
    "La alcaldía publicó el plan de ciudad del aprendizaje y su presupuesto.",
    "Un tablero en línea recoge los datos de participación de cada programa.",
    "Buscamos financiación de la cooperación internacional para ampliar la red.",
]
NUMBER = "38"
# The one text rewritten in the second cycle.
NEW_TEXT = "Los círculos de lectura son ya veinte y dos de ellos funcionan en la cárcel municipal."

# Run by `manage.py shell` in the server's environment; prints what the runs need as JSON.
SETUP = """
import datetime, json
from django.urls import reverse
from django.utils import timezone
from progress.models import Cycle
from progress.seed import ensure_framework
from tests import factories

framework = ensure_framework()
today = timezone.localdate()
days = datetime.timedelta(days=1)
cycles = {
    "first": Cycle.objects.create(name=CYCLES["first"], framework=framework, opens_on=today - 760 * days,
                                  due_on=today - 400 * days),
    "second": Cycle.objects.create(name=CYCLES["second"], framework=framework, opens_on=today - 30 * days,
                                   due_on=today + 60 * days),
}
cities = []
for run in range(RUNS):
    city = factories.CityFactory(title=f"Villa Medición {run + 1}")
    username = f"focal-medicion-{run + 1}"
    factories.FocalPointFactory(city=city, username=username, password=PASSWORD)
    cities.append({"id": city.pk, "username": username})
print(json.dumps({
    "cycles": {key: cycle.pk for key, cycle in cycles.items()},
    "cities": cities,
    "questions": [{"id": q.pk, "code": q.code, "kind": q.kind} for q in framework.questions()],
    "login": reverse("wagtailadmin_login"),
    "index": reverse("progress_city:index"),
    "edit": reverse("progress_city:edit", args=[999999]),
}))
"""

ACCEPT = """
from django.contrib.auth import get_user_model
from progress import reports
from progress.models import Report
report = Report.objects.get(city_id={city}, cycle_id={cycle})
reports.accept(report, report.version, get_user_model().objects.get(username="staff"))
"""

# Prints the report's state and its latest submission's answers as {code: [value, carried over]}.
SUBMITTED = """
import json
from progress.models import Report
report = Report.objects.get(city_id={city}, cycle_id={cycle})
submission = report.submissions.order_by("-number").first()
answers = {{row["code"]: [row["value"], row["carried_over"]] for row in submission.answers}}
print(json.dumps({{"state": report.state, "answers": answers}}))
"""


class BenchError(RuntimeError):
    pass


@dataclass(frozen=True)
class Step:
    """One thing the person does: click `target`, then type `typed` a key per character (after selecting
    the field's text with one shortcut when `replace`); `field` is left holding `value`."""

    target: str
    field: str = ""
    value: str = ""
    typed: str = ""
    replace: bool = False

    @property
    def keystrokes(self):
        return len(self.typed) + self.replace


@dataclass(frozen=True)
class Tally:
    fields: int
    clicks: int
    keystrokes: int


def first_cycle_answers(questions):
    """{code: value as the form sends it} for every question but the file ones, the same on every run."""
    answers, texts = {}, 0
    for number, question in enumerate(questions):
        kind = question["kind"]
        if kind == "scale":
            answers[question["code"]] = str(2 + number % 3)
        elif kind == "yes_no":
            answers[question["code"]] = "yes"
        elif kind == "number":
            answers[question["code"]] = NUMBER
        elif kind == "text":
            answers[question["code"]] = TEXTS[texts % len(TEXTS)]
            texts += 1
    return answers


def second_cycle_changes(questions, first, scales=3, texts=1):
    """The answers that changed since the first cycle: `scales` scale answers spread over the framework
    (one step up, or down from 5) and the first `texts` texts; {code: new value}."""
    scale_codes = [q["code"] for q in questions if q["kind"] == "scale"]
    spacing = max(1, len(scale_codes) // scales)
    changes = {}
    for code in scale_codes[spacing // 2 :: spacing][:scales]:
        value = int(first[code])
        changes[code] = str(value + 1 if value < 5 else value - 1)
    for code in [q["code"] for q in questions if q["kind"] == "text"][:texts]:
        changes[code] = NEW_TEXT
    return changes


def answer_steps(questions, answers, replace=False):
    """The steps giving `answers`, in the form's order (`replace`: texts already hold something)."""
    steps = []
    for question in questions:
        value = answers.get(question["code"])
        if value is None:
            continue
        field = f"q{question['id']}"
        if question["kind"] in ("scale", "yes_no"):
            steps.append(Step(f"input[type=radio][name={field}][value='{value}']", field, value))
        elif question["kind"] == "text":
            steps.append(Step(f"textarea[name={field}]", field, value, value, replace))
        else:
            steps.append(Step(f"input[name={field}]", field, value, value, replace))
    return steps


def plan(cycle_name, questions, answers, replace=False):
    """Everything the person does for a report: start it from the list, answer, submit."""
    start = Step(f"tbody tr:has(td:text-is('{cycle_name}')) button[type=submit]")
    submit = Step("button[name=action][value=submit]")
    return [start, *answer_steps(questions, answers, replace), submit]


def tally(steps):
    return Tally(
        fields=len({step.field for step in steps if step.field}),
        clicks=len(steps),
        keystrokes=sum(step.keystrokes for step in steps),
    )


def saves(step):
    """Whether a response is the autosave that carried `step`'s value."""
    part = f'name="{step.field}"\r\n\r\n{step.value}\r\n'

    def matches(response):
        request = response.request
        return (
            request.method == "POST"
            and "json" in request.headers.get("accept", "")
            and part in (request.post_data or "")
        )

    return matches


def complete(page, records, steps):
    """Do the steps from the list of reports to the confirmation of the submission; the seconds taken."""
    start, *answers, submit = steps
    began = time.perf_counter()
    page.goto(records["index"])
    page.locator(start.target).click()
    page.wait_for_url(re.compile(re.escape(records["edit"]).replace("999999", r"\d+") + "$"))
    with page.expect_response(saves(answers[-1]), timeout=120_000) as saved:
        for step in answers:
            page.locator(step.target).click()
            if step.replace:
                page.keyboard.press("ControlOrMeta+A")
            if step.typed:
                page.keyboard.type(step.typed)
    if not saved.value.ok:
        raise BenchError(f"the autosave failed ({saved.value.status}): {saved.value.text()[:500]}")
    expect(page.locator("[data-autosave-status]")).to_have_text(SAVED)
    page.locator(submit.target).click()
    message = page.locator(".messages li.success, .messages li.error").first
    message.wait_for(state="attached")
    if "error" in (message.get_attribute("class") or ""):
        raise BenchError(f"the report was not submitted: {message.inner_text()}")
    return time.perf_counter() - began


def stored_form(kind, value):
    """A value as the form sends it, from a submission's frozen answer."""
    if value is None:
        return None
    if kind == "yes_no":
        return "yes" if value else "no"
    if kind in ("scale", "number"):
        return f"{value:g}"
    return value


def check_submitted(site, city, cycle, expected, changed=None):
    """The report's latest submission holds the answers given (`expected`), carried over unless `changed`."""
    script = SUBMITTED.format(city=city, cycle=cycle)
    stored = json.loads(site.manage("shell", "--no-imports", "--command", script))
    if stored["state"] != "submitted":
        raise BenchError(f"the report is {stored['state']}, not submitted")
    kinds = {question["code"]: question["kind"] for question in site.records["questions"]}
    for code, value in expected.items():
        given, carried = stored["answers"][code]
        if stored_form(kinds[code], given) != value:
            raise BenchError(f"{code}: {given!r} was stored, {value!r} was given")
        if changed is not None and carried == (code in changed):
            raise BenchError(f"{code}: marked carried over: {carried}, but changed: {code in changed}")


def signed_in(browser, site, username):
    context = browser.new_context(
        base_url=site.base_url, locale="en-US", viewport={"width": 1280, "height": 900}
    )
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    page.goto(site.records["login"])
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.locator("form button[type=submit]").first.click()
    page.wait_for_url(re.compile(r"/admin/$"), wait_until="commit")
    return context, page


def run_once(browser, site, city, steps, first, changes):
    """One city's two reports; the seconds each took."""
    context, page = signed_in(browser, site, city["username"])
    cycles = site.records["cycles"]
    try:
        seconds = {"first": complete(page, site.records, steps["first"])}
        check_submitted(site, city["id"], cycles["first"], first)
        site.manage(
            "shell", "--no-imports", "--command", ACCEPT.format(city=city["id"], cycle=cycles["first"])
        )
        seconds["second"] = complete(page, site.records, steps["second"])
        check_submitted(site, city["id"], cycles["second"], {**first, **changes}, changed=changes)
    finally:
        context.close()
    return seconds


def table(tallies, times):
    """The Markdown table: per cycle the actions and the median time, and the ratio second / first."""
    rows = [
        "| Report | Fields touched | Clicks | Keystrokes | Time (s, median) |",
        "|---|---:|---:|---:|---:|",
    ]
    labels = {"first": "First cycle, from scratch", "second": "Second cycle, answers carried over"}
    medians = {key: statistics.median(values) for key, values in times.items()}
    for key, label in labels.items():
        counts = tallies[key]
        rows.append(
            f"| {label} | {counts.fields} | {counts.clicks} | {counts.keystrokes} | {medians[key]:.1f} |"
        )
    first, second = tallies["first"], tallies["second"]
    ratios = [
        second.fields / first.fields,
        second.clicks / first.clicks,
        second.keystrokes / first.keystrokes,
        medians["second"] / medians["first"],
    ]
    rows.append("| Second / first | " + " | ".join(f"{ratio:.2f}" for ratio in ratios) + " |")
    return "\n".join(rows)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3, help="runs to take the medians of (default 3)")
    runs = parser.parse_args().runs
    with PlaceStandIn() as geocoder, SiteServer(geocoder_domain=geocoder.domain) as site:
        constants = f"RUNS = {runs!r}\nCYCLES = {CYCLES!r}\nPASSWORD = {PASSWORD!r}\n"
        site.records = json.loads(site.manage("shell", "--no-imports", "--command", constants + SETUP))
        questions = site.records["questions"]
        first = first_cycle_answers(questions)
        changes = second_cycle_changes(questions, first)
        steps = {
            "first": plan(CYCLES["first"], questions, first),
            "second": plan(CYCLES["second"], questions, changes, replace=True),
        }
        times = {"first": [], "second": []}
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
            for number, city in enumerate(site.records["cities"], start=1):
                seconds = run_once(browser, site, city, steps, first, changes)
                print(
                    f"run {number}/{runs}: first {seconds['first']:.2f} s, second {seconds['second']:.2f} s"
                )
                for key, value in seconds.items():
                    times[key].append(value)
            browser.close()
    print()
    print(table({key: tally(value) for key, value in steps.items()}, times))


if __name__ == "__main__":
    main()
