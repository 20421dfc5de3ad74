"""Number answers as people of the network write them: "12,5" and "1.500,5" in Spanish and Portuguese,
"12.5" and "1,500.5" in English, and the same written the other way.

A browser's number field reads what is typed in the browser's locale and drops what it cannot read
("12,5" became 125), so the answer is a text field read here. A mark followed by exactly three digits
("1.500", "1,500") is read as a thousands separator in some of the network's countries (Colombia,
Brazil) and as the decimal one in others (Mexico, Guatemala), whatever the language of the admin: it is
refused with both readings, never guessed.
"""

import re
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

SPACES = re.compile(r"[\s\u00a0\u202f\u2009]+")
SIGN_AND_BODY = re.compile(r"([+-]?)([\d.,' ]+)")
MARKS = ".,"
# The % sign after a share, with the spaces around it (a no-break space, in French typography).
PERCENT_SIGN = re.compile(r"[\s\u00a0\u202f\u2009]*%[\s\u00a0\u202f\u2009]*$")


def grouped_digits(whole, separator):
    """The digits of an integer part grouped by thousands with `separator` ("1.500.000"), or None."""
    if re.fullmatch(rf"\d{{1,3}}(?:{re.escape(separator)}\d{{3}})+", whole):
        return whole.replace(separator, "")
    return None


def read_number(text):
    """The Decimal that `text` says, or a ValidationError saying why it cannot be read."""
    invalid = ValidationError(
        _("Enter a number, such as 1500 or %(example)s."),
        code="invalid",
        params={"example": number_format(Decimal("12.5"))},
    )
    match = SIGN_AND_BODY.fullmatch(SPACES.sub(" ", text.strip()))
    if not match:
        raise invalid
    sign, body = match.groups()
    body = body.strip()
    marks = [mark for mark in body if mark in MARKS]
    decimal = None
    if len(set(marks)) == 2:
        decimal = marks[-1]  # "1.500,5" and "1,500.5": the last mark separates the decimals
        if marks.count(decimal) > 1:
            raise invalid
    elif len(marks) == 1:
        whole, fraction = body.split(marks[0])
        whole = whole.strip()
        # Grouped by spaces ("1 500,250"), the mark can only separate the decimals.
        if len(fraction) == 3 and whole not in ("", "0") and " " not in whole:
            raise ValidationError(
                _(
                    "“%(value)s” can be read two ways. Write %(whole)s for the whole number, or %(decimal)s "
                    "for the number with decimals."
                ),
                code="ambiguous",
                params={
                    "value": text.strip(),
                    "whole": f"{whole}{fraction}",
                    "decimal": number_format(Decimal(f"{whole}.{fraction}").normalize()),
                },
            )
        decimal = marks[0]
    whole, fraction = body.split(decimal) if decimal else (body, "")
    if not re.fullmatch(r"\d*", fraction):
        raise invalid
    if not re.fullmatch(r"\d*", whole):
        separators = {mark for mark in whole if not mark.isdigit()}
        whole = grouped_digits(whole, separators.pop()) if len(separators) == 1 else None
        if whole is None:
            raise invalid
    if not whole and not fraction:
        raise invalid
    return Decimal(f"{sign}{whole or '0'}.{fraction}" if fraction else f"{sign}{whole}")


def written(value, grouping=False):
    """A number as the reader's language writes it, without the zeros a decimal column keeps after its last
    digit: "12,5" (es, pt-BR) or "12.5" (en) for 12.50, "1500" for 1500.00. `grouping` groups thousands as
    the rest of the site does ("1 500,5"); a field leaves it out, since "1,500" would read two ways."""
    number = Decimal(str(value))
    number = number.quantize(Decimal(1)) if number == number.to_integral_value() else number.normalize()
    return number_format(number, force_grouping=grouping)


class NumberAnswerField(forms.DecimalField):
    """A DecimalField typed in a text field (with the decimal keypad of a phone), read by read_number and
    shown in the admin's language as it was saved (`written`)."""

    widget = forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"})

    def __init__(self, percent=False, **kwargs):
        """`percent`: a share, whose label shows "(%)", also read with a % sign after it ("12 %", "12%")."""
        self.percent = percent
        super().__init__(localize=True, **kwargs)

    def prepare_value(self, value):
        """A stored number as `written`; what was typed (shown again with its error) as it was typed."""
        if isinstance(value, Decimal | int | float) and not isinstance(value, bool):
            return written(value)
        return value

    def to_python(self, value):
        if value in self.empty_values or (isinstance(value, str) and not value.strip()):
            return None
        if isinstance(value, Decimal):
            return value
        text = str(value)
        if self.percent:
            text = PERCENT_SIGN.sub("", text)
        return read_number(text)
