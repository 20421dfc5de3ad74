"""The admin names the Learning Cities Network, not the software it runs on: the browser tab of every admin
page and of the sign-in page, and the sign-in page's heading ("Iniciar sesión en Wagtail" told an invited
focal point nothing), in the reader's language. The heading keeps saying what the page is for, as Wagtail's
does: a reader landing there from an invitation learns both where they are and what to do.
"""

import pytest
from django.test import Client
from wagtail.users.models import UserProfile

pytestmark = pytest.mark.django_db

NAMES = {
    "es": "Red de Ciudades del Aprendizaje",
    "pt-br": "Rede de Cidades de Aprendizagem",
    "en": "Learning Cities Network",
}
SIGN_IN = {
    "es": "Iniciar sesión en la Red de Ciudades del Aprendizaje",
    "pt-br": "Entrar na Rede de Cidades de Aprendizagem",
    "en": "Sign in to the Learning Cities Network",
}


@pytest.mark.parametrize("language", NAMES)
def test_the_sign_in_page_names_the_network(soup, language):
    page = soup(Client(HTTP_ACCEPT_LANGUAGE=language).get("/admin/login/"))
    assert page.title.get_text(strip=True).endswith(f" - {NAMES[language]}")
    assert page.select_one("h1").get_text(strip=True) == SIGN_IN[language]
    assert NAMES[language] in SIGN_IN[language]
    assert "Wagtail" not in page.title.get_text() + page.select_one("h1").get_text()


@pytest.mark.parametrize("language", NAMES)
@pytest.mark.parametrize("path", ["/admin/", "/admin/pages/", "/admin/snippets/contacts/engagement/"])
def test_admin_pages_name_the_network_in_the_tab(client, staff_user, soup, path, language):
    profile = UserProfile.get_for_user(staff_user)
    profile.preferred_language = language.replace("-br", "_BR")
    profile.save()
    client.force_login(staff_user)
    title = soup(client.get(path)).title.get_text(" ", strip=True)
    assert title.endswith(f" - {NAMES[language]}")
    assert "Wagtail" not in title
