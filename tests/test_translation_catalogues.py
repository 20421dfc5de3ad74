"""The translation catalogues are complete: every interface string of the code and templates is in them,
translated into Spanish and Portuguese, with every plural form the language has, none fuzzy.

Two catalogues per language: django.po (Python code and templates) and djangojs.po (JavaScript: Wagtail's
strings listed in network/wagtail_strings.js, which /admin/jsi18n/ serves to the admin's scripts)."""

import re
import shutil
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.core.management import call_command

CATALOGUES = ("es", "pt_BR")
DOMAINS = ("django", "djangojs")


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


@pytest.mark.parametrize("domain", DOMAINS)
@pytest.mark.parametrize("language", CATALOGUES)
def test_catalogues_have_no_untranslated_or_fuzzy_entries(language, domain):
    untranslated, fuzzy = untranslated_and_fuzzy(
        Path(settings.BASE_DIR) / "locale" / language / "LC_MESSAGES" / f"{domain}.po"
    )
    assert not untranslated, f"untranslated in {language} ({domain}): {untranslated}"
    assert not fuzzy, f"fuzzy in {language} ({domain}): {fuzzy}"


NOT_INTERFACE = {"bench", "docs", "locale", "media", "node_modules", "scripts", "static", "tests"}


def test_every_interface_string_is_in_the_catalogues(tmp_path, monkeypatch, settings):
    """Extract the strings of today's code, templates and scripts into copies of the catalogues (django and
    djangojs): none is new.

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
        for domain in DOMAINS:
            shutil.copy(
                Path(settings.BASE_DIR) / "locale" / language / "LC_MESSAGES" / f"{domain}.po", folder
            )
    settings.LOCALE_PATHS = [project / "locale"]
    monkeypatch.chdir(project)
    for domain in DOMAINS:
        call_command("makemessages", locale=list(CATALOGUES), domain=domain, no_obsolete=True, verbosity=0)
    for language in CATALOGUES:
        for domain in DOMAINS:
            catalogue = project / "locale" / language / "LC_MESSAGES" / f"{domain}.po"
            untranslated, fuzzy = untranslated_and_fuzzy(catalogue)
            command = "makemessages" if domain == "django" else "makemessages -d djangojs"
            assert not untranslated, f"not translated into {language} (run {command}): {untranslated}"
            assert not fuzzy, f"fuzzy in {language} (run {command}): {fuzzy}"


ANGLE_QUOTES = re.compile("[«»]")


@pytest.mark.parametrize("domain", DOMAINS)
@pytest.mark.parametrize("language", CATALOGUES)
def test_translations_quote_as_the_rest_of_the_interface(language, domain):
    """Quoted names read “…” in every language of the interface, as in the English text, not «…» in some
    messages and “…” in others."""
    catalogue = polib.pofile(
        str(Path(settings.BASE_DIR) / "locale" / language / "LC_MESSAGES" / f"{domain}.po")
    )
    angled = [
        entry.msgid
        for entry in catalogue
        if any(ANGLE_QUOTES.search(text) for text in [entry.msgstr, *entry.msgstr_plural.values()])
    ]
    assert not angled, f"«…» in {language}: {angled}"


@pytest.mark.parametrize("domain", DOMAINS)
@pytest.mark.parametrize("language", CATALOGUES)
def test_translations_end_with_one_ellipsis_character(language, domain):
    """“…”, one character, as the rest of the interface (“Buscar…”), even where Wagtail's msgid has three
    dots ("Enter your comments...")."""
    catalogue = polib.pofile(
        str(Path(settings.BASE_DIR) / "locale" / language / "LC_MESSAGES" / f"{domain}.po")
    )
    dotted = [
        entry.msgid
        for entry in catalogue
        if any("..." in text for text in [entry.msgstr, *entry.msgstr_plural.values()])
    ]
    assert not dotted, f"... in {language}: {dotted}"


def input_verbs_other_than_escriba(locale_dir):
    """The Spanish translations of "Enter …" and "Please enter …" that do not ask with "Escriba"."""
    return [
        f"{entry.msgid!r}: {entry.msgstr!r}"
        for domain in DOMAINS
        for entry in polib.pofile(str(Path(locale_dir) / "es" / "LC_MESSAGES" / f"{domain}.po"))
        if re.match(r"(Please )?enter\b", entry.msgid, re.IGNORECASE)
        and not re.search(r"(^|\s)escriba\b", entry.msgstr, re.IGNORECASE)
    ]


def test_spanish_asks_for_input_with_one_verb():
    """ "Enter …" is "Escriba …" throughout ("Escriba su contraseña", "Escriba sus comentarios…"), the
    verb most of them had, not "Introduzca" on some fields and "Escriba" on others."""
    others = input_verbs_other_than_escriba(Path(settings.BASE_DIR) / "locale")
    assert not others, "\n".join(others)


def test_the_shipped_framework_s_questions_quote_as_the_rest_of_the_interface():
    """The progress report's questions name a focus area between “…”, as the interface quotes, not «…»."""
    data = Path(settings.BASE_DIR) / "progress" / "data"
    angled = [
        str(path) for path in data.glob("*.csv") if ANGLE_QUOTES.search(path.read_text(encoding="utf-8"))
    ]
    assert not angled, f"«…» in {angled}"


def test_e_mail_templates_quote_as_the_rest_of_the_interface():
    templates = Path(settings.BASE_DIR) / "templates"
    angled = [str(path) for path in templates.rglob("*.txt") if ANGLE_QUOTES.search(path.read_text())]
    assert not angled, f"«…» in {angled}"
