"""Import contacts, or engagements, from a CSV or XLSX file.

A file is read and checked as a whole first. The plan lists every row with its line number, what
would happen to it (create, update, unchanged), its errors and its likely duplicates; making a plan
writes nothing. Applying checks the file again against the database and writes everything in one
transaction, or nothing when any row has an error. Importing the same file again changes nothing:

- a contact is matched by any of its e-mail addresses, else by its name (ignoring accents, case and
  spacing) within the same organisation; an engagement by its date, kind, title and set of cities;
- a matched record only gains what the file adds: a filled cell replaces the stored value, an empty
  cell leaves it alone, e-mail addresses, phone numbers, participants, organisations and themes are
  added, never removed. Names that differ only in accents or case are left as they are.

Headers are recognised in Spanish, Portuguese or English, ignoring case, accents and spacing.
"""

import io
import re
import unicodedata
import uuid
import zipfile
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time
from functools import cache

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.fields import GenericForeignKey, GenericRel
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import connection, transaction
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone, translation
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django_countries import countries
from modelcluster.fields import ParentalKey
from wagtail.log_actions import log
from wagtail.log_actions import registry as log_registry
from wagtail.models import ModelLogEntry, ReferenceIndex

from cities.imports import CsvProblem, csv_records
from cities.models import CityPage, Theme
from cities.themes import original_themes
from network.caching.versions import ENGAGEMENT_LOG

from .models import Contact, ContactEmail, ContactPhone, Engagement, Language, LegalBasis, Organisation

CONTACTS = "contacts"
ENGAGEMENTS = "engagements"
KINDS = {CONTACTS: gettext_lazy("Contacts"), ENGAGEMENTS: gettext_lazy("Engagements")}
# Whoever imports needs to be able to add and change the records of that kind.
KIND_PERMISSIONS = {
    CONTACTS: ("contacts.add_contact", "contacts.change_contact"),
    ENGAGEMENTS: ("contacts.add_engagement", "contacts.change_engagement"),
}
ORGANISATION_PERMISSION = "contacts.add_organisation"
OWNER_PERMISSION = "contacts.view_engagement"

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 5000
MAX_COLUMNS = 200
# An XLSX sheet states its size and numbers its rows: a few bytes can claim a million rows, empty
# ones in between. Reading stops after this many empty rows in a row, and refuses a sheet with more
# rows than this, counting empty ones.
MAX_EMPTY_ROWS = 1000
MAX_SHEET_ROWS = 10 * MAX_ROWS
# An XLSX file is a zip archive: refuse archives that would unpack to something huge.
MAX_UNPACKED_BYTES = 100 * 1024 * 1024

CREATE, UPDATE, UNCHANGED = "create", "update", "unchanged"
STATUS_LABELS = {
    CREATE: gettext_lazy("Create"),
    UPDATE: gettext_lazy("Update"),
    UNCHANGED: gettext_lazy("Unchanged"),
    "error": gettext_lazy("Error"),
}
LIST_SEPARATORS = re.compile(r"[;\n]+")
EMAIL_SEPARATORS = re.compile(r"[;,\s]+")
PHONE_SEPARATORS = re.compile(r"[;,\n]+")
CITY_WITH_COUNTRY = re.compile(r"(.+?)\s*\(\s*([A-Za-z]{2})\s*\)")


def too_large_message():
    return _("The file is too large: the limit is %(size)s MB.") % {"size": f"{MAX_BYTES / 1024 / 1024:g}"}


class ImportRejected(Exception):
    """The file cannot be imported at all (unreadable, no header, missing columns, too large…)."""

    def __init__(self, messages):
        self.messages = [str(message) for message in messages]
        super().__init__("; ".join(self.messages))


class PlanHasErrors(Exception):
    """Some rows have errors: nothing was written. `plan` lists them."""

    def __init__(self, plan):
        self.plan = plan
        count = len(plan.error_rows)
        super().__init__(
            ngettext("%(count)d row has errors.", "%(count)d rows have errors.", count) % {"count": count}
        )


# --- Normalising text ------------------------------------------------------------------------------


def fold(text):
    """Lower case, without accents, single spaces: 'José  Pérez' and 'jose perez' fold alike."""
    text = str(text)
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text)
        text = "".join(char for char in text if not unicodedata.combining(char))
    return " ".join(text.casefold().split())


def squash(text):
    """Folded, letters and digits only: 'E-mail', 'e mail' and 'EMAIL' squash alike."""
    return re.sub(r"[^0-9a-z]+", "", fold(text))


def _lookup(table):
    """{canonical value: "spelling | spelling"} -> {squashed spelling: canonical value}, refusing clashes."""
    found = {}
    for value, spellings in table.items():
        for spelling in [value, *spellings.split("|")]:
            key = squash(spelling)
            if found.get(key, value) != value:
                raise ValueError(f"{spelling!r} means both {found[key]!r} and {value!r}")
            found[key] = value
    return found


# --- Column headers --------------------------------------------------------------------------------

CONTACT_HEADERS = {
    "honorific": (
        "honorific | salutation | prefix | tratamiento | forma de tratamiento | "
        "prefijo | tratamento | forma de tratamento | prefixo"
    ),
    "given_name": "given name | first name | forename | name | nombre | nombres | nome | primeiro nome",
    "family_name": (
        "family name | last name | surname | apellido | apellidos | sobrenome | sobrenomes | último sobrenome"
    ),
    "job_title": "job title | job | position | cargo | puesto | función | função",
    "organisation": (
        "organization | institution | organización | institución | entidad | "
        "organização | instituição | entidade"
    ),
    "city": "city | municipality | ciudad | municipio | cidade | município",
    "country": "country | country code | país | código de país | código do país",
    "emails": (
        "email | e-mail | email(s) | e-mails | email address | email addresses | "
        "e-mail address | mail | correo | correos | correo electrónico | "
        "correos electrónicos | correo-e | endereço de e-mail | endereços de e-mail"
    ),
    "phones": (
        "phone | phone(s) | phone number | phone numbers | telephone | mobile | "
        "teléfono | teléfonos | móvil | celular | telefone | telefones"
    ),
    "preferred_language": (
        "preferred language | language | idioma | idioma preferido | lengua | língua | língua preferida"
    ),
    "notes": "note | comments | notas | nota | observaciones | comentarios | observações",
    "consent_basis": (
        "consent basis | legal basis | base legal | base jurídica | "
        "base legal del tratamiento | base legal do tratamento"
    ),
    "consent_date": (
        "consent date | fecha de consentimiento | fecha del consentimiento | "
        "data do consentimento | data de consentimento"
    ),
    "consent_source": (
        "consent source | source | fuente | origen | origen de los datos | fonte | origem | origem dos dados"
    ),
}
# "Título"/"title" could be an honorific (Dr.) or a job title: ask for a clearer header.
AMBIGUOUS_CONTACT_HEADERS = {squash("title"), squash("título"), squash("titulo")}

ENGAGEMENT_HEADERS = {
    "date": "fecha | data",
    "kind": (
        "type | engagement type | tipo | tipo de interacción | tipo de actividad | "
        "tipo de interação | tipo de atividade"
    ),
    "title": "subject | título | asunto | assunto",
    "summary": "description | resumen | descripción | resumo | descrição",
    "cities": "city | ciudades | ciudad | cidades | cidade",
    "organisations": (
        "organisation | organizations | organization | organizaciones | organización | "
        "instituciones | organizações | organização | instituições"
    ),
    "participants": (
        "participant | participant emails | participantes | participante | "
        "correos de los participantes | e-mails dos participantes"
    ),
    "owner": "responsible | responsable | responsável",
    "themes": "theme | temas | tema",
    "outcome": "outcomes | result | results | resultado | resultados",
    "follow_up_date": (
        "follow-up date | follow-up | follow up | seguimiento | fecha de seguimiento | "
        "acompanhamento | data de acompanhamento | seguimento | data de seguimento"
    ),
    "follow_up_done": (
        "follow-up done | seguimiento hecho | seguimiento realizado | "
        "acompanhamento feito | acompanhamento realizado | seguimento feito"
    ),
}

