"""Which pages match a visitor's search text, and in which order.

- Pages: live, public (a copy of a restricted page is not), in the active language, of the types in
  search.types.SEARCHABLE_TYPES.
- Matching: Wagtail's database search backend (SQLite FTS5, PostgreSQL full text) on the accent-free
  spelling of the words, which the index holds for every accented word (network.search_indexing).
- Order: a title that is the text (folded: "santiago" is "Santiago"), then a title that starts with it,
  then a title with a word that starts with it, then the backend's rank.
- Typos, on PostgreSQL: when the full text finds fewer than FEW_RESULTS pages, pages whose folded title
  is similar (pg_trgm word similarity) follow them, most similar first. SQLite has no such fallback.
"""

from django.contrib.postgres.search import TrigramWordSimilarity
from django.core.exceptions import ImproperlyConfigured
from django.db import connections, transaction
from django.db.models import Case, IntegerField, Q, Value, When
from wagtail.models import Page

from cities.directory import search_terms
from network.languages import active_locale_id
from network.search_indexing import SearchFold, fold
from network.visibility import open_to_everyone

from .types import SEARCHABLE_TYPES

FEW_RESULTS = 5
# pg_trgm word similarity of the words to the closest part of a title: "medelin" to "Medellín" 0.7,
# "bogta" to "Bogotá" 0.5, "cali" to "Curitiba" 0.2.
MIN_SIMILARITY = 0.5


def searchable_pages(locale_id=None):
    """What any visitor may find: live pages of the searchable types in the language that no view
    restriction closes, their own or their original's (network.visibility)."""
    return open_to_everyone(
        Page.objects.live().filter(
            locale_id=locale_id or active_locale_id(),
            content_type_id__in=[searchable.content_type_id for searchable in SEARCHABLE_TYPES],
        )
    )


def folded_words(text):
    """The visitor's words, lower case and without accents ("" when there are none)."""
    return fold(search_terms(text))


def title_rank(words):
    """0 for a title that is the words, 1 that starts with them, 2 with a word that does, 3 otherwise."""
    return Case(
        When(folded_title=words, then=Value(0)),
        When(folded_title__startswith=words, then=Value(1)),
        When(folded_title__contains=f" {words}", then=Value(2)),
        default=Value(3),
        output_field=IntegerField(),
    )


def full_text(pages, words):
    """The pages the search backend finds, as a queryset in the backend's order (best first)."""
    results = pages.search(words)
    if not hasattr(results, "get_queryset"):
        raise ImproperlyConfigured("The site search needs Wagtail's database search backend.")
    # The database backends' results are a queryset of the pages, ordered by their rank.
    return results.get_queryset()


def matching(text, locale_id=None):
    """The ids of the pages matching the text, best first (read once: the results, their count and the
    filters' counts all work from them), or None when the text has no word to look for."""
    words = folded_words(text)
    if not words:
        return None
    pages = searchable_pages(locale_id)
    found = full_text(pages, words).annotate(folded_title=SearchFold("title"))
    found = found.annotate(title_rank=title_rank(words))
    ids = list(found.order_by("title_rank", *found.query.order_by).values_list("pk", flat=True))
    if connections[pages.db].vendor == "postgresql" and len(ids) < FEW_RESULTS:
        ids = with_similar_titles(pages, ids, words)
    return ids


def with_similar_titles(pages, found_ids, words):
    """The few pages of the full text (in their order), then the pages with a similar title.

    Similar is pg_trgm's `<%` operator, which the trigram index on folded titles serves
    (search/migrations/0003), at MIN_SIMILARITY: its threshold is set for this query's transaction only.
    """
    similar = (
        pages.annotate(folded_title=SearchFold("title"))
        .annotate(title_rank=title_rank(words), similarity=TrigramWordSimilarity(words, "folded_title"))
        .filter(Q(pk__in=found_ids) | Q(folded_title__trigram_word_similar=words))
    )
    ordering = ["title_rank", "-similarity", "pk"]
    if found_ids:
        position = Case(
            *(When(pk=pk, then=Value(index)) for index, pk in enumerate(found_ids)),
            default=Value(len(found_ids)),
            output_field=IntegerField(),
        )
        similar = similar.annotate(found_position=position)
        ordering.insert(1, "found_position")
    with transaction.atomic(using=pages.db), connections[pages.db].cursor() as cursor:
        cursor.execute("SET LOCAL pg_trgm.word_similarity_threshold = %s", [MIN_SIMILARITY])
        return list(similar.order_by(*ordering).values_list("pk", flat=True))
