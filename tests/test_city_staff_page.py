"""A city's staff page: above its timeline, the public page's state, the mayor and the focal points, the
last engagement, the open follow-ups, the engagements by theme and the measures of its accepted progress
reports; for UIL staff only, at a fixed cost, the measures kept in the shared cache and renewed by every
change that shows in them."""

import pytest
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import formats, timezone

from cities.models import CityPage
from cities.themes import theme_labels
from contacts.city_summary import city_summary
from progress import reports
from tests.helpers import days_ago
from tests.progress_data import answered, make_cycle, make_framework

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_admin")]


def shown(day):
    return formats.date_format(day, "DATE_FORMAT")


def staff_page(client, soup, city):
    response = client.get(reverse("contacts_timeline:city", args=[city.pk]))
    assert response.status_code == 200
    return soup(response)


def text(page, selector):
    return " ".join(page.select_one(selector).get_text(" ", strip=True).split())


def hrefs(page, selector):
    return [link["href"] for link in page.select_one(selector).select("a")]


def test_a_published_city_shows_it_is_live_when_it_was_published_and_where(staff_client, soup, medellin):
    page = staff_page(staff_client, soup, medellin)
    medellin.refresh_from_db()
    section = text(page, ".city-summary__page")
    assert "State live Last published" in section
    assert "in review" not in section and "draft" not in section
    assert formats.date_format(timezone.localtime(medellin.last_published_at), "DATETIME_FORMAT") in section
    links = hrefs(page, ".city-summary__page")
    assert reverse("wagtailadmin_pages:edit", args=[medellin.pk]) in links
    assert any(href.endswith(medellin.url) for href in links)


def test_a_city_never_published_is_a_draft_with_no_live_link(staff_client, soup, make_city):
    draft = make_city("Pasto", publish=False)
    page = staff_page(staff_client, soup, draft)
    section = text(page, ".city-summary__page")
    assert "State draft Last published Never" in section
    assert "View live" not in section


def test_a_draft_submitted_by_the_focal_point_is_in_review(
    client, staff_user, soup, medellin, focal_point_a, city_edit_data
):
    client.force_login(focal_point_a)
    response = client.post(
        reverse("wagtailadmin_pages:edit", args=[medellin.pk]),
        city_edit_data(medellin, summary="Una ciudad que aprende.", **{"action-submit": "action-submit"}),
    )
    assert response.status_code == 302
    client.force_login(staff_user)

    section = text(staff_page(client, soup, medellin), ".city-summary__page")

    assert "State live unpublished changes in review" in section


def test_the_mayor_of_a_current_role_wins_over_an_ended_one_and_the_page(
    staff_client, soup, make_city, contact_factory
):
    city = make_city("Manizales", mayor_name="Carlos Mario Marín")
    acting = {"city": city, "role": "mayor", "start_date": days_ago(200), "end_date": days_ago(30)}
    contact_factory("Jorge", "Eduardo Rojas", roles=[acting])  # started after the current one, and ended
    current = contact_factory(
        "Juan", "Carlos Ramírez", roles=[{"city": city, "role": "mayor", "start_date": days_ago(1000)}]
    )

    page = staff_page(staff_client, soup, city)

    mayor = text(page, ".city-summary__mayor")
    assert mayor.startswith("Juan Carlos Ramírez (Mayor, since")
    assert "Eduardo Rojas" not in mayor and "Marín" not in mayor
    assert reverse("wagtailsnippets_contacts_contact:inspect", args=[current.pk]) in hrefs(
        page, ".city-summary__mayor"
    )


def test_without_a_current_mayor_role_the_page_names_the_mayor(
    staff_client, soup, make_city, contact_factory
):
    city = make_city("Ibagué", mayor_name="Johana Aranda", mayor_title="Alcaldesa")
    contact_factory("Andrés", "Hurtado", roles=[{"city": city, "role": "mayor", "end_date": days_ago(1)}])

    mayor = text(staff_page(staff_client, soup, city), ".city-summary__mayor")

    assert mayor == "Johana Aranda (Alcaldesa, from the public page)"