HEADERS = {CONTACTS: CONTACT_HEADERS, ENGAGEMENTS: ENGAGEMENT_HEADERS}
HEADER_LOOKUP = {kind: _lookup(table) for kind, table in HEADERS.items()}
REQUIRED_COLUMNS = {CONTACTS: ["given_name"], ENGAGEMENTS: ["date", "kind", "title", "cities"]}
COLUMN_LABELS = {
    "honorific": gettext_lazy("honorific"),
    "given_name": gettext_lazy("given name"),
    "family_name": gettext_lazy("family name"),
    "job_title": gettext_lazy("job title"),
    "organisation": gettext_lazy("organisation"),
    "city": gettext_lazy("city"),
    "country": gettext_lazy("country"),
    "emails": gettext_lazy("e-mail addresses"),
    "phones": gettext_lazy("phone numbers"),
    "preferred_language": gettext_lazy("preferred language"),
    "notes": gettext_lazy("notes"),
    "consent_basis": gettext_lazy("legal basis"),
    "consent_date": gettext_lazy("consent date"),
    "consent_source": gettext_lazy("consent source"),
    "date": gettext_lazy("date"),
    "kind": gettext_lazy("kind"),
    "title": gettext_lazy("title"),
    "summary": gettext_lazy("summary"),
    "cities": gettext_lazy("cities"),
    "organisations": gettext_lazy("organisations"),
    "participants": gettext_lazy("participants"),
    "owner": gettext_lazy("owner"),
    "themes": gettext_lazy("themes"),
    "outcome": gettext_lazy("outcome"),
    "follow_up_date": gettext_lazy("follow-up date"),
    "follow_up_done": gettext_lazy("follow-up done"),
}


def column_help(kind):
    """For the upload page: each column's label, whether it is required, and the headers accepted."""
    required = REQUIRED_COLUMNS[kind]
    return [
        {
            "name": name,
            "label": COLUMN_LABELS[name],
            "required": name in required,
            "headers": list(dict.fromkeys([name, *(spelling.strip() for spelling in spellings.split("|"))])),
        }
        for name, spellings in HEADERS[kind].items()
    ]


# --- Cell values -----------------------------------------------------------------------------------

ENGAGEMENT_KINDS = _lookup(
    {
        Engagement.Kind.MEETING: "reunión | reunião | encuentro | encontro",
        Engagement.Kind.CALL: (
            "call | phone call | video call | llamada | videollamada | ligação | chamada | videochamada"
        ),
        Engagement.Kind.EMAIL: "e-mail | mail | correo | correo electrónico",
        Engagement.Kind.VISIT: "visita",
        Engagement.Kind.WORKSHOP: "taller | oficina",
        Engagement.Kind.FORUM: "foro | fórum",
        Engagement.Kind.WEBINAR: "seminario web | webinario | webinário",
        Engagement.Kind.TRAINING: "formación | capacitación | formação | capacitação | treinamento",
        Engagement.Kind.REPORT_SUBMISSION: (
            "report | report submission | informe | entrega de informe | relatório | entrega de relatório"
        ),
        Engagement.Kind.OTHER: "otro | otra | outro | outra",
    }
)
LANGUAGES = _lookup(
    {
        Language.SPANISH: "spanish | español | castellano | espanhol",
        Language.PORTUGUESE: "pt-br | portuguese | português",
        Language.ENGLISH: "english | inglés | inglês",
        Language.FRENCH: "french | français | francés | francês",
    }
)
LEGAL_BASES = _lookup(
    {
        LegalBasis.CONSENT: "consentimiento | consentimento",
        LegalBasis.LEGITIMATE_INTEREST: "legitimate interest | interés legítimo | interesse legítimo",
        LegalBasis.CONTRACT: "contrato",
        LegalBasis.PUBLIC_TASK: (
            "public task | public interest | misión pública | interés público | "
            "missão pública | interesse público"
        ),
    }
)
BOOLEANS = _lookup(
    {
        True: "yes | y | true | x | done | sí | s | hecho | realizado | verdadero | sim | feito",
        False: "no | n | false | not done | pendiente | falso | não | pendente",
    }
)


def _text(value):
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time(0) else value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    return str(value).strip()


def parse_date(value):
    """A date from an XLSX date cell, 'YYYY-MM-DD' (optionally with a time) or 'DD/MM/YYYY'."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = _text(value)
    match = re.fullmatch(
        r"(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?", text
    )
    if match:
        year, month, day = match.groups()
    else:
        match = re.fullmatch(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})", text)
        if not match:
            return None
        day, month, year = match.groups()
    try:
        parsed = date(int(year), int(month), int(day))
    except ValueError:
        return None
    return parsed if 1900 <= parsed.year <= 2100 else None


def _split(text, separators):
    seen, items = set(), []
    for item in separators.split(text):
        item = item.strip()
        if item and fold(item) not in seen:
            seen.add(fold(item))
            items.append(item)
    return items


def _phone_key(number):
    return re.sub(r"[^0-9+]", "", number)


@cache
def _country_names():
    """Folded country names in English, Spanish and Portuguese -> ISO code."""
    names = {}
    for language in ("en", "es", "pt-br"):
        with translation.override(language):
            for code, name in countries:
                names.setdefault(fold(name), code)
    return names


def parse_country(text):
    if not text:
        return ""
    if len(text) == 2 and text.upper() in countries:
        return text.upper()
    return _country_names().get(fold(text))


def _max_length(model, name):
    return model._meta.get_field(name).max_length


# --- Reading the file ------------------------------------------------------------------------------


@dataclass
class Table:
    header: list
    rows: list  # (line number, cells)
    notices: list = field(default_factory=list)


def read_table(data, filename=""):
    """The header and the non-empty rows of a CSV (UTF-8, with , ; or tab) or XLSX file."""
    if not data:
        raise ImportRejected([_("The file is empty.")])
    if len(data) > MAX_BYTES:
        raise ImportRejected([too_large_message()])
    if data.startswith(b"PK\x03\x04"):
        notices = []
        lines = _xlsx_lines(data, notices)
    elif data.startswith(b"\xd0\xcf\x11\xe0"):
        raise ImportRejected([_("Old Excel files (.xls) are not supported: save the sheet as XLSX or CSV.")])
    else:
        text, notices = _decode(data)
        lines = _csv_lines(text)

    header, header_line, rows = None, None, []
    try:
        for line, cells in lines:
            if not any(_text(cell) for cell in cells):
                continue
            if header is None:
                header = [_text(cell) for cell in cells[:MAX_COLUMNS]]
                header_line = line
                continue
            if len(rows) >= MAX_ROWS:
                raise ImportRejected(
                    [
                        _("The file has more than %(count)d rows: split it into smaller files.")
                        % {"count": MAX_ROWS}
                    ]
                )
            rows.append((line, list(cells)))
    finally:
        lines.close()
    if header is None:
        raise ImportRejected([_("The file is empty.")])
    if not rows:
        raise ImportRejected(
            [_("The file has a header (line %(line)d) but no rows.") % {"line": header_line}]
        )
    return Table(header=header, rows=rows, notices=notices)


def _decode(data):
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), []
        except UnicodeDecodeError:
            pass
    elif b"\x00" not in _first_line(data):
        # NUL bytes on the first line mean UTF-16 without its BOM, or no text at all; one further
        # down is a bad cell, reported on its row.
        try:
            return data.decode("utf-8-sig"), []
        except UnicodeDecodeError:
            pass
        # Excel on Windows saves "CSV" in Windows-1252 unless told to use UTF-8.
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError:
            pass
        else:
            if not re.search(r"[\x01-\x08\x0e-\x1f]", text):
                return text, [
                    _(
                        "The file is not UTF-8: it was read as Windows-1252, the default of Excel on "
                        "Windows. Check that accented letters look right below, or save it as “CSV UTF-8”."
                    )
                ]
    raise ImportRejected([_("This is not a CSV or XLSX file. Save the sheet as XLSX, or as “CSV UTF-8”.")])


def _first_line(data):
    end = data.find(b"\n")
    return data if end < 0 else data[:end]


def _delimiter(text):
    """The header line's most frequent separator among comma, semicolon and tab (comma on a tie)."""
    first = next((line for line in text.splitlines() if line.strip()), "")
    counts = {delimiter: first.count(delimiter) for delimiter in (",", ";", "\t")}
    best = max(counts, key=lambda delimiter: (counts[delimiter], delimiter == ","))
    return best if counts[best] else ","


