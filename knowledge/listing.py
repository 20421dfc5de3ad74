"""The library's index (/resources/) with its filters in the query string, and what an item's page shows
besides its fields."""

from django import forms
from django.core.paginator import Paginator
from django.db.models import JSONField
from django.db.models.fields.json import KeyTextTransform
from django.db.models.functions import Cast
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from wagtail_localize.models import Translation

from cities.directory import FilterForm
from cities.models import CityPage
from cities.ordering import alphabetical
from cities.themes import request_theme_labels
from events.models import EventPage
from network.languages import active_locale_id
from network.visibility import open_to_everyone

from .citations import apa, citation_meta
from .models import ResourcePage, TextLanguage

PER_PAGE = 20
TITLE_FIELDS = ("translation_key", "locale__language_code", "title", "title_language", "alias_of_id")


class ResourceFilterForm(FilterForm):
    theme = forms.ChoiceField(label=_("Theme"), required=False)
    kind = forms.ChoiceField(label=_("Type"), required=False)
    language = forms.ChoiceField(label=_("Language of the full text"), required=False)
    year = forms.TypedChoiceField(label=_("Year"), required=False, coerce=int, empty_value=None)

    def __init__(self, *args, resources, request=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["theme"].choices = [("", _("All themes"))] + [
            (label.slug, label.name) for label in request_theme_labels(request).values()
        ]
        self.fields["kind"].choices = [("", _("All types")), *ResourcePage.Kind.choices]
        self.fields["language"].choices = [("", _("All languages")), *TextLanguage.choices]
        years = resources.order_by("-year").values_list("year", flat=True).distinct()
        self.fields["year"].choices = [("", _("All years"))] + [(year, str(year)) for year in years]

    def filtered(self, resources):
        criteria = self.criteria
        if criteria.get("theme"):
            resources = resources.filter(themes__slug=criteria["theme"])
        if criteria.get("kind"):
            resources = resources.filter(kind=criteria["kind"])
        if criteria.get("language"):
            resources = resources.filter(full_texts__language=criteria["language"])
        if criteria.get("year"):
            resources = resources.filter(year=criteria["year"])
        return resources.distinct()


def published_resources(index):
    """The live items of a library that visitors may see, for its list and its feed (network.visibility)."""
    return open_to_everyone(ResourcePage.objects.live().child_of(index))


def index_context(index, request):
    resources = published_resources(index)
    form = ResourceFilterForm(request.GET or None, resources=resources, request=request)
    chosen = form.filtered(resources).order_by("-year", "title", "pk")
    chosen = chosen.select_related("alias_of__locale").prefetch_related("themes", "full_texts")
    paginator = Paginator(chosen, PER_PAGE)
    page = paginator.get_page(request.GET.get("page"))
    page.object_list = list(page.object_list)
    languages = title_languages(page.object_list)
    for resource in page.object_list:
        resource.language_of_title = languages[resource.pk]
    query = request.GET.copy()
    query.pop("page", None)
    return {
        "filter_form": form,
        "resources": page,
        "paginator": paginator,
        "filter_query": query.urlencode(),
        "filtered": bool(form.criteria),
    }


def index_response(index, request):
    return index.render(request, context_overrides=index_context(index, request))


def visible_in_page_language(model, originals):
    """The pages of `originals` that visitors may see (live, open to everyone), in the page's language, by
    title."""
    keys = [page.translation_key for page in originals]
    if not keys:
        return []
    pages = open_to_everyone(model.objects.live().filter(locale=active_locale_id(), translation_key__in=keys))
    return sorted(pages, key=lambda page: alphabetical(page.title))


def title_languages(resources):
    """{item pk: the language of its title} for these items, in at most three queries however many they
    are (one more per level of copies of copies).

    An untranslated copy (an alias, in its original's library or in another language's) has the title of
    the page it copies, in that page's language. A translation that wagtail-localize keeps (an enabled
    Translation into its locale; its editor cannot change the choice it copies from the source) has its
    source's title language while its title is still the source's, and its own once the title is
    translated. Any other item (an original, a translation edited in Wagtail's own editor) has the language
    staff gave, else the page's, as base.html's content_language.
    """
    resources = list(resources)
    shown = copied_pages(resources)
    found = {}
    for resource in resources:
        page = shown[resource.pk]
        own = get_language() if page is resource else page.locale.language_code
        found[resource.pk] = page.title_language or own
    pages = {page.pk: page for page in shown.values()}.values()
    if not pages:
        return found
    translations = (
        Translation.objects.filter(
            source__object_id__in={page.translation_key for page in pages}, enabled=True
        )
        .annotate(source_title=KeyTextTransform("title", Cast("source__content_json", JSONField())))
        .values_list("source__object_id", "target_locale_id", "source__locale_id", "source_title")
    )
    sources = {(key, target): (source, title) for key, target, source, title in translations}
    translated = {page.pk for page in pages if (page.translation_key, page.locale_id) in sources}
    if translated:
        versions = TitleVersions({page.translation_key for page in pages if page.pk in translated}, sources)
        for resource in resources:
            if shown[resource.pk].pk in translated:
                found[resource.pk] = versions.language(shown[resource.pk])
    return found


def copied_pages(resources):
    """{item pk: the page whose title it shows}: the item itself, or for an untranslated copy (an alias)
    the page it copies (an original or a translation, with its locale), read in one query for all copies,
    and one more per level of copies of copies."""
    targets = {}
    wanted = {resource.alias_of_id for resource in resources if resource.alias_of_id is not None}
    while wanted:
        read = ResourcePage.objects.filter(pk__in=wanted).select_related("locale").only(*TITLE_FIELDS)
        read = {target.pk: target for target in read}
        targets.update(read)
        wanted = {target.alias_of_id for target in read.values() if target.alias_of_id is not None}
        wanted -= targets.keys()

    def copied(page):
        followed = set()
        while page.alias_of_id in targets and page.pk not in followed:
            followed.add(page.pk)
            page = targets[page.alias_of_id]
        return page

    return {resource.pk: copied(resource) for resource in resources}


class TitleVersions:
    """The titles of the versions of some items in every language, read in one query, and which version
    each translation was made from, with the title it had then (`sources`: {(translation key, locale id):
    (the source's locale id, the source's title in wagtail-localize's TranslationSource)})."""

    def __init__(self, keys, sources):
        self.sources = sources
        versions = (
            ResourcePage.objects.filter(translation_key__in=keys).select_related("locale").only(*TITLE_FIELDS)
        )
        self.by_language = {(version.translation_key, version.locale_id): version for version in versions}
        self.by_pk = {version.pk: version for version in self.by_language.values()}

    def language(self, version, seen=()):
        """The language of the title of `version` (an item as listed or previewed, or one of the versions
        read). A translation wagtail-localize keeps has the title language of the version it was made
        from while its title is the one it was translated from (a chain of translations is followed, each
        version once), else its own; any other version has the language staff gave, else its own."""
        key = version.translation_key
        stored = self.by_language.get((key, version.locale_id), version)
        if version.alias_of_id in self.by_pk and not version.title_language:
            return self.by_pk[version.alias_of_id].locale.language_code
        source_locale, source_title = self.sources.get((key, version.locale_id), (None, None))
        source = self.by_language.get((key, source_locale))
        if version.alias_of_id is None and source is not None:
            # wagtail-localize keeps this translation: the title language it holds is its source's. The
            # source's title may have changed since (not synced yet): compare with the one translated.
            kept = source.title if source_title is None else source_title
            if kept == version.title and source.pk not in seen:
                return self.language(source, (*seen, stored.pk))
            return stored.locale.language_code
        return version.title_language or stored.locale.language_code


def title_language(resource):
    """The language of one item's title (title_languages)."""
    return title_languages([resource])[resource.pk]


def item_context(resource, request):
    language = title_language(resource)
    full_texts = list(resource.full_texts.select_related("document"))
    return {
        "title_language": language,
        "citation": apa(resource, request, title_language=language),
        "citation_meta": citation_meta(resource, full_texts, request),
        "full_texts": full_texts,
        "related_cities": visible_in_page_language(CityPage, resource.cities.all()),
        "related_events": visible_in_page_language(EventPage, resource.events.all()),
    }