def test_the_focal_points_are_listed_with_their_accounts_and_roles(
    staff_client, soup, medellin, bogota, focal_point_a, focal_point_b, contact_factory
):
    lucia = contact_factory("Lucía", "Pérez", roles=[{"city": medellin, "role": "focal_point"}])
    contact_factory("Mario", "Ruiz", roles=[{"city": medellin, "role": "deputy_focal_point"}])
    contact_factory(
        "Olga", "Antigua", roles=[{"city": medellin, "role": "focal_point", "end_date": days_ago(2)}]
    )
    contact_factory("Rosa", "Otra", roles=[{"city": bogota, "role": "focal_point"}])

    page = staff_page(staff_client, soup, medellin)

    items = [
        " ".join(item.get_text(" ", strip=True).split())
        for item in page.select(".city-summary__focal-points li")
    ]
    assert items == [
        "Ana Restrepo <fp-medellin@example.org> (can edit the page)",
        "Lucía Pérez (Focal point) · Edit",
        "Mario Ruiz (Deputy focal point) · Edit",
    ]
    links = hrefs(page, ".city-summary__focal-points")
    assert reverse("wagtailsnippets_contacts_contact:inspect", args=[lucia.pk]) in links
    assert reverse("wagtailsnippets_contacts_contact:edit", args=[lucia.pk]) in links
    assert reverse("cities:focal_points", args=[medellin.pk]) in links


def test_a_deactivated_focal_point_account_is_not_said_to_edit_the_page(
    staff_client, soup, medellin, focal_point_a
):
    focal_point_a.is_active = False
    focal_point_a.save()

    page = staff_page(staff_client, soup, medellin)

    [item] = page.select(".city-summary__focal-points li")
    assert " ".join(item.get_text(" ", strip=True).split()) == (
        "Ana Restrepo <fp-medellin@example.org> (account deactivated: cannot sign in)"
    )


def test_the_last_engagement_is_the_latest_one_that_took_place(
    staff_client, soup, medellin, engagement_factory
):
    engagement_factory("Taller de lanzamiento", cities=[medellin], date=days_ago(40))
    latest = engagement_factory("Reunión de seguimiento", cities=[medellin], date=days_ago(5))
    engagement_factory("Foro planeado", cities=[medellin], date=days_ago(-10))

    page = staff_page(staff_client, soup, medellin)

    assert text(page, ".city-summary__last-engagement") == shown(latest.date)
    assert "Engagements logged 3" in text(page, ".city-summary__engagements")


def test_open_follow_ups_are_listed_by_due_date_and_the_overdue_marked(
    staff_client, soup, medellin, bogota, engagement_factory
):
    engagement_factory("Enviar el informe", cities=[medellin], follow_up_date=days_ago(3))
    engagement_factory("Llamar a la secretaría", cities=[medellin], follow_up_date=days_ago(-7))
    engagement_factory("Ya resuelto", cities=[medellin], follow_up_date=days_ago(9), follow_up_done=True)
    engagement_factory("Sin seguimiento", cities=[medellin])
    engagement_factory("De Bogotá", cities=[bogota], follow_up_date=days_ago(2))

    page = staff_page(staff_client, soup, medellin)

    assert text(page, ".city-summary__follow-ups h3") == "Open follow-ups (2)"
    rows = [
        " ".join(row.get_text(" ", strip=True).split())
        for row in page.select(".city-summary__follow-ups tbody tr")
    ]
    assert rows == [
        f"{shown(days_ago(3))} (overdue) Enviar el informe",
        f"{shown(days_ago(-7))} Llamar a la secretaría",
    ]
    assert len(page.select(".city-summary__follow-ups .is-overdue")) == 1


