"""A staff member who meets a missing record or a mistyped address in the admin reads Wagtail's "page not
found" in their account's language, as every admin screen speaks it, not in their browser's."""

import pytest
from django.utils import translation
from django.utils.translation import gettext

from tests.helpers import client_in_language, parse_html

ADDRESSES = [
    "/admin/snippets/contacts/contact/edit/999999/",
    "/admin/pages/999999/edit/",
    "/admin/no-such-screen/",
]


@pytest.mark.parametrize("address", ADDRESSES)
@pytest.mark.parametrize(("account", "browser"), [("pt-br", "es"), ("en", "pt-br"), ("es", "en")])
def test_the_admins_404_speaks_the_accounts_language(superuser, address, account, browser):
    client = client_in_language(superuser, account)
    response = client.get(address, HTTP_ACCEPT_LANGUAGE=browser)
    assert response.status_code == 404
    page = parse_html(response)
    with translation.override(account):
        assert gettext("The requested page could not be found.") in page.get_text()
    assert page.html["lang"] == account
