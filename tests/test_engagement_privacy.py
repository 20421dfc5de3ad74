"""The engagement log is private to UIL staff: visitors, focal points and the public site never see it.

Also the data-subject requests of `contact_data`: export everything held about a person, or erase it.
Why this module is long: both share the private CRM records and the roles built by its fixtures.
The cities and accounts are made once for the module, the person of the data-subject requests once for
their class; the CRM records afresh for each test, as that class must not see them.
"""

import io
import json
import sys

import pytest
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.contrib.messages import get_messages
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.urls import reverse
from django.utils import translation
from wagtail.models import ModelLogEntry

from cities.invitations import invite
from cities.models import CityPage
from contacts.models import CityRole, Contact, ContactEmail, ContactPhone, Engagement, Organisation
from tests import factories, form_data, helpers

pytestmark = pytest.mark.django_db


SECRET_GIVEN_NAME = "Zebedea"
SECRET_FAMILY_NAME = "Quillfeather-Ñandú"
SECRET_EMAIL = "zebedea.quillfeather@alcaldia-medellin.example"
SECRET_TITLE = "Reunión confidencial Quillfeather"
SECRET_ORGANISATION = "Fundación Quillfeather"


@pytest.fixture(scope="module")
def people_and_places(django_db_setup, django_db_blocker):
    """Medellín and Bogotá, a member of UIL staff and Medellín's focal point (invited as UIL staff do it,
    who has set a password): made once for the tests of the module and rolled back after them. Their
    primary keys, by fixture name; the fixtures below read them afresh for each test."""
    with helpers.rolled_back_after_module(django_db_blocker), translation.override("en"):
        medellin = factories.sample_city("Medellín")
        bogota = factories.sample_city("Bogotá")
        staff_user = factories.uil_staff()
        focal_point = invite(medellin, "flor.paz@medellin.example", name="Flor Paz").user
        focal_point.set_password("a-strong-password")
        focal_point.save()
        yield {
            "medellin": medellin.pk,
            "bogota": bogota.pk,
            "staff_user": staff_user.pk,
            "focal_point": focal_point.pk,
        }


@pytest.fixture
def medellin(people_and_places):
    """Medellín as in factories.SAMPLE_CITIES (the module's, read afresh)."""
    return CityPage.objects.get(pk=people_and_places["medellin"])


@pytest.fixture
def bogota(people_and_places):
    """Bogotá as in factories.SAMPLE_CITIES (the module's, read afresh)."""
    return CityPage.objects.get(pk=people_and_places["bogota"])


@pytest.fixture
def staff_user(people_and_places):
    """A member of UIL staff (the module's, read afresh)."""
    return get_user_model().objects.get(pk=people_and_places["staff_user"])


@pytest.fixture
def focal_point(people_and_places):
    """Medellín's focal point, invited as UIL staff do it, who has set a password (the module's, read
    afresh)."""
    return get_user_model().objects.get(pk=people_and_places["focal_point"])


@pytest.fixture
def crm(contact_factory, engagement_factory, medellin, staff_user, themes):
    """A contact tied to Medellín, an organisation and an engagement they took part in."""
    organisation = Organisation.objects.create(
        name=SECRET_ORGANISATION, kind="ngo", country="CO", city=medellin
    )
    contact = contact_factory(
        SECRET_GIVEN_NAME,
        SECRET_FAMILY_NAME,
        emails=[SECRET_EMAIL],
        phones=["+57 4 444 4444"],
        roles=[{"city": medellin, "role": "coordinator"}],
        organisation=organisation,
        city=medellin,
    )
    engagement = engagement_factory(
        SECRET_TITLE,
        [medellin],
        kind="meeting",
        participants=[contact],
        organisations=[organisation],
        themes=[themes[0]],
        owner=staff_user,
        outcome="Quillfeather se compromete a un plan",
    )
    return {"contact": contact, "engagement": engagement, "organisation": organisation}


@pytest.fixture
def focal_point_client(client, focal_point):
    client.force_login(focal_point)
    return client


