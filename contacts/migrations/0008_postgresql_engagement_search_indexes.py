"""Trigram indexes over the folded title, summary and outcome of engagements, on PostgreSQL.

The engagement log's search box (network/admin_search.py) looks for `search_fold(field) LIKE '%word%'`:
without an index that reads every engagement, 14 s at a million of them; with these, a few
milliseconds for any word of three letters or more. SQLite has no such index; its logs are small.
"""

from django.db import migrations

from search.database import run_on_postgresql

FIELDS = ("title", "summary", "outcome")
CREATE = "\n".join(
    f"CREATE INDEX IF NOT EXISTS contacts_engagement_{field}_fold_trgm ON contacts_engagement "
    f"USING gin (search_fold({field}) gin_trgm_ops);"
    for field in FIELDS
)
DROP = "\n".join(f"DROP INDEX IF EXISTS contacts_engagement_{field}_fold_trgm;" for field in FIELDS)


class Migration(migrations.Migration):
    dependencies = [
        ("contacts", "0007_alter_engagement_created_at"),
        ("search", "0001_postgresql_search_functions"),
    ]

    operations = [migrations.RunPython(run_on_postgresql(CREATE), run_on_postgresql(DROP))]
