"""Staff run a reporting cycle: load the framework from a file, see where each city stands (late ones
too) on the dashboard and in a list, remind the late cities' focal points, export every answer; and a
first run of the site has the framework and a demonstration cycle.

Why this module is long: the list of cities, its filters, the dashboard, the reminder and both exports
read the same cycle of cities in every state.
"""

import csv
import io
from decimal import Decimal

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import formats, translation

from mailings.models import Mailing
from progress import reports
from progress.models import Cycle, Framework, Question, Report, ReportState
from progress.seed import FRAMEWORK_FILE, ensure_demo_cycle, ensure_framework
from progress.status import AnswersReport
from tests import factories
from tests.helpers import parse_html
from tests.progress_data import answered, make_cycle, make_framework

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_admin")]

HEADER = [
    "framework",
    "version",
    "area_code",
    "area_es",
    "focus_code",
    "focus_es",
    "focus_en",
    "question_code",
    "question_es",
    "question_en",
    "kind",
    "unit",
    "required",
]


def framework_row(code="1.1-a", kind="escala", unit="", required="sí", question="¿Cuánto avanzó?", **more):
    values = {
        "framework": "Marco de prueba",
        "version": "1",
        "area_code": "1",
        "area_es": "Beneficios",
        "focus_code": "1.1",
        "focus_es": "Cohesión social",
        "focus_en": "Social cohesion",
        "question_code": code,
        "question_es": question,
        "question_en": "",
        "kind": kind,
        "unit": unit,
        "required": required,
        **more,
    }
    return [values[name] for name in HEADER]


def framework_file(rows):
    text = io.StringIO()
    csv.writer(text).writerows([HEADER, *rows])
    return SimpleUploadedFile("marco.csv", text.getvalue().encode(), content_type="text/csv")


def load(client, rows, soup):
    response = client.post(
        reverse("progress_import:upload"), {"kind": "framework", "file": framework_file(rows)}
    )
    assert response.status_code == 302, response.context["form"].errors if response.context else response
    location = response["Location"]
    page = soup(client.get(location))
    statuses = {
        int(tr["data-line"]): (
            tr.select_one("[data-status]")["data-status"],
            " ".join(li.get_text(" ", strip=True) for li in tr.select(".import-errors li")),
        )
        for tr in page.select("table.import-preview tbody tr")
    }
    return location, statuses


def test_staff_load_a_framework_from_a_file_after_a_preview(staff_client, soup):
    rows = [framework_row(), framework_row("1.1-b", kind="número", unit="%", required="no")]
    location, statuses = load(staff_client, rows, soup)
    assert statuses == {2: ("create", ""), 3: ("create", "")}
    assert not Framework.objects.exists(), "the preview writes nothing"
    staff_client.post(location, {"action": "confirm"})
    framework = Framework.objects.get(name="Marco de prueba", version="1")
    questions = {q.code: q for q in framework.questions()}
    assert (questions["1.1-a"].kind, questions["1.1-a"].required) == ("scale", True)
    assert (questions["1.1-b"].kind, questions["1.1-b"].unit, questions["1.1-b"].required) == (
        "number",
        "%",
        False,
    )
    assert questions["1.1-a"].focus_area.label_en == "Social cohesion"
    # The same file again changes nothing; a corrected label is an update.
    _location, statuses = load(staff_client, rows, soup)
    assert statuses == {2: ("unchanged", ""), 3: ("unchanged", "")}
    _location, statuses = load(staff_client, [framework_row(question="¿Cuánto avanzó la ciudad?")], soup)
    assert statuses[2][0] == "update"


def test_a_bad_row_stops_the_whole_framework_file(staff_client, soup):
    rows = [
        framework_row(),
        framework_row("1.1-b", kind="dibujo"),
        framework_row("1.1-c", kind="escala", unit="%"),
    ]
    location, statuses = load(staff_client, rows, soup)
    assert statuses[2] == ("create", "")
    assert "Unknown kind of answer “dibujo”" in statuses[3][1]
    assert "Only a number has a unit." in statuses[4][1]
    staff_client.post(location, {"action": "confirm"})
    assert not Question.objects.exists()


