"""Bulk loading of library items from a CSV or XLSX file, through the project's import framework
(network/imports): preview first, then all rows or none.

Each row is one item, published under the library in the default language (and copied, untranslated,
into the other languages' libraries). A row naming an item already in the library (same DOI, same ISBN,
or same title and year) is left as it is: loading the same file twice adds nothing. A file is checked
as a whole: a repeated row or a bad cell stops the import before anything is written.
"""

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.log_actions import log

from contacts.importers.lookups import CityLookup, ThemeLookup
from network.imports.columns import Column, Columns, interpolate_lazy
from network.imports.files import ImportRejected
from network.imports.plan import CREATE, UNCHANGED, Importer
from network.imports.values import choice, fold, split, synonyms
from network.search_indexing import create_indexed_aliases

from .identifiers import clean_doi, clean_isbn, isbn_digits
from .models import ResourceFullText, ResourceIndexPage, ResourcePage, TextLanguage

FACTS = (
    "title_language",
    "kind",
    "abstract",
    "authors",
    "publisher",
    "place",
    "year",
    "isbn",
    "doi",
    "unesdoc_url",
    "licence",
)
SLUG_LENGTH = 80
# Four ASCII digits: str.isdigit() also accepts "²", which int() refuses.
YEAR = re.compile(r"[0-9]{4}")
# An author's name has a letter or a digit; ",", "-" or "." alone is a stray separator.
NAMES_SOMEONE = re.compile(r"[^\W_]")

# Each item is a page written one by one (revision, publication, copies in each language).
MOST_ROWS = 500
FULL_TEXT_HEADERS = {
    "es": "full text es | texto completo es | texto completo español | spanish | español | espanhol",
    "pt": "full text pt | texto completo pt | texto completo português | portuguese | portugués | português",
    "en": "full text en | texto completo en | english | inglés | inglês",
    "fr": "full text fr | texto completo fr | french | francés | francês",
}
RESOURCE_COLUMNS = Columns(
    Column("title", gettext_lazy("title"), "title | título | titulo", required=True),
    Column(
        "title_language",
        gettext_lazy("language of the title"),
        "title language | language of the title | idioma del título | idioma do título | lengua del título",
    ),
    Column("kind", gettext_lazy("type"), "type | kind | tipo"),
    Column("abstract", gettext_lazy("abstract"), "abstract | summary | resumen | resumo", required=True),
    Column("authors", gettext_lazy("authors"), "authors | author | autores | autor | autoría | autoria"),
    Column("publisher", gettext_lazy("publisher"), "publisher | editorial | editora | editor", required=True),
    Column("place", gettext_lazy("place of publication"), "place | lugar | local | city of publication"),
    Column("year", gettext_lazy("year"), "year | año | ano", required=True),
    Column("isbn", gettext_lazy("ISBN")),
    Column("doi", gettext_lazy("DOI")),
    Column(
        "unesdoc_url", gettext_lazy("UNESDOC link"), "unesdoc | unesdoc link | enlace unesdoc | link unesdoc"
    ),
    Column("licence", gettext_lazy("licence"), "licence | license | licencia | licença"),
    Column("themes", gettext_lazy("themes"), "themes | theme | temas | tema"),
    Column("cities", gettext_lazy("related cities"), "cities | city | ciudades | ciudad | cidades | cidade"),
    *(
        Column(
            f"text_{code}",
            interpolate_lazy(gettext_lazy("full text (%(language)s)"), {"language": code}),
            headers,
        )
        for code, headers in FULL_TEXT_HEADERS.items()
    ),
)
KINDS = synonyms(
    {
        ResourcePage.Kind.PUBLICATION: (
            "publicación | publicação | report | informe | relatório | book | libro | livro"
        ),
        ResourcePage.Kind.GUIDE: "guía | guia | guidelines | directrices | diretrizes",
        ResourcePage.Kind.TOOLKIT: "caja de herramientas | kit de ferramentas | herramientas | ferramentas",
        ResourcePage.Kind.CASE_STUDIES: (
            "case studies | case-study collection | estudios de caso | estudos de caso | casos | "
            "colección de estudios de caso | coletânea de estudos de caso"
        ),
        ResourcePage.Kind.RECORDING: "video | vídeo | grabación | gravação | webinar",
    }
)
LANGUAGES = synonyms(
    {
        TextLanguage.SPANISH: "spanish | español | castellano | espanhol",
        TextLanguage.PORTUGUESE: "pt-br | portuguese | português | portugués",
        TextLanguage.ENGLISH: "english | inglés | inglês",
        TextLanguage.FRENCH: "french | français | francés | francês",
    }
)
is_url = URLValidator(schemes=["http", "https"])


def library():
    return ResourceIndexPage.objects.filter(locale__language_code=settings.LANGUAGE_CODE).first()


class ResourceImporter(Importer):
    kind = "resources"
    label = gettext_lazy("Library items")
    columns = RESOURCE_COLUMNS

    def user_may_import(self, user):
        """Those who may publish items in the library (UIL staff and administrators)."""
        index = library()
        return index is not None and index.permissions_for_user(user).can_publish_subpage()

    def plan(self, data, filename, user):
        plan = super().plan(data, filename, user)
        if len(plan.rows) > MOST_ROWS:
            raise ImportRejected(
                [
                    _("A file of library items may have at most %(count)d rows: split it.")
                    % {"count": MOST_ROWS}
                ]
            )
        return plan

    def plan_rows(self, plan, user):
        themes, cities = ThemeLookup(), CityLookup()
        existing = Existing()
        first_line = {}
        for row in plan.rows:
            parse(row, themes, cities)
            if row.errors:
                continue
            key = row_key(row.values)
            if key in first_line:
                row.errors.append(_("This item is already on line %(line)d.") % {"line": first_line[key]})
                continue
            first_line[key] = row.line
            row.summary = f"{row.values['title']} ({row.values['year']})"
            found = existing.find(row.values)
            if found is not None:
                row.action, row.target = UNCHANGED, found
                row.details.append(_("Already in the library: left as it is."))
            else:
                row.action = CREATE

    def write(self, plan, user):
        index = library()
        for row in plan.rows:
            if row.action == CREATE:
                write_item(index, row, plan.filename, user)


