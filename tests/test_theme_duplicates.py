"""Two themes of one language cannot share a name or a slug (the database refuses it): staff adding or
renaming a theme to another's name or slug get a form error, not an error page, and nothing is saved."""

import pytest

from cities.models import Theme
from cities.themes import original_themes

pytestmark = pytest.mark.django_db

ADD_URL = "/admin/snippets/cities/theme/add/"


@pytest.fixture
def two_themes(themes):
    return themes[0], themes[1]


def errors_of(response):
    return {
        field: [str(error) for error in errors] for field, errors in response.context["form"].errors.items()
    }


def test_a_new_theme_with_another_theme_s_name_is_a_form_error(staff_client, two_themes):
    first, _second = two_themes
    staff_client.raise_request_exception = False
    count = Theme.objects.count()
    response = staff_client.post(ADD_URL, {"name": first.name, "slug": "nuevo-tema", "description": ""})
    assert response.status_code == 200
    assert errors_of(response) == {"name": ["Another theme already has this name."]}
    assert Theme.objects.count() == count


def test_a_new_theme_with_another_theme_s_slug_is_a_form_error(staff_client, two_themes):
    first, _second = two_themes
    staff_client.raise_request_exception = False
    count = Theme.objects.count()
    response = staff_client.post(ADD_URL, {"name": "Tema nuevo", "slug": first.slug, "description": ""})
    assert response.status_code == 200
    assert errors_of(response) == {"slug": ["Another theme already has this slug."]}
    assert Theme.objects.count() == count


def test_renaming_a_theme_to_another_theme_s_name_and_slug_is_a_form_error(staff_client, two_themes):
    first, second = two_themes
    staff_client.raise_request_exception = False
    response = staff_client.post(
        f"/admin/snippets/cities/theme/edit/{second.pk}/",
        {"name": first.name, "slug": first.slug, "description": ""},
    )
    assert response.status_code == 200
    assert errors_of(response) == {
        "name": ["Another theme already has this name."],
        "slug": ["Another theme already has this slug."],
    }
    second.refresh_from_db()
    assert (second.name, second.slug) != (first.name, first.slug)


def test_a_theme_keeps_its_own_name_and_slug_when_saved_again(staff_client, two_themes):
    _first, second = two_themes
    response = staff_client.post(
        f"/admin/snippets/cities/theme/edit/{second.pk}/",
        {"name": second.name, "slug": second.slug, "description": "Otra descripción."},
    )
    assert response.status_code == 302
    assert original_themes().get(pk=second.pk).description == "Otra descripción."
