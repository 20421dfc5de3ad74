"""A mailing's message has a limit (mailings.models.BODY_MAX_CHARACTERS): a longer one is refused with the
form's error and nothing saved, where 2 MB of text used to be stored, and sent to a whole segment."""

import pytest
from django.urls import reverse

from mailings.models import BODY_MAX_CHARACTERS, Mailing, Segment

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_admin")]

TOO_LONG = f"Ensure this value has at most {BODY_MAX_CHARACTERS} characters"


def errors_of(response, soup):
    return [" ".join(error.get_text().split()) for error in soup(response).select(".error-message")]


@pytest.fixture
def segment():
    return Segment.objects.create(name="Alcaldes")


@pytest.mark.parametrize("code", ["es", "pt", "en"])
def test_a_message_over_the_limit_is_refused(staff_client, soup, segment, code):
    data = {"segment": segment.pk, "subject_es": "Hola", "body_es": "Mensaje"}
    data.update({f"subject_{code}": "Hola", f"body_{code}": "a" * (BODY_MAX_CHARACTERS + 1)})

    response = staff_client.post(reverse("wagtailsnippets_mailings_mailing:add"), data)

    assert response.status_code == 200
    assert [error for error in errors_of(response, soup) if error.startswith(TOO_LONG)]
    assert not Mailing.objects.exists()


def test_two_megabytes_of_text_are_refused_and_the_draft_kept_as_it_was(staff_client, soup, segment):
    draft = Mailing.objects.create(segment=segment, subject_es="Boletín", body_es="Novedades de la red.")
    data = {"segment": segment.pk, "subject_es": "Boletín", "body_es": "x" * 2_000_000}

    response = staff_client.post(reverse("wagtailsnippets_mailings_mailing:edit", args=[draft.pk]), data)

    assert response.status_code == 200
    assert [error for error in errors_of(response, soup) if error.startswith(TOO_LONG)]
    draft.refresh_from_db()
    assert draft.body_es == "Novedades de la red." and draft.status == Mailing.Status.DRAFT


def test_a_message_at_the_limit_is_saved_whole(staff_client, soup, segment):
    body = "a" * BODY_MAX_CHARACTERS
    data = {"segment": segment.pk, "subject_es": "Hola", "body_es": body}

    response = staff_client.post(reverse("wagtailsnippets_mailings_mailing:add"), data)

    assert response.status_code == 302
    assert Mailing.objects.get().body_es == body


def test_the_editor_counts_the_message_against_its_limit(staff_client, soup):
    """The browser stops typing at the limit (the server refuses more from anything else)."""
    page = soup(staff_client.get(reverse("wagtailsnippets_mailings_mailing:add")))
    for code in ("es", "pt", "en"):
        assert page.select_one(f"textarea[name=body_{code}]")["maxlength"] == str(BODY_MAX_CHARACTERS)
