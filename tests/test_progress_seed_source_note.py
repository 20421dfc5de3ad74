"""The shipped framework's source note follows the text the project ships: a database seeded before the
note quoted names with “…” (it used «…») gets the new note when the seed runs again (setup_network, at
every `make run` and deployment); a note staff edited is theirs and stays as it is."""

import pytest

from progress.models import Framework
from progress.seed import ensure_framework

pytestmark = pytest.mark.django_db

# The note as shipped until the catalogues' quotes changed (git log -S'«' -- progress/seed.py).
EARLIER_NOTE = (
    "Áreas y ámbitos de enfoque de las «Key Features of Learning Cities» del Instituto de la UNESCO para el "
    "Aprendizaje a lo Largo de Toda la Vida (UIL), según "
    "http://learningcities.uil.unesco.org/key-features/key-features-of-learning-cities. "
    "Publicadas en: Conference Report: International Conference on Learning Cities (UIL, 2014, "
    "ISBN 978-92-820-1184-3, pp. 27-38). Etiquetas y preguntas propias de esta red; las 42 características "
    "de la publicación aún no están cargadas (progress/data/SOURCES.md)."
)


def seeded_with(note):
    framework = ensure_framework()
    Framework.objects.filter(pk=framework.pk).update(source=note)
    ensure_framework()
    framework.refresh_from_db()
    return framework.source


def test_a_note_still_as_shipped_earlier_gets_the_current_one():
    source = seeded_with(EARLIER_NOTE)
    assert "“Key Features of Learning Cities”" in source
    assert "«" not in source and "»" not in source
    assert source == ensure_framework().source


def test_a_note_staff_edited_is_left_as_it_is():
    edited = EARLIER_NOTE.replace("según", "según la página, consultada en 2026,")
    assert seeded_with(edited) == edited
