"""Columns: which field each header of a file names.

People's spreadsheets name their columns in Spanish, Portuguese or English, in any case, with or
without accents and spaces: `Columns.map` recognises every spelling an importer declares and ignores
other columns, with a warning. Files written by programs use `Columns.check_exactly`: each column is
named by its field's name, and an unknown column refuses the file.
"""

import operator
from dataclasses import dataclass

from django.utils.functional import lazy
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .files import ImportRejected
from .values import squash, synonyms

# A column label made from a lazy message and values: `gettext_lazy(message) % values` is translated once,
# when the importer's module is imported; this is formatted each time it is shown, in the reader's language.
interpolate_lazy = lazy(operator.mod, str)


@dataclass
class Column:
    """A field of a file: its name, its label, the other headers that name it ("a | b") and whether
    a file must have it."""

    name: str
    label: str = ""
    headers: str = ""
    required: bool = False

    def __post_init__(self):
        self.label = self.label or self.name

    @property
    def spellings(self):
        return list(dict.fromkeys([self.name, *filter(None, map(str.strip, self.headers.split("|")))]))


class Columns:
    """The columns of one kind of file.

    `ambiguous` maps headers that could mean several fields ("title | título") to the message that
    asks for a clearer one (with %(name)s, the header as written).
    """

    def __init__(self, *columns, ambiguous=None):
        self.by_name = {column.name: column for column in columns}
        self.lookup = synonyms({column.name: column.headers for column in columns})
        self.ambiguous = {
            squash(spelling): message
            for spellings, message in (ambiguous or {}).items()
            for spelling in spellings.split("|")
        }

    def __getitem__(self, name):
        return self.by_name[name]

    def __iter__(self):
        return iter(self.by_name.values())

    @property
    def required(self):
        return [column for column in self if column.required]

    def help(self):
        """For an upload page: each column's label, whether it is required, and the headers accepted."""
        return [
            {
                "name": column.name,
                "label": column.label,
                "required": column.required,
                "headers": column.spellings,
            }
            for column in self
        ]

    def recognises(self, header):
        """Whether the header has every required column."""
        found = {self.lookup.get(squash(name)) for name in header}
        return all(column.name in found for column in self.required)

    def map(self, header, alternatives=()):
        """{field: column index} for the header, and the headers that were not recognised.

        Raises ImportRejected if a required column is missing (saying which of the `alternatives`,
        (label, Columns) pairs, the file looks like, if any), or if two columns mean the same field.
        """
        columns, ignored, problems = {}, [], []
        for index, name in enumerate(header):
            if not name:
                continue
            key = squash(name)
            if key in self.ambiguous:
                problems.append(self.ambiguous[key] % {"name": name})
                continue
            field_name = self.lookup.get(key)
            if field_name is None:
                ignored.append(name)
            elif field_name in columns:
                problems.append(
                    _("The columns “%(first)s” and “%(second)s” both mean %(field)s: keep only one.")
                    % {"first": header[columns[field_name]], "second": name, "field": self[field_name].label}
                )
            else:
                columns[field_name] = index
        if not columns and not problems:
            raise ImportRejected(
                [
                    _(
                        "No column header was recognised on the first line. The first line of the file "
                        "must name the columns, for example: %(example)s."
                    )
                    % {"example": ", ".join(str(column.label) for column in self.required)}
                ]
            )
        missing = [column for column in self.required if column.name not in columns]
        if missing:
            message = _("Required column(s) missing: %(columns)s.") % {
                "columns": ", ".join(str(column.label) for column in missing)
            }
            for label, other in alternatives:
                if other.recognises(header):
                    message += " " + _("This looks like a file of %(kind)s: choose that kind of import.") % {
                        "kind": str(label).lower()
                    }
                    break
            problems.append(message)
        if problems:
            raise ImportRejected(problems)
        return columns, ignored

    def check_exactly(self, header):
        """The header's names, and its problems: missing, unknown, repeated or blank names."""
        names = [name.strip() for name in header]
        while names and not names[-1]:
            names.pop()  # spreadsheets export empty columns at the end
        problems = []
        missing = [column.name for column in self.required if column.name not in names]
        if missing:
            problems.append(
                ngettext("missing column: %(columns)s", "missing columns: %(columns)s", len(missing))
                % {"columns": ", ".join(missing)}
            )
        problems += [
            _("column %(number)d has no header") % {"number": number}
            for number, name in enumerate(names, start=1)
            if not name
        ]
        unknown = [name for name in names if name and name not in self.by_name]
        if unknown:
            problems.append(
                ngettext(
                    "unknown column: %(columns)s (the columns are %(known)s)",
                    "unknown columns: %(columns)s (the columns are %(known)s)",
                    len(unknown),
                )
                % {"columns": ", ".join(unknown), "known": ", ".join(self.by_name)}
            )
        repeated = list(dict.fromkeys(name for name in names if name and names.count(name) > 1))
        if repeated:
            problems.append(
                ngettext("duplicate column: %(columns)s", "duplicate columns: %(columns)s", len(repeated))
                % {"columns": ", ".join(repeated)}
            )
        return names, problems
