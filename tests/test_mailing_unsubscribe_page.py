"""The public unsubscribe page when its link is not valid (cut short by a mail program, or forged): the
site's own page in the link's language, saying what to do, with status 400, not a bare line of text.
A genuine link whose person is no longer in the contacts (deleted) is not "not valid": the page says the
address receives no mailings. The page answers HEAD as it answers GET, changing nothing either."""

from urllib.parse import urlsplit

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from contacts.models import Contact
from mailings.unsubscribe import unsubscribe_link
from tests.factories import ContactFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("language", "says"),
    [
        ("es", "Este enlace para darse de baja no es válido"),
        ("pt-br", "Este link de descadastro não é válido"),
        ("en", "This unsubscribe link is not valid"),
    ],
)
def test_a_link_that_is_not_valid_gets_the_sites_page_in_its_language(client, soup, language, says):
    with translation.override(language):
        url = reverse("mailings_unsubscribe", args=["MQ:1xZzm4:cut-short"])

    response = client.get(url)
    assert response.status_code == 400
    page = soup(response)
    assert page.find("html")["lang"] == language
    assert says in page.find("main").get_text()
    assert page.select("main form") == []


@pytest.mark.parametrize("method", ["get", "post"])
def test_the_link_of_a_deleted_contact_says_the_address_receives_no_mailings(client, soup, method):
    contact = ContactFactory(emails=["ida@example.org"])
    path = urlsplit(unsubscribe_link(contact.pk, "en")).path
    contact.delete()

    response = getattr(client, method)(path)

    assert response.status_code == 200
    text = " ".join(soup(response).find("main").get_text().split())
    assert "This address receives no mailings from the Learning Cities Network" in text
    assert "not valid" not in text
    assert soup(response).select("main form") == []
    assert not Contact.objects.exists()


def test_head_answers_like_get_and_unsubscribes_nobody():
    contact = ContactFactory(emails=["ida@example.org"])
    path = urlsplit(unsubscribe_link(contact.pk, "es")).path

    head = Client(enforce_csrf_checks=True).head(path)

    assert head.status_code == 200
    assert head["Content-Type"].startswith("text/html")
    contact.refresh_from_db()
    assert contact.unsubscribed_at is None