def test_a_question_code_already_in_another_focus_area_of_the_version_is_refused(staff_client, soup):
    location, _statuses = load(staff_client, [framework_row()], soup)
    staff_client.post(location, {"action": "confirm"})
    elsewhere = framework_row(focus_code="1.2", focus_es="Economía", focus_en="Economy")
    location, statuses = load(staff_client, [elsewhere], soup)
    assert "Question 1.1-a is already in focus area 1.1 of this version" in statuses[2][1]
    staff_client.post(location, {"action": "confirm"})
    assert Question.objects.filter(code="1.1-a").count() == 1


def test_an_answered_question_keeps_its_kind(staff_client, soup, medellin, staff_user):
    rows = [framework_row()]
    location, _statuses = load(staff_client, rows, soup)
    staff_client.post(location, {"action": "confirm"})
    framework = Framework.objects.get()
    report = reports.start_report(medellin, make_cycle(framework), staff_user)
    answered(report, staff_user, {"1.1-a": 3})
    _location, statuses = load(staff_client, [framework_row(kind="texto")], soup)
    assert "has answers: its kind cannot change" in statuses[2][1]


def cycle_form(framework, name="2028–2029"):
    return {"name": name, "framework": framework.pk, "opens_on": "2028-01-15", "due_on": "2028-11-30"}


def test_a_cycle_is_only_opened_on_a_framework_with_questions(staff_client, soup):
    empty = Framework.objects.create(name="Key Features", version="2030")
    response = staff_client.post(reverse("wagtailsnippets_progress_cycle:add"), cycle_form(empty))
    assert response.status_code == 200
    assert "This framework has no questions yet" in soup(response).get_text()
    assert not Cycle.objects.exists()
    staff_client.post(reverse("wagtailsnippets_progress_cycle:add"), cycle_form(make_framework()))
    assert Cycle.objects.get().name == "2028–2029"


def test_a_focal_point_cannot_load_a_framework(client, focal_point_a):
    client.force_login(focal_point_a)
    response = client.get(reverse("progress_import:upload"))
    assert response.status_code in (302, 403)
    assert not Framework.objects.exists()


@pytest.fixture
def cycle_with_cities(staff_user, make_city):
    """A cycle past its due date: Lima submitted, Quito has a draft, Cusco never started."""
    framework = make_framework()
    cycle = make_cycle(framework, name="2024–2025", opens_in_days=-400, due_in_days=-10)
    lima, quito, cusco = (
        make_city(name, country=code) for name, code in (("Lima", "PE"), ("Quito", "EC"), ("Cusco", "PE"))
    )
    report = reports.start_report(lima, cycle, staff_user)
    answered(
        report, staff_user, {"1.1-a": 4, "3.3-a": True, "3.3-c": Decimal("30"), "1.1-b": '=HYPERLINK("x")'}
    )
    report.refresh_from_db()
    reports.submit(report, report.version, staff_user)
    reports.start_report(quito, cycle, staff_user)
    return cycle, {"Lima": lima, "Quito": quito, "Cusco": cusco}


def test_the_list_shows_each_city_s_standing_and_filters_the_late_ones(staff_client, cycle_with_cities):
    cycle, _cities = cycle_with_cities
    url = reverse("progress_status:index")
    page = parse_html(staff_client.get(url, {"cycle": cycle.pk}))
    rows = {
        tr.find("td").get_text(strip=True): tr.find_all("td")[2].get_text(strip=True)
        for tr in page.select("tbody tr")
    }
    assert rows == {"Cusco": "Late", "Lima": "Submitted", "Quito": "Late"}
    late = parse_html(staff_client.get(url, {"cycle": cycle.pk, "standing": "late"}))
    assert sorted(tr.find("td").get_text(strip=True) for tr in late.select("tbody tr")) == ["Cusco", "Quito"]
    assert "Remind the focal points of 2 late cities" in page.get_text()