def _csv_lines(text):
    """(line number where the record starts, cells) for every record."""
    try:
        yield from csv_records(text, delimiter=_delimiter(text))
    except CsvProblem as problem:
        raise ImportRejected(
            [
                _("Line %(line)d cannot be read: %(reason)s.")
                % {"line": problem.line, "reason": problem.reason}
            ]
        ) from None


def _xlsx_lines(data, notices):
    from openpyxl import load_workbook

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            unpacked = sum(member.file_size for member in archive.infolist())
    except zipfile.BadZipFile:
        raise ImportRejected([_("The XLSX file is damaged and cannot be read.")]) from None
    if "xl/workbook.xml" not in names:
        raise ImportRejected([_("This is not an XLSX file. Save the sheet as XLSX, or as “CSV UTF-8”.")])
    if unpacked > MAX_UNPACKED_BYTES:
        raise ImportRejected([too_large_message()])
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds of errors on damaged files
        raise ImportRejected([_("The XLSX file is damaged and cannot be read.")]) from None
    return _sheet_lines(workbook, notices)


def _sheet_lines(workbook, notices):
    """(row number, cells) of the first sheet, read as the caller goes (it stops at the row limit).

    Only the rows in the file count, whatever size the sheet claims; see MAX_EMPTY_ROWS.
    """
    try:
        rows = enumerate(_present_rows(workbook), start=1)
        empty = 0
        while True:
            try:
                line, cells = next(rows)
            except StopIteration:
                return
            except Exception:  # a damaged sheet
                raise ImportRejected([_("The XLSX file is damaged and cannot be read.")]) from None
            if line > MAX_SHEET_ROWS:
                raise ImportRejected(
                    [
                        _(
                            "The sheet has more than %(count)s rows, counting empty ones: delete the empty "
                            "rows or split it into smaller files."
                        )
                        % {"count": f"{MAX_SHEET_ROWS:,}"}
                    ]
                )
            cells = [_cell(value) for value in cells[: MAX_COLUMNS * 2]]
            empty = 0 if any(cells) else empty + 1
            if empty == MAX_EMPTY_ROWS:
                notices.append(
                    _(
                        "Reading stopped at row %(row)d: the %(count)s rows before it are empty, so the rest "
                        "of the sheet was not read."
                    )
                    % {"row": line + 1, "count": f"{MAX_EMPTY_ROWS:,}"}
                )
                return
            yield line, cells
    finally:
        workbook.close()


def _present_rows(workbook):
    """The values of the first sheet's rows, from the rows in the file, not the size the sheet claims."""
    sheet = workbook.worksheets[0]
    sheet.reset_dimensions()
    yield from sheet.iter_rows(values_only=True)


def _cell(value):
    if isinstance(value, datetime | date):
        return value
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return _text(value)


def map_columns(kind, header):
    """{field: column index} for the header, and the headers that were not recognised."""
    lookup = HEADER_LOOKUP[kind]
    columns, ignored, problems = {}, [], []
    for index, name in enumerate(header):
        if not name:
            continue
        key = squash(name)
        if kind == CONTACTS and key in AMBIGUOUS_CONTACT_HEADERS:
            problems.append(
                _(
                    "The column “%(name)s” is ambiguous: call it “honorific” (tratamiento, tratamento: "
                    "Dr., Ms.) or “job title” (cargo)."
                )
                % {"name": name}
            )
            continue
        name_field = lookup.get(key)
        if name_field is None:
            ignored.append(name)
        elif name_field in columns:
            problems.append(
                _("The columns “%(first)s” and “%(second)s” both mean %(field)s: keep only one.")
                % {"first": header[columns[name_field]], "second": name, "field": COLUMN_LABELS[name_field]}
            )
        else:
            columns[name_field] = index
    if not columns and not problems:
        raise ImportRejected(
            [
                _(
                    "No column header was recognised on the first line. The first line of the file must "
                    "name the columns, for example: %(example)s."
                )
                % {"example": ", ".join(str(COLUMN_LABELS[name]) for name in REQUIRED_COLUMNS[kind])}
            ]
        )
    missing = [name for name in REQUIRED_COLUMNS[kind] if name not in columns]
    if missing:
        message = _("Required column(s) missing: %(columns)s.") % {
            "columns": ", ".join(str(COLUMN_LABELS[name]) for name in missing)
        }
        other = ENGAGEMENTS if kind == CONTACTS else CONTACTS
        other_columns = {HEADER_LOOKUP[other].get(squash(name)) for name in header}
        if all(name in other_columns for name in REQUIRED_COLUMNS[other]):
            message += " " + _("This looks like a file of %(kind)s: choose that kind of import.") % {
                "kind": str(KINDS[other]).lower()
            }
        problems.append(message)
    if problems:
        raise ImportRejected(problems)
    return columns, ignored


def check_file(kind, data, filename=""):
    """Raise ImportRejected if the file cannot be imported as this kind at all."""
    table = read_table(data, filename)
    map_columns(kind, table.header)
    return table


# --- The plan --------------------------------------------------------------------------------------


@dataclass
class Change:
    """One field a matched record would change: its name, label, and the old and new values as text."""

    name: str
    label: str
    old: str
    new: str
    added: list = field(default_factory=list)


def _change(name, old, new):
    return Change(name=name, label=str(COLUMN_LABELS[name]), old=_display(old), new=_display(new))


@dataclass
class RowPlan:
    line: int
    summary: str = ""
    details: list = field(default_factory=list)
    action: str = CREATE
    target: object = None
    changes: list = field(default_factory=list)
    errors: list = field(default_factory=list)
    duplicates: list = field(default_factory=list)
    values: dict = field(default_factory=dict)

    @property
    def status(self):
        return "error" if self.errors else self.action

    @property
    def status_label(self):
        return STATUS_LABELS[self.status]


@dataclass
class ImportPlan:
    kind: str
    filename: str
    rows: list
    columns: list  # (header in the file, what it means)
    ignored_columns: list
    notices: list = field(default_factory=list)
    new_organisations: list = field(default_factory=list)

    @property
    def error_rows(self):
        return [row for row in self.rows if row.errors]

    @property
    def is_valid(self):
        return not self.error_rows

    def count(self, action):
        return sum(1 for row in self.rows if row.status == action)

    @property
    def counts(self):
        return {name: self.count(name) for name in (CREATE, UPDATE, UNCHANGED, "error")}

    @property
    def has_changes(self):
        return any(row.action in (CREATE, UPDATE) for row in self.rows) or bool(self.new_organisations)


