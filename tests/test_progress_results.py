"""What accepted progress reports show: a city's measures charted cycle by cycle (its public page shows
those it made public, its staff page all of them) and the staff report of each measure across the network
and per country, which never shows the figures of fewer than five cities."""

from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from wagtail.models import Locale

from cities.models import CityPage
from progress.models import Area, Cycle, Feature, FocusArea, Framework, Question, Report, Submission
from progress.results import Measure, city_measures, city_progress, network_summary
from tests.factories import CityFactory, FocalPointFactory
from tests.helpers import assert_refused, csv_rows

pytestmark = pytest.mark.django_db

# --- Data: a framework of three questions, two cycles, and submissions made directly ------------------------


@pytest.fixture
def framework(db):
    framework = Framework.objects.create(name="Key Features", version="test")
    area = Area.objects.create(framework=framework, code="1", label_es="Beneficios", label_en="Benefits")
    focus_area = FocusArea.objects.create(
        area=area, code="1.1", label_es="Empoderamiento", label_en="Empowerment"
    )
    feature = Feature.objects.create(
        focus_area=focus_area, code="1.1.1", label_es="Inclusión", label_en="Inclusion"
    )
    return framework, feature


@pytest.fixture
def questions(framework):
    _framework, feature = framework

    def question(code, kind, label_es, label_en, unit=""):
        return Question.objects.create(
            focus_area=feature.focus_area,
            feature=feature,
            code=code,
            kind=kind,
            unit=unit,
            label_es=label_es,
            label_en=label_en,
        )

    return {
        "scale": question("1.1.1a", "scale", "Participación ciudadana", "Citizen participation"),
        "number": question("1.1.1b", "number", "Personas adultas en formación", "Adults in learning", "%"),
        "text": question("1.1.1c", "text", "Descripción", "Description"),
    }


@pytest.fixture
def cycles(framework):
    """The later cycle is made first: charts follow the cycles' dates, not the order they were made in."""
    later = Cycle.objects.create(
        name="2024–2025", framework=framework[0], opens_on=date(2024, 1, 15), due_on=date(2024, 12, 1)
    )
    earlier = Cycle.objects.create(
        name="2022–2023", framework=framework[0], opens_on=date(2022, 1, 15), due_on=date(2022, 12, 1)
    )
    return earlier, later


def frozen(question, value, public):
    """An answer as a submission freezes it (progress.models.Submission.answers)."""
    focus_area = question.focus_area
    return {
        "code": question.code,
        "kind": question.kind,
        "unit": question.unit,
        "question": question.labels(),
        "feature": {"code": question.feature.code, **question.feature.labels()},
        "focus_area": {"code": focus_area.code, **focus_area.labels()},
        "area": {"code": focus_area.area.code, **focus_area.area.labels()},
        "value": float(value) if question.is_measure else value,
        "public": public,
        "carried_over": False,
    }


def submission(city, cycle, answers, *, accepted=True):
    """The city's next submission for the cycle, accepted unless told otherwise. `answers`: {question: value
    or (value, public)}; a bare value is public."""
    report, _created = Report.objects.get_or_create(cycle=cycle, city=city)
    rows = [
        frozen(question, *(given if isinstance(given, tuple) else (given, True)))
        for question, given in answers.items()
    ]
    return Submission.objects.create(
        report=report,
        number=report.submissions.count() + 1,
        accepted_at=timezone.now() if accepted else None,
        answers=rows,
    )


def measure_coded(measures, code):
    (measure,) = [measure for measure in measures if measure.code == code]
    return measure


# --- A city's measures --------------------------------------------------------------------------------------


def test_a_citys_chart_shows_the_latest_accepted_value_of_each_cycle_in_date_order(questions, cycles):
    earlier, later = cycles
    city = CityFactory(title="Manizales")
    submission(city, later, {questions["scale"]: 3})
    submission(city, later, {questions["scale"]: 4})  # accepted again after the report was reopened
    submission(city, later, {questions["scale"]: 5}, accepted=False)  # submitted, not reviewed yet
    submission(city, earlier, {questions["scale"]: 2, questions["text"]: "Un texto"})

    measures = city_measures(city)

    scale = measure_coded(measures, "1.1.1a")
    assert scale.points == [("2022–2023", 2), ("2024–2025", 4)]
    assert scale.label == "Citizen participation"
    assert [measure.code for measure in measures] == ["1.1.1a"]  # text answers are no measures
    with translation.override("es"):
        assert city_measures(city)[0].label == "Participación ciudadana"


