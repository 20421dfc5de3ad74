"""The dashboard names the network in the reader's language, for a focal point as for UIL staff.

Wagtail titles the dashboard of a user whose pages lie in one site (a focal point's city) with that Site's
stored name, which `setup_network` writes in Spanish; staff, who reach the whole tree, got the translated
WAGTAIL_SITE_NAME. A focal point reading the admin in Portuguese or English saw "Red de Ciudades del
Aprendizaje" as the dashboard's heading and in its page count ("1 página criada em Red de Ciudades...").
"""

import pytest
from bs4 import BeautifulSoup
from wagtail.models import Site
from wagtail.users.models import UserProfile

pytestmark = pytest.mark.django_db

NAMES = {
    "es": "Red de Ciudades del Aprendizaje",
    "pt_BR": "Rede de Cidades de Aprendizagem",
    "en": "Learning Cities Network",
}


def dashboard(client, user, language):
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = language
    profile.save()
    client.force_login(user)
    response = client.get("/admin/")
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


@pytest.mark.parametrize("language", NAMES)
@pytest.mark.parametrize("role", ["focal_point_a", "staff_user"])
def test_the_dashboard_names_the_network_in_the_readers_language(client, request, role, language):
    assert Site.objects.get(is_default_site=True).site_name == NAMES["es"]
    page = dashboard(client, request.getfixturevalue(role), language)
    assert page.select_one("main h1").get_text(strip=True) == NAMES[language]
    summary = page.select_one(".w-summary").get_text(" ", strip=True)
    assert NAMES[language] in summary
    others = [name for code, name in NAMES.items() if code != language]
    assert not [name for name in others if name in page.select_one("main").get_text(" ")]
