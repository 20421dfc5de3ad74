"""From writing a mailing to sending it without hunting for the way (mailings/views.py, wagtail_hooks.py):
the editor saves and goes on to the preview or to Send, the listing offers both for a draft, and the
send and preview pages lead back to the mailing in their breadcrumbs. The mailing's page shows its
messages line by line, as written."""

import pytest
from django.urls import reverse

from mailings.models import Mailing, Segment

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_admin")]


def url(action, mailing):
    return reverse(f"wagtailsnippets_mailings_mailing:{action}", args=[mailing.pk])


@pytest.fixture
def segment():
    return Segment.objects.create(name="Todos")


@pytest.fixture
def draft(segment):
    return Mailing.objects.create(segment=segment, subject_es="Borrador", body_es="Hola.")


def form(segment, subject):
    return {
        "segment": segment.pk,
        "subject_es": subject,
        "body_es": "Hola a todas.",
        "subject_pt": "",
        "body_pt": "",
        "subject_en": "",
        "body_en": "",
    }


def test_the_editor_offers_to_save_then_preview_or_send(staff_client, draft, soup):
    editor = soup(staff_client.get(url("edit", draft)))

    actions = {
        button["name"]: " ".join(button.get_text().split())
        for button in editor.select("button[name^=action-]")
    }
    assert actions == {
        "action-save-and-preview": "Save and preview",
        "action-save-and-send": "Save and send…",
    }


@pytest.mark.parametrize(
    ("action", "then"), [("action-save-and-preview", "preview"), ("action-save-and-send", "send")]
)
def test_saving_a_draft_then_goes_on_to_the_chosen_step(staff_client, draft, segment, action, then):
    response = staff_client.post(url("edit", draft), {**form(segment, "Corregido"), action: ""})

    assert response.status_code == 302 and response["Location"] == url(then, draft)
    draft.refresh_from_db()
    assert draft.subject_es == "Corregido"


def test_a_new_mailing_saved_to_send_goes_to_its_send_page(staff_client, segment):
    response = staff_client.post(
        reverse("wagtailsnippets_mailings_mailing:add"),
        {**form(segment, "Nuevo"), "action-save-and-send": ""},
    )

    assert response["Location"] == url("send", Mailing.objects.get(subject_es="Nuevo"))


def test_the_listing_offers_preview_and_send_for_a_draft_only(staff_client, draft, segment, soup):
    sent = Mailing.objects.create(segment=segment, subject_es="Enviado", body_es="Hola.", status="sent")

    listing = soup(staff_client.get(reverse("wagtailsnippets_mailings_mailing:list")))

    def links_of(mailing):
        row = listing.find(id=f"snippet_{mailing.pk}_title").find_parent("tr")
        return {link["href"] for link in row.find_all("a")}

    assert {url("preview", draft), url("send", draft)} <= links_of(draft)
    assert url("preview", sent) in links_of(sent) and url("send", sent) not in links_of(sent)


@pytest.mark.parametrize("action", ["send", "preview"])
def test_the_send_and_preview_pages_lead_back_to_the_mailing(staff_client, draft, soup, action):
    page = soup(staff_client.get(url(action, draft)))

    crumbs = {
        link["href"]: " ".join(link.get_text().split()) for link in page.select("[data-w-breadcrumbs] a")
    }
    assert crumbs.get(url("inspect", draft)) == "Borrador"
    assert crumbs.get(reverse("wagtailsnippets_mailings_mailing:list")) == "Mailings"


def test_the_mailings_page_keeps_the_messages_lines(staff_client, segment, soup):
    mailing = Mailing.objects.create(
        segment=segment, subject_es="Líneas", body_es="Estimadas:\n\nLes invitamos <b>hoy</b>.\nSaludos"
    )

    page = soup(staff_client.get(url("inspect", mailing)))

    [body] = [dd for dd in page.select("dd") if "Estimadas" in dd.get_text()]
    assert [line.strip() for line in body.get_text("\n").split("\n") if line.strip()] == [
        "Estimadas:",
        "Les invitamos <b>hoy</b>.",
        "Saludos",
    ]
    assert len(body.find_all("br")) == 3
