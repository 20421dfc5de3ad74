"""`manage.py load_demo_progress_report`: the demo focal point's city gets an accepted example report in a
cycle named as an example, so that a first run shows the city's measures and a report that starts with
answers carried over; every text answer says it is a demo, nothing reaches the public page, and it is never
added next to real cycles or with production settings unless forced."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings
from django.urls import reverse

from progress import reports
from progress.demo import DEMO_NOTE, EXAMPLE_CYCLE, load_example_report
from progress.models import Answer, Cycle, Report, ReportState, Submission
from progress.seed import DEMO_CYCLE
from tests import factories
from tests.progress_data import make_cycle, make_framework

pytestmark = pytest.mark.django_db


def load(*args):
    output = io.StringIO()
    with override_settings(DEBUG=True):
        call_command("load_demo_progress_report", *args, stdout=output)
    return output.getvalue()


@pytest.fixture
def demo_accounts(medellin):
    """The demo accounts of `setup_network --demo-accounts` that the example names."""
    return (
        factories.FocalPointFactory(city=medellin, username="medellin"),
        factories.StaffFactory(username="staff"),
    )


def example_report():
    return Report.objects.get(cycle__name=EXAMPLE_CYCLE["name"])


def test_the_demo_city_gets_an_accepted_example_report_marked_as_such(medellin, demo_accounts):
    focal_point, reviewer = demo_accounts

    output = load()

    assert f"Example progress report added: {medellin.title}, {EXAMPLE_CYCLE['name']}, accepted." in output
    report = example_report()
    assert (report.city, report.state) == (medellin, ReportState.ACCEPTED)
    submission = report.submissions.get()
    assert (submission.submitted_by, submission.accepted_by) == (focal_point, reviewer)
    texts = [answer.text for answer in report.answers.filter(question__kind="text")]
    assert texts and all(text == DEMO_NOTE for text in texts)
    assert report.answers.filter(question__kind="scale").count() == 12
    assert not report.answers.filter(public=True).exists()
    assert not any(frozen["public"] for frozen in submission.answers)
    assert Cycle.objects.filter(name=DEMO_CYCLE["name"]).exists()


@pytest.mark.usefixtures("english_admin", "demo_accounts")
def test_the_staff_page_charts_the_example_and_the_public_page_shows_none_of_it(
    client, staff_client, soup, medellin
):
    load()

    staff_page = soup(staff_client.get(reverse("contacts_timeline:city", args=[medellin.pk])))
    charts = staff_page.select("section.city-progress svg[role=img]")
    assert len(charts) == 12
    assert all("2024–2025 (demonstration example)" in chart["aria-label"] for chart in charts)
    public_page = client.get(medellin.url)
    assert public_page.status_code == 200
    assert "ejemplo de demostración" not in public_page.content.decode().lower()
    assert not soup(public_page).select("svg[role=img]")


def test_the_demo_cycle_report_starts_with_the_example_answers_carried_over(client, medellin, demo_accounts):
    focal_point, _reviewer = demo_accounts
    load()
    demo_cycle = Cycle.objects.get(name=DEMO_CYCLE["name"])
    client.force_login(focal_point)

    response = client.post(reverse("progress_city:index"), {"city": medellin.pk, "cycle": demo_cycle.pk})

    assert response.status_code == 302
    report = Report.objects.get(cycle=demo_cycle, city=medellin)
    given = example_report().answers.count()
    assert report.answers.filter(carried_over=True).count() == given > 0
    assert report.carried_from == example_report()


@pytest.mark.usefixtures("demo_accounts")
def test_running_it_again_adds_nothing():
    load()
    output = load()
    assert "Example progress report not added: the example report is there already." in output
    assert (Cycle.objects.count(), Report.objects.count(), Submission.objects.count()) == (2, 1, 1)


@pytest.mark.usefixtures("demo_accounts")
def test_nothing_is_added_next_to_cycles_staff_made():
    make_cycle(make_framework(), name="2026–2027")

    output = load()

    assert "not added: the site has reporting cycles of its own" in output
    assert list(Cycle.objects.values_list("name", flat=True)) == ["2026–2027"]
    assert not Report.objects.exists()


def test_without_the_demo_city_nothing_is_added(make_city):
    make_city("Popayán")
    assert "No city 'medellin' on the site" in load()
    assert not Cycle.objects.exists()


@pytest.mark.usefixtures("demo_accounts")
def test_production_settings_are_refused_without_force(monkeypatch):
    monkeypatch.setenv("DJANGO_SETTINGS_MODULE", "network.settings.production")
    with pytest.raises(CommandError, match="--force"):
        call_command("load_demo_progress_report", stdout=io.StringIO())
    assert not Cycle.objects.exists()
    call_command("load_demo_progress_report", "--force", stdout=io.StringIO())
    assert example_report().state == ReportState.ACCEPTED


@pytest.mark.usefixtures("demo_accounts")
def test_a_required_question_the_example_cannot_answer_adds_nothing(medellin):
    required_file = (("1.1", "1.1-a", "scale", True, ""), ("3.3", "3.3-d", "file", True, ""))

    with pytest.raises(reports.ReportError):
        load_example_report(medellin, make_framework(questions=required_file))

    assert not Cycle.objects.exists() and not Answer.objects.exists()