URL_GROUPS = [
    "engagement views",
    "contact views",
    "organisation views",
    "engagement chooser",
    "contact chooser",
    "organisation chooser",
    "timeline",
    "reports",
    "import",
]


def crm_urls(crm, medellin):
    """Every admin URL of the engagement log by group: views, exports, choosers, timeline, reports."""
    objects = {
        "engagement": crm["engagement"],
        "contact": crm["contact"],
        "organisation": crm["organisation"],
    }
    groups = {}
    for model, instance in objects.items():
        snippets = f"wagtailsnippets_contacts_{model}"
        groups[f"{model} views"] = [
            reverse(f"{snippets}:list"),
            reverse(f"{snippets}:list_results"),
            reverse(f"{snippets}:list") + "?export=csv",
            reverse(f"{snippets}:list") + "?export=xlsx",
            reverse(f"{snippets}:add"),
            reverse(f"{snippets}:edit", args=[instance.pk]),
            reverse(f"{snippets}:inspect", args=[instance.pk]),
            reverse(f"{snippets}:delete", args=[instance.pk]),
            reverse(f"{snippets}:history", args=[instance.pk]),
            reverse(f"{snippets}:history_results", args=[instance.pk]),
            reverse(f"{snippets}:usage", args=[instance.pk]),
        ]
        choosers = f"wagtailsnippetchoosers_contacts_{model}"
        groups[f"{model} chooser"] = [
            reverse(f"{choosers}:choose"),
            reverse(f"{choosers}:choose_results") + "?q=Quillfeather",
            reverse(f"{choosers}:chosen", args=[instance.pk]),
        ]
    groups["timeline"] = [reverse("contacts_timeline:city", args=[medellin.pk])]
    groups["reports"] = []
    for report in ("engagements_by_country", "theme_coverage", "last_engagement"):
        name = f"contacts_{report}:index"
        groups["reports"] += [
            reverse(name),
            reverse(f"{name}_results"),
            reverse(name) + "?export=csv",
            reverse(name) + "?export=xlsx",
        ]
    groups["import"] = [reverse("contacts_import:upload")]
    assert set(groups) == set(URL_GROUPS)
    return groups


def secrets_in(response):
    body = b"".join(response.streaming_content) if response.streaming else response.content
    text = body.decode("utf-8", errors="replace")
    if response.get("Content-Type", "").startswith("application/json"):
        text = json.dumps(json.loads(text), ensure_ascii=False)  # undo \\u escapes
    return [
        secret
        for secret in (SECRET_FAMILY_NAME, SECRET_EMAIL, SECRET_TITLE, SECRET_ORGANISATION)
        if secret in text
    ]


def assert_refused(response):
    """403, or Wagtail's redirect to the dashboard with a permission-denied error message."""
    if response.status_code == 403:
        return
    assert response.status_code == 302, f"expected a refusal, got HTTP {response.status_code}"
    assert response["Location"] == reverse("wagtailadmin_home"), f"redirected to {response['Location']}"
    errors = [message for message in get_messages(response.wsgi_request) if message.level_tag == "error"]
    assert errors, "redirected without a permission-denied message"


# --- Who may open the engagement log ------------------------------------------------------------------


@pytest.mark.parametrize("group", URL_GROUPS)
def test_staff_open_every_crm_url(staff_client, crm, medellin, group):
    """The positive control of the matrix below: these URLs exist and UIL staff use them."""
    failures = {}
    for url in crm_urls(crm, medellin)[group]:
        response = staff_client.get(url)
        if response.status_code != 200:
            failures[url] = response.status_code
    assert failures == {}, "\n".join(f"{url}: {problem.splitlines()[0]}" for url, problem in failures.items())


@pytest.mark.parametrize("group", URL_GROUPS)
def test_anonymous_visitors_are_sent_to_the_login_page(client, crm, medellin, group):
    login = reverse("wagtailadmin_login")
    for url in crm_urls(crm, medellin)[group]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(login), url
        assert secrets_in(response) == [], url


