from django.core.management.base import BaseCommand

from contacts.focal_point_sync import sync_all_focal_points


class Command(BaseCommand):
    help = (
        "Apply focal-point roles of the engagement log to city access. The background worker applies roles' "
        "start and end dates on their day; without a worker, run this daily."
    )

    def handle(self, *args, **options):
        count = sync_all_focal_points()
        self.stdout.write(self.style.SUCCESS(f"Focal-point access synchronised for {count} city(ies)."))
