"""Merging a duplicate contact into the one to keep.

Everything that points at the duplicate moves to the kept contact: engagements, roles, e-mail addresses,
phones, tags, event registrations and the mailings it received; empty fields of the kept contact are
filled from the duplicate, the duplicate's notes are added after the kept contact's under a line naming
the duplicate, and a person who unsubscribed as either stays unsubscribed (since the earlier date).
Where both hold one thing that may exist once, one is kept: for an event both are registered for, the
better place (the others are cancelled, without a notice, and a place freed goes to the waiting list);
for a mailing both received, the delivery that reached the person. Then the duplicate is deleted, all in
one transaction and audited on both. Choosing (GET) and confirming (GET, with what moves) change nothing;
only the confirmation's POST merges. Roles are moved by saving them, so contacts.signals keeps
focal-point access right; the cities of the kept contact's focal-point roles are synced again afterwards,
as its new addresses may belong to accounts.

Where both hold a different value in a field, the kept contact's stays and the duplicate's is dropped:
the confirmation lists each beforehand, and the kept contact's merge entry keeps them in its data, so a
value typed by a colleague can be found again. That copy does not outlive the person: erasing the kept
contact blanks its entries, the merge's included (contacts/privacy.py). The legal basis is one record
(basis, date, source), never mixed from the two: a consent the person gave outranks another basis (it is
their own opt-in, and the only basis that lifts an unsubscribe, contacts/edit_forms.py), then the more
recent date outranks the older (an undated one the oldest); on a tie the kept contact's stays. The
unsubscribe is apart from it: a merge never lifts one, whatever consent it keeps.

The merge log links the two ids (the kept contact's entry names the merged one, the merged one's entry
the kept one): erasing the kept contact blanks the merged contacts' history too (`merged_into`), and a
merged contact's id, as in an old unsubscribe link, leads to the contact kept (`kept_contact`).

Why this module is long: the plan (what moves, what fills in, what is dropped), its carrying out and
the merge log's reading belong together, and each is short.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from functools import partial
from uuid import uuid4

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.db.models import Count, Max
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.log_actions import LogFormatter, log
from wagtail.models import ModelLogEntry, ReferenceIndex

from events.models import Registration
from events.registration import places_freed
from mailings.models import Delivery

from .focal_point_sync import sync_city_focal_points
from .models import CityRole, Contact, ContactEmail, ContactPhone, Engagement, LegalBasis, TaggedContact
from .permissions import contact_policy

MERGE_ACTION = "contacts.merge"
# Fields of one value: the kept contact's stays, or fills in from the duplicate when it has none.
SINGLE_FIELDS = (
    "honorific",
    "given_name",
    "family_name",
    "job_title",
    "organisation",
    "city",
    "preferred_language",
)
# The legal basis, kept whole from one contact (consent_rank).
CONSENT_FIELDS = ("consent_basis", "consent_date", "consent_source")
# Of one person's registrations for one event, the one kept holds the better place.
PLACE_ORDER = [Registration.Status.CONFIRMED, Registration.Status.PENDING, Registration.Status.WAITING]
# Of one person's deliveries of one mailing, the one kept tells best what reached them.
DELIVERY_ORDER = [
    Delivery.Status.SENT,
    Delivery.Status.SENDING,
    Delivery.Status.PENDING,
    Delivery.Status.INTERRUPTED,
    Delivery.Status.FAILED,
    Delivery.Status.SKIPPED,
]


@hooks.register("register_log_actions")
def register_merge_action(actions):
    @actions.register_action(MERGE_ACTION)
    class MergeFormatter(LogFormatter):
        label = gettext_lazy("Merge contacts")

        def format_message(self, log_entry):
            data = log_entry.data or {}
            if "merged" in data and data.get("dropped"):
                values = "; ".join(
                    f"{capfirst(field_label(item['field']))}: {shown(item['field'], logged_value(item))}"
                    for item in data["dropped"]
                    if item.get("field") in (*SINGLE_FIELDS, *CONSENT_FIELDS)
                )
                return _("Merged %(name)s (#%(id)s) into this contact; values not kept: %(values)s") % {
                    **data["merged"],
                    "values": values,
                }
            if "merged" in data:
                return _("Merged %(name)s (#%(id)s) into this contact") % data["merged"]
            if "kept" in data:
                return _("Merged into contact #%(id)s") % data["kept"]
            return _("Merged")


def may_merge(user):
    """Merging changes the kept contact and deletes the other."""
    return contact_policy.user_has_permission(user, "change") and contact_policy.user_has_permission(
        user, "delete"
    )


@dataclass
class MergePlan:
    """What merging `merged` into `kept` moves, computed without changing anything."""

    merged: Contact
    kept: Contact
    engagements: list = field(default_factory=list)  # ids of engagements to re-point
    shared_engagements: int = 0  # already with the kept contact: the duplicate just leaves them
    roles: list = field(default_factory=list)
    repeated_roles: list = field(default_factory=list)  # already the kept contact's: not doubled
    emails: list = field(default_factory=list)
    repeated_emails: list = field(default_factory=list)
    phones: list = field(default_factory=list)
    filled: dict = field(default_factory=dict)  # {field name: value from the duplicate}
    replaced: dict = field(default_factory=dict)  # {field name: the duplicate's, over the kept contact's}
    dropped: list = field(default_factory=list)  # (field name, value that stays, value dropped)
    notes: str = ""  # the duplicate's notes with the line naming it, added after the kept contact's
    unsubscribed_at: object = None  # the duplicate's, when it unsubscribed first: the kept contact's now
    tags: list = field(default_factory=list)  # the duplicate's tags the kept contact lacks
    registrations: list = field(default_factory=list)  # all the duplicate's, cancelled ones too
    registration_clashes: list = field(default_factory=list)  # (one kept, one cancelled) for one event
    deliveries: list = field(default_factory=list)  # ids of the duplicate's, of mailings only it got
    delivery_clashes: list = field(default_factory=list)  # (id kept, id deleted) for a mailing both got

    @property
    def filled_labels(self):
        return [field_label(name) for name in self.filled]

    @property
    def dropped_rows(self):
        """(field's label, value that stays, value dropped), as the confirmation shows them."""
        return [
            (field_label(name), shown(name, stays), shown(name, gone)) for name, stays, gone in self.dropped
        ]

    @property
    def drops_consent(self):
        return any(name in CONSENT_FIELDS for name, _stays, _gone in self.dropped)

    def logged_dropped(self):
        """The dropped values for the merge's log entry (JSON)."""
        return [{"field": name, "value": loggable(gone)} for name, _stays, gone in self.dropped]

    @property
    def cancelled_registrations(self):
        return [cancelled for _kept, cancelled in self.registration_clashes]


def plan_merge(merged, kept):
    through = Engagement.participants.through
    kept_engagements = set(through.objects.filter(contact=kept).values_list("engagement_id", flat=True))
    merged_engagements = set(through.objects.filter(contact=merged).values_list("engagement_id", flat=True))
    kept_addresses = {address.lower() for address in kept.emails.values_list("address", flat=True)}
    kept_numbers = {"".join(number.split()) for number in kept.phones.values_list("number", flat=True)}
    plan = MergePlan(
        merged=merged,
        kept=kept,
        engagements=sorted(merged_engagements - kept_engagements),
        shared_engagements=len(merged_engagements & kept_engagements),
        tags=list(merged.tags.exclude(pk__in=kept.tags.values("pk")).order_by("name")),
        registrations=list(merged.registrations.select_related("event").order_by("created_at", "pk")),
        registration_clashes=registration_clashes(merged, kept),
    )
    # The same role in the same city over the same dates is one fact, held once by the kept contact.
    kept_roles = {role_key(role) for role in kept.roles.all()}
    for role in merged.roles.select_related("city").order_by("sort_order", "pk"):
        (plan.repeated_roles if role_key(role) in kept_roles else plan.roles).append(role)
        kept_roles.add(role_key(role))
    for email in merged.emails.order_by("sort_order", "pk"):
        repeated = email.address.lower() in kept_addresses
        (plan.repeated_emails if repeated else plan.emails).append(email)
        kept_addresses.add(email.address.lower())
    for phone in merged.phones.order_by("sort_order", "pk"):
        if "".join(phone.number.split()) not in kept_numbers:
            plan.phones.append(phone)
            kept_numbers.add("".join(phone.number.split()))
    for name in SINGLE_FIELDS:
        plan_field(plan, name)
    plan_consent(plan)
    plan_notes(plan)
    if merged.unsubscribed_at and (
        kept.unsubscribed_at is None or merged.unsubscribed_at < kept.unsubscribed_at
    ):
        plan.unsubscribed_at = merged.unsubscribed_at
    plan_deliveries(plan)
    return plan


def plan_field(plan, name):
    """A field of one value: filled in from the duplicate when the kept contact has none; where both
    differ, the kept contact's stays and the duplicate's is dropped."""
    kept_value, merged_value = field_value(plan.kept, name), field_value(plan.merged, name)
    if is_empty(merged_value) or same(kept_value, merged_value):
        return
    if is_empty(kept_value):
        plan.filled[name] = getattr(plan.merged, name)
    else:
        plan.dropped.append((name, getattr(plan.kept, name), getattr(plan.merged, name)))


def plan_consent(plan):
    """The legal basis, its date and source, kept whole from one contact (`consent_rank`): the other's
    values that differ are dropped, an empty one included when the duplicate's record replaces them."""
    duplicate_wins = consent_rank(plan.merged) > consent_rank(plan.kept)
    for name in CONSENT_FIELDS:
        kept_value, merged_value = getattr(plan.kept, name), getattr(plan.merged, name)
        if same(kept_value, merged_value):
            continue
        if duplicate_wins and is_empty(kept_value):
            plan.filled[name] = merged_value
        elif duplicate_wins:
            plan.replaced[name] = merged_value
            plan.dropped.append((name, merged_value, kept_value))
        elif not is_empty(merged_value):
            plan.dropped.append((name, kept_value, merged_value))


def plan_notes(plan):
    """The duplicate's notes fill the kept contact's, or follow them under a line naming the duplicate
    (written in the site's language, as it stays in the notes)."""
    notes, kept_notes = plan.merged.notes.strip(), plan.kept.notes.strip()
    if not notes or notes in kept_notes:
        return
    if not kept_notes:
        plan.filled["notes"] = plan.merged.notes
        return
    with translation.override(settings.LANGUAGE_CODE):
        line = _("Notes of the merged contact %(name)s (#%(id)s):") % {
            "name": plan.merged,
            "id": plan.merged.pk,
        }
    plan.notes = f"{line}\n{notes}"


def consent_rank(contact):
    """A consent the person gave, then any legal basis, then the more recent date, then any record."""
    return (
        contact.consent_basis == LegalBasis.CONSENT,
        bool(contact.consent_basis),
        contact.consent_date or date.min,
        not all(is_empty(getattr(contact, name)) for name in CONSENT_FIELDS),
    )


def field_value(contact, name):
    """A field's value, a related record's by its id (no query)."""
    return getattr(contact, Contact._meta.get_field(name).attname)


def is_empty(value):
    return value is None or (isinstance(value, str) and not value.strip())


def same(one, other):
    if is_empty(one) and is_empty(other):
        return True
    if isinstance(one, str) and isinstance(other, str):
        return one.strip() == other.strip()
    return one == other


def field_label(name):
    return str(Contact._meta.get_field(name).verbose_name)


def shown(name, value):
    """A field's value as people read it: a choice's label, a date in the reader's format, a dash for none."""
    if is_empty(value):
        return "—"
    model_field = Contact._meta.get_field(name)
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(value, date):
        return date_format(value, "DATE_FORMAT")
    return str(value)


def loggable(value):
    """A value for the log's JSON: a related record by its name, a date in ISO format."""
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, date):
        return value.isoformat()
    return value


