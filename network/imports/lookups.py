"""Reading what a file refers to in a few queries, whatever the number of rows.

Every `__in` query takes at most BATCH_SIZE values: databases limit a query's parameters.
"""

from collections import defaultdict

from .values import fold

BATCH_SIZE = 500


def chunks(items, size=BATCH_SIZE):
    items = list(items)
    for start in range(0, len(items), size):
        yield items[start : start + size]


def in_bulk(model, pks):
    """{pk: instance} for these primary keys."""
    found = {}
    for chunk in chunks(pks):
        found.update(model.objects.in_bulk(chunk))
    return found


def linked_ids(model, name, pks):
    """{pk: {ids of what it is linked to}} by the many-to-many field `name`, for these records."""
    source, target, through = through_columns(model, name)
    found = defaultdict(set)
    for chunk in chunks(pks):
        for pk, linked in through.objects.filter(**{f"{source}__in": chunk}).values_list(source, target):
            found[pk].add(linked)
    return found


def through_columns(model, name):
    """The columns of the many-to-many field's table holding each side's id, and its model."""
    relation = model._meta.get_field(name)
    through = relation.remote_field.through
    source = through._meta.get_field(relation.m2m_field_name()).attname
    target = through._meta.get_field(relation.m2m_reverse_field_name()).attname
    return source, target, through


class ByName:
    """Records by their names ignoring case, accents and spacing; a name may have several records."""

    def __init__(self):
        self.records = defaultdict(list)

    def add(self, name, record):
        self.records[fold(name)].append(record)

    def setdefault(self, name, record):
        """Add the record only if no record has the name yet."""
        self.records.setdefault(fold(name), [record])

    def get(self, name):
        return list(self.records.get(fold(name), []))
