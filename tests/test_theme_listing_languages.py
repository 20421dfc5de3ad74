"""The themes' listing shows every language's names together (Wagtail's snippet listings filter by language
only when asked): each row says which language its name is in, so that the English translation of a theme
does not read as an English theme in a Spanish or Portuguese admin."""

import pytest
from wagtail.users.models import UserProfile

pytestmark = pytest.mark.django_db


def rows(client, soup):
    html = soup(client.get("/admin/snippets/cities/theme/", {"ordering": "name"}))
    return {
        " ".join(row.select_one("td.title a").get_text().split()): " ".join(row.get_text().split())
        for row in html.select("tbody tr")
    }


@pytest.mark.parametrize("language", ["es", "pt-br"])
def test_each_theme_s_row_says_its_language(client, staff_user, soup, language):
    profile = UserProfile.get_for_user(staff_user)
    profile.preferred_language = language
    profile.save()
    client.force_login(staff_user)

    listed = rows(client, soup)

    assert "English" in listed["Health and well-being"]
    assert "Español" in listed["Salud y bienestar"]
    assert "Português (Brasil)" in listed["Saúde e bem-estar"]
