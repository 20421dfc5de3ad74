from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from network.imports.files import ImportRejected
from network.imports.plan import PlanHasErrors

from ...framework_import import load_file


class Command(BaseCommand):
    help = (
        "Load a reporting framework (areas, focus areas, features, questions) from a CSV or XLSX file, "
        "all rows or none; see progress/data/key_features_2013.csv for the columns."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)

    def handle(self, *args, path, **options):
        if not path.is_file():
            raise CommandError(f"{path}: no such file")
        try:
            plan = load_file(path)
        except ImportRejected as rejected:
            raise CommandError(" ".join(str(message) for message in rejected.messages)) from None
        except PlanHasErrors as failed:
            lines = [f"line {row.line}: {'; '.join(map(str, row.errors))}" for row in failed.plan.error_rows]
            raise CommandError(f"{failed}\n" + "\n".join(lines)) from None
        counts = plan.counts
        self.stdout.write(
            f"{path.name}: {counts['create']} questions added, {counts['update']} updated, "
            f"{counts['unchanged']} unchanged."
        )