def plan_import(kind, data, filename, user):
    """Read and check the whole file, and say what importing it would do. Writes nothing."""
    table = read_table(data, filename)
    columns, ignored = map_columns(kind, table.header)
    notices = list(table.notices)
    if ignored:
        notices.append(
            _("These columns were not recognised and will be ignored: %(columns)s.")
            % {"columns": ", ".join(f"“{name}”" for name in ignored)}
        )
    rows = []
    for line, cells in table.rows:
        values, errors = {}, []
        for name, index in columns.items():
            value = cells[index] if index < len(cells) else ""
            if isinstance(value, str) and "\x00" in value:
                # The database cannot store it; the rest of the row is checked without it.
                errors.append(
                    _("%(field)s contains a NUL character, which cannot be stored.")
                    % {"field": capfirst(COLUMN_LABELS[name])}
                )
                value = value.replace("\x00", "")
            values[name] = value
        rows.append(RowPlan(line=line, values=values, errors=errors))
    plan = ImportPlan(
        kind=kind,
        filename=filename,
        rows=rows,
        columns=[(table.header[index], COLUMN_LABELS[name]) for name, index in columns.items()],
        ignored_columns=ignored,
        notices=notices,
    )
    (_plan_contacts if kind == CONTACTS else _plan_engagements)(plan, user)
    return plan


def apply_import(kind, data, filename, user):
    """Check the file again and apply it, all or nothing; return the plan that was applied."""
    with transaction.atomic():
        plan = plan_import(kind, data, filename, user)
        if not plan.is_valid:
            raise PlanHasErrors(plan)
        (_apply_contacts if kind == CONTACTS else _apply_engagements)(plan, user)
    return plan


def _check_length(row, model, name, value, column=None):
    """A row error if the value is longer than the model's field `name`; `column` names it if not `name`."""
    limit = _max_length(model, name)
    if limit and len(value) > limit:
        row.errors.append(
            _("%(field)s is too long (%(length)d characters; the limit is %(limit)d).")
            % {"field": capfirst(COLUMN_LABELS[column or name]), "length": len(value), "limit": limit}
        )


def _parse_emails(row, text):
    addresses = []
    limit = _max_length(ContactEmail, "address")
    for address in _split(text, EMAIL_SEPARATORS):
        try:
            validate_email(address)
        except ValidationError:
            row.errors.append(_("“%(address)s” is not a valid e-mail address.") % {"address": address})
            continue
        if len(address) > limit:
            row.errors.append(
                _(
                    "The e-mail address “%(address)s” is too long (%(length)d characters; the limit is "
                    "%(limit)d)."
                )
                % {"address": address, "length": len(address), "limit": limit}
            )
            continue
        addresses.append(address)
    return addresses


def _emails_to_contacts(addresses):
    """{lower-case address: {contact ids}} for these addresses."""
    found = defaultdict(set)
    for chunk in _chunks(sorted({address.lower() for address in addresses})):
        for contact_id, address in (
            ContactEmail.objects.annotate(lower=Lower("address"))
            .filter(lower__in=chunk)
            .values_list("contact_id", "lower")
        ):
            found[address].add(contact_id)
    return found


class CityLookup:
    """Cities by name ('Medellín', 'medellin'), name and country code ('La Paz (MX)') or slug."""

    def __init__(self):
        self.by_name = defaultdict(list)
        self.by_slug, self.by_pk = {}, {}
        for page in CityPage.objects.originals().only("pk", "title", "slug", "country").order_by("pk"):
            page.country_code = page.country.code
            page.import_label = f"{page.title} ({page.country_code})"
            self.by_name[fold(page.title)].append(page)
            self.by_slug[page.slug] = page
            self.by_pk[page.pk] = page

    def find(self, text, country=""):
        """(city, None) or (None, the reason it was not found)."""
        name, code = text, ""
        match = CITY_WITH_COUNTRY.fullmatch(text)
        if match:
            name, code = match.group(1), match.group(2).upper()
        candidates = list(self.by_name.get(fold(name), []))
        if not candidates and fold(text) in self.by_slug:
            candidates = [self.by_slug[fold(text)]]
        if not candidates:
            return None, _("Unknown city “%(city)s”.") % {"city": text}
        for wanted in (code, country):
            if wanted:
                candidates = [page for page in candidates if page.country_code == wanted]
                if not candidates:
                    return None, _("There is no city “%(city)s” in %(country)s.") % {
                        "city": name,
                        "country": wanted,
                    }
        if len(candidates) > 1:
            return None, _("“%(city)s” is the name of several cities: write it as %(choices)s.") % {
                "city": text,
                "choices": _(" or ").join(f"“{city_label(page)}”" for page in candidates),
            }
        return candidates[0], None


def city_label(page):
    return getattr(page, "import_label", None) or f"{page.title} ({page.country.code})"


@dataclass
class NewOrganisation:
    """An organisation named in the file that does not exist yet; created when the file is applied."""

    name: str
    country: str
    lines: list
    instance: Organisation | None = None

    def __str__(self):
        return self.name


class OrganisationLookup:
    def __init__(self):
        self.by_name = defaultdict(list)
        for organisation in Organisation.objects.only("pk", "name", "country").order_by("pk"):
            self.by_name[fold(organisation.name)].append(organisation)
        self.new = {}

    def find(self, name, countries_wanted=()):
        """(organisation, None), (None, None) if there is none by that name, or (None, reason).

        Several organisations with the name are told apart by country, if only one is in one of
        `countries_wanted`.
        """
        candidates = self.by_name.get(fold(name), [])
        if len(candidates) > 1:
            narrowed = [org for org in candidates if org.country and org.country.code in countries_wanted]
            if len(narrowed) == 1:
                return narrowed[0], None
            return None, _(
                "Several organisations are called “%(name)s” (%(countries)s): rename them in the "
                "engagement log, or give the country of the right one."
            ) % {
                "name": name,
                "countries": ", ".join(org.country.code or "?" for org in candidates),
            }
        return (candidates[0] if candidates else None), None

    def find_or_plan(self, name, country, countries_wanted, line):
        """An existing organisation, or one to create (with the given country) when the file is applied."""
        organisation, problem = self.find(name, countries_wanted)
        if organisation or problem:
            return organisation, problem
        new = self.new.get(fold(name))
        if new is None:
            new = self.new[fold(name)] = NewOrganisation(name=name, country=country or "", lines=[])
        elif country and not new.country:
            new.country = country
        new.lines.append(line)
        return new, None


def _org_key(organisation):
    if organisation is None:
        return None
    if isinstance(organisation, NewOrganisation):
        return ("new", fold(organisation.name))
    return ("existing", organisation.pk)


def _display(value):
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


# --- Contacts --------------------------------------------------------------------------------------

CONTACT_SCALARS = [
    "honorific",
    "job_title",
    "preferred_language",
    "notes",
    "consent_basis",
    "consent_date",
    "consent_source",
]


