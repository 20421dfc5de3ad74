from django.core.management.base import BaseCommand
from django.db import transaction

from cities.activity_themes import refresh_all


class Command(BaseCommand):
    help = (
        "Rebuild the themes cities work on through the network's public activities (workshops, forums, "
        "webinars, trainings, from the engagement log) and their published good practices: after loading "
        "existing data or a bulk import."
    )

    def handle(self, *args, **options):
        with transaction.atomic():
            added, removed = refresh_all()
        message = f"Activity themes rebuilt: {added} city-theme pair(s) added, {removed} removed."
        self.stdout.write(self.style.SUCCESS(message))
