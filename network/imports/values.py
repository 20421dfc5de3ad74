"""Cell values: text folded for matching, words in three languages, dates, numbers, yes/no, countries."""

import re
import unicodedata
from datetime import date, datetime, time
from functools import cache

from django.utils import translation
from django.utils.translation import gettext as _
from django_countries import countries

from network.csv_export import FORMULA_STARTS

# Several cities, organisations or themes in one cell are separated by ";" or a line break; an item that
# holds one of them is written in double quotes ("Red; Educación"), a quote in it doubled (`join`).
LIST_SEPARATORS = re.compile(r"[;\n]+")
QUOTED_ITEM = re.compile(r'\s*"((?:[^"]|"")*)"\s*')


def fold(text):
    """Lower case, without accents, single spaces: 'José  Pérez' and 'jose perez' fold alike."""
    text = str(text)
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text)
        text = "".join(char for char in text if not unicodedata.combining(char))
    return " ".join(text.casefold().split())


def squash(text):
    """Folded, letters and digits only: 'E-mail', 'e mail' and 'EMAIL' squash alike."""
    return re.sub(r"[^0-9a-z]+", "", fold(text))


def synonyms(table):
    """{canonical value: "spelling | spelling"} -> {squashed spelling: canonical value}, refusing clashes.

    The canonical value is a spelling too. Look a cell up with `found.get(squash(text))`.
    """
    found = {}
    for value, spellings in table.items():
        for spelling in [value, *spellings.split("|")]:
            key = squash(spelling)
            if not key:
                continue
            if found.get(key, value) != value:
                raise ValueError(f"{spelling!r} means both {found[key]!r} and {value!r}")
            found[key] = value
    return found


BOOLEANS = synonyms(
    {
        True: "yes | y | true | x | done | sí | s | hecho | realizado | verdadero | sim | feito",
        False: "no | n | false | not done | pendiente | falso | não | pendente",
    }
)


def cell_text(value):
    """A cell as text: XLSX dates and times in ISO format, an XLSX TRUE or FALSE as the reader's word for
    yes or no (which a CSV file of theirs would hold, and `BOOLEANS` reads), surrounding spaces removed,
    and without the quote our CSV exports put before text that could start a formula (network.csv_export),
    so that an export imports as it was ("'-" is "-", "''-" is "'-")."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time(0) else value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    text = str(value).strip()
    if text.startswith("'") and text.lstrip("'").startswith(FORMULA_STARTS):
        text = text[1:].strip()
    return text


def split(text, separators=LIST_SEPARATORS):
    """The items of a cell, stripped, without repeats (ignoring case and accents).

    An item in double quotes followed by a separator or the end is read without them, so that a name
    holding a separator survives `join`; any other quote is part of the text.
    """
    seen, items = set(), []
    for item in _items(text, separators):
        item = item.strip()
        if item and fold(item) not in seen:
            seen.add(fold(item))
            items.append(item)
    return items


def _items(text, separators):
    position = 0
    while position < len(text):
        quoted = QUOTED_ITEM.match(text, position)
        after = separators.match(text, quoted.end()) if quoted else None
        if quoted and (after or quoted.end() == len(text)):
            yield quoted.group(1).replace('""', '"')
            position = after.end() if after else len(text)
            continue
        separator = separators.search(text, position)
        if separator is None:
            yield text[position:]
            return
        yield text[position : separator.start()]
        position = separator.end()


def join(items):
    """Items as one cell that `split` reads back: "; " between them, in double quotes an item that holds
    a separator or starts with a quote."""
    return "; ".join(
        '"' + item.replace('"', '""') + '"' if LIST_SEPARATORS.search(item) or item.startswith('"') else item
        for item in map(str, items)
    )


def choice(table):
    """A parser of cells that name one of the values of a `synonyms` table (None if none)."""
    return lambda value: table.get(squash(cell_text(value)))


class CellProblem(ValueError):
    """A cell read but not taken, with the reason in the reader's language (`Row.parse` reports it)."""


# The dates `parse_date` takes; a column with a rule of its own reads any date (`read_date`) and applies it.
EARLIEST_DATE, LATEST_DATE = date(1900, 1, 1), date(2100, 12, 31)


def read_date(value):
    """A date from an XLSX date cell, 'YYYY-MM-DD' (optionally with a time) or 'DD/MM/YYYY', else None;
    any calendar date, for a column whose own rule then says why a date is out of its range."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = cell_text(value)
    match = re.fullmatch(
        r"(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?", text
    )
    if match:
        year, month, day = match.groups()
    else:
        match = re.fullmatch(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})", text)
        if not match:
            return None
        day, month, year = match.groups()
    try:
        return date(int(year), int(month), int(day))
    except ValueError:
        return None


def parse_date(value):
    """A date as `read_date` reads it, between 1900 and 2100; a date outside is a `CellProblem` saying so
    (not "no date": 1850-01-01 is one)."""
    parsed = read_date(value)
    if parsed is not None and not EARLIEST_DATE <= parsed <= LATEST_DATE:
        raise CellProblem(
            _("“%(value)s” is not between 1900 and 2100.") % {"value": cell_text(value) or parsed.isoformat()}
        )
    return parsed


def parse_number(text, kind, label, lowest, highest, problems):
    """An int or float between `lowest` and `highest`; None if empty, or with a problem added."""
    if not text:
        return None
    try:
        number = kind(text)
    except ValueError:
        problems.append(_("%(field)s %(value)r is not a valid number") % {"field": label, "value": text})
        return None
    if kind is int and str(number) != text.lstrip("+"):
        problems.append(_("%(field)s %(value)r is not a whole number") % {"field": label, "value": text})
        return None
    if not lowest <= number <= highest:
        problems.append(
            _("%(field)s %(value)s is out of range (%(low)s to %(high)s)")
            % {"field": label, "value": text, "low": lowest, "high": highest}
        )
        return None
    return number


@cache
def _country_names():
    """Folded country names in English, Spanish and Portuguese -> ISO code."""
    names = {}
    for language in ("en", "es", "pt-br"):
        with translation.override(language):
            for code, name in countries:
                names.setdefault(fold(name), code)
    return names


def parse_country(value):
    """The ISO code of a country given by code or by name in three languages; "" if empty, else None."""
    text = cell_text(value)
    if not text:
        return ""
    if len(text) == 2 and text.upper() in countries:
        return text.upper()
    return _country_names().get(fold(text))


def max_length(model, name):
    return model._meta.get_field(name).max_length


def too_long(label, value, limit):
    """The problem of a text longer than its field's limit, else None."""
    if limit and len(value) > limit:
        return _("%(field)s is too long (%(length)d characters; the limit is %(limit)d).") % {
            "field": label,
            "length": len(value),
            "limit": limit,
        }
    return None


def contains_nul(label):
    return _("%(field)s contains a NUL character, which cannot be stored.") % {"field": label}


def display(value):
    """A value as the preview shows it: '—' for nothing, yes or no, ISO dates."""
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)