def _parse_contact(row, cities, organisations, may_create_organisations):
    raw = dict(row.values)
    text = {name: _text(value) for name, value in raw.items()}
    values = {}
    for name in ("honorific", "given_name", "family_name", "job_title", "notes", "consent_source"):
        values[name] = text.get(name, "")
        _check_length(row, Contact, name, values[name])
    if not values["given_name"]:
        row.errors.append(_("The given name is missing."))

    values["emails"] = _parse_emails(row, text.get("emails", ""))
    values["phones"] = []
    for number in _split(text.get("phones", ""), PHONE_SEPARATORS):
        if len(re.sub(r"\D", "", number)) < 4 or not re.fullmatch(
            r"[0-9+()./\s\-]+(?:\s*(?:ext|x)\.?\s*\d+)?", number
        ):
            row.errors.append(_("“%(number)s” is not a valid phone number.") % {"number": number})
        elif len(number) > _max_length(ContactPhone, "number"):
            row.errors.append(_("The phone number “%(number)s” is too long.") % {"number": number})
        else:
            values["phones"].append(number)

    values["preferred_language"] = ""
    if text.get("preferred_language"):
        values["preferred_language"] = LANGUAGES.get(squash(text["preferred_language"]), "")
        if not values["preferred_language"]:
            row.errors.append(
                _("Unknown language “%(value)s” (use es, pt, en or fr).")
                % {"value": text["preferred_language"]}
            )
    values["consent_basis"] = ""
    if text.get("consent_basis"):
        values["consent_basis"] = LEGAL_BASES.get(squash(text["consent_basis"]), "")
        if not values["consent_basis"]:
            row.errors.append(
                _(
                    "Unknown legal basis “%(value)s” (use consent, legitimate interest, contract or "
                    "public task)."
                )
                % {"value": text["consent_basis"]}
            )
    values["consent_date"] = None
    if text.get("consent_date"):
        values["consent_date"] = parse_date(raw["consent_date"])
        if values["consent_date"] is None:
            row.errors.append(
                _("The consent date “%(value)s” is not a date (use YYYY-MM-DD or DD/MM/YYYY).")
                % {"value": text["consent_date"]}
            )

    country = parse_country(text.get("country", ""))
    if country is None:
        row.errors.append(_("Unknown country “%(value)s”.") % {"value": text["country"]})
        country = ""
    values["city"] = None
    if text.get("city"):
        values["city"], problem = cities.find(text["city"], country)
        if problem:
            row.errors.append(problem)
    # The country column is the organisation's country; the city's tells organisations apart too.
    countries_wanted = {country} if country else set()
    if values["city"] is not None:
        countries_wanted.add(values["city"].country_code)

    values["organisation"] = None
    if text.get("organisation"):
        _check_length(row, Organisation, "name", text["organisation"], "organisation")
        organisation, problem = organisations.find_or_plan(
            text["organisation"], country, countries_wanted, row.line
        )
        if problem:
            row.errors.append(problem)
        elif isinstance(organisation, NewOrganisation) and not may_create_organisations:
            row.errors.append(
                _("There is no organisation “%(name)s”, and you may not create organisations.")
                % {"name": text["organisation"]}
            )
        values["organisation"] = organisation
    row.values = values
    row.summary = " ".join(
        part for part in (values["honorific"], values["given_name"], values["family_name"]) if part
    )
    if values["emails"]:
        row.details.append(", ".join(values["emails"]))
    if values["organisation"] is not None:
        name = str(values["organisation"])
        if isinstance(values["organisation"], NewOrganisation):
            name = _("%(name)s (new organisation)") % {"name": name}
        row.details.append(name)
    if values["city"] is not None:
        row.details.append(city_label(values["city"]))


def _contact_name_key(given_name, family_name):
    return fold(f"{given_name} {family_name}")


@dataclass
class ContactRecord:
    """What the database holds about an existing contact, read without building model instances."""

    pk: int
    fields: dict
    organisation_name: str = ""
    emails: list = field(default_factory=list)  # (sort order, address)
    phones: list = field(default_factory=list)  # (sort order, number)

    @property
    def full_name(self):
        parts = (self.fields["honorific"], self.fields["given_name"], self.fields["family_name"])
        return " ".join(part for part in parts if part)


def _chunks(items, size=500):
    items = list(items)
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _load_contacts(pks):
    names = ["given_name", "family_name", "organisation_id", "city_id", *CONTACT_SCALARS]
    records = {}
    for chunk in _chunks(sorted(pks)):
        for values in Contact.objects.filter(pk__in=chunk).values("pk", "organisation__name", *names):
            pk, organisation_name = values.pop("pk"), values.pop("organisation__name")
            records[pk] = ContactRecord(pk=pk, fields=values, organisation_name=organisation_name or "")
        for model, attribute, collection in (
            (ContactEmail, "address", "emails"),
            (ContactPhone, "number", "phones"),
        ):
            for contact_id, order, value in model.objects.filter(contact__in=chunk).values_list(
                "contact_id", "sort_order", attribute
            ):
                getattr(records[contact_id], collection).append((order or 0, value))
    for record in records.values():
        record.emails.sort()
        record.phones.sort()
    return records


def _describe_contact(contact):
    parts = [contact.full_name]
    if contact.organisation_name:
        parts.append(contact.organisation_name)
    return _("contact #%(id)d, %(description)s") % {"id": contact.pk, "description": ", ".join(parts)}


def _plan_contacts(plan, user):
    cities, organisations = CityLookup(), OrganisationLookup()
    may_create_organisations = user is not None and user.has_perm(ORGANISATION_PERMISSION)
    for row in plan.rows:
        _parse_contact(row, cities, organisations, may_create_organisations)

    by_email = _emails_to_contacts(address for row in plan.rows for address in row.values["emails"])
    existing_org_ids = {
        row.values["organisation"].pk
        for row in plan.rows
        if isinstance(row.values["organisation"], Organisation)
    }
    by_name = defaultdict(list)
    for pk, given_name, family_name, organisation_id in Contact.objects.filter(
        Q(organisation__in=existing_org_ids) | Q(organisation__isnull=True)
    ).values_list("pk", "given_name", "family_name", "organisation_id"):
        by_name[(_contact_name_key(given_name, family_name), organisation_id)].append(pk)

    matches = {}
    for row in plan.rows:
        values = row.values
        email_ids = set().union(*(by_email.get(address.lower(), set()) for address in values["emails"]))
        organisation = values["organisation"]
        name_ids = []
        if not isinstance(organisation, NewOrganisation):
            name_ids = by_name.get(
                (
                    _contact_name_key(values["given_name"], values["family_name"]),
                    getattr(organisation, "pk", None),
                ),
                [],
            )
        matches[row.line] = (email_ids, name_ids)
    wanted = {pk for email_ids, name_ids in matches.values() for pk in (*email_ids, *name_ids)}
    contacts = _load_contacts(wanted)

    seen_emails, seen_names, seen_targets = {}, {}, {}
    for row in plan.rows:
        values = row.values
        email_ids, name_ids = matches[row.line]
        target = None
        if len(email_ids) > 1:
            row.errors.append(
                _("These e-mail addresses belong to different contacts: %(contacts)s.")
                % {"contacts": "; ".join(_describe_contact(contacts[pk]) for pk in sorted(email_ids))}
            )
        elif email_ids:
            target = contacts[next(iter(email_ids))]
            row.duplicates.append(
                _("Same e-mail address as existing %(contact)s: this row applies to that contact.")
                % {"contact": _describe_contact(target)}
            )
            for pk in name_ids:
                if pk != target.pk:
                    row.duplicates.append(
                        _("Same name in the same organisation as existing %(contact)s.")
                        % {"contact": _describe_contact(contacts[pk])}
                    )
        elif len(name_ids) > 1:
            row.errors.append(
                _(
                    "Several existing contacts have this name in this organisation (%(contacts)s): add the "
                    "e-mail address of the right one."
                )
                % {"contacts": "; ".join(_describe_contact(contacts[pk]) for pk in sorted(name_ids))}
            )
        elif name_ids:
            target = contacts[name_ids[0]]
            row.duplicates.append(
                _(
                    "Likely the same person as existing %(contact)s (same name in the same "
                    "organisation): this row applies to that contact."
                )
                % {"contact": _describe_contact(target)}
            )

        # The same person twice in one file: the second row would undo the first on every import.
        for address in values["emails"]:
            other = seen_emails.get(address.lower())
            if other:
                message = _("Same e-mail address (%(address)s) as line %(line)d: merge the two rows.") % {
                    "address": address,
                    "line": other,
                }
                row.duplicates.append(message)
                row.errors.append(message)
                break
        else:
            name_key = (
                _contact_name_key(values["given_name"], values["family_name"]),
                _org_key(values["organisation"]),
            )
            other = seen_names.get(name_key) if values["given_name"] else None
            if other:
                message = _("Same name in the same organisation as line %(line)d: merge the two rows.") % {
                    "line": other
                }
                row.duplicates.append(message)
                row.errors.append(message)
            elif target is not None and target.pk in seen_targets:
                message = _("Line %(line)d already refers to %(contact)s: merge the two rows.") % {
                    "line": seen_targets[target.pk],
                    "contact": _describe_contact(target),
                }
                row.duplicates.append(message)
                row.errors.append(message)
        for address in values["emails"]:
            seen_emails.setdefault(address.lower(), row.line)
        if values["given_name"]:
            seen_names.setdefault(
                (
                    _contact_name_key(values["given_name"], values["family_name"]),
                    _org_key(values["organisation"]),
                ),
                row.line,
            )
        if target is not None:
            seen_targets.setdefault(target.pk, row.line)

        if target is not None:
            row.target = target
            row.changes = _contact_changes(target, values, cities)
            row.action = UPDATE if row.changes else UNCHANGED
    plan.new_organisations = [
        new
        for new in organisations.new.values()
        if any(row.values["organisation"] is new for row in plan.rows)
    ]


