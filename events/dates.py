"""A range of days written the way the reader's language writes it.

"6–8 de diciembre de 2026", "6 a 8 de dezembro de 2026", "6–8 December 2026": the month is named once
when both days share it, the year once when both days share it. Everything comes from Django's localized
formats (DATE_FORMAT, MONTH_DAY_FORMAT; English's are the project's own, network/formats/) and month names
of the active language; the project's catalogues decide how a month is spelled (network/date_names.py keeps
Portuguese months in lower case).

What goes between the two days is a format too, like the words in Django's format modules ("j \\d\\e F"):
an en dash unless the language below joins its days with a word.
"""

from django.utils import translation
from django.utils.formats import date_format, get_format

# What a language puts between two days of one month and between two dates: Portuguese writes
# "6 a 8 de dezembro", "30 de novembro a 2 de dezembro". Other languages use the en dash.
SEPARATORS = {"pt": (" a ", " a ")}
DEFAULT_SEPARATORS = ("–", " – ")
# Between two dates of different years, in every language.
YEARS_SEPARATOR = " – "

ABBREVIATED_MONTHS = "NMb"
MONTHS = "FEnmNMb"
DAYS = "jd"


def _tokens(format_string):
    """A Django date format as (character, escaped) pairs: backslash makes the next character literal."""
    tokens = []
    escaped = False
    for character in format_string:
        if escaped:
            tokens.append((character, True))
            escaped = False
        elif character == "\\":
            escaped = True
        else:
            tokens.append((character, False))
    return tokens


def _format(tokens):
    return "".join(f"\\{character}" if escaped else character for character, escaped in tokens)


def _full_months(tokens):
    """The same format with the month's whole name where it was abbreviated ("j M Y" -> "j F Y")."""
    return [
        ("F", False) if not escaped and character in ABBREVIATED_MONTHS else (character, escaped)
        for character, escaped in tokens
    ]


def _day_index(tokens):
    return next(
        index for index, (character, escaped) in enumerate(tokens) if not escaped and character in DAYS
    )


def _separators():
    language = (translation.get_language() or "").lower()
    return SEPARATORS.get(language, SEPARATORS.get(language.split("-")[0], DEFAULT_SEPARATORS))


def date_range_parts(first, last):
    """The range as (first text, separator, last text); one day is ("", "", DATE_FORMAT of the day).

    The parts let a page wrap each end in its own <time datetime>.
    """
    if first == last:
        return "", "", date_format(first, "DATE_FORMAT")
    if first.year != last.year:
        return date_format(first, "DATE_FORMAT"), YEARS_SEPARATOR, date_format(last, "DATE_FORMAT")
    same_month, same_year = _separators()
    full_date = _full_months(_tokens(get_format("DATE_FORMAT")))
    month_day = _full_months(_tokens(get_format("MONTH_DAY_FORMAT")))
    if first.month != last.month:
        return date_format(first, _format(month_day)), same_year, date_format(last, _format(full_date))
    # Same month: the first day keeps what comes before its day in "month day" ("6" where the day comes
    # first, "December 6" in a language that names the month first); the last keeps what follows its day
    # in the whole date ("8 December 2026", "8 de diciembre de 2026", or "8, 2026").
    first_format = month_day[: _day_index(month_day) + 1]
    last_format = full_date[_day_index(full_date) :]
    return date_format(first, _format(first_format)), same_month, date_format(last, _format(last_format))


def date_range(first, last):
    """The days from `first` to `last` (dates) as the active language writes a range of days."""
    return "".join(date_range_parts(first, last))
