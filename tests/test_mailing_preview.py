"""The preview of a mailing (mailings/views.py, PreviewView): staff read each language's version as its
recipients will, with the footer that sending adds, before they press Send. Its unsubscribe link is a
placeholder, never a live one; the page is staff's only, like the rest of the mailings admin."""

import pytest
from django.urls import reverse

from cities.admin_scope import focal_point_may_open
from mailings.models import Delivery, Mailing, Segment
from mailings.sending import message
from mailings.unsubscribe import unsubscribe_link
from tests.test_admin_url_matrix import walked_patterns

pytestmark = pytest.mark.django_db

PLACEHOLDERS = {
    "es": "[enlace personal para darse de baja: cada persona recibe el suyo]",
    "pt": "[link pessoal para se descadastrar: cada pessoa recebe o seu]",
}


def url(action, mailing):
    return reverse(f"wagtailsnippets_mailings_mailing:{action}", args=[mailing.pk])


@pytest.fixture
def mailing(staff_user):
    return Mailing.objects.create(
        segment=Segment.objects.create(name="Brasil"),
        subject_es="Taller de aprendizaje digital",
        body_es="Les invitamos al taller.\n\nSaludos,\nla Red",
        subject_pt="Oficina de aprendizagem digital",
        body_pt="Convidamos vocês para a oficina.",
        created_by=staff_user,
    )


def sent_text(mailing, language):
    """The text sending would send to someone reading `language`, its live link put back as a placeholder."""
    delivery = Delivery(mailing=mailing, contact_id=1, address="alguien@example.org", language=language)
    version = mailing.version_for(language)[0]
    link = unsubscribe_link(1, {"es": "es", "pt": "pt-br"}[version])
    return message(mailing, delivery, None).body.replace(link, PLACEHOLDERS[version])


def test_each_written_version_reads_as_sending_renders_it_with_a_placeholder_link(
    staff_client, english_admin, mailing, soup
):
    page = soup(staff_client.get(url("preview", mailing)))

    texts = {pre["lang"]: pre.get_text() for pre in page.select("pre.mailing-preview")}
    assert texts == {"es": sent_text(mailing, "es"), "pt-BR": sent_text(mailing, "pt")}
    assert "Para no recibir más envíos: [enlace personal" in texts["es"]
    assert "Para não receber mais envios: [link pessoal" in texts["pt-BR"]
    text = " ".join(page.get_text().split())
    assert "Subject: Taller de aprendizaje digital" in text
    assert "Subject: Oficina de aprendizagem digital" in text
    assert "Not written in English: people who read English receive the Spanish version." in text
    assert "/unsubscribe/" not in str(page)


def test_the_preview_is_linked_from_the_mailings_editor_send_page_and_page(staff_client, mailing, soup):
    preview = url("preview", mailing)
    for action in ("edit", "send", "inspect"):
        links = {link["href"] for link in soup(staff_client.get(url(action, mailing))).select("a[href]")}
        assert preview in links, action


@pytest.mark.parametrize(("language", "heading"), [("es", "Vista previa"), ("pt-br", "Pré-visualização")])
def test_the_preview_page_speaks_the_admins_language(
    staff_client, staff_user, mailing, soup, language, heading
):
    from wagtail.users.models import UserProfile

    profile = UserProfile.get_for_user(staff_user)
    profile.preferred_language = language
    profile.save()

    page = soup(staff_client.get(url("preview", mailing)))

    assert heading in page.find("h1").get_text()


@pytest.mark.parametrize("role", ["anonymous", "focal point A"])
def test_the_preview_is_refused_to_anyone_but_staff(as_role, client, mailing, assert_refused, role):
    as_role(role)
    response = client.get(url("preview", mailing))
    assert_refused(response)
    assert b"Taller de aprendizaje" not in response.content


def test_the_admin_url_matrix_walks_the_preview_and_keeps_focal_points_out():
    names = {view_name for view_name, _parameters in walked_patterns()}
    assert "wagtailsnippets_mailings_mailing:preview" in names
    assert not focal_point_may_open(
        "wagtailsnippets_mailings_mailing:preview", ("wagtailsnippets_mailings_mailing",)
    )


def test_markup_in_a_body_shows_as_the_text_it_is_never_as_live_html(staff_client, staff_user, soup):
    body = (
        'Aviso <b id=x>importante</b>\n<img src=x onerror="alert(1)">\n'
        '<a href="https://phish.example/login">Vuelva a iniciar sesión</a>'
    )
    mailing = Mailing.objects.create(
        segment=Segment.objects.create(name="Todos"),
        subject_es="Aviso",
        body_es=body,
        created_by=staff_user,
    )

    response = staff_client.get(url("preview", mailing))
    page = soup(response)

    preview = page.select_one("pre.mailing-preview")
    assert preview.get_text() == sent_text(mailing, "es")
    assert preview.get_text().startswith(body)
    assert preview.find(True) is None  # no element inside: the body is text
    assert not page.select("#x, img[onerror], a[href^='https://phish.example']")
    assert b"&lt;a href=&quot;https://phish.example/login&quot;&gt;" in response.content