def _contact_changes(contact, values, cities):
    """What the row would change; names that differ only in accents, case or spacing are left alone."""
    changes, stored = [], contact.fields
    row_name = _contact_name_key(values["given_name"], values["family_name"])
    if row_name != _contact_name_key(stored["given_name"], stored["family_name"]):
        for name in ("given_name", "family_name"):
            if values[name] and values[name] != stored[name]:
                changes.append(_change(name, stored[name], values[name]))
    for name in CONTACT_SCALARS:
        new, old = values[name], stored[name]
        if new not in ("", None) and new != old:
            if name in ("preferred_language", "consent_basis"):
                choices = dict(Contact._meta.get_field(name).choices)
                old, new = choices.get(old, old), choices[new]
            changes.append(_change(name, old, new))
    organisation = values["organisation"]
    if organisation is not None and (
        isinstance(organisation, NewOrganisation) or organisation.pk != stored["organisation_id"]
    ):
        changes.append(_change("organisation", contact.organisation_name, organisation))
    city = values["city"]
    if city is not None and city.pk != stored["city_id"]:
        old = cities.by_pk.get(stored["city_id"])
        changes.append(_change("city", city_label(old) if old else "", city_label(city)))
    addresses = [address for _order, address in contact.emails]
    known = {address.lower() for address in addresses}
    added = [address for address in values["emails"] if address.lower() not in known]
    if added:
        changes.append(
            _change("emails", ", ".join(addresses), _("adds %(items)s") % {"items": ", ".join(added)})
        )
    numbers = [number for _order, number in contact.phones]
    known = {_phone_key(number) for number in numbers}
    added = [number for number in values["phones"] if _phone_key(number) not in known]
    if added:
        changes.append(
            _change("phones", ", ".join(numbers), _("adds %(items)s") % {"items": ", ".join(added)})
        )
    return changes


def _apply_contacts(plan, user):
    """Write the plan with a few bulk queries: thousands of rows fit in one request."""
    audit = AuditTrail(plan, user)
    organisations = [Organisation(name=new.name, country=new.country) for new in plan.new_organisations]
    _bulk_create(Organisation, organisations)
    for new, organisation in zip(plan.new_organisations, organisations, strict=True):
        new.instance = organisation
        audit.add(organisation, "wagtail.create", new.lines)

    created, emails, phones = [], [], []
    for row in plan.rows:
        if row.action == CREATE:
            values = _with_new_organisation(row.values)
            contact = Contact(
                given_name=values["given_name"],
                family_name=values["family_name"],
                organisation=values["organisation"],
                city=values["city"],
            )
            for name in CONTACT_SCALARS:
                if values[name] not in ("", None):
                    setattr(contact, name, values[name])
            created.append((row, contact))
    _bulk_create(Contact, [contact for _row, contact in created])
    for row, contact in created:
        emails += _children(ContactEmail, contact, "address", row.values["emails"], 0)
        phones += _children(ContactPhone, contact, "number", row.values["phones"], 0)
        audit.add(contact, "wagtail.create", [row.line])

    rows = [row for row in plan.rows if row.action == UPDATE]
    instances = {}
    for chunk in _chunks([row.target.pk for row in rows]):
        instances.update(Contact.objects.in_bulk(chunk))
    changed_fields = set()
    for row in rows:
        values, record, contact = _with_new_organisation(row.values), row.target, instances[row.target.pk]
        changed = {change.name for change in row.changes}
        for name in changed - {"emails", "phones"}:
            setattr(contact, name, values[name])
        changed_fields |= changed - {"emails", "phones"}
        known = {address.lower() for _order, address in record.emails}
        addresses = [address for address in values["emails"] if address.lower() not in known]
        emails += _children(ContactEmail, contact, "address", addresses, _next_order(record.emails))
        known = {_phone_key(number) for _order, number in record.phones}
        numbers = [number for number in values["phones"] if _phone_key(number) not in known]
        phones += _children(ContactPhone, contact, "number", numbers, _next_order(record.phones))
        audit.add(contact, "wagtail.edit", [row.line], sorted(changed))
    if changed_fields:
        Contact.objects.bulk_update(
            [instances[row.target.pk] for row in rows], sorted(changed_fields), batch_size=BATCH_SIZE
        )
    ContactEmail.objects.bulk_create(emails, batch_size=BATCH_SIZE)
    ContactPhone.objects.bulk_create(phones, batch_size=BATCH_SIZE)
    audit.save()


def _next_order(children):
    return max((order for order, _value in children), default=-1) + 1


def _with_new_organisation(values):
    organisation = values["organisation"]
    if isinstance(organisation, NewOrganisation):
        return {**values, "organisation": organisation.instance}
    return values


def _children(model, contact, attribute, items, start):
    """E-mail or phone rows for the contact, numbered from `start`."""
    return [
        model(contact=contact, sort_order=start + index, **{attribute: item})
        for index, item in enumerate(items)
    ]


BATCH_SIZE = 500


def _bulk_create(model, objects):
    """Insert the objects and set their primary keys (one query per batch where the database can)."""
    if connection.features.can_return_rows_from_bulk_insert:
        model.objects.bulk_create(objects, batch_size=BATCH_SIZE)
    else:
        for instance in objects:
            instance.save()


class AuditTrail:
    """Audit log entries for everything an import creates or changes, written in bulk at the end.

    Each entry is what `wagtail.log_actions.log(instance, action, user=…)` records, sharing one uuid
    per import; the entries' data name the file and line. The reference index (Wagtail's "usage"
    counts) of the written records is brought up to date in the same transaction.
    """

    def __init__(self, plan, user):
        self.plan, self.user = plan, user
        self.uuid = uuid.uuid4()
        self.timestamp = timezone.now()
        self.entries, self.created, self.relinked = [], [], []

    def add(self, instance, action, lines, fields=None):
        """Record the action; `fields` are the names of the fields an edit changed."""
        data = {"import": {"file": self.plan.filename, "lines": lines}}
        if fields:
            data["import"]["fields"] = fields
        if action == "wagtail.create":
            self.created.append(instance)
        elif any(_is_reference(type(instance), name) for name in fields or ()):
            self.relinked.append(instance)
        log_model = log_registry.get_log_model_for_instance(instance)
        if log_model is not ModelLogEntry:
            log(
                instance,
                action,
                user=self.user,
                uuid=self.uuid,
                data=data,
                content_changed=True,
            )
            return
        self.entries.append(
            ModelLogEntry(
                content_type=ContentType.objects.get_for_model(instance, for_concrete_model=False),
                label=ModelLogEntry.objects.get_instance_title(instance),
                action=action,
                data=data,
                timestamp=self.timestamp,
                uuid=self.uuid,
                user=self.user,
                object_id=str(instance.pk),
                content_changed=True,
            )
        )

    def save(self):
        ModelLogEntry.objects.bulk_create(self.entries, batch_size=BATCH_SIZE)
        _index_new_references(self.created)
        for instance in self.relinked:
            ReferenceIndex.create_or_update_for_object(instance)