def parse(row, themes, cities):
    values = row.values
    for name in ("title", "abstract", "publisher", "place", "licence"):
        values[name] = row.text(name)
        row.check_length(ResourcePage, name, values[name], RESOURCE_COLUMNS[name].label)
    for name, message in (
        ("title", _("The title is missing.")),
        ("abstract", _("The abstract is missing.")),
        ("publisher", _("The publisher is missing.")),
    ):
        if row.is_blank(name):
            row.errors.append(message)
    # "Family, Given" or an organisation, one a line; an item of separators only (";;;, ;") names nobody.
    values["authors"] = "\n".join(name for name in split(row.text("authors")) if NAMES_SOMEONE.search(name))
    values["kind"] = (
        row.parse(
            "kind",
            choice(KINDS),
            _("Unknown type “%(value)s” (use publication, guide, toolkit, case studies or recording)."),
        )
        or ResourcePage.Kind.PUBLICATION
    )
    values["title_language"] = (
        row.parse(
            "title_language",
            choice(LANGUAGES),
            _("Unknown language of the title “%(value)s” (use es, pt, en or fr, or leave it empty)."),
        )
        or ""
    )
    values["year"] = parse_year(row)
    for name, clean in (("isbn", clean_isbn), ("doi", clean_doi)):
        try:
            values[name] = clean(row.text(name))
        except ValidationError as error:
            row.errors.extend(error.messages)
            values[name] = ""
    values["unesdoc_url"] = parse_url(row, "unesdoc_url")
    values["full_texts"] = [
        (code, url) for code, _label in TextLanguage.choices if (url := parse_url(row, f"text_{code}"))
    ]
    if not values["full_texts"] and all(row.is_blank(f"text_{code}") for code in FULL_TEXT_HEADERS):
        row.errors.append(_("Give the link to the full text in at least one language."))
    values["themes"] = []
    for name in split(row.text("themes")):
        theme = themes.find(name)
        if theme is None:
            row.errors.append(_("Unknown theme “%(name)s”.") % {"name": name})
        elif theme not in values["themes"]:
            values["themes"].append(theme)
    values["cities"] = []
    for name in split(row.text("cities")):
        city, problem = cities.find(name)
        if problem:
            row.errors.append(problem)
        elif city not in values["cities"]:
            values["cities"].append(city)


def parse_year(row):
    text = row.text("year")
    if not text:
        if row.is_blank("year"):
            row.errors.append(_("The year is missing."))
        return None
    if not YEAR.fullmatch(text) or not 1900 <= int(text) <= timezone.now().year:
        row.errors.append(
            _("“%(value)s” is not a year of publication (1900 to this year).") % {"value": text}
        )
        return None
    return int(text)


def parse_url(row, name):
    text = row.text(name)
    if not text:
        return ""
    try:
        is_url(text)
    except ValidationError:
        row.errors.append(
            _("%(column)s: “%(value)s” is not a web address (https://…).")
            % {"column": RESOURCE_COLUMNS[name].label, "value": text}
        )
        return ""
    return text


def row_key(values):
    return values["doi"].lower() or isbn_digits(values["isbn"]) or (fold(values["title"]), values["year"])


class Existing:
    """The library's items by DOI, ISBN and title with year, read once per file."""

    def __init__(self):
        self.by_key = {}
        items = ResourcePage.objects.filter(locale__language_code=settings.LANGUAGE_CODE)
        for item in items.only("pk", "title", "year", "doi", "isbn"):
            for key in (item.doi.lower(), isbn_digits(item.isbn), (fold(item.title), item.year)):
                if key:
                    self.by_key.setdefault(key, item)

    def find(self, values):
        keys = (values["doi"].lower(), isbn_digits(values["isbn"]), (fold(values["title"]), values["year"]))
        return next((self.by_key[key] for key in keys if key and key in self.by_key), None)


def free_slug(index, title):
    """A slug from the title that no other item of the library has (…-2, …-3 if needed)."""
    base = slugify(title)[:SLUG_LENGTH].strip("-") or "item"
    taken = set(index.get_children().filter(slug__startswith=base).values_list("slug", flat=True))
    slug, number = base, 1
    while slug in taken:
        number += 1
        slug = f"{base}-{number}"
    return slug


def write_item(index, row, filename, user):
    values = row.values
    fields = {name: values[name] for name in FACTS}
    page = ResourcePage(title=values["title"], slug=free_slug(index, values["title"]), **fields)
    page.full_texts = [ResourceFullText(language=code, url=url) for code, url in values["full_texts"]]
    page.themes.set(values["themes"])
    page.cities.set(values["cities"])
    index.add_child(instance=page)
    log(page, "wagtail.create", user=user, data={"import": {"file": filename, "lines": [row.line]}})
    page.save_revision(user=user).publish(user=user)
    create_indexed_aliases(ResourcePage.objects.get(pk=page.pk))
