"""Writing many records in a few queries: inserts, updates and many-to-many links in batches.

Bulk writes call no `save()` and send no signals: whoever uses them records the audit log and the
reference index (see `audit`) and clears any cache that signals would have cleared.
"""

from django.db import connection

from .lookups import BATCH_SIZE, through_columns


def bulk_create(model, objects):
    """Insert the objects and set their primary keys (one query per batch where the database can)."""
    if connection.features.can_return_rows_from_bulk_insert:
        model.objects.bulk_create(objects, batch_size=BATCH_SIZE)
    else:
        for instance in objects:
            instance.save()


def bulk_update(model, objects, fields):
    if objects and fields:
        model.objects.bulk_update(objects, sorted(fields), batch_size=BATCH_SIZE)


def link(model, name, pairs):
    """Add (record, item) links to the many-to-many field `name` of the model; none may exist yet."""
    source, target, through = through_columns(model, name)
    through.objects.bulk_create(
        [through(**{source: record.pk, target: item.pk}) for record, item in pairs], batch_size=BATCH_SIZE
    )
