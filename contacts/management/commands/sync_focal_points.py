from django.core.management.base import BaseCommand

from contacts.focal_point_sync import sync_all_focal_points


class Command(BaseCommand):
    help = "Apply focal-point roles of the engagement log to city access (run daily: roles end by date)."

    def handle(self, *args, **options):
        count = sync_all_focal_points()
        self.stdout.write(self.style.SUCCESS(f"Focal-point access synchronised for {count} city(ies)."))
