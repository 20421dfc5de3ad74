"""A certificate prints the person's name as they wrote it, in any Latin script of the network and beyond
(Polish, Turkish, Vietnamese, Guaraní): every letter, from a font the PDF embeds, so that it prints the same
on any computer."""

import pytest

from events.certificates import certificate_pdf
from events.models import Registration
from tests.factories import ContactFactory, EventFactory
from tests.pdf_reading import embedded_fonts, pdf_text

pytestmark = pytest.mark.django_db

NAMES = [
    "Łukasz Wójcik Ğüneş",
    "Nguyễn Thị Minh Khai",
    # Guaraní: ẽ and ỹ are letters of their own; g̃ is a g and a combining tilde.
    "Mbaʼe Ñandutí Pirapirẽ Kuñataĩ Ỹgua Ag̃a",
    "Ana Pérez-Çelik Ørsted Ærø Štěpánka Żółć",
]


def registration_for(event, language, name="Ana Pérez"):
    return Registration.objects.create(
        event=event,
        contact=ContactFactory(),
        name=name,
        email="ana@example.org",
        language=language,
        status=Registration.Status.CONFIRMED,
    )


@pytest.mark.parametrize("name", NAMES)
def test_the_certificate_prints_every_letter_of_the_name(name):
    registration = registration_for(EventFactory(title="Taller de ciudades"), "es", name=name)
    lines = pdf_text(certificate_pdf(registration, "ABCDEFGHJK")).splitlines()
    assert name in lines


def test_the_certificate_prints_the_title_of_the_event_letter_for_letter():
    title = "Taller: ciudades del aprendizaje en Asunción, Hernandarias y Ñemby — “ñe’ẽ” y acción"
    registration = registration_for(EventFactory(title=title), "es")
    assert title in pdf_text(certificate_pdf(registration, "ABCDEFGHJK")).splitlines()


def test_every_font_of_the_certificate_is_embedded():
    registration = registration_for(EventFactory(), "pt", name=NAMES[0])
    fonts = embedded_fonts(certificate_pdf(registration, "ABCDEFGHJK"))
    assert fonts, "the certificate has text"
    assert all(fonts.values()), f"every font its text is drawn in is in the file: {fonts}"
