"""Every link in every e-mail the site sends starts with its base URL (WAGTAILADMIN_BASE_URL): the
focal-point invitation and confirmation, the password reset and Wagtail's review notifications. The
staff behind them reach the admin by another host name, which no e-mail may carry. `setup_network` gives
the default Site the base URL's host (pages' full URLs) and the network's name (the admin's dashboard).
"""

import io
import re

import pytest
from django.core import mail
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.urls import reverse
from wagtail.models import Site, WorkflowState

from cities.models import CityPage
from tests import factories

pytestmark = pytest.mark.django_db

BASE_URL = "https://ciudades.example.org"
# How staff reach the admin from inside their office: a name the recipients' browsers cannot open.
STAFF_HOST = "intranet.uil.example:8080"
SITE_NAME = "Red de Ciudades del Aprendizaje"
LINK = re.compile(r"https?://[^\s\"'<>]+")


def links(message):
    found = LINK.findall(f"{message.subject}\n{message.body}")
    assert found, f"no link in the e-mail:\n{message.body}"
    return found


def assert_links_use_the_base_url(messages):
    assert messages, "no e-mail was sent"
    for message in messages:
        for link in links(message):
            assert link.startswith(BASE_URL + "/"), f"{link} in the e-mail to {message.to}:\n{message.body}"


def sent_to(user):
    return [message for message in mail.outbox if user.email in message.to]


def setup_network():
    call_command("setup_network", no_cities=True, stdout=io.StringIO(), stderr=io.StringIO())


@pytest.fixture
def deployed(settings):
    """The site deployed at BASE_URL, set up as a deployment does it."""
    settings.WAGTAILADMIN_BASE_URL = BASE_URL
    setup_network()
    mail.outbox.clear()


def browser(user=None):
    """A browser on the staff's internal host name, signed in as `user`."""
    client = Client(HTTP_HOST=STAFF_HOST, HTTP_ACCEPT_LANGUAGE="en")
    if user is not None:
        client.force_login(user)
    return client


def run_on_commit(capture, client, url, data):
    with capture(execute=True):
        response = client.post(url, data)
    assert response.status_code == 302, response
    return response


# --- The default Site ------------------------------------------------------------------------------------


def test_setup_gives_the_site_the_base_urls_host_and_the_networks_name(deployed, medellin):
    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port) == ("ciudades.example.org", 443)
    assert site.root_url == BASE_URL
    assert site.site_name == SITE_NAME
    assert CityPage.objects.get(pk=medellin.pk).full_url == f"{BASE_URL}/cities/medellin/"


def test_the_development_site_is_where_the_development_server_runs(settings, medellin):
    settings.WAGTAILADMIN_BASE_URL = "http://127.0.0.1:8000"
    setup_network()
    site = Site.objects.get(is_default_site=True)
    assert site.root_url == "http://127.0.0.1:8000"
    assert CityPage.objects.get(pk=medellin.pk).full_url == "http://127.0.0.1:8000/cities/medellin/"


def test_setup_keeps_a_site_name_an_administrator_chose(deployed):
    Site.objects.filter(is_default_site=True).update(site_name="Ciudades que aprenden")
    setup_network()
    assert Site.objects.get(is_default_site=True).site_name == "Ciudades que aprenden"


def test_setup_refuses_a_base_url_another_site_has(settings, home):
    settings.WAGTAILADMIN_BASE_URL = BASE_URL
    Site.objects.create(hostname="ciudades.example.org", port=443, root_page=home, site_name="Otro")
    before = Site.objects.get(is_default_site=True)
    with pytest.raises(CommandError, match="ciudades.example.org"):
        setup_network()
    after = Site.objects.get(is_default_site=True)
    assert (after.hostname, after.port) == (before.hostname, before.port)


def test_the_focal_points_dashboard_shows_the_sites_name(deployed, focal_point_a, soup):
    response = browser(focal_point_a).get(reverse("wagtailadmin_home"))
    assert response.status_code == 200
    heading = soup(response).find("h1").get_text(" ", strip=True)
    # The network's name in the reader's language (English here), not the Site's stored Spanish name.
    assert "Learning Cities Network" in heading
    assert "ciudades.example.org" not in heading and "localhost" not in heading


# --- Invitations -----------------------------------------------------------------------------------------


