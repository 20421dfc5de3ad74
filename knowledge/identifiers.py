"""Checking and tidying the identifiers of a library item: its ISBN, its DOI and its year.

Each `clean_*` takes what an editor or an import typed and returns the value to keep, or raises
ValidationError with a message that says what is wrong.
"""

import re

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

DOI_PATTERN = re.compile(r"^10\.\d{4,9}/\S+$")
DOI_PREFIXES = ("https://doi.org/", "http://doi.org/", "https://dx.doi.org/", "http://dx.doi.org/", "doi:")
ISBN_SEPARATORS = re.compile(r"[\s-]")
# ASCII digits: str.isdigit() also accepts "²", which int() refuses.
ISBN_13 = re.compile(r"[0-9]{13}")
ISBN_10 = re.compile(r"[0-9]{9}[0-9X]")


def isbn_digits(isbn):
    return ISBN_SEPARATORS.sub("", isbn).upper()


def isbn_is_valid(digits):
    if ISBN_13.fullmatch(digits):
        total = sum(int(digit) * (3 if position % 2 else 1) for position, digit in enumerate(digits))
        return total % 10 == 0
    if ISBN_10.fullmatch(digits):
        values = [int(digit) for digit in digits[:9]] + [10 if digits[9] == "X" else int(digits[9])]
        return sum(value * (10 - position) for position, value in enumerate(values)) % 11 == 0
    return False


def clean_isbn(value):
    """The ISBN as typed (hyphens kept, spaces dropped), if its check digit is right."""
    value = (value or "").strip()
    if not value:
        return ""
    if value.upper().startswith("ISBN"):
        value = value[4:].lstrip(" :")
    if not isbn_is_valid(isbn_digits(value)):
        raise ValidationError(
            _("“%(value)s” is not an ISBN: it needs 10 or 13 digits with a correct check digit."),
            params={"value": value},
        )
    return re.sub(r"\s+", "-", value.upper())


def clean_doi(value):
    """The DOI itself (10.xxxx/…), also when given as a doi.org link or with a "doi:" prefix."""
    value = (value or "").strip()
    if not value:
        return ""
    lowered = value.lower()
    for prefix in DOI_PREFIXES:
        if lowered.startswith(prefix):
            value = value[len(prefix) :]
            break
    if not DOI_PATTERN.match(value):
        raise ValidationError(
            _(
                "“%(value)s” is not a DOI: a DOI starts with “10.”, a number and a slash, "
                "as in 10.1000/xyz123."
            ),
            params={"value": value},
        )
    return value


def year_not_in_the_future(year):
    if year is not None and year > timezone.now().year:
        raise ValidationError(
            _("%(year)s is in the future: give the year the item was published."), params={"year": year}
        )
