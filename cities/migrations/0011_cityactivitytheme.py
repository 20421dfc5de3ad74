import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("cities", "0010_name_collations")]

    operations = [
        migrations.CreateModel(
            name="CityActivityTheme",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "city",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="activity_themes",
                        to="cities.citypage",
                    ),
                ),
                (
                    "theme",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="+", to="cities.theme"
                    ),
                ),
            ],
            options={
                "verbose_name": "theme of a city's activity",
                "verbose_name_plural": "themes of cities' activity",
                "constraints": [
                    models.UniqueConstraint(fields=("city", "theme"), name="unique_city_activity_theme")
                ],
            },
        ),
    ]
