from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from wagtail.models import Site

from cities.focal_points import (
    CITIES_COLLECTION_NAME,
    FORMER_NAMES,
    apply_publishing_mode,
    ensure_city_access,
)
from cities.models import CityPage
from cities.staff import ensure_staff_group
from contacts.attachments import ensure_engagement_files_collection
from events.seed import ensure_regional_forums
from home.demo_accounts import ensure_demo_accounts
from home.site_structure import SiteAddressTaken, ensure_site_structure, ensure_translations
from knowledge.seed import ensure_library_items
from network.data_names import top_collection
from progress.evidence import EVIDENCE_COLLECTION, FORMER_EVIDENCE_COLLECTION, move_evidence
from progress.seed import ensure_demo_cycle, ensure_framework


class Command(BaseCommand):
    help = (
        "Set up the site: home page, city directory, the default site at WAGTAILADMIN_BASE_URL's host "
        "and port, UIL staff group, the shipped Learning Cities, the past regional forums (events) and a "
        "few UIL publications (library), "
        "the Portuguese and English page trees (translated home page, directory and seeded themes; "
        "the cities as untranslated copies), each city's focal-point group and collection, the "
        "review workflow and (with --demo-accounts) the demo accounts. Safe to run again: it "
        "duplicates nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--no-cities", action="store_true", help="do not load the shipped Learning Cities"
        )
        parser.add_argument(
            "--demo-accounts", action="store_true", help="create the demo administrator and staff"
        )

    def handle(self, *args, no_cities=False, demo_accounts=False, **options):
        try:
            home, directory = ensure_site_structure()
        except SiteAddressTaken as taken:
            raise CommandError(str(taken)) from None
        site = Site.objects.get(is_default_site=True)
        self.stdout.write(
            f"Site: {site.site_name} at {site.root_url}, home page {home.url_path!r}, "
            f"directory {directory.url_path!r}."
        )
        ensure_translations(home, directory)
        ensure_staff_group()
        ensure_engagement_files_collection()
        if not no_cities:
            call_command("load_learning_cities", only_new=True, stdout=self.stdout, stderr=self.stderr)
            added = ensure_regional_forums()
            if added:
                self.stdout.write(f"Events: {added} past regional forums added, with their sources.")
            added = ensure_library_items()
            if added:
                self.stdout.write(f"Library: {added} UIL publications added, with their sources.")
            framework = ensure_framework()
            if ensure_demo_cycle(framework):
                self.stdout.write(f"Progress reports: framework {framework} and a demonstration cycle added.")
        # Collections an earlier setup named in English get their Spanish names (network/data_names.py).
        top_collection(CITIES_COLLECTION_NAME, *FORMER_NAMES[CITIES_COLLECTION_NAME])
        top_collection(EVIDENCE_COLLECTION, FORMER_EVIDENCE_COLLECTION)
        for city in CityPage.objects.originals():
            ensure_city_access(city)
        moved = move_evidence()
        if moved:
            self.stdout.write(f"Progress reports: {moved} evidence files moved to their cities' evidence.")
        apply_publishing_mode()
        if demo_accounts:
            for account in ensure_demo_accounts():
                if account.password:
                    self.stdout.write(
                        self.style.WARNING(
                            f"Demo {account.role}: user {account.username!r}, password {account.password!r} "
                            "(shown once; it is not stored in clear anywhere)."
                        )
                    )
                else:
                    self.stdout.write(
                        f"Demo {account.role}: user {account.username!r} exists; password unchanged."
                    )
