"""The admin's JavaScript strings address Spanish readers as "usted", and Portuguese ones as "você".

Wagtail's scripts (comments, the rich text editor, the minimap, autosave) translate their strings with the
catalogue its admin pages load from /admin/jsi18n/: Wagtail's djangojs catalogue merged with ours
(locale/<language>/LC_MESSAGES/djangojs.po, preferred as LOCALE_PATHS are). Wagtail's Spanish there says
"tú" ("¿Estás seguro?", "Introduce tus comentarios...") and leaves some strings in English.
network/wagtail_strings.js lists those strings, as network/wagtail_strings.py does for the Python and
template ones; these tests fetch the catalogue as a signed-in person's admin pages do, in each language.
"""

import json
import re
from functools import cache
from pathlib import Path

import polib
import pytest
import wagtail.admin
from django.conf import settings
from django.test import Client
from django.urls import reverse
from wagtail.users.models import UserProfile

from tests import factories
from tests.test_admin_addresses_usted import INFORMAL_WORDS

pytestmark = pytest.mark.django_db

LISTING = Path(settings.BASE_DIR, "network", "wagtail_strings.js")
CATALOGUES = {"es": "es", "pt-br": "pt_BR"}
STRING = r'"(?:[^"\\]|\\.)*"'
CALL = re.compile(rf"\b(gettext|ngettext)\(\s*({STRING})(?:\s*,\s*({STRING}))?")


def listed_strings(name):
    """(msgid, msgid_plural or None) of the gettext() and ngettext() calls in the array `name` of
    network/wagtail_strings.js."""
    source = LISTING.read_text()
    array = re.search(rf"\bconst {name} = \[(.*?)\n\];", source, re.S)
    assert array, f"no array {name} in {LISTING}"
    return [
        (json.loads(msgid), json.loads(plural) if plural else None)
        for _, msgid, plural in CALL.findall(array.group(1))
    ]


def served_catalogue(language):
    """The catalogue Wagtail's admin pages load (admin_base.html) for a person whose language is
    `language`: {msgid: translation, or the list of plural forms}, and the plural formula."""
    user = factories.StaffFactory()
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = language
    profile.save()
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    client.force_login(user)
    response = client.get(reverse("wagtailadmin_javascript_catalog"))
    assert response.status_code == 200
    script = response.content.decode()
    catalogue = re.search(r"const newcatalog = (\{.*?\n  \});", script, re.S)
    formula = re.search(r"const v = (.*?);\n", script)
    return json.loads(catalogue.group(1)) if catalogue else {}, formula.group(1) if formula else None


@pytest.fixture
def served():
    return {language: served_catalogue(language) for language in CATALOGUES}


@cache
def wagtails(language):
    """Wagtail's own djangojs catalogue for `language` (the admin's: its other apps have none)."""
    folder = CATALOGUES.get(language, language)
    path = Path(wagtail.admin.__file__).parent / "locale" / folder / "LC_MESSAGES" / "djangojs.po"
    return polib.pofile(str(path))


def as_list(text):
    return text if isinstance(text, list) else [text]


def test_the_listing_holds_wagtails_informal_strings():
    """A listing that lost its strings (a renamed array) would make the checks below pass on nothing."""
    assert len(listed_strings("INFORMAL")) >= 4


@pytest.mark.parametrize(
    ("name", "language", "translated"),
    [("MISSING", "en", False), ("CORRECTED", "es", True), ("INFORMAL", "es", True)],
)
def test_every_listed_string_is_one_of_wagtails(name, language, translated):
    """Each listed msgid (and plural) is an entry of Wagtail's djangojs catalogue: the English one, which
    holds every msgid of its scripts, for those its Spanish lacks; the Spanish one, translated, for those
    it gets wrong. One that a Wagtail upgrade renamed would leave our translation unused, and the checks
    below passing on a string nobody sees."""
    unknown = []
    for msgid, plural in listed_strings(name):
        entry = wagtails(language).find(msgid)
        if not entry or (entry.msgid_plural or None) != plural or (translated and not entry.translated()):
            unknown.append(msgid)
    assert not unknown, f"not in Wagtail's {language} catalogue: {unknown}"


