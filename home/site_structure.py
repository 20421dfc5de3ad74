"""Build the site's page tree: the home page at the root of the site, the directory, the events, the
resource library and the list of good practices under it."""

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
from events.models import EventIndexPage
from knowledge.models import ResourceIndexPage
from network.links import site_address
from practices.models import PracticeIndexPage

from .models import HomePage

DIRECTORY_SLUG = "cities"
EVENTS_SLUG = "events"
RESOURCES_SLUG = "resources"
PRACTICES_SLUG = "practices"


@transaction.atomic
def ensure_site_structure():
    """Create the home page, the directory, the events index, the library, the practices list and the
    default site if missing; return
    (home, directory).

    Both are the originals, in the default language.
    """
    default_locale = Locale.get_default()
    _name_the_root()
    home = HomePage.objects.filter(locale=default_locale).first()
    if home is None:
        root = Page.get_first_root_node()
        _remove_wagtail_welcome_page(root)
        home = root.add_child(instance=HomePage(slug="home", locale=default_locale, **_home_text()))
    ensure_default_site(home)

    # Workflows are chosen in code: the city review workflow (cities.focal_points) and no other.
    WorkflowPage.objects.filter(page=Page.get_first_root_node()).delete()

    directory = CityIndexPage.objects.filter(locale=default_locale).first()
    if directory is None:
        directory = home.add_child(
            instance=CityIndexPage(slug=DIRECTORY_SLUG, locale=default_locale, **_directory_text())
        )
    if not EventIndexPage.objects.filter(locale=default_locale).exists():
        home.add_child(instance=EventIndexPage(slug=EVENTS_SLUG, locale=default_locale, **_events_text()))
    if not ResourceIndexPage.objects.filter(locale=default_locale).exists():
        home.add_child(
            instance=ResourceIndexPage(slug=RESOURCES_SLUG, locale=default_locale, **_resources_text())
        )
    if not PracticeIndexPage.objects.filter(locale=default_locale).exists():
        home.add_child(
            instance=PracticeIndexPage(slug=PRACTICES_SLUG, locale=default_locale, **_practices_text())
        )
    return home, directory


class SiteAddressTaken(Exception):
    """Another Site already has the base URL's host and port."""


def ensure_default_site(home):
    """The default Site serves the home page at the base URL's host and port, under the site's name.

    Wagtail gives pages their full URL (in its notifications, among others) from the Site: it must
    match WAGTAILADMIN_BASE_URL, where every other e-mailed link points. The name, which the admin's
    dashboard shows instead of the host name, is the network's, in the site's first language; a name
    an administrator chose is kept.
    """
    hostname, port = site_address(settings.WAGTAILADMIN_BASE_URL)
    if Site.objects.filter(hostname=hostname, port=port, is_default_site=False).exists():
        raise SiteAddressTaken(
            f"Another site already has the address {hostname}:{port} of WAGTAILADMIN_BASE_URL "
            f"({settings.WAGTAILADMIN_BASE_URL}): change or delete it in Settings > Sites."
        )
    site = Site.objects.filter(is_default_site=True).first() or Site(is_default_site=True)
    with translation.override(settings.LANGUAGE_CODE):
        site_name = site.site_name or str(settings.WAGTAIL_SITE_NAME)
    wanted = {"hostname": hostname, "port": port, "root_page_id": home.pk, "site_name": site_name}
    if site.pk is None or any(getattr(site, name) != value for name, value in wanted.items()):
        for name, value in wanted.items():
            setattr(site, name, value)
        site.save()
    return site


def _name_the_root():
    """Wagtail's tree root is titled "Root", which the page explorer shows ("Exploring: Root") to staff
    reading the admin in Spanish: it takes the network's name instead. A title an administrator gave it
    is kept."""
    with translation.override(settings.LANGUAGE_CODE):
        name = str(settings.WAGTAIL_SITE_NAME)
    Page.objects.filter(depth=1, title="Root").update(title=name, draft_title=name)


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


def _events_text():
    return {
        "title": _("Events"),
        "intro": _(
            "<p>The regional forum of Latin American and Caribbean Learning Cities and the network's "
            "workshops, webinars and courses.</p>"
        ),
    }


def _resources_text():
    return {
        "title": _("Resource library"),
        "intro": _(
            "<p>Research by the UNESCO Institute for Lifelong Learning and the network's guides, toolkits, "
            "case studies and recordings, with the languages each can be read in.</p>"
        ),
    }


def _practices_text():
    return {
        "title": _("Good practices"),
        "intro": _(
            "<p>What the Learning Cities have done and what it achieved, told by the cities themselves: "
            "filter by theme, country, city size or measured results.</p>"
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
            for events in EventIndexPage.objects.filter(locale=default_locale):
                _translate(events, locale, _events_text())
            for library in ResourceIndexPage.objects.filter(locale=default_locale):
                _translate(library, locale, _resources_text())
            for practices in PracticeIndexPage.objects.filter(locale=default_locale):
                _translate(practices, locale, _practices_text())
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
