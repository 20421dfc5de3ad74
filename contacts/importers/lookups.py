"""What the rows of a contacts or engagements file refer to: cities, organisations, staff, themes, contacts.

Each lookup reads its records once per file; `find` returns (record, None) or (None, the reason).
"""

import re
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cache

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cities.focal_points import city_label
from cities.models import CityPage, Theme
from cities.themes import original_themes
from network.imports.lookups import ByName, chunks
from network.imports.values import fold, max_length, split
from network.languages import active_locale_id

from ..models import Contact, ContactEmail, ContactPhone, Organisation
from ..permissions import reads_the_log

EMAIL_SEPARATORS = re.compile(r"[;,\s]+")
CITY_WITH_COUNTRY = re.compile(r"(.+?)\s*\(\s*([A-Za-z]{2})\s*\)")


def parse_emails(row, text):
    """The valid e-mail addresses of the text; each invalid one is an error of the row."""
    addresses = []
    limit = max_length(ContactEmail, "address")
    for address in split(text, EMAIL_SEPARATORS):
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


def participant_items(text):
    """(addresses, names) of a participants cell: e-mail addresses, separated by ";", commas or spaces, and
    between ";" what is not an address: a contact's name, or "2 erased" as the export writes it."""
    addresses, names = [], []
    for item in split(text):
        if "@" in item:
            addresses += split(item, EMAIL_SEPARATORS)
        else:
            names.append(item)
    return addresses, names


@cache
def _erased_patterns():
    patterns = set()
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            words = re.escape(fold(_("%(count)d erased")))
        # A count, not a number longer than int() reads (4,300 digits): that is no count the export wrote.
        patterns.add(re.compile(words.replace(re.escape("%(count)d"), r"(\d{1,9})")))
    return patterns


def erased_count(text):
    """The number of the export's "2 erased" (Engagement.export_participants) in any language, else None."""
    for pattern in _erased_patterns():
        match = pattern.fullmatch(fold(text))
        if match:
            return int(match.group(1))
    return None


class ContactNames:
    """Contacts by full name, with or without the honorific ('Dra. María Gómez', 'maria gomez'); read
    only when a file names a participant by name."""

    def __init__(self):
        self.by_name = None

    def get(self, name):
        if self.by_name is None:
            self.by_name = ByName()
            contacts = Contact.objects.only("honorific", "given_name", "family_name").order_by("pk")
            for contact in contacts.iterator(chunk_size=2000):
                self.by_name.add(contact.full_name, contact)
                plain = f"{contact.given_name} {contact.family_name}"
                if contact.honorific and fold(plain) != fold(contact.full_name):
                    self.by_name.add(plain, contact)
        return self.by_name.get(name)


def emails_to_contacts(addresses):
    """{lower-case address: {contact ids}} for these addresses."""
    found = defaultdict(set)
    for chunk in chunks(sorted({address.lower() for address in addresses})):
        for contact_id, address in (
            ContactEmail.objects.annotate(lower=Lower("address"))
            .filter(lower__in=chunk)
            .values_list("contact_id", "lower")
        ):
            found[address].add(contact_id)
    return found


