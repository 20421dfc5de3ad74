"""A city page links the themes of the site's first language; its editor names them in the editor's own
admin language, so a focal point in Brazil picks "Hortas urbanas", not a Spanish name."""

import pytest
from wagtail.models import Locale
from wagtail.users.models import UserProfile

from tests.factories import ThemeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def gardens(db):
    theme = ThemeFactory(name="Huertas urbanas", slug="huertas-urbanas")
    translation = theme.copy_for_translation(Locale.objects.get(language_code="pt-br"))
    translation.name = "Hortas urbanas"
    translation.save()
    return theme


def theme_labels(client, page, soup):
    html = soup(client.get(f"/admin/pages/{page.pk}/edit/"))
    return {
        " ".join(label.get_text().split())
        for label in html.select("input[name=themes]")
        for label in [label.find_parent("label")]
    }


def test_the_city_editor_names_themes_in_the_admin_language(client, focal_point_a, medellin, gardens, soup):
    profile = UserProfile.get_for_user(focal_point_a)
    profile.preferred_language = "pt-br"
    profile.save()
    client.force_login(focal_point_a)
    labels = theme_labels(client, medellin, soup)
    assert "Hortas urbanas" in labels
    assert "Huertas urbanas" not in labels


def test_an_untranslated_theme_keeps_its_original_name(client, focal_point_a, medellin, soup):
    ThemeFactory(name="Bibliotecas vivas", slug="bibliotecas-vivas")
    profile = UserProfile.get_for_user(focal_point_a)
    profile.preferred_language = "pt-br"
    profile.save()
    client.force_login(focal_point_a)
    assert "Bibliotecas vivas" in theme_labels(client, medellin, soup)
