"""The admin's own search boxes (snippet listings, choosers, the door's check-in list), answered by the
database with case and accents aside: "bogota" finds Bogotá, "REUNION" a "reunión".

Each word of the query must be in one of the fields, so "ana garcia" finds Ana García, whose names are
two fields. Both sides go through `search_fold` in SQL (network.search_indexing.SearchFold), so a stored
text and a typed word fold alike on either database. These lists are searched with a scan, as Wagtail's
own `icontains` search did; a typed word is a value, never a pattern ("%" and "_" match themselves).
"""

from functools import reduce
from operator import or_

from django.db.models import Q, Value
from django.db.models.lookups import Contains
from wagtail.snippets.views.snippets import IndexView

from .exports import NoEmptyExportMixin
from .search_indexing import SearchFold


def matching_words(objects, query, fields):
    """`objects` that have every word of `query` in one of `fields` (lookups such as "emails__address")."""
    words = query.split()
    for word in words:
        typed = SearchFold(Value(word))
        objects = objects.filter(reduce(or_, (Q(Contains(SearchFold(field), typed)) for field in fields)))
    if words and any("__" in field for field in fields):
        # A word found in two of a contact's addresses would list the contact twice.
        objects = objects.distinct()
    return objects


class AccentInsensitiveSearchMixin:
    """For a generic IndexView whose `search_fields` Wagtail would search with `icontains` (a viewset with
    `search_backend_name = None`)."""

    def search_queryset(self, queryset):
        if not self.is_searching:
            return queryset
        return matching_words(queryset, self.search_query, self.search_fields or ())


class AccentInsensitiveIndexView(AccentInsensitiveSearchMixin, NoEmptyExportMixin, IndexView):
    """The snippet listing of a viewset that needs nothing else of its own (a download only if the viewset
    lists columns to export)."""