@pytest.mark.parametrize("group", URL_GROUPS)
def test_focal_points_are_refused_every_crm_url(focal_point_client, crm, medellin, group):
    failures = {}
    for url in crm_urls(crm, medellin)[group]:
        response = focal_point_client.get(url)
        try:
            assert_refused(response)
            assert secrets_in(response) == []
        except AssertionError as error:
            failures[url] = f"HTTP {response.status_code}, shows {secrets_in(response)}: {error}"
    assert failures == {}, "\n".join(f"{url}: {problem.splitlines()[0]}" for url, problem in failures.items())


def test_focal_points_edit_their_own_city_without_the_crm_buttons(focal_point_client, medellin):
    """The refusals above are about the engagement log, not a broken account; and the city's header
    offers them neither the timeline nor "Log an engagement"."""
    response = focal_point_client.get(f"/admin/pages/{medellin.pk}/edit/")
    assert response.status_code == 200
    html = response.content.decode()
    assert reverse("contacts_timeline:city", args=[medellin.pk]) not in html
    assert reverse("wagtailsnippets_contacts_engagement:add") not in html


def test_a_user_added_to_the_city_group_by_hand_is_refused_too(client, django_user_model, crm, medellin):
    from cities.focal_points import ensure_city_access

    user = django_user_model.objects.create_user(username="manual", email="manual@example.org", password="pw")
    user.groups.add(ensure_city_access(medellin).group)
    client.force_login(user)
    for url in (
        reverse("wagtailsnippets_contacts_contact:list"),
        reverse("wagtailsnippets_contacts_contact:list") + "?export=csv",
        reverse("contacts_timeline:city", args=[medellin.pk]),
        reverse("contacts_last_engagement:index") + "?export=csv",
    ):
        response = client.get(url)
        assert_refused(response)
        assert secrets_in(response) == [], url


def test_the_dashboard_shows_no_crm_panels_to_focal_points(focal_point_client, crm):
    response = focal_point_client.get(reverse("wagtailadmin_home"))
    assert response.status_code == 200
    html = response.content.decode()
    for panel in ("follow-ups-heading", "quiet-cities-heading", "recent-engagements-heading"):
        assert panel not in html
    assert "/admin/snippets/contacts/" not in html, "the menu offers the engagement log"
    assert reverse("contacts_engagements_by_country:index") not in html
    assert secrets_in(response) == []


def test_staff_see_the_crm_panels(staff_client, crm):
    html = staff_client.get(reverse("wagtailadmin_home")).content.decode()
    for panel in ("follow-ups-heading", "quiet-cities-heading", "recent-engagements-heading"):
        assert panel in html
    assert SECRET_TITLE in html


def snapshot():
    return {
        "contacts": sorted(Contact.objects.values_list("pk", "given_name", "family_name", "job_title")),
        "emails": sorted(ContactEmail.objects.values_list("pk", "address")),
        "engagements": sorted(Engagement.objects.values_list("pk", "title", "outcome")),
        "organisations": sorted(Organisation.objects.values_list("pk", "name")),
        "log": ModelLogEntry.objects.count(),
    }