@cache
def _reference_fields(model):
    """The fields whose references Wagtail's reference index records for an instance of the model.

    The same rules as ReferenceIndex._extract_references_from_object for foreign keys. The models
    imported here keep no other references: no StreamField, no generic relation, and their child
    rows (e-mail addresses, phone numbers) refer to nothing; tests compare the result with Wagtail's.
    """
    if not ReferenceIndex.is_indexed(model):
        return []
    return [
        model_field
        for model_field in model._meta.get_fields()
        if model_field.is_relation
        and model_field.many_to_one
        and not isinstance(model_field, ParentalKey | GenericRel | GenericForeignKey)
        and not getattr(model_field, "wagtail_reference_index_ignore", False)
        and not getattr(model_field.related_model, "wagtail_reference_index_ignore", False)
    ]


def _is_reference(model, name):
    return any(model_field.name == name for model_field in _reference_fields(model))


def _index_new_references(instances):
    """Reference index rows for newly created records, in bulk (Wagtail writes them one at a time)."""
    rows = []
    for instance in instances:
        model = type(instance)
        fields = _reference_fields(model)
        if not fields:
            continue
        content_types = [
            ContentType.objects.get_for_model(cls, for_concrete_model=False)
            for cls in [model, *model._meta.get_parent_list()]
        ]
        for model_field in fields:
            value = model_field.value_from_object(instance)
            if value is None:
                continue
            rows.append(
                ReferenceIndex(
                    content_type=content_types[0],
                    base_content_type=content_types[-1],
                    object_id=str(instance.pk),
                    to_content_type=ReferenceIndex._get_base_content_type(model_field.related_model),
                    to_object_id=str(value),
                    model_path=model_field.name,
                    content_path=model_field.name,
                    content_path_hash=ReferenceIndex._get_content_path_hash(model_field.name),
                )
            )
    ReferenceIndex.objects.bulk_create(
        rows, batch_size=BATCH_SIZE, ignore_conflicts=connection.features.supports_ignore_conflicts
    )


# --- Engagements -----------------------------------------------------------------------------------


class OwnerLookup:
    def __init__(self):
        self.found = {}

    def find(self, text):
        key = text.lower()
        if key not in self.found:
            users = [
                user
                for user in get_user_model().objects.filter(
                    Q(username__iexact=text) | Q(email__iexact=text), is_active=True
                )
                if user.has_perm(OWNER_PERMISSION)
            ]
            exact = [user for user in users if user.get_username().lower() == key]
            if exact:
                users = exact
            if not users:
                self.found[key] = (
                    None,
                    _("No staff member has the user name or e-mail “%(value)s”.") % {"value": text},
                )
            elif len(users) > 1:
                self.found[key] = (
                    None,
                    _("Several staff members have the e-mail “%(value)s”: give the user name.")
                    % {"value": text},
                )
            else:
                self.found[key] = (users[0], None)
        return self.found[key]


class ThemeLookup:
    """A theme by its slug or its name in any language; engagements get the original theme."""

    def __init__(self):
        originals = {theme.translation_key: theme for theme in original_themes()}
        self.themes = {}
        for theme in Theme.objects.filter(translation_key__in=originals):
            original = originals[theme.translation_key]
            self.themes.setdefault(fold(theme.name), original)
            self.themes.setdefault(fold(theme.slug), original)

    def find(self, text):
        return self.themes.get(fold(text))


def _engagement_key(values):
    return (
        values["date"],
        values["kind"],
        fold(values["title"]),
        frozenset(city.pk for city in values["cities"]),
    )


@dataclass
class EngagementLookups:
    """Everything an engagement row is matched against, read once per file."""

    cities: CityLookup
    organisations: OrganisationLookup
    owners: OwnerLookup
    themes: ThemeLookup
    participants_by_email: dict
    kind_labels: dict


def _parse_engagement(row, lookups):
    cities, organisations, owners = lookups.cities, lookups.organisations, lookups.owners
    themes, participants_by_email = lookups.themes, lookups.participants_by_email
    raw = row.values
    text = {name: _text(value) for name, value in raw.items()}
    values = {}

    values["date"] = None
    if not text.get("date"):
        row.errors.append(_("The date is missing."))
    else:
        values["date"] = parse_date(raw["date"])
        if values["date"] is None:
            row.errors.append(
                _("“%(value)s” is not a date (use YYYY-MM-DD or DD/MM/YYYY).") % {"value": text["date"]}
            )
    values["kind"] = ""
    if not text.get("kind"):
        row.errors.append(_("The kind is missing."))
    else:
        values["kind"] = ENGAGEMENT_KINDS.get(squash(text["kind"]), "")
        if not values["kind"]:
            row.errors.append(
                _("Unknown kind “%(value)s” (use for example meeting, call, workshop, visit or other).")
                % {"value": text["kind"]}
            )
    for name in ("title", "summary", "outcome"):
        values[name] = text.get(name, "")
    _check_length(row, Engagement, "title", values["title"])
    if not values["title"]:
        row.errors.append(_("The title is missing."))

    values["cities"] = []
    for name in _split(text.get("cities", ""), LIST_SEPARATORS):
        city, problem = cities.find(name)
        if problem:
            if "," in name:
                problem += " " + _("Separate several cities with “;”.")
            row.errors.append(problem)
        elif city not in values["cities"]:
            values["cities"].append(city)
    if not text.get("cities"):
        row.errors.append(_("No city is given."))

    countries_wanted = {city.country_code for city in values["cities"]}
    values["organisations"] = []
    for name in _split(text.get("organisations", ""), LIST_SEPARATORS):
        organisation, problem = organisations.find(name, countries_wanted)
        if problem:
            row.errors.append(problem)
        elif organisation is None:
            row.errors.append(
                _("Unknown organisation “%(name)s”: add it to the engagement log first.") % {"name": name}
            )
        elif organisation not in values["organisations"]:
            values["organisations"].append(organisation)

    values["participants"] = []
    for address in _parse_emails(row, text.get("participants", "")):
        found = participants_by_email.get(address.lower(), [])
        if not found:
            row.errors.append(
                _("No contact has the e-mail address “%(address)s” (import the contacts first).")
                % {"address": address}
            )
        elif len(found) > 1:
            row.errors.append(
                _("Several contacts have the e-mail address “%(address)s”: merge them first.")
                % {"address": address}
            )
        elif found[0] not in values["participants"]:
            values["participants"].append(found[0])

    values["owner"] = None
    if text.get("owner"):
        values["owner"], problem = owners.find(text["owner"])
        if problem:
            row.errors.append(problem)

    values["themes"] = []
    for name in _split(text.get("themes", ""), LIST_SEPARATORS):
        theme = themes.find(name)
        if theme is None:
            row.errors.append(_("Unknown theme “%(name)s”.") % {"name": name})
        elif theme not in values["themes"]:
            values["themes"].append(theme)

    values["follow_up_date"] = None
    if text.get("follow_up_date"):
        values["follow_up_date"] = parse_date(raw["follow_up_date"])
        if values["follow_up_date"] is None:
            row.errors.append(
                _("The follow-up date “%(value)s” is not a date (use YYYY-MM-DD or DD/MM/YYYY).")
                % {"value": text["follow_up_date"]}
            )
    values["follow_up_done"] = None
    if text.get("follow_up_done"):
        values["follow_up_done"] = BOOLEANS.get(squash(text["follow_up_done"]))
        if values["follow_up_done"] is None:
            row.errors.append(
                _("“%(value)s” is not yes or no (follow-up done).") % {"value": text["follow_up_done"]}
            )

    row.values = values
    kind_label = lookups.kind_labels.get(values["kind"], text.get("kind", ""))
    row.summary = " · ".join(
        str(part)
        for part in (
            _display(values["date"]) if values["date"] else text.get("date"),
            kind_label,
            values["title"],
        )
        if part
    )
    if values["cities"]:
        row.details.append(", ".join(city_label(city) for city in values["cities"]))
    if values["participants"]:
        count = len(values["participants"])
        row.details.append(
            ngettext("%(count)d participant", "%(count)d participants", count) % {"count": count}
        )


