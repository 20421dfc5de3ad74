from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_email

from cities.focal_points import remove_focal_point
from cities.invitations import InvitationRefused, invite
from cities.models import CityPage


class Command(BaseCommand):
    help = (
        "Make a person the focal point of a city: create (or reuse) the account with this e-mail, "
        "give it access to the city's page and collection, and e-mail a link to choose a password. "
        "An existing account with other access gets the city only once its owner confirms the e-mailed link."
    )

    def add_arguments(self, parser):
        parser.add_argument("city_slug", help="the city page's slug, e.g. medellin")
        parser.add_argument("email", help="the focal point's e-mail address")
        parser.add_argument("--name", default="", help="the person's full name")
        parser.add_argument(
            "--language",
            choices=[code for code, _name in settings.LANGUAGES],
            help="the invitation's and a new account's admin language (default: the city's)",
        )
        parser.add_argument("--remove", action="store_true", help="remove this focal point instead")

    def handle(self, *args, city_slug, email, name="", language=None, remove=False, **options):
        city = CityPage.objects.originals().filter(slug=city_slug).first()
        if city is None:
            raise CommandError(f"No city page with the slug {city_slug!r}.")
        try:
            validate_email(email)
        except ValidationError:
            raise CommandError(f"{email!r} is not a valid e-mail address.") from None

        if remove:
            user = city.access.group.user_set.filter(email__iexact=email).first()
            if user is None:
                raise CommandError(f"{email} is not a focal point of {city.title}.")
            remove_focal_point(city, user)
            self.stdout.write(self.style.SUCCESS(f"{email} is no longer a focal point of {city.title}."))
            return

        try:
            outcome = invite(city, email, name, language=language)
        except InvitationRefused as refusal:
            raise CommandError(str(refusal.message)) from None
        user = outcome.user
        if outcome.already:
            self.stdout.write(f"{user.email} is already a focal point of {city.title}; nothing sent.")
        elif outcome.pending:
            self.stdout.write(
                self.style.SUCCESS(
                    f"{user.email} (existing account) gets a link from the background worker: it becomes a "
                    f"focal point of {city.title} once its owner, signed in, confirms."
                )
            )
        else:
            account = "new account" if outcome.created else "existing account"
            self.stdout.write(
                self.style.SUCCESS(
                    f"{user.email} ({account}) is a focal point of {city.title}; the background worker sends "
                    "the invitation."
                )
            )
