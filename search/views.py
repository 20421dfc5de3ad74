from django.core.paginator import Paginator
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from wagtail.models import Locale, Page

from cities.directory import search_terms

RESULTS_PER_PAGE = 20
MAX_QUERY_LENGTH = 200


def search(request):
    """Site search over published pages: cities by name, region, country, summary and body."""
    query = request.GET.get("query", "").strip()
    error = None
    if len(query) > MAX_QUERY_LENGTH:
        error = _("The search text is too long (at most %(max)d characters).") % {"max": MAX_QUERY_LENGTH}
        results = Page.objects.none()
    elif search_terms(query):
        results = (
            Page.objects.live()
            .public()
            .filter(locale=Locale.get_active())
            .specific()
            .search(search_terms(query))
        )
    else:
        results = Page.objects.none()
    page = Paginator(results, RESULTS_PER_PAGE).get_page(request.GET.get("page"))
    return TemplateResponse(
        request,
        "search/search.html",
        {"search_query": query, "search_results": page, "error": error},
        status=400 if error else 200,
    )
