"""Planning: what importing a file would do, row by row; then doing it all, or nothing.

A plan lists every row with its line number, what would happen to it (create, update, unchanged), its
errors and its likely duplicates; making a plan writes nothing, so a preview shows it as it is.
Applying makes the plan again inside one transaction, against the database as it is then, and writes
it only if no row has an error.

An `Importer` is one kind of file: its columns, how its rows become a plan (`plan_rows`) and how a
plan is written (`write`).
"""

from dataclasses import dataclass, field

from django.db import models, transaction
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from .files import FormulaWithoutValue, read_table
from .values import CellProblem, cell_text, contains_nul, display, max_length, too_long

CREATE, UPDATE, UNCHANGED, ERROR = "create", "update", "unchanged", "error"
STATUS_LABELS = {
    CREATE: gettext_lazy("Create"),
    UPDATE: gettext_lazy("Update"),
    UNCHANGED: gettext_lazy("Unchanged"),
    ERROR: gettext_lazy("Error"),
}


@dataclass
class Change:
    """One field a matched record would change: its name, label, and the old and new values as text.

    `added` holds the items a many-valued field gains.
    """

    name: str
    label: str
    old: str
    new: str
    added: list = field(default_factory=list)


def change(column, old, new, added=()):
    return Change(
        name=column.name, label=str(column.label), old=display(old), new=display(new), added=list(added)
    )


@dataclass
class Row:
    """One row of the file: its cells by field name, what they mean, and what importing it would do."""

    line: int
    cells: dict = field(default_factory=dict)
    values: dict = field(default_factory=dict)
    errors: list = field(default_factory=list)
    duplicates: list = field(default_factory=list)
    action: str = CREATE
    target: object = None
    target_url: str = ""  # The existing record's admin page, for the preview.
    changes: list = field(default_factory=list)
    summary: str = ""
    details: list = field(default_factory=list)

    @property
    def status(self):
        return ERROR if self.errors else self.action

    @property
    def status_label(self):
        return STATUS_LABELS[self.status]

    def text(self, name):
        return cell_text(self.cells.get(name))

    def is_blank(self, name):
        """Whether the cell was left empty. A formula saved without its value reads as empty text but is not
        blank: it has its own message (`Importer.plan`), which a "missing" message would contradict."""
        return not self.text(name) and not isinstance(self.cells.get(name), FormulaWithoutValue)

    def parse(self, name, parse, invalid, missing=None):
        """The cell parsed by `parse` (None if it cannot be), or None if it is empty.

        An invalid cell is an error, `invalid` with %(value)s, or the reason `parse` gives (CellProblem); a
        blank one too if `missing` says so.
        """
        text = self.text(name)
        if not text:
            if missing and self.is_blank(name):
                self.errors.append(missing)
            return None
        try:
            value = parse(self.cells[name])
        except CellProblem as problem:
            self.errors.append(str(problem))
            return None
        if value is None:
            self.errors.append(invalid % {"value": text})
        return value

    def check_length(self, model, name, value, label):
        """An error if the value is longer than the model's field `name`."""
        problem = too_long(capfirst(label), value, max_length(model, name))
        if problem:
            self.errors.append(problem)


@dataclass
class Plan:
    rows: list
    kind: str = ""
    filename: str = ""
    columns: list = field(default_factory=list)  # (header in the file, what it means)
    ignored_columns: list = field(default_factory=list)
    notices: list = field(default_factory=list)
    # Records the rows refer to that do not exist yet, created first when the plan is applied.
    new_records: list = field(default_factory=list)

    @property
    def error_rows(self):
        return [row for row in self.rows if row.errors]

    @property
    def is_valid(self):
        return not self.error_rows

    def count(self, action):
        return sum(1 for row in self.rows if row.status == action)

    @property
    def counts(self):
        return {name: self.count(name) for name in (CREATE, UPDATE, UNCHANGED, ERROR)}

    @property
    def has_changes(self):
        return any(row.action in (CREATE, UPDATE) for row in self.rows) or bool(self.new_records)


