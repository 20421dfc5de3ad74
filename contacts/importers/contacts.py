"""Import contacts from a CSV or XLSX file.

A contact is matched by any of its e-mail addresses, else by its name (ignoring accents, case and
spacing) within the same organisation. A matched contact only gains what the file adds: a filled
cell replaces the stored value, an empty cell leaves it alone, e-mail addresses and phone numbers are
added, never removed. Names that differ only in accents or case are left as they are. Organisations
the file names that do not exist yet are created, if the user may create organisations.
"""

import re
from collections import defaultdict

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cities.focal_points import city_label
from network.imports.audit import AuditTrail
from network.imports.lookups import BATCH_SIZE, in_bulk
from network.imports.plan import CREATE, UNCHANGED, UPDATE, Importer, change
from network.imports.values import choice, max_length, parse_country, parse_date, split
from network.imports.writing import bulk_create, bulk_update

from ..duplicates import name_key
from ..edit_forms import in_the_future
from ..focal_point_sync import sync_contacts_focal_points
from ..mayor_sync import MAYOR_CONTACT_FIELDS, sync_mayors_among
from ..models import Contact, ContactEmail, ContactPhone, Organisation
from ..permissions import contact_policy, organisation_policy
from ..phones import validate_phone_number
from .columns import CONTACT_COLUMNS, LANGUAGES, LEGAL_BASES
from .lookups import (
    CityLookup,
    NewOrganisation,
    OrganisationLookup,
    emails_to_contacts,
    load_contacts,
    organisation_key,
    parse_emails,
)

PHONE_SEPARATORS = re.compile(r"[;,\n]+")
TEXTS = ["honorific", "given_name", "family_name", "job_title", "notes", "consent_source"]
SCALARS = [
    "honorific",
    "job_title",
    "preferred_language",
    "notes",
    "consent_basis",
    "consent_date",
    "consent_source",
]


class ContactImporter(Importer):
    kind = "contacts"
    label = gettext_lazy("Contacts")
    columns = CONTACT_COLUMNS
    policy = contact_policy

    def plan_rows(self, plan, user):
        cities, organisations = CityLookup(), OrganisationLookup()
        may_create_organisations = user is not None and organisation_policy.user_has_permission(user, "add")
        for row in plan.rows:
            _parse(row, cities, organisations, may_create_organisations)
        _match(plan.rows, cities)
        plan.new_records = [
            new
            for new in organisations.new.values()
            if any(row.values["organisation"] is new for row in plan.rows)
        ]

    def write(self, plan, user):
        _write(plan, user)


def _parse(row, cities, organisations, may_create_organisations):
    values = row.values
    for name in TEXTS:
        values[name] = row.text(name)
        row.check_length(Contact, name, values[name], CONTACT_COLUMNS[name].label)
    if row.is_blank("given_name"):
        row.errors.append(_("The given name is missing."))

    values["emails"] = parse_emails(row, row.text("emails"))
    values["phones"] = []
    for number in split(row.text("phones"), PHONE_SEPARATORS):
        if len(number) > max_length(ContactPhone, "number"):
            row.errors.append(_("The phone number “%(number)s” is too long.") % {"number": number})
            continue
        try:
            validate_phone_number(number)
        except ValidationError as error:
            row.errors += error.messages
        else:
            values["phones"].append(number)

    values["preferred_language"] = (
        row.parse(
            "preferred_language", choice(LANGUAGES), _("Unknown language “%(value)s” (use es, pt, en or fr).")
        )
        or ""
    )
    values["consent_basis"] = (
        row.parse(
            "consent_basis",
            choice(LEGAL_BASES),
            _("Unknown legal basis “%(value)s” (use consent, legitimate interest, contract or public task)."),
        )
        or ""
    )
    values["consent_date"] = row.parse(
        "consent_date",
        parse_date,
        _("The consent date “%(value)s” is not a date (use YYYY-MM-DD or DD/MM/YYYY)."),
    )
    if in_the_future(values["consent_date"]):
        row.errors.append(
            _("The consent date “%(value)s” is after today.") % {"value": row.text("consent_date")}
        )
    country = row.parse("country", parse_country, _("Unknown country “%(value)s”.")) or ""
    values["city"] = None
    if row.text("city"):
        values["city"], problem = cities.find(row.text("city"), country)
        if problem:
            row.errors.append(problem)
    # The country column is the organisation's country; the city's tells organisations apart too.
    countries_wanted = {country} if country else set()
    if values["city"] is not None:
        countries_wanted.add(values["city"].country.code)

    values["organisation"] = None
    name = row.text("organisation")
    if name:
        row.check_length(Organisation, "name", name, CONTACT_COLUMNS["organisation"].label)
        organisation, problem = organisations.find_or_plan(name, country, countries_wanted, row.line)
        if problem:
            row.errors.append(problem)
        elif isinstance(organisation, NewOrganisation) and not may_create_organisations:
            row.errors.append(
                _("There is no organisation “%(name)s”, and you may not create organisations.")
                % {"name": name}
            )
        values["organisation"] = organisation

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