@pytest.mark.parametrize("past_due", [False, True], ids=["before the due date", "past the due date"])
def test_the_list_filtered_by_state_shows_the_cities_in_that_state(
    staff_client, staff_user, make_city, past_due
):
    """The database filters the list (5,000 cities are paged there): it must agree with the state each
    city's row shows, for every state, before and after the due date. A report with an accepted version
    that is being revised stands as accepted, never late, unless its revision was submitted or returned
    for corrections."""
    cycle = make_cycle(make_framework(), due_in_days=-10 if past_due else 30)
    states = {
        "Arica": (None, False),
        "Belém": (ReportState.DRAFT, False),
        "Cali": (ReportState.SUBMITTED, False),
        "Durango": (ReportState.RETURNED, False),
        "Esmeraldas": (ReportState.ACCEPTED, True),
        "Florianópolis": (ReportState.DRAFT, True),
        "Guayaquil": (ReportState.RETURNED, True),
        "Huancayo": (ReportState.SUBMITTED, True),
    }
    for name, (state, has_accepted_version) in states.items():
        city = make_city(name)
        if state:
            report = reports.start_report(city, cycle, staff_user)
            Report.objects.filter(pk=report.pk).update(state=state, has_accepted_version=has_accepted_version)
    url = reverse("progress_status:index")

    def listed(**filters):
        page = parse_html(staff_client.get(url, {"cycle": cycle.pk, **filters}))
        return {
            tr.find("td").get_text(strip=True): tr.find_all("td")[2].get_text(strip=True)
            for tr in page.select("tbody tr")
        }

    shown = listed()
    expected_late = {"Arica", "Belém", "Durango"} if past_due else set()
    assert {name for name, label in shown.items() if label == "Late"} == expected_late
    assert shown["Cali"] == shown["Huancayo"] == "Submitted"
    assert shown["Esmeraldas"] == shown["Florianópolis"] == "Accepted"
    assert shown["Guayaquil"] == "Returned"
    assert shown["Durango"] == ("Late" if past_due else "Returned")
    for code, label in reports.STANDINGS.items():
        assert listed(standing=code) == {
            name: shown_label for name, shown_label in shown.items() if shown_label == str(label)
        }, code


def test_the_dashboard_counts_the_current_cycle(staff_client, cycle_with_cities):
    page = parse_html(staff_client.get(reverse("wagtailadmin_home")))
    panel = page.select_one("#progress-cycle-heading").find_parent("section")
    counts = {
        li.a.get_text(strip=True): li.get_text(strip=True).rsplit(":", 1)[1].strip()
        for li in panel.select("li")
    }
    assert counts["Late"] == "2" and counts["Submitted"] == "1" and counts["Accepted"] == "0"


def test_staff_write_a_reminder_to_the_focal_points_of_late_cities(staff_client, cycle_with_cities):
    cycle, cities = cycle_with_cities
    factories.ContactFactory(
        given_name="Quiteña",
        emails=["quitena@example.org"],
        consent_basis="public_task",
        roles=[{"city": cities["Quito"], "role": "focal_point"}],
    )
    response = staff_client.post(reverse("progress_reminders:remind", args=[cycle.pk]), follow=True)
    mailing = Mailing.objects.get()
    assert response.redirect_chain[0][0] == reverse(
        "wagtailsnippets_mailings_mailing:edit", args=[mailing.pk]
    )
    assert mailing.status == Mailing.Status.DRAFT
    assert set(mailing.segment.cities.values_list("title", flat=True)) == {"Quito", "Cusco"}
    assert "2024–2025" in mailing.subject_es and "2024–2025" in mailing.body_pt
    with translation.override("es"):
        assert f"venció el {formats.date_format(cycle.due_on)}," in mailing.body_es
    # Cusco's focal point (if it has one) is no contact: staff are told the mailing will not reach it.
    (warning,) = [str(message) for message in response.context["messages"] if message.level_tag == "warning"]
    assert "will not reach 1 city" in warning and warning.endswith(
        ": Cusco. Add its focal point under Contacts before sending."
    )


def test_no_reminder_is_written_for_a_closed_cycle(staff_client, cycle_with_cities):
    cycle, _cities = cycle_with_cities
    cycle.closes_on = cycle.due_on
    cycle.save()
    page = parse_html(staff_client.get(reverse("progress_status:index"), {"cycle": cycle.pk})).get_text()
    assert "reports can no longer be submitted" in page and "Remind the focal points" not in page

    response = staff_client.post(reverse("progress_reminders:remind", args=[cycle.pk]), follow=True)

    assert not Mailing.objects.exists()
    assert [str(message) for message in response.context["messages"]] == [
        f"The 2024–2025 cycle closed on {formats.date_format(cycle.closes_on)}: its late cities can no "
        "longer submit a report."
    ]


