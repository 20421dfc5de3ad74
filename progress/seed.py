"""The reporting framework and a demonstration cycle, so that a first run can be tried end to end.

The framework comes from progress/data/key_features_2013.csv (its sources and limits are in
progress/data/SOURCES.md), loaded through the framework import that staff use. The cycle is named as a
demonstration: staff set the real cycles' dates themselves. No city answers are seeded.
"""

import datetime
from pathlib import Path

from .framework_import import load_file
from .models import DEMO_CYCLE_NAME, Cycle, Framework

FRAMEWORK_FILE = Path(__file__).resolve().parent / "data" / "key_features_2013.csv"
FRAMEWORK_SOURCE = (
    "Áreas y ámbitos de enfoque de las “Key Features of Learning Cities” del Instituto de la UNESCO para el "
    "Aprendizaje a lo Largo de Toda la Vida (UIL), según "
    "http://learningcities.uil.unesco.org/key-features/key-features-of-learning-cities. "
    "Publicadas en: Conference Report: International Conference on Learning Cities (UIL, 2014, "
    "ISBN 978-92-820-1184-3, pp. 27-38). Etiquetas y preguntas propias de esta red; las 42 características "
    "de la publicación aún no están cargadas (progress/data/SOURCES.md)."
)
# The notes shipped earlier, which a database seeded then still holds unless staff edited it: until the
# interface quoted names with “…”, the note used «…».
EARLIER_FRAMEWORK_SOURCES = (
    "Áreas y ámbitos de enfoque de las «Key Features of Learning Cities» del Instituto de la UNESCO para el "
    "Aprendizaje a lo Largo de Toda la Vida (UIL), según "
    "http://learningcities.uil.unesco.org/key-features/key-features-of-learning-cities. "
    "Publicadas en: Conference Report: International Conference on Learning Cities (UIL, 2014, "
    "ISBN 978-92-820-1184-3, pp. 27-38). Etiquetas y preguntas propias de esta red; las 42 características "
    "de la publicación aún no están cargadas (progress/data/SOURCES.md).",
)
DEMO_CYCLE = {
    "name": DEMO_CYCLE_NAME,
    "opens_on": datetime.date(2026, 9, 1),
    "due_on": datetime.date(2027, 3, 31),
}


def ensure_framework():
    """Load the framework file (a second run changes nothing); returns the framework. Its source note is
    written when empty or still, word for word, a note shipped earlier; a note staff edited is kept."""
    plan = load_file(FRAMEWORK_FILE)
    first = plan.rows[0].values
    framework = Framework.objects.get(name=first["framework"], version=first["version"])
    if not framework.source or framework.source in EARLIER_FRAMEWORK_SOURCES:
        framework.source = FRAMEWORK_SOURCE
        framework.save(update_fields=["source"])
    return framework


def ensure_demo_cycle(framework):
    """The demonstration cycle, unless staff have made cycles of their own; True if it was added."""
    if Cycle.objects.exists():
        return False
    Cycle.objects.create(framework=framework, **DEMO_CYCLE)
    return True
