"""Build the site's page tree: the home page at the root of the site and the directory under it."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _
from wagtail.models import Locale, Page, Site, WorkflowPage
from wagtail_localize.models import LocaleSynchronization
from wagtail_localize.synctree import synchronize_tree

from cities.models import CityIndexPage
from cities.themes import translate_seeded_themes

from .models import HomePage

DIRECTORY_SLUG = "cities"


@transaction.atomic
def ensure_site_structure():
    """Create the home page, the directory and the default site if missing; return (home, directory).

    Both are the originals, in the default language.
    """
    default_locale = Locale.get_default()
    home = HomePage.objects.filter(locale=default_locale).first()
    if home is None:
        root = Page.get_first_root_node()
        _remove_wagtail_welcome_page(root)
        home = root.add_child(instance=HomePage(slug="home", locale=default_locale, **_home_text()))
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(hostname="localhost", port=80, root_page=home, is_default_site=True)
    elif site.root_page_id != home.pk:
        site.root_page = home
        site.save()

    # Workflows are chosen in code: the city review workflow (cities.focal_points) and no other.
    WorkflowPage.objects.filter(page=Page.get_first_root_node()).delete()

    directory = CityIndexPage.objects.filter(locale=default_locale).first()
    if directory is None:
        directory = home.add_child(
            instance=CityIndexPage(slug=DIRECTORY_SLUG, locale=default_locale, **_directory_text())
        )
    return home, directory


def _remove_wagtail_welcome_page(root):
    """A new Wagtail database holds a 'Welcome' page of the base Page type; the home page replaces it."""
    base_page_type = ContentType.objects.get_for_model(Page)
    for page in root.get_children().filter(content_type=base_page_type):
        if page.is_leaf():
            page.delete()


def _home_text():
    return {
        "title": _("Learning Cities Network"),
        "tagline": _("The UNESCO Learning Cities of Latin America and the Caribbean"),
        "intro": _(
            "<p>Cities that make lifelong learning a reality for everyone: the members of the "
            "UNESCO Global Network of Learning Cities in Latin America and the Caribbean, "
            "supported by the UNESCO Institute for Lifelong Learning "
            "and Tecnológico de Monterrey.</p>"
        ),
    }


def _directory_text():
    return {
        "title": _("Learning Cities"),
        "intro": _("<p>Every Learning City of the region: filter by country, theme or year joined.</p>"),
    }


@transaction.atomic
def ensure_translations(home, directory):
    """Give every site language its own tree, synchronised from the default language's.

    The home page and the directory are translated here, with the interface's own words; every
    other page (the cities) gets an alias in each language until someone translates it, so that
    each language's directory and map list every city, in its original language where untranslated.
    """
    default_locale = home.locale
    for language_code, _name in settings.WAGTAIL_CONTENT_LANGUAGES:
        locale, _created = Locale.objects.get_or_create(language_code=language_code)
        if locale == default_locale:
            continue
        with translation.override(language_code):
            _translate(home, locale, _home_text())
            _translate(directory, locale, _directory_text())
        translate_seeded_themes(locale)
        LocaleSynchronization.objects.get_or_create(locale=locale, defaults={"sync_from": default_locale})
        synchronize_tree(default_locale, locale)


def _translate(page, locale, text):
    if page.get_translation_or_none(locale) is not None:
        return
    translated = page.copy_for_translation(locale)
    for name, value in text.items():
        setattr(translated, name, value)
    translated.save_revision().publish()
