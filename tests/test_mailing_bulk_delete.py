"""The Mailings listing's bulk delete deletes drafts only, as the single delete view does
(mailings/bulk_actions.py): a choice that includes a mailing queued or sent deletes nothing and says why.
The bulk delete buttons of mailings and segments say what they delete."""

import pytest
from django.urls import reverse
from wagtail import hooks
from wagtail.users.models import UserProfile

from mailings.models import Mailing, Segment
from mailings.sending import queue_mailing

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_admin")]

LISTING = reverse("wagtailsnippets_mailings_mailing:list")


def bulk_delete_url(*mailings):
    ids = "&".join(f"id={mailing.pk}" for mailing in mailings)
    return f"/admin/bulk/mailings/mailing/delete/?{ids}&next={LISTING}"


def messages_of(response):
    return [str(message).strip() for message in response.context["messages"]]


@pytest.fixture
def segment(db):
    return Segment.objects.create(name="Nadie todavía")


@pytest.fixture
def draft(segment, staff_user):
    return Mailing.objects.create(
        segment=segment, subject_es="Borrador", body_es="Hola.", created_by=staff_user
    )


@pytest.fixture
def sent(segment, staff_user, django_capture_on_commit_callbacks):
    mailing = Mailing.objects.create(segment=segment, subject_es="Boletín de marzo", body_es="Hola.")
    with django_capture_on_commit_callbacks(execute=True):
        queue_mailing(mailing, staff_user)
    mailing.refresh_from_db()
    assert mailing.status == Mailing.Status.SENT
    return mailing


def test_a_bulk_delete_that_includes_a_sent_mailing_deletes_nothing_and_says_why(staff_client, draft, sent):
    url = bulk_delete_url(draft, sent)

    confirmation = staff_client.get(url)
    assert confirmation.status_code == 200
    assert messages_of(confirmation) == [
        "Only draft mailings can be deleted; these were queued or sent: “Boletín de marzo”."
    ]
    assert "Yes, delete" not in confirmation.content.decode()

    refused = staff_client.post(url, follow=True)
    assert refused.redirect_chain == [(LISTING, 302)]
    assert messages_of(refused) == [
        "Nothing was deleted: only draft mailings can be deleted, and these were queued or sent: "
        "“Boletín de marzo”."
    ]
    assert set(Mailing.objects.values_list("pk", flat=True)) == {draft.pk, sent.pk}


def test_a_mailing_queued_while_the_deletion_runs_is_kept_with_the_others(staff_client, draft, segment):
    queued_meanwhile = Mailing.objects.create(
        segment=segment, subject_es="Enviado entretanto", body_es="Hola."
    )
    url = bulk_delete_url(draft, queued_meanwhile)
    assert "Yes, delete" in staff_client.get(url).content.decode()

    def queue_it_then(request, action_type, objects, action):
        """Staff press "Send" on it just as the deletion's transaction starts."""
        Mailing.objects.filter(pk=queued_meanwhile.pk).update(status=Mailing.Status.QUEUED)

    with hooks.register_temporarily("before_bulk_action", queue_it_then):
        refused = staff_client.post(url, follow=True)

    assert messages_of(refused) == [
        "Nothing was deleted: only draft mailings can be deleted, and these were queued or sent: "
        "“Enviado entretanto”."
    ]
    assert set(Mailing.objects.values_list("pk", flat=True)) == {draft.pk, queued_meanwhile.pk}


def test_a_bulk_delete_with_a_next_address_that_is_no_url_is_refused(staff_client, draft, sent):
    """Django's redirect() would take it for a URL pattern's name, and fail to find one: the admin refuses
    it before any view (network/next_addresses.py)."""
    url = bulk_delete_url(draft, sent).replace(f"next={LISTING}", "next=boletines")
    response = staff_client.post(url)
    assert response.status_code == 400
    assert Mailing.objects.filter(pk__in=[draft.pk, sent.pk]).count() == 2


def test_drafts_are_deleted_in_bulk(staff_client, draft, segment):
    other = Mailing.objects.create(segment=segment, subject_es="Otro borrador", body_es="Hola.")

    response = staff_client.post(bulk_delete_url(draft, other))

    assert response.status_code == 302
    assert not Mailing.objects.exists()


@pytest.mark.parametrize(
    ("model", "language", "label"),
    [
        ("mailing", "en", "Delete selected mailings"),
        ("mailing", "es", "Eliminar envíos seleccionados"),
        ("mailing", "pt-br", "Excluir envios selecionados"),
        ("segment", "en", "Delete selected segments"),
        ("segment", "es", "Eliminar segmentos seleccionados"),
        ("segment", "pt-br", "Excluir segmentos selecionados"),
    ],
)
def test_the_bulk_delete_button_names_what_it_deletes(staff_client, staff_user, soup, model, language, label):
    profile = UserProfile.get_for_user(staff_user)
    profile.preferred_language = language
    profile.save()

    listing = soup(staff_client.get(reverse(f"wagtailsnippets_mailings_{model}:list")))

    [button] = listing.select(f'[data-bulk-action-button][href*="/bulk/mailings/{model}/delete/"]')
    assert button["aria-label"] == label


SEGMENTS = reverse("wagtailsnippets_mailings_segment:list")


def bulk_delete_segments_url(*segments):
    ids = "&".join(f"id={segment.pk}" for segment in segments)
    return f"/admin/bulk/mailings/segment/delete/?{ids}&next={SEGMENTS}"


def test_segments_that_mailings_came_to_use_are_kept_and_the_mailings_named(staff_client, segment):
    unused = Segment.objects.create(name="Sin uso")
    url = bulk_delete_segments_url(segment, unused)
    assert "Yes, delete" in staff_client.get(url).content.decode()
    # Meanwhile, in another tab, two mailings come to use the first segment.
    Mailing.objects.create(segment=segment, subject_es="Boletín de marzo", body_es="Hola.")
    Mailing.objects.create(segment=segment, subject_es="Boletín de abril", body_es="Hola.")

    refused = staff_client.post(url, follow=True)

    assert refused.redirect_chain == [(SEGMENTS, 302)]
    assert messages_of(refused) == [
        "Nothing was deleted: mailings use these segments: “Nadie todavía” (“Boletín de abril”, "
        "“Boletín de marzo”)."
    ]
    assert set(Segment.objects.values_list("name", flat=True)) == {"Nadie todavía", "Sin uso"}


def test_the_bulk_confirmation_names_the_mailings_that_keep_a_segment(staff_client, draft, segment):
    confirmation = staff_client.get(bulk_delete_segments_url(segment))

    assert messages_of(confirmation) == [
        "These segments cannot be deleted: mailings use them: “Nadie todavía” (“Borrador”)."
    ]
    assert "Yes, delete" not in confirmation.content.decode()


def test_a_segment_a_mailing_comes_to_use_while_the_deletion_runs_is_kept(staff_client, segment):
    def write_a_mailing_then(request, action_type, objects, action):
        """Staff save a mailing to the segment just as the deletion's transaction starts."""
        Mailing.objects.create(segment=segment, subject_es="Escrito entretanto", body_es="Hola.")

    with hooks.register_temporarily("before_bulk_action", write_a_mailing_then):
        refused = staff_client.post(bulk_delete_segments_url(segment), follow=True)

    assert messages_of(refused) == [
        "Nothing was deleted: mailings use these segments: “Nadie todavía” (“Escrito entretanto”)."
    ]
    assert Segment.objects.filter(pk=segment.pk).exists()
