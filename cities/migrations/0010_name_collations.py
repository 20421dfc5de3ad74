from django.contrib.postgres.operations import CreateCollation
from django.db import migrations


class Migration(migrations.Migration):
    """The collations that order city names (cities/ordering.py), made from ICU on PostgreSQL.

    A PostgreSQL built without ICU stops here, at deployment, rather than failing the directory later.
    On SQLite the same names are registered on each connection.
    """

    dependencies = [("cities", "0009_focalpointinvitation")]

    operations = [
        CreateCollation("cities_names_es", provider="icu", locale="es"),
        CreateCollation("cities_names_pt", provider="icu", locale="pt"),
        CreateCollation("cities_names_root", provider="icu", locale="und"),
    ]
