from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from contacts.demo import load_demo_engagements
from contacts.models import engagement_owners
from network.demo_data import refuse_in_production

DEFAULT_OWNER = "staff"  # the demo staff account of `setup_network --demo-accounts`


class Command(BaseCommand):
    help = (
        "Add an invented demo engagement log (organisations, contacts, roles and engagements marked "
        "“(demo)”) in six of the shipped Learning Cities, so that a new site shows something. Safe to run "
        "again: it adds nothing twice. Refuses to run with production settings unless given --force."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--owner",
            help=f"username of the staff member who owns the demo engagements (default: {DEFAULT_OWNER!r} "
            "if that account exists and may read the engagement log)",
        )
        parser.add_argument(
            "--force", action="store_true", help="add the demo data even with production settings"
        )

    def handle(self, *args, owner=None, force=False, **options):
        refuse_in_production(force)
        loaded = load_demo_engagements(owner=self.find_owner(owner))
        if loaded.missing_cities:
            self.stdout.write(
                self.style.WARNING(
                    f"Cities not on the site, left out of the demo: {', '.join(loaded.missing_cities)}."
                )
            )
        self.stdout.write(
            f"Demo engagement log: {loaded.organisations} organisations, {loaded.contacts} contacts and "
            f"{loaded.engagements} engagements added (records already there are left as they are)."
        )

    def find_owner(self, username):
        owners = get_user_model().objects.filter(engagement_owners())
        if username is None:
            return owners.filter(username=DEFAULT_OWNER).first()
        owner = owners.filter(username=username).first()
        if owner is None:
            raise CommandError(f"There is no staff member {username!r} who may own engagements.")
        return owner