def logged_value(item):
    """A dropped value read back from the log: a date again for a date field."""
    value = item.get("value")
    if isinstance(Contact._meta.get_field(item["field"]), models.DateField) and value:
        return date.fromisoformat(value)
    return value


def role_key(role):
    return role.city_id, role.role, role.start_date, role.end_date


def registration_clashes(merged, kept):
    """For each event both contacts hold a place at (or wait for), the best place and each other one."""
    active = (
        Registration.objects.active()
        .filter(contact__in=[merged, kept])
        .select_related("event")
        .annotate(check_in_count=Count("check_ins"))
    )
    by_event = defaultdict(list)
    for registration in active:
        by_event[registration.event_id].append(registration)
    clashes = []
    for registrations in by_event.values():
        if {registration.contact_id for registration in registrations} == {merged.pk, kept.pk}:
            best, *others = sorted(registrations, key=place_order)
            clashes += [(best, other) for other in others]
    return sorted(clashes, key=lambda clash: (clash[0].event.starts_at, clash[1].pk))


def place_order(registration):
    """A confirmed place first, then one awaiting approval, then the waiting list; then the place the person
    was checked in with; then the earlier."""
    checked_in = registration.check_in_count > 0
    return PLACE_ORDER.index(registration.status), not checked_in, registration.created_at, registration.pk


