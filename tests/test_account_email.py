"""A person's own account settings (/admin/account/) cannot take an e-mail address someone else holds.

Security issue #12: a focal point who gives their account the address UIL staff are about to invite for
another city must not end up with that city. The address of another account (its e-mail or its
username), of a pending invitation or of a CRM contact is refused, with a message that says nothing
about who holds it.
"""

import pytest
from bs4 import BeautifulSoup
from django.conf import settings as project_settings
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client

pytestmark = pytest.mark.django_db

User = get_user_model()
ACCOUNT_URL = "/admin/account/"
CONTACT_NAME = "Zoraida Quintero-Ñañez"


def test_the_project_turns_off_wagtails_unchecked_email_field():
    """Wagtail's own "Name and Email" panel would save any address; cities.account's panel replaces it."""
    assert project_settings.WAGTAIL_EMAIL_MANAGEMENT_ENABLED is False


def account_form(client):
    """The account page's fields with their current values, and the name of the e-mail field."""
    response = client.get(ACCOUNT_URL)
    assert response.status_code == 200
    form = BeautifulSoup(response.content.decode(), "html.parser").find("form", id="w-editor-form")
    data, email_field = {}, None
    for field in form.find_all(["input", "select", "textarea"]):
        name, kind = field.get("name"), field.get("type", "")
        if not name or kind in ("file", "submit", "password"):
            continue
        if field.name == "select":
            option = field.find("option", selected=True) or field.find("option")
            data[name] = option.get("value", "") if option else ""
        elif kind in ("checkbox", "radio"):
            if field.has_attr("checked"):
                data[name] = field.get("value", "on")
        else:
            data[name] = field.get("value", "") if field.name == "input" else field.text
        if kind == "email" or name.endswith("-email"):
            email_field = name
    assert email_field, "the account page no longer lets a person change their e-mail address"
    return data, email_field


def change_email(client, address):
    data, email_field = account_form(client)
    data[email_field] = address
    return client.post(ACCOUNT_URL, data)


def refused(response):
    assert response.status_code == 200, f"HTTP {response.status_code}: the change was accepted"
    html = response.content.decode()
    assert "cannot be used" in html, "no error message next to the e-mail field"
    return html


@pytest.fixture
def signed_in(client, focal_point_a):
    client.force_login(focal_point_a)
    return client


def current_email(user):
    user.refresh_from_db()
    return user.email


def test_a_free_address_is_saved(signed_in, focal_point_a):
    response = change_email(signed_in, "ana.nueva@example.org")
    assert response.status_code == 302
    assert current_email(focal_point_a) == "ana.nueva@example.org"


def test_the_page_saves_with_an_unchanged_address_held_by_the_persons_own_contact(
    signed_in, focal_point_a, contact_factory
):
    contact_factory("Ana", "Restrepo", emails=[focal_point_a.email])
    data, _email_field = account_form(signed_in)
    data["name_email-first_name"] = "Ana María"
    assert signed_in.post(ACCOUNT_URL, data).status_code == 302
    focal_point_a.refresh_from_db()
    assert focal_point_a.first_name == "Ana María"


def test_another_accounts_email_is_refused(signed_in, focal_point_a, focal_point_b):
    refused(change_email(signed_in, focal_point_b.email.upper()))
    assert current_email(focal_point_a) == "fp-medellin@example.org"


def test_another_accounts_username_is_refused(signed_in, focal_point_a):
    User.objects.create_user(username="enlace@bogota.gov.co", email="otra@example.org", password="pw")
    refused(change_email(signed_in, "Enlace@Bogota.gov.co"))
    assert current_email(focal_point_a) == "fp-medellin@example.org"


def test_a_pending_invitations_address_is_refused(
    signed_in, staff_user, focal_point_a, focal_point_b, medellin, django_capture_on_commit_callbacks
):
    address = focal_point_b.email
    staff_client = Client(HTTP_ACCEPT_LANGUAGE="en")
    staff_client.force_login(staff_user)
    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(f"/admin/cities/{medellin.pk}/focal-points/", {"name": "Bruno", "email": address})
    assert len(mail.outbox) == 1
    focal_point_b.email = "bruno.nuevo@example.org"  # changed by an administrator since
    focal_point_b.save()
    refused(change_email(signed_in, address))
    assert current_email(focal_point_a) == "fp-medellin@example.org"


def test_a_crm_contacts_address_is_refused_without_naming_the_contact(
    signed_in, focal_point_a, contact_factory, bogota
):
    contact_factory(
        "Zoraida",
        "Quintero-Ñañez",
        emails=["zoraida@bogota.gov.co"],
        roles=[{"city": bogota, "role": "focal_point"}],
    )
    html = refused(change_email(signed_in, "Zoraida@Bogota.gov.co"))
    assert "Zoraida" not in html.replace('value="Zoraida@Bogota.gov.co"', "")
    assert "Quintero" not in html
    assert current_email(focal_point_a) == "fp-medellin@example.org"
    assert not focal_point_a.groups.filter(pk=bogota.access.group.pk).exists()


def test_the_same_message_whoever_holds_the_address(signed_in, focal_point_b, contact_factory):
    contact_factory("Zoraida", emails=["zoraida@bogota.gov.co"])
    messages = []
    for address in (focal_point_b.email, "zoraida@bogota.gov.co"):
        response = change_email(signed_in, address)
        messages.append(_email_errors(response))
    assert messages[0] and messages[0] == messages[1]


def _email_errors(response):
    for panels in response.context["panels_by_tab"].values():
        for panel in panels:
            form = panel.get_form()
            if "email" in form.fields and form.errors:
                return form.errors["email"]
    return None


def test_another_address_of_the_persons_own_contact_is_allowed(signed_in, focal_point_a, contact_factory):
    contact_factory("Ana", "Restrepo", emails=[focal_point_a.email, "ana.restrepo@medellin.gov.co"])
    response = change_email(signed_in, "ana.restrepo@medellin.gov.co")
    assert response.status_code == 302
    assert current_email(focal_point_a) == "ana.restrepo@medellin.gov.co"


def test_an_address_shared_with_someone_elses_contact_is_refused(signed_in, focal_point_a, contact_factory):
    contact_factory("Ana", "Restrepo", emails=[focal_point_a.email, "despacho@medellin.gov.co"])
    contact_factory("Otra", "Persona", emails=["despacho@medellin.gov.co"])
    refused(change_email(signed_in, "despacho@medellin.gov.co"))
    assert current_email(focal_point_a) == "fp-medellin@example.org"


def test_an_invalid_address_is_a_form_error(signed_in, focal_point_a):
    response = change_email(signed_in, "not-an-address")
    assert response.status_code == 200
    assert current_email(focal_point_a) == "fp-medellin@example.org"