def test_a_focal_point_cannot_see_the_list_or_remind(client, focal_point_a, cycle_with_cities):
    cycle, _cities = cycle_with_cities
    client.force_login(focal_point_a)
    for response in (
        client.get(reverse("progress_status:index")),
        client.get(reverse("progress_answers:index")),
        client.post(reverse("progress_reminders:remind", args=[cycle.pk])),
    ):
        assert response.status_code in (302, 403)
    assert not Mailing.objects.exists()


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_the_list_of_cities_exports_each_city_s_state(staff_client, cycle_with_cities, file_format):
    cycle, _cities = cycle_with_cities
    query = {"cycle": cycle.pk, "export": file_format}
    response = staff_client.get(reverse("progress_status:index"), query)
    assert response.status_code == 200
    content = b"".join(response.streaming_content) if response.streaming else response.content
    if file_format == "csv":
        rows = [row[:3] for row in csv.reader(io.StringIO(content.decode("utf-8-sig")))]
    else:
        sheet = openpyxl.load_workbook(io.BytesIO(content)).active
        rows = [list(row[:3]) for row in sheet.iter_rows(values_only=True)]
    assert rows == [
        ["City", "Country", "State"],
        ["Cusco", "Peru", "Late"],
        ["Lima", "Peru", "Submitted"],
        ["Quito", "Ecuador", "Late"],
    ]


def test_the_answers_export_has_one_row_per_city_and_question_and_no_formula(staff_client, cycle_with_cities):
    cycle, _cities = cycle_with_cities
    response = staff_client.get(reverse("progress_answers:index"), {"cycle": cycle.pk, "export": "csv"})
    content = b"".join(response.streaming_content)
    assert content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))
    by_code = {row["Code"]: row for row in rows}
    assert set(by_code) == {"1.1-a", "1.1-b", "3.3-a", "3.3-c"}
    assert {row["City"] for row in rows} == {"Lima"}
    assert by_code["1.1-a"]["Answer"] == "4 of 5"
    assert by_code["3.3-c"]["Answer"] == "30 %"
    assert by_code["3.3-a"]["State"] == "Submitted"
    assert not by_code["1.1-b"]["Answer"].startswith("=")


def test_the_accepted_answers_export_leaves_out_a_reopened_report_s_draft(
    staff_client, staff_user, focal_point_a, medellin
):
    cycle = make_cycle(make_framework())
    report = reports.start_report(medellin, cycle, focal_point_a)
    answered(report, focal_point_a, {"1.1-a": 2, "3.3-a": True})
    report.refresh_from_db()
    report = reports.submit(report, report.version, focal_point_a)
    report = reports.accept(report, report.version, staff_user)
    report = reports.reopen(report, report.version, focal_point_a)
    answered(report, focal_point_a, {"1.1-a": 5})  # not reviewed: a draft of the next version

    def exported(standing):
        query = {"cycle": cycle.pk, "standing": standing, "export": "csv"}
        response = staff_client.get(reverse("progress_answers:index"), query)
        content = b"".join(response.streaming_content).decode("utf-8-sig")
        return {row["Code"]: (row["Answer"], row["State"]) for row in csv.DictReader(io.StringIO(content))}

    assert exported("accepted") == {}
    assert exported("draft")["1.1-a"] == ("5 of 5", "Draft")


