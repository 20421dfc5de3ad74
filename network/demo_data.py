"""The guard of the commands that add invented demo records: they never write to a production database
unless asked to with --force."""

import os

from django.conf import settings
from django.core.management.base import CommandError


def looks_like_production():
    module = os.environ.get("DJANGO_SETTINGS_MODULE", "")
    return not settings.DEBUG or module.endswith(".production")


def refuse_in_production(force):
    """Raise CommandError under production-like settings, unless `force`."""
    if looks_like_production() and not force:
        raise CommandError(
            "These settings look like production (DEBUG is off or the settings module is production): "
            "the demo data was not added. Use --force to add it anyway."
        )