def test_a_long_cycle_name_widens_every_slot_so_that_the_names_never_overlap():
    def chart(*names):
        return Measure("1.1-a", "Participación", "", "scale", [(name, 3) for name in names]).chart

    short = chart("2022–2023", "2024–2025")
    assert short.width == 128 and [bar.middle for bar in short.bars] == [32, 96]
    long_name = "2024–2025 (ejemplo de demostración)"
    wide = chart(long_name, "2026–2027")
    slot = wide.bars[1].middle - wide.bars[0].middle
    assert slot >= 6 * len(long_name) and wide.width == 2 * slot
    assert all(bar.x + bar.width <= wide.width for bar in wide.bars)


def test_a_city_without_an_accepted_submission_has_no_measures(questions, cycles):
    city = CityFactory(title="Pereira")
    submission(city, cycles[1], {questions["scale"]: 3}, accepted=False)
    assert city_measures(city) == []


def test_public_only_keeps_the_answers_the_city_made_public(questions, cycles):
    city = CityFactory(title="Armenia")
    submission(city, cycles[1], {questions["scale"]: (4, True), questions["number"]: (37.5, False)})

    assert [measure.code for measure in city_measures(city)] == ["1.1.1a", "1.1.1b"]
    assert [measure.code for measure in city_measures(city, public_only=True)] == ["1.1.1a"]


def test_the_city_page_builder_reads_one_query_for_any_city(questions, cycles, django_assert_num_queries):
    """With or without accepted reports: one read of the city's own submissions, none of the network's."""
    reporting = CityFactory(title="Ibagué")
    silent = CityFactory(title="Neiva")
    submission(reporting, cycles[1], {questions["scale"]: 4})

    with django_assert_num_queries(1):
        assert city_progress(silent, None) == {"progress_measures": []}
    with django_assert_num_queries(1):
        assert [measure.code for measure in city_progress(reporting, None)["progress_measures"]] == ["1.1.1a"]


# --- The public city page -----------------------------------------------------------------------------------


def test_the_public_city_page_charts_public_measures_only(client, soup, questions, cycles):
    city = CityFactory(title="Tunja")
    submission(city, cycles[0], {questions["scale"]: (2, True), questions["number"]: (12.5, False)})
    submission(city, cycles[1], {questions["scale"]: (4, True), questions["number"]: (37.5, False)})

    response = client.get(city.url)
    assert response.status_code == 200
    section = soup(response).select_one("section.city__progress")
    assert section is not None, "the page has no progress section"
    text = section.get_text(" ", strip=True)
    assert "Participación ciudadana" in text
    assert [cell.get_text(strip=True) for cell in section.select("tbody td")] == ["2", "4"]
    assert [cell.get_text(strip=True) for cell in section.select("tbody th")] == ["2022–2023", "2024–2025"]
    image = section.select_one("svg[role=img]")
    assert "2022–2023: 2; 2024–2025: 4" in image["aria-label"]
    assert len(image.select("rect")) == 2
    assert "Personas adultas" not in response.content.decode()
    assert "37,5" not in text and "12,5" not in text


def test_the_english_copy_of_the_city_page_names_the_measure_in_english(client, soup, questions, cycles):
    city = CityFactory(title="Sogamoso")
    submission(city, cycles[1], {questions["scale"]: 3})
    english = CityPage.objects.get(
        translation_key=city.translation_key, locale=Locale.objects.get(language_code="en")
    )

    section = soup(client.get(english.url)).select_one("section.city__progress")

    assert section.h2.get_text(strip=True) == "Progress on the Key Features"
    assert "Citizen participation" in section.get_text(" ", strip=True)


def test_a_city_page_without_public_measures_has_no_progress_section(client, soup, questions, cycles):
    city = CityFactory(title="Duitama")
    submission(city, cycles[1], {questions["number"]: (80, False)})
    assert soup(client.get(city.url)).select_one("section.city__progress") is None


# --- The network --------------------------------------------------------------------------------------------


def network_of(questions, cycle, values_by_country):
    """A city per value, in its country ({country: [scale values]}), each with an accepted report."""
    for country, values in values_by_country.items():
        for value in values:
            submission(CityFactory(country=country), cycle, {questions["scale"]: value})


def test_five_cities_give_a_median_and_a_range_per_network_and_country(questions, cycles):
    network_of(questions, cycles[1], {"CO": [1, 2, 3, 4, 5], "PE": [5]})
    waiting = CityFactory(country="CO")
    submission(waiting, cycles[1], {questions["scale"]: 1}, accepted=False)  # not reviewed: not counted

    (scale,) = network_summary(cycles[1])

    assert (scale.network.cities, scale.network.median) == (6, 3.5)
    assert (scale.network.minimum, scale.network.maximum) == (1, 5)
    colombia, peru = scale.countries
    assert (colombia.name, colombia.cities, colombia.median, colombia.minimum, colombia.maximum) == (
        "Colombia",
        5,
        3,
        1,
        5,
    )
    assert peru.name == "Peru" and peru.too_few
    assert (peru.cities, peru.median, peru.minimum, peru.maximum) == (None, None, None, None)


