"""Theme names in the page's language.

Cities and engagements are tagged with a theme's original (default-language) row; its translations,
made in the admin, only give the name and description in other languages.
"""

import uuid
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from network.languages import active_locale_id

from .models import Theme, in_default_language
from .ordering import alphabetical


@dataclass(frozen=True)
class ThemeLabel:
    slug: str
    name: str
    description: str
    translation_key: uuid.UUID


# The themes seeded by migration 0002 (in Spanish), named in the interface's catalogues so that
# setup can translate them; themes added later are translated in the admin.
SEEDED_THEMES = {
    "aprendizaje-digital": (_("Digital learning"), _("Digital learning, skills and inclusion.")),
    "accion-climatica": (
        _("Climate action"),
        _("Education for sustainable development and climate action."),
    ),
    "habilidades-para-el-futuro": (_("Future skills"), _("Skills for the work and life of the future.")),
    "sistemas-de-aprendizaje-inclusivos": (
        _("Inclusive learning systems"),
        _("Lifelong learning that leaves no one behind."),
    ),
    "alfabetizacion": (_("Literacy"), _("Youth and adult literacy.")),
    "salud-y-bienestar": (_("Health and well-being"), _("Health and well-being through learning.")),
    "ciudadania-activa": (_("Active citizenship"), _("Active citizenship and community participation.")),
}


def translate_seeded_themes(locale):
    """Give the seeded themes their names in this language where nobody has translated them yet."""
    for theme in original_themes().filter(slug__in=SEEDED_THEMES):
        if theme.has_translation(locale):
            continue
        name, description = SEEDED_THEMES[theme.slug]
        translated = theme.copy_for_translation(locale)
        with translation.override(locale.language_code):
            translated.name, translated.description = str(name), str(description)
        translated.save()


def name_in(labels, theme):
    """The theme's name in the language of `labels` (theme_labels), its own if it has no label.

    Pages are tagged with originals; a good practice in a city page's body (cities.blocks) may name any
    translation of a theme (Wagtail's chooser offers every language's), found by its translation key."""
    label = labels.get(theme.pk) or next(
        (label for label in labels.values() if label.translation_key == theme.translation_key), None
    )
    return label.name if label else theme.name


def in_label_order(themes, labels):
    """The themes in the order of `labels` (theme_labels: alphabetical in the language they are in)."""
    position = {theme_id: index for index, theme_id in enumerate(labels)}
    return sorted(themes, key=lambda theme: (position.get(theme.pk, len(position)), alphabetical(theme.name)))


def original_themes():
    return Theme.objects.filter(**in_default_language())


def theme_labels(locale_id=None):
    """{original theme id: its label in the language}, untranslated themes keeping the original's.

    One query, in alphabetical order of the labels' names.
    """
    locale_id = locale_id or active_locale_id()
    rows = Theme.objects.filter(
        Q(locale__language_code=settings.LANGUAGE_CODE) | Q(locale_id=locale_id)
    ).values("pk", "translation_key", "locale_id", "locale__language_code", "slug", "name", "description")
    originals, translations = {}, {}
    for row in rows:
        if row["locale__language_code"] == settings.LANGUAGE_CODE:
            originals[row["translation_key"]] = row
        if row["locale_id"] == locale_id:
            translations[row["translation_key"]] = row
    labels = {
        original["pk"]: ThemeLabel(
            slug=original["slug"],
            name=translations.get(key, original)["name"],
            description=translations.get(key, original)["description"],
            translation_key=key,
        )
        for key, original in originals.items()
    }
    return dict(sorted(labels.items(), key=lambda item: alphabetical(item[1].name)))


def request_theme_labels(request):
    """theme_labels() once per request and language, for templates that name many themes."""
    locale_id = active_locale_id()
    memo = getattr(request, "_theme_labels", None) if request is not None else None
    if memo is None or memo[0] != locale_id:
        memo = (locale_id, theme_labels(locale_id))
        if request is not None:
            request._theme_labels = memo
    return memo[1]
