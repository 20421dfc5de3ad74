from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from cities.models import CityPage
from home.demo_accounts import DEMO_ACCOUNTS
from network.demo_data import refuse_in_production
from progress import reports
from progress.demo import EXAMPLE_CYCLE, load_example_report
from progress.seed import ensure_demo_cycle, ensure_framework

DEMO_FOCAL_POINT = next(spec for spec in DEMO_ACCOUNTS if spec.focal_point_of)
DEMO_REVIEWER = next(spec for spec in DEMO_ACCOUNTS if spec.staff)


class Command(BaseCommand):
    help = (
        f"Add an invented, accepted progress report of the demo focal point's city "
        f"({DEMO_FOCAL_POINT.focal_point_of}) in an example cycle, “{EXAMPLE_CYCLE['name']}”, so that a new "
        "site shows the measures over cycles and answers carried over. Safe to run again. Adds nothing next "
        "to reporting cycles staff made, and refuses production settings unless given --force."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--force", action="store_true", help="add the example even with production settings"
        )

    def handle(self, *args, force=False, **options):
        refuse_in_production(force)
        city = CityPage.objects.originals().filter(slug=DEMO_FOCAL_POINT.focal_point_of).first()
        if city is None:
            self.stdout.write(f"No city {DEMO_FOCAL_POINT.focal_point_of!r} on the site: no example report.")
            return
        framework = ensure_framework()
        ensure_demo_cycle(framework)
        users = get_user_model().objects.filter(is_active=True)
        try:
            loaded = load_example_report(
                city,
                framework,
                focal_point=users.filter(username=DEMO_FOCAL_POINT.username).first(),
                reviewer=users.filter(username=DEMO_REVIEWER.username).first(),
            )
        except reports.ReportError as error:
            raise CommandError(f"The example report was not added: {error}") from error
        if loaded.report is None:
            self.stdout.write(f"Example progress report not added: {loaded.reason}.")
        else:
            self.stdout.write(
                f"Example progress report added: {city.title}, {loaded.report.cycle.name}, accepted."
            )
