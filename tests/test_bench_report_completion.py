"""The plans of bench/report_completion.py: what the focal point answers and changes, and how the fields,
clicks and keystrokes are counted, on the shipped framework's questions (no browser, no database)."""

import csv

from bench.report_completion import (
    NEW_TEXT,
    Tally,
    first_cycle_answers,
    plan,
    second_cycle_changes,
    stored_form,
    table,
    tally,
)
from progress.seed import FRAMEWORK_FILE

with FRAMEWORK_FILE.open(encoding="utf-8") as rows:
    QUESTIONS = [
        {"id": number, "code": row["question_code"], "kind": row["kind"]}
        for number, row in enumerate(csv.DictReader(rows), start=1)
    ]
KINDS = {question["code"]: question["kind"] for question in QUESTIONS}


def test_the_first_report_answers_every_question_but_the_file_one():
    first = first_cycle_answers(QUESTIONS)
    assert set(first) == {code for code, kind in KINDS.items() if kind != "file"}
    assert {first[code] for code, kind in KINDS.items() if kind == "scale"} <= {"1", "2", "3", "4", "5"}
    assert first_cycle_answers(QUESTIONS) == first

    steps = plan("2024–2025", QUESTIONS, first)
    typed = sum(len(value) for code, value in first.items() if KINDS[code] in ("text", "number"))
    # Start and Submit, then a click per answer; keys only for texts and the number.
    assert tally(steps) == Tally(fields=len(first), clicks=len(first) + 2, keystrokes=typed)
    assert steps[0].target == "tbody tr:has(td:text-is('2024–2025')) button[type=submit]"


def test_the_second_report_changes_three_scale_answers_and_one_text():
    first = first_cycle_answers(QUESTIONS)
    changes = second_cycle_changes(QUESTIONS, first)
    scales = [code for code in changes if KINDS[code] == "scale"]
    assert len(scales) == 3 and len({code.split(".")[0] for code in scales}) == 3, "spread over the areas"
    assert all(abs(int(changes[code]) - int(first[code])) == 1 for code in scales)
    assert [value for code, value in changes.items() if KINDS[code] == "text"] == [NEW_TEXT]

    # The text is selected with one shortcut and typed again.
    assert tally(plan("2026–2027", QUESTIONS, changes, replace=True)) == Tally(4, 6, len(NEW_TEXT) + 1)


def test_stored_answers_read_as_the_form_sent_them():
    assert stored_form("scale", 3.0) == "3"
    assert stored_form("number", 38.0) == "38"
    assert stored_form("yes_no", False) == "no"
    assert stored_form("scale", None) is None


def test_the_table_gives_medians_and_ratios():
    printed = table(
        {"first": Tally(20, 25, 400), "second": Tally(4, 5, 40)},
        {"first": [10.0, 12.0, 30.0], "second": [3.0, 4.0, 3.5]},
    )
    assert "| First cycle, from scratch | 20 | 25 | 400 | 12.0 |" in printed
    assert "| Second cycle, answers carried over | 4 | 5 | 40 | 3.5 |" in printed
    assert printed.endswith("| Second / first | 0.20 | 0.20 | 0.10 | 0.29 |")
