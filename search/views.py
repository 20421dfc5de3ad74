from django.conf import settings
from django.core.paginator import Paginator
from django.template.response import TemplateResponse
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from cities.themes import request_theme_labels
from network.languages import active_locale_id

from .engine import matching
from .facet_data import facts_by_page
from .facets import FacetForm, facet_options, filtered
from .types import SEARCHABLE_TYPES, type_of

RESULTS_PER_PAGE = 20
MAX_QUERY_LENGTH = 200


def search(request):
    """Site search over the published pages of search.types, ranked, with filters by type, theme and
    country (search.engine, search.facets)."""
    query = request.GET.get("query", "").strip()
    theme_labels = request_theme_labels(request)
    form = FacetForm(request.GET, theme_labels=theme_labels)
    # Pages not translated yet are found by their text in the site's first language (Spanish).
    context = {
        "search_query": query,
        "facet_form": form,
        "facets": [],
        "in_first_language": get_language() == settings.LANGUAGE_CODE,
    }
    error = None
    if len(query) > MAX_QUERY_LENGTH:
        error = _("The search text is too long (at most %(max)d characters).") % {"max": MAX_QUERY_LENGTH}
        ids = None
    else:
        ids = matching(query)
    if ids is None:
        # Nothing to look for: no results, and no filters to offer.
        ids = []
    else:
        criteria = form.criteria
        facts = facts_by_page(active_locale_id())
        context["facets"] = facet_options(ids, facts, criteria, theme_labels, request.GET)
        if criteria:
            # What the words found before the filters: when the filters leave nothing, the page says
            # they are the reason (a filter stays in the form while the words change).
            context["unfiltered_count"] = len(ids)
            ids = filtered(ids, facts, criteria, theme_labels)
    page = Paginator(ids, RESULTS_PER_PAGE).get_page(request.GET.get("page"))
    page.object_list = in_order(page.object_list)
    prepare_cards(page.object_list)
    context.update(search_results=page, page_query=page_query(request.GET), error=error)
    return TemplateResponse(request, "search/search.html", context, status=400 if error else 200)


def in_order(ids):
    """The pages of these ids as their own types, in their order: a query per searchable type, so that a
    page of results costs the same whichever types it holds (Wagtail's `specific()` reads the types
    present, one by one). Each page comes with its original's locale, for the language of its text
    (site_languages.content_language)."""
    by_id = {}
    for searchable in SEARCHABLE_TYPES:
        pages = searchable.model.objects.filter(pk__in=ids).select_related("alias_of__locale")
        by_id.update((page.pk, page) for page in pages)
    return [by_id[pk] for pk in ids if pk in by_id]


def prepare_cards(pages):
    """Give each result its type (label, key) and read what the cards show in a few queries."""
    for page in pages:
        page.search_type = type_of(page)
    for searchable in SEARCHABLE_TYPES:
        of_type = [page for page in pages if page.search_type is searchable]
        if searchable.prepare_cards and of_type:
            searchable.prepare_cards(of_type)


def page_query(query):
    """The query string without the page number, for the links to other result pages."""
    kept = query.copy()
    kept.pop("page", None)
    return kept.urlencode()
