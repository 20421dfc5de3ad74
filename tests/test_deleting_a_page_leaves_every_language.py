"""A page deleted in the admin leaves every language: its translations and its untranslated copies in the
other languages' trees go with it, as Wagtail's delete view does when a translation app names them, and
its confirmation says how many translations will go; the explorer's bulk deletion does the same. Deleting
a translation leaves the original alone."""

import pytest
from django.test import Client
from wagtail.models import Locale, Page

from tests.factories import CityFactory, EventFactory, PracticeFactory

pytestmark = pytest.mark.django_db


def translate(page, language):
    """A real translation in `language`, published, in place of the untranslated copy (a Wagtail alias)."""
    locale = Locale.objects.get(language_code=language)
    page.get_translation(locale).delete()
    translated = page.copy_for_translation(locale)
    translated.save_revision().publish()
    return translated


def versions(page):
    return sorted(
        Page.objects.filter(translation_key=page.translation_key).values_list(
            "locale__language_code", flat=True
        )
    )


@pytest.mark.parametrize("factory", [CityFactory, EventFactory], ids=["city", "event"])
def test_deleting_the_original_deletes_its_versions_in_every_language(admin_client, factory):
    original = factory(title="Página Que Se Va")
    english = translate(original, "en")
    portuguese_copy = original.get_translation(Locale.objects.get(language_code="pt-br"))
    addresses = [original.url, english.url, portuguese_copy.url]

    confirmation = admin_client.get(f"/admin/pages/{original.pk}/delete/")
    # In the admin's language for an account without a choice.
    assert "también se eliminará 1 traducción de esta página." in confirmation.content.decode()
    response = admin_client.post(f"/admin/pages/{original.pk}/delete/")

    assert response.status_code == 302
    assert versions(original) == []
    visitor = Client()
    assert [visitor.get(address).status_code for address in addresses] == [404, 404, 404]


def test_deleting_a_translation_leaves_the_original_and_the_other_languages(admin_client):
    original = CityFactory(title="Ciudad Que Se Queda")
    english = translate(original, "en")

    admin_client.post(f"/admin/pages/{english.pk}/delete/")

    assert versions(original) == ["es", "pt-br"]
    assert Client().get(original.url).status_code == 200


def test_deleting_originals_together_deletes_their_versions_in_every_language(admin_client):
    first, second = CityFactory(title="Primera Que Se Va"), CityFactory(title="Segunda Que Se Va")
    translate(first, "en")
    kept = CityFactory(title="Ciudad Que Se Queda")

    response = admin_client.post(
        f"/admin/bulk/wagtailcore/page/delete/?id={first.pk}&id={second.pk}",
        {"confirm_site_name": "Red de Ciudades del Aprendizaje"},
    )

    assert response.status_code == 302
    assert versions(first) == [] and versions(second) == []
    assert versions(kept) == ["en", "es", "pt-br"]


@pytest.mark.parametrize("bulk", [False, True], ids=["delete view", "bulk deletion"])
def test_a_translation_moved_elsewhere_is_kept(admin_client, bulk):
    """Wagtail's delete view deletes only the versions that stand where the original stood (under its
    parent's versions); the bulk deletion keeps a translation an editor moved elsewhere all the same."""
    original = EventFactory(title="Evento Que Se Va")
    english = translate(original, "en")
    english.move(Page.objects.get(depth=2, locale__language_code="en"), pos="last-child")

    if bulk:
        admin_client.post(
            f"/admin/bulk/wagtailcore/page/delete/?id={original.pk}",
            {"confirm_site_name": "Red de Ciudades del Aprendizaje"},
        )
    else:
        admin_client.post(f"/admin/pages/{original.pk}/delete/")

    assert versions(original) == ["en"]


def test_bulk_deleting_the_spanish_home_leaves_the_other_languages_homes(admin_client):
    """As Wagtail's delete view does: the other homes stand under the tree's root, which has no versions."""
    home = Page.objects.get(depth=2, locale__language_code="es")

    admin_client.post(
        f"/admin/bulk/wagtailcore/page/delete/?id={home.pk}",
        {"confirm_site_name": "Red de Ciudades del Aprendizaje"},
    )

    assert versions(home) == ["en", "pt-br"]


def test_the_confirmation_counts_no_translation_moved_elsewhere(admin_client):
    """Wagtail's view counts the versions a translation app names; it deletes those under the parent's."""
    original = EventFactory(title="Evento Que Se Va")
    translate(original, "en").move(Page.objects.get(depth=2, locale__language_code="en"), pos="last-child")

    confirmation = admin_client.get(f"/admin/pages/{original.pk}/delete/").content.decode()

    assert "traducción" not in confirmation


@pytest.mark.usefixtures("english_admin")
@pytest.mark.parametrize("bulk", [False, True], ids=["delete view", "bulk deletion"])
def test_who_may_delete_the_original_deletes_its_versions(staff_client, bulk):
    """As Wagtail's delete view does, whatever the user may do to the versions themselves: staff may delete a
    city page without pages under it, not its translation with a practice written in English under it."""
    original = CityFactory(title="Ciudad Que Se Va")
    PracticeFactory(city=translate(original, "en"), title="A practice in English only")

    if bulk:
        staff_client.post(
            f"/admin/bulk/wagtailcore/page/delete/?id={original.pk}",
            {"confirm_site_name": "Learning Cities Network"},
        )
    else:
        staff_client.post(f"/admin/pages/{original.pk}/delete/")

    assert versions(original) == []