def test_four_cities_give_no_figure_even_for_the_whole_network(questions, cycles):
    network_of(questions, cycles[1], {"CO": [1, 2], "MX": [4, 5]})
    network_of(questions, cycles[0], {"CO": [1, 2, 3, 4, 5]})  # another cycle does not count

    (scale,) = network_summary(cycles[1])

    assert scale.network.too_few and scale.network.median is None
    assert all(country.too_few and country.median is None for country in scale.countries)


def test_a_focal_point_sees_the_network_median_of_five_cities_and_never_a_range(
    client, soup, questions, cycles
):
    city = CityFactory(title="Ciudad Informante", country="CL")
    report = Report.objects.create(cycle=cycles[1], city=city)
    client.force_login(FocalPointFactory(city=city))
    url = reverse("progress_city:edit", args=[report.pk])
    network_of(questions, cycles[1], {"CO": [1, 2], "MX": [4, 5]})
    assert "Network median" not in soup(client.get(url)).get_text(), "four cities give no median"
    network_of(questions, cycles[1], {"PE": [9]})  # a fifth city, with the highest value
    item = (
        soup(client.get(url))
        .find("input", attrs={"name": f"q{questions['scale'].pk}"})
        .find_parent("div", class_="w-mb-4")
    )
    text = " ".join(item.get_text(" ", strip=True).split())
    assert "Network median in 2024–2025: 4, over 5 cities." in text
    assert "9" not in text and "range" not in text.lower()


# --- Staff pages --------------------------------------------------------------------------------------------


@pytest.mark.usefixtures("english_admin")
def test_the_staff_page_of_a_city_charts_every_measure(staff_client, soup, questions, cycles):
    city = CityFactory(title="Popayán")
    submission(city, cycles[1], {questions["scale"]: (4, True), questions["number"]: (37.5, False)})

    response = staff_client.get(reverse("contacts_timeline:city", args=[city.pk]))

    assert response.status_code == 200
    section = soup(response).select_one("section.city-progress")
    assert section.h2.get_text(strip=True) == "Progress reports"
    labels = [image["aria-label"] for image in section.select("svg[role=img]")]
    assert labels == [
        "Citizen participation, on a scale from 1 to 5, by cycle: 2024–2025: 4",
        "Adults in learning (%), by cycle: 2024–2025: 37.5",
    ]
    assert [cell.get_text(strip=True) for cell in section.select("tbody td")] == ["4", "37.5"]


def test_the_measures_report_refuses_a_focal_point(client, questions, cycles):
    client.force_login(FocalPointFactory(city=CityFactory(title="Santa Marta")))
    assert_refused(client.get(reverse("progress_measures:index")))
    assert_refused(client.get(reverse("progress_measures:index"), {"export": "csv"}))


@pytest.mark.usefixtures("english_admin")
def test_the_measures_report_shows_the_latest_cycle_and_exports_another(
    staff_client, soup, questions, cycles
):
    earlier, later = cycles
    network_of(questions, earlier, {"CO": [1, 2, 3, 4, 5], "BR": [2]})
    network_of(questions, later, {"MX": [5]})
    client = staff_client
    url = reverse("progress_measures:index")

    latest = soup(client.get(url)).select_one("table.listing")
    assert "2024–2025" in latest.caption.get_text()
    assert [row.get_text(" ", strip=True) for row in latest.select("tbody tr")] == [
        "1.1.1a Citizen participation Whole network Too few cities to show (fewer than 5)",
        "1.1.1a Citizen participation Mexico Too few cities to show (fewer than 5)",
    ]

    rows = csv_rows(client.get(url, {"cycle": earlier.pk, "export": "csv"}))
    assert rows == [
        ["Code", "Kind", "Measure", "Unit", "Group", "Cities", "Median", "Minimum", "Maximum"],
        ["1.1.1a", "Scale from 1 to 5", "Citizen participation", "", "Whole network", "6", "2.5", "1", "5"],
        ["1.1.1a", "Scale from 1 to 5", "Citizen participation", "", "Brazil", "fewer than 5", "", "", ""],
        ["1.1.1a", "Scale from 1 to 5", "Citizen participation", "", "Colombia", "5", "3", "1", "5"],
    ]
    spreadsheet = client.get(url, {"cycle": earlier.pk, "export": "xlsx"})
    assert spreadsheet.status_code == 200
    assert spreadsheet["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml"
    )
