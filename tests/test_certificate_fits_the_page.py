"""Everything a certificate says stays on the page, whole: the longest name the forms take (a given name
and a family name of 100 characters each) and the longest title an event can have are set smaller or
on more lines, never run off the sheet nor cut."""

import pytest
from reportlab.lib.pagesizes import A4, landscape
from reportlab.pdfbase.pdfmetrics import stringWidth

from events.certificates import certificate_pdf
from events.models import EventPage, Registration
from tests.factories import ContactFactory, EventFactory
from tests.pdf_reading import pdf_lines

pytestmark = pytest.mark.django_db

PAGE_WIDTH, PAGE_HEIGHT = landscape(A4)
# What most printers leave white at each edge, and some more.
EDGE = 36


def words_of(length, word="Wenceslao"):
    """Words of a broad capital, up to `length` characters with the spaces."""
    text = word
    while len(text) + 1 + len(word) <= length:
        text += f" {word}"
    return text


def certificate_lines(name="Ana Pérez", title="Taller de ciudades"):
    registration = Registration.objects.create(
        event=EventFactory(title=title),
        contact=ContactFactory(),
        name=name,
        email="ana@example.org",
        language="en",
        status=Registration.Status.CONFIRMED,
    )
    return pdf_lines(certificate_pdf(registration, "ABCDEFGHJK"))


def between(lines, first, last):
    """The lines drawn after the line `first` and before the line `last`."""
    texts = [line.text for line in lines]
    return lines[texts.index(first) + 1 : texts.index(last)]


def assert_on_the_page(lines):
    for line in lines:
        width = stringWidth(line.text, line.font, line.size)
        assert line.x >= EDGE and line.x + width <= PAGE_WIDTH - EDGE, f"within the page: {line.text!r}"
        assert EDGE <= line.y <= PAGE_HEIGHT - EDGE, f"within the page: {line.text!r}"
    for above, below in zip(lines, lines[1:], strict=False):
        assert above.y - below.y >= below.size, f"{below.text!r} does not overlap {above.text!r}"


def test_the_longest_name_stays_on_the_page_whole():
    name = f"{words_of(100)} {words_of(100, 'Maximiliano')}"
    assert len(name) <= 201
    lines = certificate_lines(name=name)
    assert_on_the_page(lines)
    assert " ".join(line.text for line in between(lines, "This certifies that", "attended")) == name


def test_a_name_of_one_long_word_is_broken_rather_than_run_off_the_page():
    name = "W" * 100
    lines = certificate_lines(name=name)
    assert_on_the_page(lines)
    assert "".join(line.text for line in between(lines, "This certifies that", "attended")) == name


def test_the_longest_title_is_printed_whole():
    longest = EventPage._meta.get_field("title").max_length
    title = words_of(longest - 2) + " Ñ"
    lines = certificate_lines(title=title)
    assert_on_the_page(lines)
    title_lines = lines[[line.text for line in lines].index("attended") + 1 :][:-3]
    assert " ".join(line.text for line in title_lines) == title, "the dates and the code follow the title"


def test_a_short_name_keeps_the_size_of_a_name():
    lines = certificate_lines(name="Ana Pérez")
    (name,) = between(lines, "This certifies that", "attended")
    (attended,) = [line for line in lines if line.text == "attended"]
    assert name.size > attended.size, "the name stands out"