def test_focal_points_cannot_add_change_or_delete_anything(
    focal_point_client, crm, medellin, contact_form_data, engagement_form_data
):
    before = snapshot()
    contact, engagement, organisation = crm["contact"], crm["engagement"], crm["organisation"]
    posts = [
        (reverse("wagtailsnippets_contacts_contact:add"), contact_form_data("Intrusa", "Nueva")),
        (
            reverse("wagtailsnippets_contacts_contact:edit", args=[contact.pk]),
            contact_form_data("Cambiado", "Cambiado", job_title="Cambiado"),
        ),
        (reverse("wagtailsnippets_contacts_contact:delete", args=[contact.pk]), {}),
        (
            reverse("wagtailsnippets_contacts_engagement:add"),
            engagement_form_data(cities=[medellin], title="Intrusión"),
        ),
        (
            reverse("wagtailsnippets_contacts_engagement:edit", args=[engagement.pk]),
            engagement_form_data(cities=[medellin], title="Cambiado", outcome="Cambiado"),
        ),
        (reverse("wagtailsnippets_contacts_engagement:delete", args=[engagement.pk]), {}),
        (
            reverse("wagtailsnippets_contacts_organisation:add"),
            {"name": "Intrusa", "kind": "ngo", "country": "CO", "city": "", "website": "", "notes": ""},
        ),
        (
            reverse("wagtailsnippets_contacts_organisation:edit", args=[organisation.pk]),
            {"name": "Cambiado", "kind": "ngo", "country": "CO", "city": "", "website": "", "notes": ""},
        ),
        (reverse("wagtailsnippets_contacts_organisation:delete", args=[organisation.pk]), {}),
        (reverse("wagtailsnippetchoosers_contacts_contact:create"), contact_form_data("Intrusa", "Chooser")),
    ]
    for url, data in posts:
        response = focal_point_client.post(url, data)
        assert response.status_code in (302, 403), url
        if response.status_code == 302:
            assert response["Location"] in (reverse("wagtailadmin_home"),), url
    assert snapshot() == before


def test_anonymous_posts_change_nothing(client, crm):
    before = snapshot()
    for model, instance in (("contact", crm["contact"]), ("engagement", crm["engagement"])):
        response = client.post(reverse(f"wagtailsnippets_contacts_{model}:delete", args=[instance.pk]))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("wagtailadmin_login"))
    assert snapshot() == before


# --- Nothing on the public site -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/cities/",
        "/cities/medellin/",
        f"/search/?query={SECRET_FAMILY_NAME}",
        f"/search/?query={SECRET_GIVEN_NAME}",
        f"/search/?query={SECRET_EMAIL}",
        "/search/?query=Quillfeather",
        "/api/cities.geojson",
        "/certificates/",
    ],
)
def test_no_contact_data_on_public_pages(client, soup, crm, medellin, url):
    # Publish a change to the city as well, so anything that runs on publishing has run.
    medellin.save_revision().publish()
    response = client.get(url, follow=True)
    assert response.status_code == 200
    if url.startswith("/search/"):
        # The page repeats the query in its title and search box; what matters is what it found.
        results = soup(response).select_one("section[aria-labelledby=results-heading]")
        assert results.select("ol.search-results li") == []
        text = str(results)
    else:
        body = b"".join(response.streaming_content) if response.streaming else response.content
        text = body.decode()
    for secret in (SECRET_GIVEN_NAME, SECRET_FAMILY_NAME, SECRET_EMAIL, SECRET_TITLE, SECRET_ORGANISATION):
        assert secret not in text


# --- contact_data: export ----------------------------------------------------------------------------


@pytest.fixture(scope="class")
def subject_for_class(people_and_places, django_db_blocker):
    """A person created through the admin (so the audit log holds their name), who took part in two of
    three engagements, one of them with a colleague: made once for the tests of the class and rolled back
    after them. Their primary keys, by name."""
    with helpers.rolled_back_after_module(django_db_blocker), translation.override("en"):
        medellin = CityPage.objects.get(pk=people_and_places["medellin"])
        bogota = CityPage.objects.get(pk=people_and_places["bogota"])
        staff_client = Client(HTTP_ACCEPT_LANGUAGE="en")
        staff_client.force_login(get_user_model().objects.get(pk=people_and_places["staff_user"]))
        organisation = Organisation.objects.create(name="Alcaldía de Medellín", kind="municipal_government")
        response = staff_client.post(
            reverse("wagtailsnippets_contacts_contact:add"),
            form_data.contact_form_data(
                "Valentina",
                "Ossa",
                emails=["valentina.ossa@medellin.gov.co", "vossa@correo.example"],
                phones=[{"number": "+57 300 123 4567", "label": "mobile"}],
                roles=[{"city": medellin.pk, "role": "coordinator", "start_date": "2024-01-15"}],
                organisation=organisation.pk,
                honorific="Dra.",
                job_title="Secretaria de Educación",
            ),
            follow=True,  # and read the "created" message, which names the person
        )
        assert response.redirect_chain
        person = Contact.objects.get(family_name="Ossa")
        colleague = factories.ContactFactory(
            given_name="Tomás", family_name="Restrepo", emails=["tomas@medellin.gov.co"]
        )
        shared = factories.EngagementFactory(
            title="Mesa de educación", cities=[medellin], participants=[person, colleague]
        )
        own = factories.EngagementFactory(
            title="Visita de seguimiento", cities=[medellin, bogota], kind="visit", participants=[person]
        )
        other = factories.EngagementFactory(
            title="Reunión sin Valentina", cities=[bogota], participants=[colleague]
        )
        yield {
            "person": person.pk,
            "colleague": colleague.pk,
            "shared": shared.pk,
            "own": own.pk,
            "other": other.pk,
        }