def _rowname_key(values):
    return (name_key(values["given_name"], values["family_name"]), organisation_key(values["organisation"]))


def _candidates(rows):
    """{line: (ids of contacts with one of its addresses, ids of contacts with its name and organisation)}."""
    by_email = emails_to_contacts(address for row in rows for address in row.values["emails"])
    existing_org_ids = {
        row.values["organisation"].pk for row in rows if isinstance(row.values["organisation"], Organisation)
    }
    by_name = defaultdict(list)
    for pk, given_name, family_name, organisation_id in Contact.objects.filter(
        Q(organisation__in=existing_org_ids) | Q(organisation__isnull=True)
    ).values_list("pk", "given_name", "family_name", "organisation_id"):
        by_name[(name_key(given_name, family_name), organisation_id)].append(pk)
    candidates = {}
    for row in rows:
        values = row.values
        email_ids = set().union(*(by_email.get(address.lower(), set()) for address in values["emails"]))
        organisation = values["organisation"]
        name_ids = []
        if not isinstance(organisation, NewOrganisation):
            key = (name_key(values["given_name"], values["family_name"]), getattr(organisation, "pk", None))
            name_ids = by_name.get(key, [])
        candidates[row.line] = (email_ids, name_ids)
    return candidates


def _match(rows, cities):
    """Find the contact each row applies to, what it would change, and the likely duplicates."""
    candidates = _candidates(rows)
    wanted = {pk for email_ids, name_ids in candidates.values() for pk in (*email_ids, *name_ids)}
    contacts = load_contacts(wanted, SCALARS)
    seen_emails, seen_names, seen_targets = {}, {}, {}
    for row in rows:
        values = row.values
        email_ids, name_ids = candidates[row.line]
        target = None
        if len(email_ids) > 1:
            row.errors.append(
                _("These e-mail addresses belong to different contacts: %(contacts)s.")
                % {"contacts": "; ".join(str(contacts[pk]) for pk in sorted(email_ids))}
            )
        elif email_ids:
            target = contacts[next(iter(email_ids))]
            row.duplicates.append(
                _("Same e-mail address as existing %(contact)s: this row applies to that contact.")
                % {"contact": target}
            )
            for pk in name_ids:
                if pk != target.pk:
                    row.duplicates.append(
                        _("Same name in the same organisation as existing %(contact)s.")
                        % {"contact": contacts[pk]}
                    )
        elif len(name_ids) > 1:
            row.errors.append(
                _(
                    "Several existing contacts have this name in this organisation (%(contacts)s): add the "
                    "e-mail address of the right one."
                )
                % {"contacts": "; ".join(str(contacts[pk]) for pk in sorted(name_ids))}
            )
        elif name_ids:
            target = contacts[name_ids[0]]
            row.duplicates.append(
                _(
                    "Likely the same person as existing %(contact)s (same name in the same "
                    "organisation): this row applies to that contact."
                )
                % {"contact": target}
            )

        # The same person twice in one file: the second row would undo the first on every import.
        message = None
        repeated = next((address for address in values["emails"] if address.lower() in seen_emails), None)
        if repeated:
            message = _("Same e-mail address (%(address)s) as line %(line)d: merge the two rows.") % {
                "address": repeated,
                "line": seen_emails[repeated.lower()],
            }
        elif values["given_name"] and _rowname_key(values) in seen_names:
            message = _("Same name in the same organisation as line %(line)d: merge the two rows.") % {
                "line": seen_names[_rowname_key(values)]
            }
        elif target is not None and target.pk in seen_targets:
            message = _("Line %(line)d already refers to %(contact)s: merge the two rows.") % {
                "line": seen_targets[target.pk],
                "contact": target,
            }
        if message:  # An error, which the preview shows once, in its errors (not also as a duplicate).
            row.errors.append(message)
        for address in values["emails"]:
            seen_emails.setdefault(address.lower(), row.line)
        if values["given_name"]:
            seen_names.setdefault(_rowname_key(values), row.line)
        if target is not None:
            seen_targets.setdefault(target.pk, row.line)
            row.target = target
            row.changes = _changes(target, values, cities)
            row.action = UPDATE if row.changes else UNCHANGED