def _plan_engagements(plan, user):
    addresses = [
        address
        for row in plan.rows
        for address in EMAIL_SEPARATORS.split(_text(row.values.get("participants", "")))
        if address
    ]
    contact_ids = _emails_to_contacts(addresses)
    contacts = Contact.objects.in_bulk({pk for ids in contact_ids.values() for pk in ids})
    participants_by_email = {
        address: [contacts[pk] for pk in sorted(ids)] for address, ids in contact_ids.items()
    }
    cities = CityLookup()
    lookups = EngagementLookups(
        cities=cities,
        organisations=OrganisationLookup(),
        owners=OwnerLookup(),
        themes=ThemeLookup(),
        participants_by_email=participants_by_email,
        kind_labels={value: str(label) for value, label in Engagement.Kind.choices},
    )
    for row in plan.rows:
        _parse_engagement(row, lookups)

    dates = {row.values["date"] for row in plan.rows if row.values["date"]}
    existing = [
        EngagementRecord(pk=values.pop("pk"), fields=values)
        for values in Engagement.objects.filter(date__in=dates)
        .order_by("pk")
        .values("pk", "date", "kind", "title", *ENGAGEMENT_SCALARS, "owner_id")
    ]
    through = Engagement.cities.through
    city_ids = defaultdict(set)
    for chunk in _chunks(record.pk for record in existing):
        for engagement_id, city_id in through.objects.filter(engagement__in=chunk).values_list(
            "engagement_id", "citypage_id"
        ):
            city_ids[engagement_id].add(city_id)
    by_key, by_title = defaultdict(list), defaultdict(list)
    for record in existing:
        fields = record.fields
        key = (fields["date"], fields["kind"], fold(fields["title"]), frozenset(city_ids[record.pk]))
        by_key[key].append(record)
        by_title[key[:3]].append(record)

    seen, seen_titles = {}, defaultdict(list)
    matched = {}
    for row in plan.rows:
        values = row.values
        if not (values["date"] and values["kind"] and values["title"] and values["cities"]):
            continue
        key = _engagement_key(values)
        if key in seen:
            message = _("The same engagement (date, kind, title and cities) is already on line %(line)d.") % {
                "line": seen[key][0]
            }
            row.duplicates.append(message)
            row.errors.append(message)
            continue
        for other_cities, line in seen_titles[key[:3]]:
            if other_cities & key[3]:
                row.duplicates.append(
                    _("Same date, kind and title as line %(line)d, with some of the same cities.")
                    % {"line": line}
                )
        seen[key] = (row.line, row)
        seen_titles[key[:3]].append((key[3], row.line))
        same = by_key.get(key, [])
        if same:
            matched[row.line] = same[0]
            row.duplicates.append(_("Already logged as engagement #%(id)d.") % {"id": same[0].pk})
            for other in same[1:]:
                row.duplicates.append(
                    _("Engagement #%(id)d is logged twice: consider deleting it.") % {"id": other.pk}
                )
        for other in by_title.get(key[:3], []):
            if other not in same and city_ids[other.pk] & key[3]:
                cities_text = ", ".join(
                    sorted(city_label(cities.by_pk[pk]) for pk in city_ids[other.pk] if pk in cities.by_pk)
                )
                row.duplicates.append(
                    _(
                        "Likely duplicate of engagement #%(id)d on the same day with the same title "
                        "(%(cities)s)."
                    )
                    % {"id": other.pk, "cities": cities_text}
                )

    targets = [engagement.pk for engagement in matched.values()]
    owners = get_user_model().objects.in_bulk(
        {record.fields["owner_id"] for record in matched.values()} - {None}
    )
    current = defaultdict(lambda: defaultdict(set))
    for name, column in (
        ("organisations", "organisation_id"),
        ("participants", "contact_id"),
        ("themes", "theme_id"),
    ):
        relation = getattr(Engagement, name).through
        for chunk in _chunks(targets):
            for engagement_id, item in relation.objects.filter(engagement__in=chunk).values_list(
                "engagement_id", column
            ):
                current[engagement_id][name].add(item)
    for row in plan.rows:
        engagement = matched.get(row.line)
        if engagement is None:
            continue
        row.target = engagement
        row.changes = _engagement_changes(engagement, row.values, current[engagement.pk], owners)
        row.action = UPDATE if row.changes else UNCHANGED


@dataclass
class EngagementRecord:
    """What the database holds about an engagement already logged, without a model instance."""

    pk: int
    fields: dict


ENGAGEMENT_SCALARS = ("summary", "outcome", "follow_up_date", "follow_up_done")


def _engagement_changes(engagement, values, current, owners):
    changes, stored = [], engagement.fields
    for name in ENGAGEMENT_SCALARS:
        new = values[name]
        if new not in ("", None) and new != stored[name]:
            changes.append(_change(name, stored[name], new))
    owner = values["owner"]
    if owner is not None and owner.pk != stored["owner_id"]:
        changes.append(_change("owner", owners.get(stored["owner_id"]), owner))
    for name in ("organisations", "participants", "themes"):
        added = [item for item in values[name] if item.pk not in current[name]]
        if added:
            items = ", ".join(_item_label(item) for item in added)
            change = _change(name, "", _("adds %(items)s") % {"items": items})
            change.added = added
            changes.append(change)
    return changes


def _item_label(item):
    if isinstance(item, Contact):
        return item.full_name
    return str(item)


M2M_FIELDS = ("cities", "organisations", "participants", "themes")


def _apply_engagements(plan, user):
    """Write the plan with a few bulk queries: thousands of rows fit in one request."""
    audit = AuditTrail(plan, user)
    created, links = [], defaultdict(list)
    for row in plan.rows:
        if row.action == CREATE:
            values = row.values
            engagement = Engagement(
                date=values["date"],
                kind=values["kind"],
                title=values["title"],
                summary=values["summary"],
                outcome=values["outcome"],
                owner=values["owner"] or user,
                follow_up_date=values["follow_up_date"],
                follow_up_done=bool(values["follow_up_done"]),
            )
            created.append((row, engagement))
    _bulk_create(Engagement, [engagement for _row, engagement in created])
    for row, engagement in created:
        for name in M2M_FIELDS:
            links[name] += [(engagement, item) for item in row.values[name]]
        audit.add(engagement, "wagtail.create", [row.line])

    rows = [row for row in plan.rows if row.action == UPDATE]
    instances = {}
    for chunk in _chunks([row.target.pk for row in rows]):
        instances.update(Engagement.objects.in_bulk(chunk))
    updated, changed_fields = [], set()
    for row in rows:
        engagement = instances[row.target.pk]
        for change in row.changes:
            if change.name in M2M_FIELDS:
                links[change.name] += [(engagement, item) for item in change.added]
            else:
                setattr(engagement, change.name, row.values[change.name])
                changed_fields.add(change.name)
        updated.append(engagement)
        audit.add(engagement, "wagtail.edit", [row.line], sorted(change.name for change in row.changes))
    if changed_fields:
        Engagement.objects.bulk_update(updated, sorted(changed_fields), batch_size=BATCH_SIZE)
    for name, pairs in links.items():
        relation = Engagement._meta.get_field(name)
        through = relation.remote_field.through
        source = through._meta.get_field(relation.m2m_field_name()).attname
        target = through._meta.get_field(relation.m2m_reverse_field_name()).attname
        through.objects.bulk_create(
            [through(**{source: engagement.pk, target: item.pk}) for engagement, item in pairs],
            batch_size=BATCH_SIZE,
        )
    ENGAGEMENT_LOG.changed()
    audit.save()
