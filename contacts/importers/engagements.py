"""Import engagements from a CSV or XLSX file.

An engagement is matched by its number (the id column of the log's export), which lets a file change its
date, kind, title and cities; a row without one, by its date, kind, title (ignoring accents, case and
spacing) and set of cities. A matched engagement only gains what the file adds: a filled cell replaces the
stored value, an empty cell leaves it alone; cities, organisations, participants and themes are added,
never removed.
Participants are contacts, named by an e-mail address (import the contacts first) or by a name no other
contact has; the owner and the follow-up's assignee are colleagues, named by user name or e-mail
address. The log's own export reads back as it is (Engagement.export_*): a name that several
organisations or contacts have, or a colleague who no longer works here, is the one the matched
engagement already has, and its "2 erased" participants must be the number it has. An engagement created
with a follow-up, or whose follow-up (date, state or assignee) the file changes, has its reminder queued
as the form queues it, once the import commits.
"""

from collections import defaultdict
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from cities.focal_points import city_label
from network.caching.versions import ENGAGEMENT_LOG
from network.imports.audit import AuditTrail
from network.imports.lookups import in_bulk, linked_ids
from network.imports.plan import CREATE, UNCHANGED, UPDATE, Importer, change
from network.imports.values import BOOLEANS, cell_text, choice, read_date, split
from network.imports.writing import bulk_create, bulk_update, link
from network.record_ids import record_id

from ..engagement_dates import date_problems
from ..follow_ups import follow_up_changed, follow_up_state, schedule_reminder
from ..models import Contact, Engagement
from ..permissions import engagement_policy
from ..public_activity import refresh_engagements
from .columns import ENGAGEMENT_COLUMNS, ENGAGEMENT_KINDS
from .engagement_matching import match_rows
from .engagement_names import COLLEAGUES, settle
from .lookups import (
    CityLookup,
    ContactNames,
    OrganisationLookup,
    OwnerLookup,
    ThemeLookup,
    emails_to_contacts,
    erased_count,
    parse_emails,
    participant_items,
)

SCALARS = ("summary", "outcome", "follow_up_date", "follow_up_done")
# What a row matched by its number may change besides: without a number, they are what matches it.
KEY_SCALARS = ("date", "kind", "title")
MANY_TO_MANY = ("cities", "organisations", "participants", "themes")


class EngagementImporter(Importer):
    kind = "engagements"
    label = gettext_lazy("Engagements")
    columns = ENGAGEMENT_COLUMNS
    policy = engagement_policy

    def plan_rows(self, plan, user):
        lookups = Lookups.for_rows(plan.rows)
        for row in plan.rows:
            _parse(row, lookups)
        _compare(plan.rows, match_rows(plan.rows, lookups.cities), lookups)

    def write(self, plan, user):
        _write(plan, user)


@dataclass
class Lookups:
    """Everything an engagement row is matched against, read once per file."""

    cities: CityLookup
    organisations: OrganisationLookup
    owners: OwnerLookup
    themes: ThemeLookup
    participants_by_email: dict
    participants_by_name: ContactNames
    kind_labels: dict

    @classmethod
    def for_rows(cls, rows):
        addresses = [address for row in rows for address in participant_items(row.text("participants"))[0]]
        contact_ids = emails_to_contacts(addresses)
        contacts = Contact.objects.in_bulk({pk for ids in contact_ids.values() for pk in ids})
        return cls(
            cities=CityLookup(),
            organisations=OrganisationLookup(),
            owners=OwnerLookup(),
            themes=ThemeLookup(),
            participants_by_email={
                address: [contacts[pk] for pk in sorted(ids)] for address, ids in contact_ids.items()
            },
            participants_by_name=ContactNames(),
            kind_labels={value: str(label) for value, label in Engagement.Kind.choices},
        )