def _changes(contact, values, cities):
    """What the row would change; names that differ only in accents, case or spacing are left alone."""
    changes, stored = [], contact.fields
    if name_key(values["given_name"], values["family_name"]) != name_key(
        stored["given_name"], stored["family_name"]
    ):
        for name in ("given_name", "family_name"):
            if values[name] and values[name] != stored[name]:
                changes.append(change(CONTACT_COLUMNS[name], stored[name], values[name]))
    for name in SCALARS:
        new, old = values[name], stored[name]
        if new not in ("", None) and new != old:
            if name in ("preferred_language", "consent_basis"):
                choices = dict(Contact._meta.get_field(name).choices)
                old, new = choices.get(old, old), choices[new]
            changes.append(change(CONTACT_COLUMNS[name], old, new))
    organisation = values["organisation"]
    if organisation is not None and (
        isinstance(organisation, NewOrganisation) or organisation.pk != stored["organisation_id"]
    ):
        changes.append(change(CONTACT_COLUMNS["organisation"], contact.organisation_name, organisation))
    city = values["city"]
    if city is not None and city.pk != stored["city_id"]:
        old = cities.by_pk.get(stored["city_id"])
        changes.append(change(CONTACT_COLUMNS["city"], city_label(old) if old else "", city_label(city)))
    for name, stored_items, key in (
        ("emails", contact.emails, str.lower),
        ("phones", contact.phones, _phone_key),
    ):
        items = [item for _order, item in stored_items]
        added = _added(values[name], stored_items, key)
        if added:
            changes.append(
                change(
                    CONTACT_COLUMNS[name], ", ".join(items), _("adds %(items)s") % {"items": ", ".join(added)}
                )
            )
    return changes


def _phone_key(number):
    return re.sub(r"[^0-9+]", "", number)


def _added(items, stored, key):
    """The items that are not among the stored (sort order, item) pairs, compared by `key`."""
    known = {key(item) for _order, item in stored}
    return [item for item in items if key(item) not in known]


def _write(plan, user):
    """Write the plan with a few bulk queries: thousands of rows fit in one request."""
    audit = AuditTrail(plan.filename, user)
    organisations = [Organisation(name=new.name, country=new.country) for new in plan.new_records]
    bulk_create(Organisation, organisations)
    for new, organisation in zip(plan.new_records, organisations, strict=True):
        new.instance = organisation
        audit.add(organisation, "wagtail.create", new.lines)

    created, emails, phones = [], [], []
    for row in plan.rows:
        if row.action != CREATE:
            continue
        values = _with_new_organisation(row.values)
        contact = Contact(
            given_name=values["given_name"],
            family_name=values["family_name"],
            organisation=values["organisation"],
            city=values["city"],
        )
        for name in SCALARS:
            if values[name] not in ("", None):
                setattr(contact, name, values[name])
        created.append((row, contact))
    bulk_create(Contact, [contact for _row, contact in created])
    for row, contact in created:
        emails += _children(ContactEmail, contact, "address", row.values["emails"], 0)
        phones += _children(ContactPhone, contact, "number", row.values["phones"], 0)
        audit.add(contact, "wagtail.create", [row.line])

    rows = [row for row in plan.rows if row.action == UPDATE]
    instances = in_bulk(Contact, [row.target.pk for row in rows])
    changed_fields = set()
    for row in rows:
        values, record, contact = _with_new_organisation(row.values), row.target, instances[row.target.pk]
        changed = {item.name for item in row.changes}
        for name in changed - {"emails", "phones"}:
            setattr(contact, name, values[name])
        changed_fields |= changed - {"emails", "phones"}
        addresses = _added(values["emails"], record.emails, str.lower)
        emails += _children(ContactEmail, contact, "address", addresses, _next_order(record.emails))
        numbers = _added(values["phones"], record.phones, _phone_key)
        phones += _children(ContactPhone, contact, "number", numbers, _next_order(record.phones))
        audit.add(contact, "wagtail.edit", [row.line], sorted(changed))
    bulk_update(Contact, [instances[row.target.pk] for row in rows], changed_fields)
    if changed_fields & MAYOR_CONTACT_FIELDS:  # a bulk update sends no signal
        sync_mayors_among([row.target.pk for row in rows])
    ContactEmail.objects.bulk_create(emails, batch_size=BATCH_SIZE)
    # A bulk insert sends no signal: an address added to a focal point opens its account's city now.
    sync_contacts_focal_points({row.target.pk for row in rows})
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