def test_an_invitation_sent_from_another_host_links_only_to_the_base_url(
    deployed, staff_user, medellin, django_capture_on_commit_callbacks
):
    url = f"/admin/cities/{medellin.pk}/focal-points/"
    data = {"name": "Luisa Zapata", "email": "luisa@example.org"}
    run_on_commit(django_capture_on_commit_callbacks, browser(staff_user), url, data)
    [message] = mail.outbox
    assert message.to == ["luisa@example.org"]
    found = links(message)
    assert any("/admin/password_reset/confirm/" in link for link in found)
    assert f"{BASE_URL}/admin/" in found, "the sign-in address is missing"
    assert_links_use_the_base_url(mail.outbox)


def test_a_confirmation_request_links_only_to_the_base_url(
    deployed, staff_user, medellin, focal_point_b, django_capture_on_commit_callbacks
):
    """Bogotá's focal point has other access: they confirm through a link before joining Medellín."""
    url = f"/admin/cities/{medellin.pk}/focal-points/"
    data = {"name": "Bruno Gómez", "email": focal_point_b.email}
    run_on_commit(django_capture_on_commit_callbacks, browser(staff_user), url, data)
    [message] = sent_to(focal_point_b)
    assert any("/admin/cities/invitations/" in link for link in links(message))
    assert_links_use_the_base_url(mail.outbox)


def test_an_invitation_from_the_command_line_links_to_the_base_url(
    deployed, medellin, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("invite_focal_point", medellin.slug, "carla@example.org", stdout=io.StringIO())
    [message] = mail.outbox
    assert message.to == ["carla@example.org"]
    assert_links_use_the_base_url(mail.outbox)


# --- Password reset --------------------------------------------------------------------------------------


def test_a_password_reset_asked_from_another_host_links_to_the_base_url(deployed, focal_point_a):
    response = browser().post(reverse("wagtailadmin_password_reset"), {"email": focal_point_a.email})
    assert response.status_code == 302
    [message] = sent_to(focal_point_a)
    assert any("/admin/password_reset/confirm/" in link for link in links(message))
    assert_links_use_the_base_url(mail.outbox)


# --- Wagtail's review notifications ----------------------------------------------------------------------


def submit(focal_point, medellin, city_edit_data, capture):
    """Medellín's focal point submits a change for UIL staff's review; return the task state."""
    data = city_edit_data(medellin, summary="Bibliotecas abiertas.", **{"action-submit": "action-submit"})
    url = reverse("wagtailadmin_pages:edit", args=[medellin.pk])
    run_on_commit(capture, browser(focal_point), url, data)
    return WorkflowState.objects.for_instance(medellin).get(status="in_progress").current_task_state


@pytest.fixture
def submitted(deployed, medellin, focal_point_a, city_edit_data, django_capture_on_commit_callbacks):
    return submit(focal_point_a, medellin, city_edit_data, django_capture_on_commit_callbacks)


def review(staff_user, medellin, task_state, action, capture, **data):
    url = reverse("wagtailadmin_pages:workflow_action", args=[medellin.pk, action, task_state.pk])
    mail.outbox.clear()
    run_on_commit(capture, browser(staff_user), url, data)


def test_submission_notices_link_to_the_base_url(
    deployed, staff_user, medellin, focal_point_a, city_edit_data, django_capture_on_commit_callbacks
):
    administrator = factories.SuperuserFactory()
    submit(focal_point_a, medellin, city_edit_data, django_capture_on_commit_callbacks)
    # Reviewers (UIL staff) and administrators are told, with links to the edit form and the preview.
    assert sent_to(staff_user) and sent_to(administrator)
    assert_links_use_the_base_url(mail.outbox)


def test_the_approval_notice_links_the_page_at_the_base_url(
    submitted, staff_user, medellin, focal_point_a, django_capture_on_commit_callbacks
):
    review(staff_user, medellin, submitted, "approve", django_capture_on_commit_callbacks)
    [notice] = sent_to(focal_point_a)
    assert f"{BASE_URL}/cities/medellin/" in links(notice)
    assert_links_use_the_base_url(mail.outbox)


def test_the_rejection_notice_links_to_the_base_url(
    submitted, staff_user, medellin, focal_point_a, django_capture_on_commit_callbacks
):
    review(
        staff_user,
        medellin,
        submitted,
        "reject",
        django_capture_on_commit_callbacks,
        comment="Falta la fuente.",
    )
    [notice] = sent_to(focal_point_a)
    assert f"{BASE_URL}/admin/pages/{medellin.pk}/edit/" in links(notice)
    assert_links_use_the_base_url(mail.outbox)
