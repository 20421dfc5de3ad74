"""The text search configuration of the full-text index on PostgreSQL, `search_spanish` (SEARCH_CONFIG in
network/settings/base.py): PostgreSQL's `spanish` with a Spanish stemmer that drops no stop word.

Spanish stemming makes "educativa" find "educativos" whatever the server's default configuration. Spanish
stop words ("la", "de", "son", "me") are words of the site's other languages too, and a place name may be
one ("La Paz"): they stay in the index and in the query, as in SQLite's full-text index. Nothing on SQLite.

Index entries written with another configuration stem otherwise: `manage.py update_index` rewrites them.
"""

from django.db import migrations

from search.database import run_on_postgresql

CONFIG = "search_spanish"
STEMMER = "search_spanish_stem"
DROP_CONFIG = f"DROP TEXT SEARCH CONFIGURATION IF EXISTS {CONFIG}"
DROP_STEMMER = f"DROP TEXT SEARCH DICTIONARY IF EXISTS {STEMMER}"
CREATE_STEMMER = (
    f"CREATE TEXT SEARCH DICTIONARY {STEMMER} (TEMPLATE = pg_catalog.snowball, LANGUAGE = spanish)"
)
CREATE_CONFIG = f"CREATE TEXT SEARCH CONFIGURATION {CONFIG} (COPY = pg_catalog.spanish)"
USE_STEMMER = (
    f"ALTER TEXT SEARCH CONFIGURATION {CONFIG} ALTER MAPPING REPLACE pg_catalog.spanish_stem WITH {STEMMER}"
)


class Migration(migrations.Migration):
    dependencies = [("search", "0004_postgresql_accent_free_autocomplete")]

    operations = [
        migrations.RunPython(
            run_on_postgresql(DROP_CONFIG, DROP_STEMMER, CREATE_STEMMER, CREATE_CONFIG, USE_STEMMER),
            run_on_postgresql(DROP_CONFIG, DROP_STEMMER),
        )
    ]
