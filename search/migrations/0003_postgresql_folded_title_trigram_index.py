"""A trigram index over pages' folded titles, on PostgreSQL, for the typo fallback of the site search.

`search.engine.with_similar_titles` looks for titles similar to a misspelt text; without an index that
computed the similarity of every page's title (70 ms at 17,000 pages), with it a few pages are read.
"""

from django.db import migrations

from search.database import run_on_postgresql

INDEX = "search_page_folded_title_trgm"
CREATE_INDEX = (
    f"CREATE INDEX IF NOT EXISTS {INDEX} ON wagtailcore_page USING gin (search_fold(title) gin_trgm_ops)"
)
DROP_INDEX = f"DROP INDEX IF EXISTS {INDEX}"


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0002_postgresql_title_and_body_index"),
        ("wagtailcore", "0001_initial"),
    ]

    operations = [migrations.RunPython(run_on_postgresql(CREATE_INDEX), run_on_postgresql(DROP_INDEX))]
