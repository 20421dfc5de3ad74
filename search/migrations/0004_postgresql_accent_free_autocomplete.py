"""The text search configuration of the autocomplete index on PostgreSQL, `search_autocomplete`
(search/backend.py): PostgreSQL's `simple` (lower case, no stemming, no stop words) that first takes the
accents off every word with letters beyond ASCII, with the `unaccent` dictionary of migration 0001.
Nothing on SQLite, whose full-text index folds accents itself.

Index entries written before it keep their accents: `manage.py update_index` rewrites them.
"""

from django.db import migrations

from search.database import run_on_postgresql

CONFIG = "search_autocomplete"
DROP_CONFIG = f"DROP TEXT SEARCH CONFIGURATION IF EXISTS {CONFIG}"
CREATE_CONFIG = f"CREATE TEXT SEARCH CONFIGURATION {CONFIG} (COPY = pg_catalog.simple)"
# The token types of words with letters beyond ASCII; ASCII words have no accent to take off.
UNACCENT_WORDS = f"""
ALTER TEXT SEARCH CONFIGURATION {CONFIG}
ALTER MAPPING FOR word, numword, hword, numhword, hword_part, hword_numpart WITH public.unaccent, pg_catalog.simple
"""


class Migration(migrations.Migration):
    dependencies = [("search", "0003_postgresql_folded_title_trigram_index")]

    operations = [
        migrations.RunPython(
            run_on_postgresql(DROP_CONFIG, CREATE_CONFIG, UNACCENT_WORDS), run_on_postgresql(DROP_CONFIG)
        )
    ]