def test_the_answers_page_holds_whole_cities_by_name_and_filters_by_state(
    staff_client, staff_user, cycle_with_cities, monkeypatch
):
    cycle, cities = cycle_with_cities
    quito = Report.objects.get(cycle=cycle, city=cities["Quito"])
    answered(quito, staff_user, {"1.1-a": 2})
    # One city per page (a page counted in answers would hold Lima's four and one of Quito's).
    monkeypatch.setattr(AnswersReport, "answers_per_page", cycle.framework.questions().count() + 1)
    url = reverse("progress_answers:index")

    def rows(**filters):
        page = parse_html(staff_client.get(url, {"cycle": cycle.pk, **filters}))
        return {
            (tr.find_all("td")[0].get_text(strip=True), tr.find_all("td")[2].get_text(strip=True).split()[0])
            for tr in page.select("tbody tr")
        }

    lima = {("Lima (Peru)", code) for code in ("1.1-a", "1.1-b", "3.3-a", "3.3-c")}
    assert rows() == lima
    assert rows(p=2) == {("Quito (Ecuador)", "1.1-a")}
    assert rows(standing="late") == {("Quito (Ecuador)", "1.1-a")}, "Quito's draft is past the due date"
    assert rows(standing="submitted") == lima


def test_the_seed_loads_the_framework_and_a_demonstration_cycle_once():
    for _run in range(2):
        ensure_demo_cycle(ensure_framework())
    framework = Framework.objects.get()
    rows = list(csv.DictReader(FRAMEWORK_FILE.open(encoding="utf-8")))
    assert framework.questions().count() == len(rows)
    assert framework.areas.count() == 3
    assert sum(area.focus_areas.count() for area in framework.areas.all()) == 12
    assert "learningcities.uil.unesco.org" in framework.source
    cycle = Cycle.objects.get()
    assert "demostración" in cycle.name and cycle.framework == framework


def test_a_focal_point_s_dashboard_shows_their_city_s_report(client, cycle_with_cities, english_admin):
    cycle, cities = cycle_with_cities
    focal_point = factories.FocalPointFactory(city=cities["Quito"])
    client.force_login(focal_point)
    page = parse_html(client.get(reverse("wagtailadmin_home")))
    panel = page.select_one("#my-progress-reports-heading").find_parent("section")
    assert f"Quito, {cycle.name}: Late" in " ".join(panel.get_text(" ", strip=True).split())
    assert panel.find("a")["href"] == reverse("progress_city:index")
    assert page.select_one("#progress-cycle-heading") is None, "the network's counts are for staff"


def test_who_reads_reports_but_writes_no_mailings_is_not_offered_the_reminder(client, cycle_with_cities):
    from django.contrib.auth.models import Permission

    cycle, _cities = cycle_with_cities
    reader = factories.UserFactory()
    reader.user_permissions.add(
        Permission.objects.get(codename="access_admin"), Permission.objects.get(codename="view_report")
    )
    client.force_login(reader)
    page = parse_html(client.get(reverse("progress_status:index"), {"cycle": cycle.pk}))
    assert "Late" in page.get_text() and "Remind the focal points" not in page.get_text()
    response = client.post(reverse("progress_reminders:remind", args=[cycle.pk]))
    assert response.status_code in (302, 403) and not Mailing.objects.exists()


def test_the_dashboard_counts_every_open_cycle_the_one_due_soonest_first(
    staff_client, staff_user, cycle_with_cities
):
    """Cycles overlap: a newer one opens while the older is still due. Neither's counts may vanish; a
    closed cycle is not counted."""
    cycle, cities = cycle_with_cities
    newer = make_cycle(cycle.framework, name="2026–2027", opens_in_days=-5, due_in_days=300)
    reports.start_report(cities["Lima"], newer, staff_user)
    closed = make_cycle(cycle.framework, name="2022–2023", opens_in_days=-900, due_in_days=-600)
    closed.closes_on = closed.due_on
    closed.save()
    page = parse_html(staff_client.get(reverse("wagtailadmin_home")))
    panel = page.select_one("#progress-cycle-heading").find_parent("section")
    shown = [section.h3.get_text(strip=True) for section in panel.select("section[data-cycle]")]
    assert shown == ["2024–2025", "2026–2027"]

    def counts(of):
        section = panel.select_one(f"section[data-cycle='{of.pk}']")
        return {
            li.a.get_text(strip=True): li.get_text(strip=True).rsplit(":", 1)[1].strip()
            for li in section("li")
        }

    assert counts(cycle)["Late"] == "2" and counts(cycle)["Submitted"] == "1"
    assert counts(newer)["Draft"] == "1" and counts(newer)["Not started"] == "2"
