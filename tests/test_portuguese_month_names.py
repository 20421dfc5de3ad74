"""Dates in Portuguese write the month in lower case, as the language does ("6 de dezembro de 2026")."""

from datetime import date, datetime

import pytest
from django.utils import formats, translation


@pytest.mark.parametrize(
    ("language", "expected"),
    [("pt-br", "6 de dezembro de 2026"), ("es", "6 de diciembre de 2026"), ("en", "6 December 2026")],
)
def test_a_date_names_its_month_as_the_language_writes_it(language, expected):
    with translation.override(language):
        assert formats.date_format(date(2026, 12, 6), "DATE_FORMAT") == expected


def test_every_portuguese_month_is_in_lower_case():
    with translation.override("pt-br"):
        months = [formats.date_format(date(2026, month, 1), "YEAR_MONTH_FORMAT") for month in range(1, 13)]
    assert [month.split(" de ")[0] for month in months] == [
        "janeiro", "fevereiro", "março", "abril", "maio", "junho",
        "julho", "agosto", "setembro", "outubro", "novembro", "dezembro",
    ]  # fmt: skip


def test_a_portuguese_date_and_time_keeps_its_lower_case_month():
    with translation.override("pt-br"):
        written = formats.date_format(datetime(2026, 3, 14, 9, 30), "DATETIME_FORMAT")
    assert written == "14 de março de 2026 às 09:30"