@pytest.mark.parametrize(
    ("msgid", "spanish", "portuguese"),
    [
        ("Are you sure?", "¿Lo confirma?", "Tem certeza?"),
        ("Enter your comments...", "Escriba sus comentarios…", "Escreva seus comentários…"),
        ("Enter your reply...", "Escriba su respuesta…", "Escreva sua resposta…"),
    ],
)
def test_comments_say_usted_and_voce(served, msgid, spanish, portuguese):
    """The comments of the page editor: confirming a deletion, writing a comment or a reply."""
    assert served["es"][0].get(msgid) == spanish
    assert served["pt-br"][0].get(msgid) == portuguese


@pytest.mark.parametrize(
    ("msgid", "spanish", "portuguese"),
    [
        ("Pin toolbar", "Fijar la barra de herramientas", "Fixar barra de ferramentas"),
        ("Unpin toolbar", "Desfijar la barra de herramientas", "Desafixar barra de ferramentas"),
    ],
)
def test_the_rich_text_toolbar_is_pinned_and_unpinned(served, msgid, spanish, portuguese):
    """The button's two labels name opposite actions ("Soltar" read as dropping the toolbar)."""
    assert served["es"][0].get(msgid) == spanish
    assert served["pt-br"][0].get(msgid) == portuguese


def test_no_listed_string_says_tu_in_spanish(served):
    catalogue = served["es"][0]
    faults = []
    for msgid, _ in listed_strings("INFORMAL"):
        texts = as_list(catalogue.get(msgid, msgid))
        entry = wagtails("es").find(msgid)
        theirs = [entry.msgstr, *entry.msgstr_plural.values()] if entry else []
        faults += [f"says tú: {text!r}" for text in texts if INFORMAL_WORDS.search(text)]
        faults += [f"Wagtail's own: {text!r}" for text in texts if text in theirs]
    assert not faults, "\n".join(faults)


@pytest.mark.parametrize("language", CATALOGUES)
def test_no_string_shows_in_english(served, language):
    """Those Wagtail's catalogue lacks (the minimap's error count, autosave, content metrics) too: a string
    the catalogue served lacks shows as the script has it, in English."""
    catalogue = served[language][0]
    english = [
        msgid
        for name in ("MISSING", "CORRECTED", "INFORMAL")
        for msgid, _ in listed_strings(name)
        if msgid not in catalogue
    ]
    assert not english, f"in English in {language}: {english}"


def test_portuguese_is_not_our_spanish(served):
    """Portuguese falls back on Spanish, the site's default language: a listed string our pt_BR catalogue
    lacked would show our Spanish. (Those that begin with a number, "%(num)s min", read the same in both.)"""
    spanish, portuguese = served["es"][0], served["pt-br"][0]
    same = [
        msgid
        for name in ("MISSING", "CORRECTED", "INFORMAL")
        for msgid, _ in listed_strings(name)
        if portuguese.get(msgid) == spanish.get(msgid) and not msgid.startswith("%(")
    ]
    assert not same, f"Spanish in Portuguese: {same}"


@pytest.mark.parametrize("language", CATALOGUES)
def test_plural_forms_agree_with_wagtails(served, language):
    """The plural formula served is our catalogue's: with fewer forms than Wagtail's, its plural strings
    that ours lacks would lose a form ("%(num)s erros" for millions only), with more they would show
    empty. Ours keeps Wagtail's formula, and every plural string has every form."""
    catalogue, formula = served[language]
    ours = polib.pofile(
        str(Path(settings.LOCALE_PATHS[0], CATALOGUES[language], "LC_MESSAGES", "djangojs.po"))
    )
    assert ours.metadata["Plural-Forms"] == wagtails(language).metadata["Plural-Forms"]
    assert formula and formula in ours.metadata["Plural-Forms"]
    forms = int(re.search(r"nplurals=(\d+)", ours.metadata["Plural-Forms"]).group(1))
    faults = [msgid for msgid, text in catalogue.items() if isinstance(text, list) and not all(text)]
    faults += [msgid for msgid, text in catalogue.items() if isinstance(text, list) and len(text) != forms]
    assert not faults, f"plural forms missing in {language}: {faults}"
