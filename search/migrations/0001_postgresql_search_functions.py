"""PostgreSQL's accent folding and trigram similarity for the site search; nothing on SQLite.

`search_fold(text)` is lower(unaccent(text)), immutable so that PostgreSQL may inline it (SQLite gets a
function of the same name per connection: search/database.py).
"""

from django.contrib.postgres.operations import TrigramExtension, UnaccentExtension
from django.db import migrations

from search.database import run_on_postgresql

CREATE_FOLD = """
CREATE OR REPLACE FUNCTION search_fold(text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
AS $$ SELECT lower(public.unaccent('public.unaccent'::regdictionary, $1)) $$
"""
DROP_FOLD = "DROP FUNCTION IF EXISTS search_fold(text)"


class Migration(migrations.Migration):
    dependencies = []

    operations = [
        UnaccentExtension(),
        TrigramExtension(),
        migrations.RunPython(run_on_postgresql(CREATE_FOLD), run_on_postgresql(DROP_FOLD)),
    ]
