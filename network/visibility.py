"""Which pages any visitor may see, as Wagtail serves them: for every public list, map, feed and search.

`.public()` looks for view restrictions in a page's own tree only. Wagtail serves an alias under its
original's restrictions, and a page not yet translated is an alias of the Spanish one in the other
languages (wagtail-localize): `.public()` would keep the English and Portuguese copies of a restricted
page, and of the pages under it.

The closed sections are read once per version of the published content, which a view restriction's
creation, change or removal renews, as a publication, a move or a deletion does
(network/caching/invalidation.py): while the shared cache answers, a page view reads them from it, not from
the database.
"""

from django.db.models import Q
from wagtail.models import Page

from network.caching.versions import PUBLISHED_CONTENT

# The version names the data: the time limit only frees the memory.
SECTIONS_SECONDS = 60 * 60 * 24


def read_restricted_sections():
    """The tree paths of the pages whose section (the page and what is under it) a view restriction
    closes: the pages restricted and, from alias to alias, their copies."""
    found = dict(Page.objects.filter(view_restrictions__isnull=False).values_list("pk", "path"))
    paths = set(found.values())
    while found:  # An alias of an alias too: Wagtail follows the chain to the original.
        found = dict(Page.objects.filter(alias_of__in=list(found)).values_list("pk", "path"))
        paths.update(found.values())
    return sorted(paths)


def restricted_sections():
    """The closed sections' paths, kept in the shared cache for the current published content."""
    return PUBLISHED_CONTENT.remember(
        "network:restricted-sections", read_restricted_sections, SECTIONS_SECONDS
    )


def open_to_everyone(pages):
    """The pages of a page queryset that any visitor may see: those in no closed section (a section is the
    pages whose tree path starts with its top page's)."""
    closed = Q()
    for path in restricted_sections():
        closed |= Q(path__startswith=path)
    return pages.exclude(closed) if closed else pages


def in_closed_section(page):
    """Whether a view restriction closes this page to visitors, on it, above it or on its original."""
    return any(page.path.startswith(path) for path in restricted_sections())
