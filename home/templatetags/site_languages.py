"""The site's languages in templates: localised navigation, the language switcher, hreflang links and the
language of pages' text in lists."""

from dataclasses import dataclass

from django import template
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.urls import translate_url
from django.utils import translation
from django.utils.translation import get_language_info
from wagtail.models import Page, Site

from cities.models import CityIndexPage
from events.models import EventIndexPage
from knowledge.models import ResourceIndexPage
from network.languages import active_locale_id
from network.visibility import in_closed_section
from practices.models import PracticeIndexPage

register = template.Library()


@dataclass
class LanguageVersion:
    code: str
    name: str
    url: str
    current: bool
    # False when that language only shows the original (a Wagtail alias, not yet translated).
    translated: bool
    # Where the switcher leads: the URL with the request's query string, so that a filtered view of the
    # directory stays filtered in the other language (hreflang alternates name the page itself).
    switch_url: str = ""
    # False when a view restriction closes that version to visitors: search engines are not sent there
    # (no hreflang alternate), while the switcher still leads readers who may open it.
    open_to_everyone: bool = True

    @property
    def default(self):
        """The site's default language: search engines' choice for other languages (x-default)."""
        return self.code == settings.LANGUAGE_CODE


@register.simple_tag(takes_context=True)
def site_navigation(context):
    """URLs of the home page and its sections (directory, practices, events, library) in the active language
    (one query)."""
    request = context.get("request")
    site = Site.find_for_request(request) if request else None
    if site is None:
        return {
            "home_url": "/",
            "directory_url": "",
            "events_url": "",
            "resources_url": "",
            "practices_url": "",
        }
    index_types = ContentType.objects.get_for_models(
        CityIndexPage, EventIndexPage, ResourceIndexPage, PracticeIndexPage
    )
    pages = (
        Page.objects.live()
        .filter(locale=active_locale_id())
        .filter(Q(translation_key=site.root_page.translation_key) | Q(content_type__in=index_types.values()))
        .order_by("depth")
    )
    home = None
    sections = {}
    for page in pages:
        if page.translation_key == site.root_page.translation_key:
            home = page
        elif home is not None and page.path.startswith(home.path):
            sections.setdefault(page.content_type_id, page)
    directory = sections.get(index_types[CityIndexPage].pk)
    events = sections.get(index_types[EventIndexPage].pk)
    library = sections.get(index_types[ResourceIndexPage].pk)
    practices = sections.get(index_types[PracticeIndexPage].pk)
    return {
        "home_url": home.get_url(request) if home else "/",
        "directory_url": directory.get_url(request) if directory else "",
        "events_url": events.get_url(request) if events else "",
        "resources_url": library.get_url(request) if library else "",
        "practices_url": practices.get_url(request) if practices else "",
    }


@register.simple_tag(takes_context=True)
def language_versions(context):
    """This page in every site language: its translation, or the untranslated original's copy.

    Pages that are not Wagtail pages (search, errors) switch language by their URL prefix.
    """
    request = context.get("request")
    if request is None:
        return []
    current = translation.get_language()
    page = context.get("page")
    if isinstance(page, Page) and page.pk:
        translations = {
            version.locale.language_code: version
            for version in page.get_translations(inclusive=True).live().select_related("locale")
        }
        query = request.GET.urlencode()
        # A page's own sub-page (an event's registration form, "register/") is the same sub-page of
        # each translation: the switcher must not drop a reader filling in a form back on the page.
        own_url = page.get_url(request) or ""
        subpage = request.path[len(own_url) :] if own_url and request.path.startswith(own_url) else ""
        versions = []
        for code, name in settings.LANGUAGES:
            if code not in translations:
                continue
            url = translations[code].get_url(request)
            if url:
                url += subpage
            versions.append(
                LanguageVersion(
                    code=code,
                    name=name,
                    url=url,
                    current=code == current,
                    translated=translations[code].alias_of_id is None,
                    switch_url=f"{url}?{query}" if query else url,
                    open_to_everyone=not in_closed_section(translations[code]),
                )
            )
        return versions
    path = request.get_full_path()
    return [
        LanguageVersion(
            code=code,
            name=name,
            url=translate_url(path, code),
            current=code == current,
            translated=True,
            switch_url=translate_url(path, code),
        )
        for code, name in settings.LANGUAGES
    ]


@register.simple_tag
def original_language_name(page):
    """The language an untranslated page (an alias) is shown in, named in the active language."""
    source = page.alias_of
    if source is None:
        return ""
    name = str(get_language_info(source.locale.language_code)["name_translated"])
    # Mid-sentence, Spanish and Portuguese write language names in lower case ("em espanhol"); English
    # does not ("in Spanish").
    return name if translation.get_language() == "en" else name[:1].lower() + name[1:]


@register.filter
def content_language(page):
    """The language of a listed page's own text (title, summary), for its lang attribute: its original's
    while it is not translated yet (an alias), as base.html's content_language for the page shown.

    No query when the list fetched the pages with select_related("alias_of__locale").
    """
    source = page.alias_of or page
    if source.locale_id == active_locale_id():
        return translation.get_language()
    return source.locale.language_code
