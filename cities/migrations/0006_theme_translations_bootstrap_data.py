from django.db import migrations
from wagtail.models import BootstrapTranslatableModel


class Migration(migrations.Migration):
    """Existing themes belong to the default language, each with its own translation key."""

    dependencies = [
        ("cities", "0005_theme_translations_bootstrap"),
    ]

    operations = [
        BootstrapTranslatableModel("cities.Theme"),
    ]
