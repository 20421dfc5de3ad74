from collections import Counter

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from cities.geocoding import geocode_city
from cities.imports import update_published
from cities.models import CityPage

COORDINATES = ["latitude", "longitude"]
# Each city's outcome, in the order of the summary; the report reads in the active language, as the loader's.
STATUSES = {
    "found": pgettext_lazy("geocoded cities", "found"),
    "unchanged": pgettext_lazy("geocoded cities", "unchanged"),
    "skipped": pgettext_lazy("geocoded cities", "skipped"),
    "not found": pgettext_lazy("geocoded cities", "not found"),
    "failed": pgettext_lazy("geocoded cities", "failed"),
}


class Command(BaseCommand):
    help = (
        "Fill in the coordinates of published Learning Cities that have none by geocoding their names "
        "(Nominatim, at most one request per second). Each city is published as soon as it is found, "
        "so the command can be stopped and run again."
    )

    def add_arguments(self, parser):
        parser.add_argument("--all", action="store_true", help="geocode every city, not only those without")
        parser.add_argument("--dry-run", action="store_true", help="show what would change and write nothing")

    def handle(self, *args, dry_run=False, **options):
        every = options["all"]
        pages = CityPage.objects.originals().live().order_by("title", "pk")
        if not every:
            pages = pages.filter(Q(latitude__isnull=True) | Q(longitude__isnull=True))
        counts = Counter()
        try:
            for page in pages:
                status, detail = self.geocode_page(page, replace=every, dry_run=dry_run)
                counts[status] += 1
                label = STATUSES[status]
                self.stdout.write(f"  {label}: {page.title} ({page.country.code}) {detail}".rstrip())
        except KeyboardInterrupt:
            self.stdout.write(
                _("Interrupted. So far: %(summary)s") % {"summary": self.summary(counts, dry_run)}
            )
            raise CommandError(_("Interrupted; run the command again to continue."), returncode=130) from None
        style = self.style.WARNING if counts["failed"] else self.style.SUCCESS
        self.stdout.write(style(self.summary(counts, dry_run)))

    def geocode_page(self, page, *, replace, dry_run):
        """Geocode one city and publish its new coordinates; return (status, detail) for the report."""
        draft = page.get_latest_revision_as_object() if page.has_unpublished_changes else None
        if not replace and draft is not None and draft.has_location:
            # An editor has set coordinates in a draft: publishing is their call, not this command's.
            return "skipped", _("(its unpublished draft has coordinates)")

        outcome = geocode_city(page.title, page.region, page.country.code)
        if not outcome.found:
            return ("failed" if outcome.failed else "not found"), outcome.error
        detail = f"{outcome.latitude:.5f}, {outcome.longitude:.5f} ({outcome.address})"
        if (page.latitude, page.longitude) == (outcome.latitude, outcome.longitude):
            return "unchanged", detail
        if not dry_run:
            values = {"latitude": outcome.latitude, "longitude": outcome.longitude}
            try:
                # Live page and draft change together, so an interruption never leaves half a city.
                with transaction.atomic():
                    update_published(page, values, COORDINATES, user=None)
            except ValidationError as error:
                return "failed", _("cannot be saved: %(reasons)s") % {"reasons": "; ".join(error.messages)}
        return "found", detail

    def summary(self, counts, dry_run):
        counted = ", ".join(f"{label} {counts[status]}" for status, label in STATUSES.items()) + "."
        return _("Dry run, nothing written. %(counts)s") % {"counts": counted} if dry_run else counted