def engagement_number(value):
    """The id cell: a whole number above zero (an XLSX number cell may read 12.0); None otherwise."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    number = record_id(cell_text(value))
    return number or None


def _parse(row, lookups):
    values = row.values
    values["id"] = row.parse(
        "id",
        engagement_number,
        _("“%(value)s” is not an engagement number: leave the id empty to add a new engagement."),
    )
    values["date"] = row.parse(
        "date",
        read_date,  # contacts.engagement_dates says why a date is out of range
        _("“%(value)s” is not a date (use YYYY-MM-DD or DD/MM/YYYY)."),
        missing=_("The date is missing."),
    )
    values["kind"] = (
        row.parse(
            "kind",
            choice(ENGAGEMENT_KINDS),
            _("Unknown kind “%(value)s” (use for example meeting, call, workshop, visit or other)."),
            missing=_("The kind is missing."),
        )
        or ""
    )
    for name in ("title", "summary", "outcome"):
        values[name] = row.text(name)
    row.check_length(Engagement, "title", values["title"], ENGAGEMENT_COLUMNS["title"].label)
    if row.is_blank("title"):
        row.errors.append(_("The title is missing."))

    values["cities"] = []
    for name in split(row.text("cities")):
        city, problem = lookups.cities.find(name)
        if problem:
            if "," in name:
                problem += " " + _("Separate several cities with “;”.")
            row.errors.append(problem)
        elif city not in values["cities"]:
            values["cities"].append(city)
    if row.is_blank("cities"):
        row.errors.append(_("No city is given."))

    # Names that several organisations or contacts have, and an owner not found, are settled by `settle`,
    # once the row is matched; so is the number of erased participants.
    values["organisations"], values["organisation_names"] = [], []
    for name in split(row.text("organisations")):
        if not lookups.organisations.by_name.get(name):
            row.errors.append(
                _("Unknown organisation “%(name)s”: add it to the engagement log first.") % {"name": name}
            )
        else:
            values["organisation_names"].append(name)

    addresses, values["participant_names"] = participant_items(row.text("participants"))
    values["participants"], values["erased"] = [], None
    for name in list(values["participant_names"]):
        count = erased_count(name)
        if count is not None:
            values["participant_names"].remove(name)
            values["erased"] = count
    for address in parse_emails(row, "; ".join(addresses)):
        found = lookups.participants_by_email.get(address.lower(), [])
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

    for name in COLLEAGUES:
        values[name], values[f"{name}_problem"] = None, None
        if row.text(name):
            values[name], values[f"{name}_problem"] = lookups.owners.find(row.text(name), name)

    values["themes"] = []
    for name in split(row.text("themes")):
        theme = lookups.themes.find(name)
        if theme is None:
            row.errors.append(_("Unknown theme “%(name)s”.") % {"name": name})
        elif theme not in values["themes"]:
            values["themes"].append(theme)

    values["follow_up_date"] = row.parse(
        "follow_up_date",
        read_date,  # contacts.engagement_dates says why a date is out of range
        _("The follow-up date “%(value)s” is not a date (use YYYY-MM-DD or DD/MM/YYYY)."),
    )
    values["follow_up_done"] = row.parse(
        "follow_up_done", choice(BOOLEANS), _("“%(value)s” is not yes or no (follow-up done).")
    )

    # The date as the reader writes dates, as the engagement's name has it (Engagement.__str__); a cell that
    # is not a date as the file has it.
    date = date_format(values["date"], "SHORT_DATE_FORMAT") if values["date"] else row.text("date")
    kind = lookups.kind_labels.get(values["kind"], row.text("kind"))
    row.summary = " · ".join(str(part) for part in (date, kind, values["title"]) if part)
    if values["cities"]:
        row.details.append(", ".join(city_label(city) for city in values["cities"]))


def _compare(rows, matched, lookups):
    """Settle each row's names against what its engagement has, and say what the row would change."""
    targets = [record.pk for record in matched.values()]
    owners = get_user_model().objects.in_bulk(
        {record.fields[f"{name}_id"] for record in matched.values() for name in COLLEAGUES} - {None}
    )
    current = {name: linked_ids(Engagement, name, targets) for name in MANY_TO_MANY}
    for row in rows:
        record = matched.get(row.line)
        linked = {name: ids[record.pk] if record else set() for name, ids in current.items()}
        settle(row, record, linked, owners, lookups)
        _check_dates(row, record)
        count = len(row.values["participants"])
        if count:
            row.details.append(
                ngettext("%(count)d participant", "%(count)d participants", count) % {"count": count}
            )
        if record is not None:
            row.target = record
            row.changes = _changes(record, row.values, current, owners, lookups)
            row.action = UPDATE if row.changes else UNCHANGED


