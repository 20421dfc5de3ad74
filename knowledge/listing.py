"""The library's index (/resources/) with its filters in the query string, and what an item's page shows
besides its fields."""

from django import forms
from django.core.paginator import Paginator
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from cities.directory import FilterForm
from cities.models import CityPage
from cities.themes import request_theme_labels
from events.models import EventPage
from network.languages import active_locale_id
from network.visibility import open_to_everyone

from .citations import apa
from .models import ResourcePage, TextLanguage

PER_PAGE = 20


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
    return sorted(pages, key=lambda page: page.title.casefold())


def title_language(resource):
    """The language of the item's title: as staff gave it, else that of the page's own text (its original's
    while it is an untranslated copy), as base.html's content_language."""
    if resource.title_language:
        return resource.title_language
    source = resource.alias_of
    return source.locale.language_code if source is not None else get_language()


def item_context(resource, request):
    return {
        "citation": apa(resource, request, title_language=title_language(resource)),
        "full_texts": list(resource.full_texts.select_related("document")),
        "related_cities": visible_in_page_language(CityPage, resource.cities.all()),
        "related_events": visible_in_page_language(EventPage, resource.events.all()),
    }
