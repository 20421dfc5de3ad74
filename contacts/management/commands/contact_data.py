import json

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.serializers.json import DjangoJSONEncoder
from django.core.validators import validate_email

from contacts.privacy import contacts_with_email, erase_contact, export_contact


class Command(BaseCommand):
    help = (
        "Data-subject requests for the engagement log: --export writes everything held about the person "
        "with this e-mail address as JSON; --erase removes the person and their personal data, keeping "
        "the engagements they took part in with an anonymous participant count."
    )

    def add_arguments(self, parser):
        parser.add_argument("email")
        action = parser.add_mutually_exclusive_group(required=True)
        action.add_argument("--export", action="store_true", help="write the person's data as JSON")
        action.add_argument("--erase", action="store_true", help="erase the person's data")
        parser.add_argument("--output", help="write the export to this file instead of standard output")
        parser.add_argument("--yes", action="store_true", help="erase without asking for confirmation")

    def handle(self, *args, email, export=False, erase=False, output=None, yes=False, **options):
        try:
            validate_email(email)
        except ValidationError:
            raise CommandError(f"{email!r} is not a valid e-mail address.") from None
        contacts = list(contacts_with_email(email))
        if not contacts:
            raise CommandError(f"No contact has the e-mail address {email}.")

        if export:
            data = {"email": email, "contacts": [export_contact(contact) for contact in contacts]}
            text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)
            if output:
                with open(output, "w", encoding="utf-8") as file:
                    file.write(text + "\n")
                self.stderr.write(f"Wrote {len(contacts)} contact(s) to {output}.")
            else:
                self.stdout.write(text)
            return

        if not yes:
            try:
                answer = input(
                    f"Erase {len(contacts)} contact(s) with {email} and their personal data? [y/N] "
                )
            except EOFError:
                answer = ""
            if answer.strip().lower() not in {"y", "yes", "s", "si", "sí", "sim"}:
                raise CommandError("Nothing erased (answer yes, or pass --yes).")
        for contact in contacts:
            kept = erase_contact(contact)
            self.stdout.write(
                self.style.SUCCESS(
                    f"Erased a contact; {kept} engagement(s) kept with an anonymous participant."
                )
            )