def _check_dates(row, record):
    """The form's rule (contacts/engagement_dates.py) on the dates the engagement would have after the
    row: an empty cell keeps the stored date. A row that changes neither date is not held up by older
    records, as the form does not hold up an edit that keeps them (Engagement.clean())."""
    values, stored = row.values, record.fields if record else {}
    dates = {
        "date": (values["date"] if values["id"] or not record else None) or stored.get("date"),
        "follow_up_date": values["follow_up_date"] or stored.get("follow_up_date"),
    }
    if record and all(dates[name] == stored[name] for name in dates):
        return
    row.errors.extend(date_problems(dates["date"], dates["follow_up_date"]).values())


def _item_name(name, item, lookups):
    if name == "themes":
        return lookups.themes.name(item)
    return item.full_name if isinstance(item, Contact) else str(item)


def _changes(record, values, current, owners, lookups):
    changes, stored = [], record.fields
    for name in (KEY_SCALARS if values["id"] else ()) + SCALARS:
        new = values[name]
        if new not in ("", None) and new != stored[name]:
            shown = (
                (Engagement.Kind(stored[name]).label, Engagement.Kind(new).label) if name == "kind" else None
            )
            changes.append(change(ENGAGEMENT_COLUMNS[name], *(shown or (stored[name], new))))
    for name in COLLEAGUES:
        colleague, stored_id = values[name], stored[f"{name}_id"]
        if colleague is not None and colleague.pk != stored_id:
            changes.append(change(ENGAGEMENT_COLUMNS[name], owners.get(stored_id), colleague))
    for name, linked in current.items():
        added = [item for item in values[name] if item.pk not in linked[record.pk]]
        if added:
            items = ", ".join(_item_name(name, item, lookups) for item in added)
            changes.append(
                change(ENGAGEMENT_COLUMNS[name], "", _("adds %(items)s") % {"items": items}, added)
            )
    return changes


def _write(plan, user):
    """Write the plan with a few bulk queries: thousands of rows fit in one request."""
    audit = AuditTrail(plan.filename, user)
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
                follow_up_assignee=values["follow_up_assignee"],
            )
            created.append((row, engagement))
    bulk_create(Engagement, [engagement for _row, engagement in created])
    for row, engagement in created:
        for name in MANY_TO_MANY:
            links[name] += [(engagement, item) for item in row.values[name]]
        audit.add(engagement, "wagtail.create", [row.line])

    rows = [row for row in plan.rows if row.action == UPDATE]
    instances = in_bulk(Engagement, [row.target.pk for row in rows])
    changed_fields, follow_ups_changed = set(), []
    for row in rows:
        engagement = instances[row.target.pk]
        follow_up_before = follow_up_state(engagement)
        for item in row.changes:
            if item.name in MANY_TO_MANY:
                links[item.name] += [(engagement, added) for added in item.added]
            else:
                setattr(engagement, item.name, row.values[item.name])
                changed_fields.add(item.name)
        if follow_up_changed(engagement, follow_up_before):
            follow_ups_changed.append(engagement)
        audit.add(engagement, "wagtail.edit", [row.line], sorted(item.name for item in row.changes))
    bulk_update(Engagement, [instances[row.target.pk] for row in rows], changed_fields)
    bulk_update(Engagement, follow_ups_changed, {"follow_up_reminded_on"})
    for engagement in [engagement for _row, engagement in created] + follow_ups_changed:
        schedule_reminder(engagement)  # Queued once the import's transaction commits.
    for name, pairs in links.items():
        link(Engagement, name, pairs)
    # Bulk writes send no signals: the engagement log's cached pages must be told, and the themes the
    # cities' public activities give them (contacts.public_activity) recomputed.
    ENGAGEMENT_LOG.changed()
    refresh_engagements([engagement.pk for _row, engagement in created] + [row.target.pk for row in rows])
    audit.save()
