"""The CRM listings' names in a dictionary's order (cities/ordering.py), on screen and in their downloads."""

from cities.ordering import by_name


class AlphabeticalOrderingMixin:
    """Names in the order of a dictionary of the reader's language, accents and case aside (Álvarez before
    Zapata; a plain ORDER BY compares code points and puts every accented initial after Z): the listing's
    default order and its name columns, on screen and in its downloads."""

    # {ordering (a column's sort key, or None for the default): the text fields to sort by, in turn}
    alphabetical_orderings = {}

    def order_queryset(self, queryset):
        ordering = self.ordering
        if isinstance(ordering, str) or ordering is None:
            descending = bool(ordering) and ordering.startswith("-")
            fields = self.alphabetical_orderings.get(ordering.lstrip("-") if ordering else None)
            if fields:
                names = [by_name(field) for field in fields]
                return queryset.order_by(
                    *(
                        name.desc(nulls_last=True) if descending else name.asc(nulls_last=True)
                        for name in names
                    ),
                    "-pk" if descending else "pk",
                )
        return super().order_queryset(queryset)