def test_engagements_are_counted_by_theme(staff_client, soup, medellin, bogota, themes, engagement_factory):
    first, second = themes[0], themes[1]
    engagement_factory("Uno", cities=[medellin], themes=[first])
    engagement_factory("Dos", cities=[medellin], themes=[first, second])
    engagement_factory("Tres", cities=[medellin, bogota], themes=[first])
    engagement_factory("Sin tema", cities=[medellin])
    engagement_factory("Otra ciudad", cities=[bogota], themes=[second])

    page = staff_page(staff_client, soup, medellin)

    rows = [
        [cell.get_text(strip=True) for cell in row.select("td")]
        for row in page.select(".city-summary__themes tbody tr")
    ]
    english = theme_labels()  # the reader's language
    assert rows == [[english[first.pk].name, "3"], [english[second.pk].name, "1"]]
    assert f"?theme={first.slug}#city-timeline-heading" in hrefs(page, ".city-summary__themes")


def test_the_figures_follow_the_log_though_they_are_kept_in_the_cache(
    staff_client, soup, medellin, themes, engagement_factory
):
    engagement_factory("Uno", cities=[medellin], themes=[themes[0]])
    assert "Engagements logged 1" in text(
        staff_page(staff_client, soup, medellin), ".city-summary__engagements"
    )

    second = engagement_factory("Dos", cities=[medellin], themes=[themes[0]], follow_up_date=days_ago(1))

    page = staff_page(staff_client, soup, medellin)
    assert "Engagements logged 2" in text(page, ".city-summary__engagements")
    assert text(page, ".city-summary__follow-ups h3") == "Open follow-ups (1)"
    second.follow_up_done = True
    second.save()
    page = staff_page(staff_client, soup, medellin)
    assert text(page, ".city-summary__follow-ups h3") == "Open follow-ups (0)"


@pytest.mark.parametrize("role", ["anonymous", "focal point A", "focal point B"])
def test_only_staff_see_a_city_s_page(client, as_role, assert_refused, medellin, engagement_factory, role):
    engagement_factory("Reunión reservada", cities=[medellin], follow_up_date=days_ago(3))
    as_role(role)

    response = client.get(reverse("contacts_timeline:city", args=[medellin.pk]))

    assert_refused(response)
    assert "Reunión reservada" not in response.content.decode()


def engagements_with_everything(city, count, engagement_factory, contact_factory, themes):
    for number in range(count):
        engagement_factory(
            f"Registro {number}",
            cities=[city],
            date=days_ago(number),
            themes=themes[number % 3 : number % 3 + 2],
            follow_up_date=days_ago(number - 10) if number % 2 else None,
        )
    contact_factory(f"Alcalde {count}", roles=[{"city": city, "role": "mayor"}])
    contact_factory(f"Punto {count}", roles=[{"city": city, "role": "focal_point"}])


def queries(function):
    with CaptureQueriesContext(connection) as captured:
        function()
    return len(captured.captured_queries)


def tables_read(function):
    with CaptureQueriesContext(connection) as captured:
        function()
    return " ".join(query["sql"] for query in captured.captured_queries)


def test_the_summary_costs_the_same_with_three_and_thirty_engagements(
    staff_client, staff_user, medellin, bogota, themes, engagement_factory, contact_factory
):
    engagements_with_everything(medellin, 3, engagement_factory, contact_factory, themes)
    engagements_with_everything(bogota, 30, engagement_factory, contact_factory, themes)
    request = RequestFactory().get("/")
    request.user = staff_user

    def summary_of(city):
        request.__dict__.pop("_theme_labels", None)
        return city_summary(CityPage.objects.get(pk=city.pk), request)

    def page_of(city):
        assert staff_client.get(reverse("contacts_timeline:city", args=[city.pk])).status_code == 200

    summary_of(medellin), page_of(medellin), page_of(bogota)  # warm per-process caches
    assert len(summary_of(bogota).open_follow_ups) == 10
    assert summary_of(bogota).open_follow_up_count == 15
    # The page, its current roles, its workflow state, its focal-point group and the group's members, the
    # themes' names; the measures come from the shared cache.
    assert queries(lambda: summary_of(medellin)) == queries(lambda: summary_of(bogota)) <= 6
    assert '"progress_submission"' not in tables_read(lambda: summary_of(medellin))
    assert queries(lambda: page_of(medellin)) == queries(lambda: page_of(bogota))


