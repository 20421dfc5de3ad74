from django.db import migrations, models


class Migration(migrations.Migration):
    """Indexes that let a city's timeline read thousands of engagements from indexes alone."""

    dependencies = [
        ("contacts", "0002_original_cities_and_themes"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="engagement",
            index=models.Index(fields=["id", "date"], name="contacts_engagement_id_date"),
        ),
        # The cities of engagements (a table Django creates for the many-to-many field, so outside the
        # models' Meta): a city's engagement ids in one index.
        migrations.RunSQL(
            "CREATE INDEX contacts_engagement_cities_city_engagement "
            "ON contacts_engagement_cities (citypage_id, engagement_id)",
            reverse_sql="DROP INDEX contacts_engagement_cities_city_engagement",
        ),
    ]