class PlanHasErrors(Exception):
    """Some rows have errors: nothing was written. `plan` lists them."""

    def __init__(self, plan):
        self.plan = plan
        count = len(plan.error_rows)
        super().__init__(
            ngettext("%(count)d row has errors.", "%(count)d rows have errors.", count) % {"count": count}
        )


def apply_all_or_nothing(make_plan, write):
    """Make the plan and write it in one transaction; raise PlanHasErrors, writing nothing, if a row
    has an error. Returns the plan."""
    with transaction.atomic():
        plan = make_plan()
        if not plan.is_valid:
            raise PlanHasErrors(plan)
        write(plan)
    return plan


class Importer:
    """One kind of file uploaded by people: read, map columns, plan, apply."""

    kind = ""
    label = ""
    columns = None  # a columns.Columns
    policy = None  # the permission policy of the model the file writes
    actions = ("add", "change")  # what the policy must allow to import such a file
    alternatives = ()  # the other importers a file may be meant for; see `register`

    def user_may_import(self, user):
        return all(self.policy.user_has_permission(user, action) for action in self.actions)

    def record_url(self, target, url_finder):
        """The admin page of the existing record a row applies to, or None where the user may not edit it.
        A target read as plain values (a record of the contacts importers) stands for its model's row."""
        instance = target if isinstance(target, models.Model) else self.policy.model(pk=target.pk)
        return url_finder.get_edit_url(instance)

    def map_columns(self, header):
        return self.columns.map(header, [(other.label, other.columns) for other in self.alternatives])

    def check(self, data):
        """Raise ImportRejected if the file cannot be imported as this kind at all."""
        self.map_columns(read_table(data).header)

    def plan(self, data, filename, user):
        """Read and check the whole file, and say what importing it would do. Writes nothing."""
        table = read_table(data)
        columns, ignored = self.map_columns(table.header)
        notices = list(table.notices)
        if ignored:
            notices.append(
                _("These columns were not recognised and will be ignored: %(columns)s.")
                % {"columns": ", ".join(f"“{name}”" for name in ignored)}
            )
        rows = []
        for line, cells in table.rows:
            row = Row(line=line)
            if any(cell_text(cell) for cell in cells[table.width :]):
                row.errors.append(
                    _(
                        "This row has values past the header's last column. In a CSV file, a value that "
                        'holds a comma or a semicolon must be in double quotes: "Pérez, Juana".'
                    )
                )
            for name, index in columns.items():
                value = cells[index] if index < len(cells) else ""
                if isinstance(value, str) and "\x00" in value:
                    # The database cannot store it; the rest of the row is checked without it.
                    row.errors.append(contains_nul(capfirst(self.columns[name].label)))
                    value = value.replace("\x00", "")
                if isinstance(value, FormulaWithoutValue):
                    row.errors.append(
                        _(
                            "%(field)s holds a formula without its value: open the file in a spreadsheet "
                            "program and save it, then upload it again."
                        )
                        % {"field": capfirst(self.columns[name].label)}
                    )
                row.cells[name] = value
            rows.append(row)
        plan = Plan(
            kind=self.kind,
            filename=filename,
            rows=rows,
            columns=[(table.header[index], self.columns[name].label) for name, index in columns.items()],
            ignored_columns=ignored,
            notices=notices,
        )
        self.plan_rows(plan, user)
        return plan

    def apply(self, data, filename, user):
        """Check the file again and apply it, all or nothing; return the plan that was applied."""
        return apply_all_or_nothing(
            lambda: self.plan(data, filename, user), lambda plan: self.write(plan, user)
        )

    def plan_rows(self, plan, user):
        """Parse each row's cells into values, match the rows to existing records, find duplicates."""
        raise NotImplementedError

    def write(self, plan, user):
        """Write a plan without errors (inside the transaction)."""
        raise NotImplementedError


def register(*importers):
    """{kind: importer}; each importer tells a file meant for one of the others by its header."""
    for importer in importers:
        importer.alternatives = [other for other in importers if other is not importer]
    return {importer.kind: importer for importer in importers}
