"""The public unsubscribe page when its link is not valid (cut short by a mail program, or forged): the
site's own page in the link's language, saying what to do, with status 400, not a bare line of text."""

import pytest
from django.urls import reverse
from django.utils import translation

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