@pytest.fixture
def subject(subject_for_class):
    """The class's person, colleague and engagements, read afresh for each test."""
    return {
        "person": Contact.objects.get(pk=subject_for_class["person"]),
        "colleague": Contact.objects.get(pk=subject_for_class["colleague"]),
        **{name: Engagement.objects.get(pk=subject_for_class[name]) for name in ("shared", "own", "other")},
    }


def export(*args):
    stdout, stderr = io.StringIO(), io.StringIO()
    call_command("contact_data", *args, stdout=stdout, stderr=stderr)
    return stdout.getvalue(), stderr.getvalue()


class TestContactData:
    """The data-subject requests of `contact_data`, about one person made once for the class; the CRM
    records of the tests above (`crm`) are not in the database here."""

    def test_export_prints_everything_held_about_the_person(self, subject, staff_user):
        stdout, _stderr = export("valentina.ossa@medellin.gov.co", "--export")
        data = json.loads(stdout)
        assert len(data["contacts"]) == 1
        person = data["contacts"][0]
        assert (person["honorific"], person["given_name"], person["family_name"]) == (
            "Dra.",
            "Valentina",
            "Ossa",
        )
        assert person["job_title"] == "Secretaria de Educación"
        assert person["organisation"] == "Alcaldía de Medellín"
        assert sorted(person["emails"]) == ["valentina.ossa@medellin.gov.co", "vossa@correo.example"]
        assert person["phones"] == [{"number": "+57 300 123 4567", "label": "mobile"}]
        assert person["city_roles"] == [
            {"city": "Medellín", "role": "coordinator", "start_date": "2024-01-15", "end_date": None}
        ]
        assert sorted(engagement["title"] for engagement in person["engagements"]) == [
            "Mesa de educación",
            "Visita de seguimiento",
        ]
        visit = next(engagement for engagement in person["engagements"] if engagement["kind"] == "visit")
        assert sorted(visit["cities"]) == ["Bogotá", "Medellín"]
        assert [(entry["action"], entry["user"]) for entry in person["history"]] == [
            ("wagtail.create", str(staff_user))
        ]
        assert person["history"][0]["timestamp"]

    def test_export_finds_the_person_by_any_address_in_any_case(self, subject):
        stdout, _stderr = export("VOSSA@Correo.Example", "--export")
        assert [person["family_name"] for person in json.loads(stdout)["contacts"]] == ["Ossa"]

    def test_export_to_a_file(self, subject, tmp_path):
        output = tmp_path / "ossa.json"
        stdout, _stderr = export("valentina.ossa@medellin.gov.co", "--export", "--output", str(output))
        assert "Ossa" not in stdout
        data = json.loads(output.read_text(encoding="utf-8"))
        assert data["contacts"][0]["family_name"] == "Ossa"
        assert data["email"] == "valentina.ossa@medellin.gov.co"

    @pytest.mark.parametrize("email", ["nadie@example.org", "not-an-email"])
    def test_export_of_an_unknown_or_invalid_address_fails(self, subject, email):
        with pytest.raises(CommandError):
            export(email, "--export")

    # --- contact_data: erasure -----------------------------------------------------------------------

    def test_erase_removes_the_person_and_keeps_their_engagements_anonymously(self, subject, staff_user):
        person, colleague = subject["person"], subject["colleague"]
        person_pk = person.pk
        export("valentina.ossa@medellin.gov.co", "--erase", "--yes")

        assert not Contact.objects.filter(pk=person_pk).exists()
        assert not ContactEmail.objects.filter(contact_id=person_pk).exists()
        assert not ContactPhone.objects.filter(contact_id=person_pk).exists()
        assert not CityRole.objects.filter(contact_id=person_pk).exists()
        assert not ContactEmail.objects.filter(address__icontains="ossa").exists()

        shared = Engagement.objects.get(pk=subject["shared"].pk)
        own = Engagement.objects.get(pk=subject["own"].pk)
        other = Engagement.objects.get(pk=subject["other"].pk)
        assert (shared.anonymous_participants, own.anonymous_participants, other.anonymous_participants) == (
            1,
            1,
            0,
        )
        assert list(shared.participants.all()) == [colleague]
        assert list(own.participants.all()) == []
        assert list(other.participants.all()) == [colleague]
        assert shared.participant_names() == "Tomás Restrepo, 1 erased"
        assert own.participant_names() == "1 erased"
        assert set(own.cities.values_list("title", flat=True)) == {"Medellín", "Bogotá"}
        assert Contact.objects.filter(pk=colleague.pk).exists()

    def test_erase_scrubs_the_name_from_the_audit_log(self, subject):
        person_pk = subject["person"].pk
        content_type = ContentType.objects.get_for_model(Contact)
        assert any("Ossa" in entry.label for entry in ModelLogEntry.objects.filter(object_id=str(person_pk)))
        export("valentina.ossa@medellin.gov.co", "--erase", "--yes")
        entries = ModelLogEntry.objects.filter(content_type=content_type, object_id=str(person_pk))
        assert entries.exists(), "the audit log keeps that something was done, without the name"
        assert "wagtail.delete" in {entry.action for entry in entries}
        for entry in ModelLogEntry.objects.all():
            assert "Ossa" not in entry.label
            assert "Valentina" not in entry.label
            assert "Ossa" not in json.dumps(entry.data)

    def test_the_admin_shows_the_erased_participant_count(self, staff_client, english_admin, subject):
        export("valentina.ossa@medellin.gov.co", "--erase", "--yes")
        response = staff_client.get(
            reverse("wagtailsnippets_contacts_engagement:inspect", args=[subject["shared"].pk])
        )
        assert response.status_code == 200
        html = response.content.decode()
        assert "Ossa" not in html
        rows = b"".join(
            staff_client.get(
                reverse("wagtailsnippets_contacts_engagement:list") + "?export=csv"
            ).streaming_content
        ).decode()
        assert "Ossa" not in rows
        assert "Tomás Restrepo; 1 erased" in rows

    def test_erase_without_yes_and_without_an_answer_erases_nothing(self, subject, monkeypatch):
        monkeypatch.setattr(sys, "stdin", io.StringIO(""))
        with pytest.raises(CommandError):
            export("valentina.ossa@medellin.gov.co", "--erase")
        assert Contact.objects.filter(pk=subject["person"].pk).exists()
        assert Engagement.objects.get(pk=subject["shared"].pk).anonymous_participants == 0

    @pytest.mark.parametrize("answer, erased", [("n\n", False), ("\n", False), ("y\n", True)])
    def test_erase_asks_for_confirmation(self, subject, monkeypatch, answer, erased):
        monkeypatch.setattr(sys, "stdin", io.StringIO(answer))
        if erased:
            export("valentina.ossa@medellin.gov.co", "--erase")
        else:
            with pytest.raises(CommandError):
                export("valentina.ossa@medellin.gov.co", "--erase")
        assert Contact.objects.filter(pk=subject["person"].pk).exists() is not erased

    def test_erase_of_an_unknown_address_fails(self, subject):
        with pytest.raises(CommandError):
            export("nadie@example.org", "--erase", "--yes")
        assert Contact.objects.count() == 2