def plan_deliveries(plan):
    """Of a mailing both received, the delivery that tells best what reached the person stays."""
    by_mailing = defaultdict(list)
    for delivery in Delivery.objects.filter(contact__in=[plan.merged, plan.kept]).only(
        "mailing", "contact", "status"
    ):
        by_mailing[delivery.mailing_id].append(delivery)
    for deliveries in by_mailing.values():
        if len(deliveries) == 2:
            best, other = sorted(
                deliveries, key=lambda delivery: (DELIVERY_ORDER.index(delivery.status), delivery.pk)
            )
            plan.delivery_clashes.append((best.pk, other.pk))
        elif deliveries[0].contact_id == plan.merged.pk:
            plan.deliveries.append(deliveries[0].pk)


def next_order(model, contact):
    return (model.objects.filter(contact=contact).aggregate(last=Max("sort_order"))["last"] or 0) + 1


@transaction.atomic
def merge_contacts(merged, kept, user):
    """Merge the duplicate into the kept contact; returns the plan carried out."""
    locked = Contact.objects.select_for_update().filter(pk__in=[merged.pk, kept.pk]).order_by("pk")
    if len(locked) != 2:
        raise Contact.DoesNotExist
    plan = plan_merge(merged, kept)
    through = Engagement.participants.through
    through.objects.filter(contact=merged, engagement_id__in=plan.engagements).update(contact=kept)
    through.objects.filter(contact=merged).delete()
    # Addresses first: roles saved afterwards give access to the accounts of all the kept addresses.
    for model, moved in ((ContactEmail, plan.emails), (ContactPhone, plan.phones)):
        order = next_order(model, kept)
        for offset, child in enumerate(moved):
            model.objects.filter(pk=child.pk).update(contact=kept, sort_order=order + offset)
    order = next_order(CityRole, kept)
    for offset, role in enumerate(plan.roles):
        role.contact = kept
        role.sort_order = order + offset
        role.save()
    TaggedContact.objects.filter(content_object=merged, tag__in=plan.tags).update(content_object=kept)
    move_registrations(plan)
    Delivery.objects.filter(pk__in=[deleted for _kept, deleted in plan.delivery_clashes]).delete()
    Delivery.objects.filter(contact=merged).update(contact=kept)
    changed = plan.filled | plan.replaced
    if plan.notes:
        changed["notes"] = f"{kept.notes.rstrip()}\n\n{plan.notes}"
    if plan.unsubscribed_at:
        changed["unsubscribed_at"] = plan.unsubscribed_at
    for name, value in changed.items():
        setattr(kept, name, value)
    if changed:
        kept.save(update_fields=[Contact._meta.get_field(name).attname for name in changed])
    focal_cities = {
        role.city
        for role in CityRole.objects.filter(contact=kept, role=CityRole.Role.FOCAL_POINT).select_related(
            "city"
        )
    }
    for city in focal_cities:
        sync_city_focal_points(city)
    # Their own uuids: Wagtail's history shows one entry per uuid and action, across all contacts.
    # The dropped values go into the kept contact's entry: erasing the person blanks it (contacts/privacy.py).
    merged_data = {"id": merged.pk, "name": str(merged)}
    dropped = {"dropped": plan.logged_dropped()} if plan.dropped else {}
    log(kept, MERGE_ACTION, user=user, uuid=uuid4(), data={"merged": merged_data, **dropped})
    log(merged, MERGE_ACTION, user=user, uuid=uuid4(), data={"kept": {"id": kept.pk}}, deleted=True)
    merged.delete()
    return plan


