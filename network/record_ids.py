"""A record's id as a request writes it ("12"), read without an error page for anything else.

`str.isdigit()` is no check for it: it accepts "²" and other digits that `int()` refuses, and `int()` refuses
a number of more than 4,300 digits; a filter by an id larger than the database's integers fails too.
"""

import re

# Up to 18 digits: below the largest id a database column holds (2^63 - 1).
ID_TEXT = re.compile(r"[0-9]{1,18}")


def record_id(text):
    """The id `text` writes, or None if it writes none."""
    return int(text) if isinstance(text, str) and ID_TEXT.fullmatch(text) else None
