"""The translation catalogues are complete: every interface string of the code and templates is in them,
translated into Spanish and Portuguese, with every plural form the language has, none fuzzy."""

import re
import shutil
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.core.management import call_command

CATALOGUES = ("es", "pt_BR")


def untranslated_and_fuzzy(path):
    """Plural messages count as untranslated without every form the language has (Spanish has three:
    a missing one shows in English)."""
    catalogue = polib.pofile(str(path))
    forms = int(re.search(r"nplurals=(\d+)", catalogue.metadata["Plural-Forms"]).group(1))
    untranslated = [entry.msgid for entry in catalogue.untranslated_entries()] + [
        entry.msgid
        for entry in catalogue.translated_entries()
        if entry.msgid_plural and sorted(entry.msgstr_plural) != list(range(forms))
    ]
    fuzzy = [entry.msgid for entry in catalogue.fuzzy_entries() if entry.msgid]
    return untranslated, fuzzy


@pytest.mark.parametrize("language", CATALOGUES)
def test_catalogues_have_no_untranslated_or_fuzzy_entries(language):
    untranslated, fuzzy = untranslated_and_fuzzy(
        Path(settings.BASE_DIR) / "locale" / language / "LC_MESSAGES" / "django.po"
    )
    assert not untranslated, f"untranslated in {language}: {untranslated}"
    assert not fuzzy, f"fuzzy in {language}: {fuzzy}"


NOT_INTERFACE = {"bench", "docs", "locale", "media", "node_modules", "scripts", "static", "tests"}


def test_every_interface_string_is_in_the_catalogues(tmp_path, monkeypatch, settings):
    """Extract the strings of today's code and templates into copies of the catalogues: none is new.

    makemessages writes into the `locale` folder of the directory it runs in, so it runs in a copy of
    the project's code next to copies of the catalogues, never touching the real ones.
    """
    project = tmp_path / "project"
    for folder in Path(settings.BASE_DIR).iterdir():
        if folder.is_dir() and not folder.name.startswith(".") and folder.name not in NOT_INTERFACE:
            shutil.copytree(folder, project / folder.name, ignore=shutil.ignore_patterns("__pycache__"))
    for language in CATALOGUES:
        folder = project / "locale" / language / "LC_MESSAGES"
        folder.mkdir(parents=True)
        shutil.copy(Path(settings.BASE_DIR) / "locale" / language / "LC_MESSAGES" / "django.po", folder)
    settings.LOCALE_PATHS = [project / "locale"]
    monkeypatch.chdir(project)
    call_command("makemessages", locale=list(CATALOGUES), no_obsolete=True, verbosity=0)
    for language in CATALOGUES:
        catalogue = project / "locale" / language / "LC_MESSAGES" / "django.po"
        untranslated, fuzzy = untranslated_and_fuzzy(catalogue)
        assert not untranslated, f"not translated into {language} (run makemessages): {untranslated}"
        assert not fuzzy, f"fuzzy in {language} (run makemessages): {fuzzy}"


ANGLE_QUOTES = re.compile("[«»]")


@pytest.mark.parametrize("language", CATALOGUES)
def test_translations_quote_as_the_rest_of_the_interface(language):
    """Quoted names read “…” in every language of the interface, as in the English text, not «…» in some
    messages and “…” in others."""
    catalogue = polib.pofile(str(Path(settings.BASE_DIR) / "locale" / language / "LC_MESSAGES" / "django.po"))
    angled = [
        entry.msgid
        for entry in catalogue
        if any(ANGLE_QUOTES.search(text) for text in [entry.msgstr, *entry.msgstr_plural.values()])
    ]
    assert not angled, f"«…» in {language}: {angled}"


def test_e_mail_templates_quote_as_the_rest_of_the_interface():
    templates = Path(settings.BASE_DIR) / "templates"
    angled = [str(path) for path in templates.rglob("*.txt") if ANGLE_QUOTES.search(path.read_text())]
    assert not angled, f"«…» in {angled}"
