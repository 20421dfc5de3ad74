from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, ngettext

from cities.imports import import_cities
from cities.models import CityIndexPage
from network.imports.files import ImportRejected
from network.imports.plan import CREATE, UNCHANGED, UPDATE

# What the command prints, in the active language (as its refusals); tests read the counts through these.
# The summary is the engagement import's, whose words fit any record.
SUMMARY = gettext_noop(
    "Imported %(filename)s: %(created)d created, %(updated)d updated, %(unchanged)d unchanged."
)
DRY_RUN_SUMMARY = gettext_noop(
    "Dry run of %(filename)s, nothing written. It would have: %(created)d created, %(updated)d updated, "
    "%(unchanged)d unchanged."
)
ROW_LINE = gettext_noop("%(action)s: line %(line)d %(city)s")
MISSING_ROW = gettext_noop("line %(line)d: %(city)s")


class Command(BaseCommand):
    help = (
        "Create or update one published city page per row of a Learning Cities CSV file "
        "(default: the shipped list). A file with bad rows is rejected whole."
    )

    def add_arguments(self, parser):
        parser.add_argument("csv_file", nargs="?", help="CSV file in the shipped list's format")
        parser.add_argument("--dry-run", action="store_true", help="show what would change and write nothing")
        parser.add_argument(
            "--only-new", action="store_true", help="create missing cities; leave existing ones as they are"
        )

    def handle(self, *args, csv_file=None, dry_run=False, only_new=False, **options):
        path = Path(csv_file) if csv_file else Path(settings.LEARNING_CITIES_CSV)
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            raise CommandError(_("No such file: %(path)s") % {"path": path}) from None
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            line = data[: error.start].count(b"\n") + 1
            raise CommandError(
                _(
                    "%(path)s, line %(line)d: the file is not UTF-8 text. Save it as “CSV UTF-8” and try "
                    "again."
                )
                % {"path": path, "line": line}
            ) from None
        if not CityIndexPage.objects.exists():
            raise CommandError(
                _("There is no city directory page yet: run “python manage.py setup_network” first.")
            )

        try:
            plan = import_cities(text, dry_run=dry_run, only_new=only_new)
        except ImportRejected as rejection:
            # The whole line in one language: the reasons are translated, so is what frames them.
            for line, reason in rejection.problems:
                if line is None:
                    self.stderr.write(_("%(path)s: %(reason)s") % {"path": path, "reason": reason})
                else:
                    self.stderr.write(
                        _("%(path)s, line %(line)d: %(reason)s")
                        % {"path": path, "line": line, "reason": reason}
                    )
            count = len(rejection.problems)
            raise CommandError(
                ngettext(
                    "%(path)s was rejected: %(count)d problem; nothing was changed.",
                    "%(path)s was rejected: %(count)d problems; nothing was changed.",
                    count,
                )
                % {"path": path, "count": count}
            ) from None

        for row in plan.rows:
            if row.action != UNCHANGED and (dry_run or options["verbosity"] > 1):
                fields = ", ".join(change.name for change in row.changes) if row.action == UPDATE else ""
                line = _(ROW_LINE) % {"action": row.status_label, "line": row.line, "city": row.summary}
                self.stdout.write(f"  {line} {fields}".rstrip())
        counts = {
            "filename": path,
            "created": plan.count(CREATE),
            "updated": plan.count(UPDATE),
            "unchanged": plan.count(UNCHANGED),
        }
        self.stdout.write(self.style.SUCCESS(_(DRY_RUN_SUMMARY if dry_run else SUMMARY) % counts))
        missing = [row for row in plan.rows if row.values["latitude"] is None]
        if missing:
            self.stdout.write(
                ngettext(
                    "%(count)d row without coordinates (geocode it or set it in the editor):",
                    "%(count)d rows without coordinates (geocode them or set them in the editor):",
                    len(missing),
                )
                % {"count": len(missing)}
            )
            for row in missing:
                self.stdout.write("  " + _(MISSING_ROW) % {"line": row.line, "city": row.summary})