# --- The measures of its accepted reports, kept in the shared cache ---------------------------------------


def measures_shown(client, soup, city):
    """Each measure's name and its rows, cycle and value: ["Question 1.1-a: 2026–2027 4"]; else the text."""
    section = staff_page(client, soup, city).select_one(".city-progress")
    charts = section.select(".measure-chart")
    if not charts:
        return [section.get_text(" ", strip=True)]
    return [
        chart.select_one("figcaption strong").get_text(strip=True)
        + ": "
        + "; ".join(row.get_text(" ", strip=True) for row in chart.select("tbody tr"))
        for chart in charts
    ]


NONE_YET = ["Progress reports No accepted progress report with measures yet."]


@pytest.fixture
def submitted_report(medellin, focal_point_a):
    cycle = make_cycle(make_framework(), name="2026–2027")
    report = reports.start_report(medellin, cycle, focal_point_a)
    answered(report, focal_point_a, {"1.1-a": 4, "3.3-a": True})
    report.refresh_from_db()
    return reports.submit(report, report.version, focal_point_a)


def test_an_accepted_report_shows_on_the_next_view(
    staff_client, staff_user, soup, medellin, submitted_report
):
    assert measures_shown(staff_client, soup, medellin) == NONE_YET

    reports.accept(submitted_report, submitted_report.version, staff_user)

    assert measures_shown(staff_client, soup, medellin) == ["Question 1.1-a: 2026–2027 4"]


def test_a_report_returned_or_resubmitted_keeps_showing_what_was_accepted(
    staff_client, staff_user, focal_point_a, soup, medellin, submitted_report
):
    report = reports.accept(submitted_report, submitted_report.version, staff_user)
    assert measures_shown(staff_client, soup, medellin) == ["Question 1.1-a: 2026–2027 4"]
    report = reports.reopen(report, report.version, focal_point_a)
    answered(report, focal_point_a, {"1.1-a": 2})
    report.refresh_from_db()
    report = reports.submit(report, report.version, focal_point_a)
    reports.return_for_corrections(report, report.version, {}, "Revise la cifra.", staff_user)
    assert measures_shown(staff_client, soup, medellin) == ["Question 1.1-a: 2026–2027 4"]

    report.refresh_from_db()
    report = reports.submit(report, report.version, focal_point_a)
    reports.accept(report, report.version, staff_user)

    assert measures_shown(staff_client, soup, medellin) == ["Question 1.1-a: 2026–2027 2"]


def test_a_renamed_cycle_shows_on_the_next_view(staff_client, staff_user, soup, medellin, submitted_report):
    reports.accept(submitted_report, submitted_report.version, staff_user)
    assert measures_shown(staff_client, soup, medellin) == ["Question 1.1-a: 2026–2027 4"]
    cycle = submitted_report.cycle

    cycle.name = "2026–2028"
    cycle.save()

    assert measures_shown(staff_client, soup, medellin) == ["Question 1.1-a: 2026–2028 4"]


def test_a_deleted_report_leaves_the_next_view(staff_client, staff_user, soup, medellin, submitted_report):
    reports.accept(submitted_report, submitted_report.version, staff_user)
    assert measures_shown(staff_client, soup, medellin) == ["Question 1.1-a: 2026–2027 4"]

    submitted_report.delete()

    assert measures_shown(staff_client, soup, medellin) == NONE_YET