def move_registrations(plan):
    """Cancel the other places of one person at one event (without a notice: they keep one), move the
    duplicate's registrations, and give the places freed to the people waiting once the merge commits."""
    cancelled = plan.cancelled_registrations
    Registration.objects.filter(pk__in=[registration.pk for registration in cancelled]).update(
        status=Registration.Status.CANCELLED, updated_at=timezone.now()
    )
    Registration.objects.filter(contact=plan.merged).update(contact=plan.kept)
    # A plain update sends no signal: the kept contact's usage lists the moved registrations from now on.
    for registration in Registration.objects.filter(pk__in=[moved.pk for moved in plan.registrations]):
        ReferenceIndex.create_or_update_for_object(registration)
    for event_id in sorted({registration.event_id for registration in cancelled}):
        transaction.on_commit(partial(places_freed, event_id), robust=True)


def merged_into(contact_ids):
    """{id of a contact merged into one of these, directly or through merges in a row: that one's id},
    read from the merge log (the kept contact's entry names the merged one)."""
    roots = {str(pk): pk for pk in contact_ids}
    found, frontier = {}, set(roots)
    while frontier:
        entries = ModelLogEntry.objects.filter(
            content_type=contact_type(), object_id__in=frontier, action=MERGE_ACTION
        ).values_list("object_id", "data")
        next_frontier = set()
        for object_id, data in entries:
            merged_id = (data or {}).get("merged", {}).get("id")
            if merged_id is None or str(merged_id) in roots or merged_id in found:
                continue
            found[merged_id] = roots.get(object_id) or found[int(object_id)]
            next_frontier.add(str(merged_id))
        frontier = next_frontier
    return found


def kept_contact(contact_id):
    """The contact a merged contact's id stands for now, through merges in a row, or None (never merged,
    or the contact kept was deleted since): the merged contact's entry in the merge log names it."""
    seen = set()
    while contact_id is not None and contact_id not in seen:
        seen.add(contact_id)
        if contact := Contact.objects.filter(pk=contact_id).first():
            return contact
        entries = ModelLogEntry.objects.filter(
            content_type=contact_type(), object_id=str(contact_id), action=MERGE_ACTION, data__has_key="kept"
        )
        data = entries.values_list("data", flat=True).first()
        contact_id = data["kept"].get("id") if data else None
    return None


def contact_type():
    return ContentType.objects.get_for_model(Contact, for_concrete_model=False)