class CityLookup:
    """Cities by name ('Medellín', 'medellin'), name and country code ('La Paz (MX)') or slug.

    A name several cities fold to names the one city spelled exactly so, if there is one.
    """

    def __init__(self):
        self.by_name = ByName()
        self.by_slug, self.by_pk = {}, {}
        for page in CityPage.objects.originals().only("pk", "title", "slug", "country").order_by("pk"):
            self.by_name.add(page.title, page)
            self.by_slug[page.slug] = page
            self.by_pk[page.pk] = page

    def find(self, text, country=""):
        name, code = text, ""
        match = CITY_WITH_COUNTRY.fullmatch(text)
        if match:
            name, code = match.group(1), match.group(2).upper()
        candidates = self.by_name.get(name)
        if not candidates and fold(text) in self.by_slug:
            candidates = [self.by_slug[fold(text)]]
        if not candidates:
            return None, _("Unknown city “%(city)s”.") % {"city": text}
        for wanted in (code, country):
            if wanted:
                candidates = [page for page in candidates if page.country.code == wanted]
                if not candidates:
                    return None, _("There is no city “%(city)s” in %(country)s.") % {
                        "city": name,
                        "country": wanted,
                    }
        exact = [page for page in candidates if page.title == name.strip()]
        if len(candidates) > 1 and len(exact) == 1:
            candidates = exact  # as the export writes it (Engagement.export_cities)
        if len(candidates) > 1:
            return None, _("“%(city)s” is the name of several cities: write it as %(choices)s.") % {
                "city": text,
                "choices": _(" or ").join(sorted(f"“{city_label(page)}”" for page in candidates)),
            }
        return candidates[0], None


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
        self.by_name = ByName()
        for organisation in Organisation.objects.only("pk", "name", "country").order_by("pk"):
            self.by_name.add(organisation.name, organisation)
        self.new = {}

    def find(self, name, countries_wanted=()):
        """(organisation, None), (None, None) if there is none by that name, or (None, reason).

        Several organisations with the name are told apart by country, if only one is in one of
        `countries_wanted`.
        """
        candidates = self.by_name.get(name)
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


def organisation_key(organisation):
    """The same key for the same organisation, existing or new."""
    if organisation is None:
        return None
    if isinstance(organisation, NewOrganisation):
        return ("new", fold(organisation.name))
    return ("existing", organisation.pk)


class OwnerLookup:
    """Active staff members by user name or e-mail address, for the columns that name a colleague: the
    engagement's owner and the follow-up's assignee (their problems say which column)."""

    NOT_FOUND = {
        "owner": gettext_lazy("No staff member has the user name or e-mail “%(value)s”."),
        "follow_up_assignee": gettext_lazy(
            "Follow-up assigned to: no staff member has the user name or e-mail “%(value)s”."
        ),
    }
    SEVERAL = {
        "owner": gettext_lazy("Several staff members have the e-mail “%(value)s”: give the user name."),
        "follow_up_assignee": gettext_lazy(
            "Follow-up assigned to: several staff members have the e-mail “%(value)s”: give the user name."
        ),
    }

    def __init__(self):
        self.found = {}

    def find(self, text, column="owner"):
        key = text.lower()
        if key not in self.found:
            self.found[key] = self._find(key)
        users = self.found[key]
        if not users:
            return None, self.NOT_FOUND[column] % {"value": text}
        if len(users) > 1:
            return None, self.SEVERAL[column] % {"value": text}
        return users[0], None

    def _find(self, key):
        users = [
            user
            for user in get_user_model().objects.filter(
                Q(username__iexact=key) | Q(email__iexact=key), is_active=True
            )
            if reads_the_log(user)  # who may own an engagement or follow it up
        ]
        exact = [user for user in users if user.get_username().lower() == key]
        return exact or users


class ThemeLookup:
    """A theme by its slug or its name in any language; engagements get the original theme, which the
    preview names in the reader's language."""

    def __init__(self):
        originals = {theme.translation_key: theme for theme in original_themes()}
        self.themes = ByName()
        self.local_names = {}
        locale_id = active_locale_id()
        for theme in Theme.objects.filter(translation_key__in=originals):
            original = originals[theme.translation_key]
            self.themes.setdefault(theme.name, original)
            self.themes.setdefault(theme.slug, original)
            if theme.locale_id == locale_id:
                self.local_names[original.pk] = theme.name

    def find(self, text):
        found = self.themes.get(text)
        return found[0] if found else None

    def name(self, theme):
        return self.local_names.get(theme.pk, theme.name)


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

    def __str__(self):
        parts = [self.full_name]
        if self.organisation_name:
            parts.append(self.organisation_name)
        return _("contact #%(id)d, %(description)s") % {"id": self.pk, "description": ", ".join(parts)}


def load_contacts(pks, fields):
    """{pk: ContactRecord} for these contacts, with these fields besides names, organisation and city."""
    names = list(
        dict.fromkeys(["honorific", "given_name", "family_name", "organisation_id", "city_id", *fields])
    )
    records = {}
    for chunk in chunks(sorted(pks)):
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
