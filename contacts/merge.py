"""Merging a duplicate contact into the one to keep.

Everything that points at the duplicate moves to the kept contact: engagements, roles, e-mail addresses,
phones, tags, event registrations and the mailings it received; empty fields of the kept contact are
filled from the duplicate, and a person who unsubscribed as either stays unsubscribed (since the earlier
date). Where both hold one thing that may exist once, one is kept: for an event both are registered for,
the better place (the others are cancelled, without a notice, and a place freed goes to the waiting list);
for a mailing both received, the delivery that reached the person. Then the duplicate is deleted, all in
one transaction and audited on both. Choosing (GET) and confirming (GET, with what moves) change nothing;
only the confirmation's POST merges. Roles are moved by saving them, so contacts.signals keeps
focal-point access right; the cities of the kept contact's focal-point roles are synced again afterwards,
as its new addresses may belong to accounts.

The merge log links the two ids (the kept contact's entry names the merged one, the merged one's entry
the kept one): erasing the kept contact blanks the merged contacts' history too (`merged_into`), and a
merged contact's id, as in an old unsubscribe link, leads to the contact kept (`kept_contact`).
"""

from collections import defaultdict
from dataclasses import dataclass, field
from functools import partial
from uuid import uuid4

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Count, Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.log_actions import LogFormatter, log
from wagtail.models import ModelLogEntry, ReferenceIndex

from events.models import Registration
from events.registration import places_freed
from mailings.models import Delivery

from .focal_point_sync import sync_city_focal_points
from .models import CityRole, Contact, ContactEmail, ContactPhone, Engagement, TaggedContact
from .permissions import contact_policy

MERGE_ACTION = "contacts.merge"
FILLED_FIELDS = (
    "honorific",
    "family_name",
    "job_title",
    "organisation",
    "city",
    "notes",
    "consent_basis",
    "consent_date",
    "consent_source",
)
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
    unsubscribed_at: object = None  # the duplicate's, when it unsubscribed first: the kept contact's now
    tags: list = field(default_factory=list)  # the duplicate's tags the kept contact lacks
    registrations: list = field(default_factory=list)  # all the duplicate's, cancelled ones too
    registration_clashes: list = field(default_factory=list)  # (one kept, one cancelled) for one event
    deliveries: list = field(default_factory=list)  # ids of the duplicate's, of mailings only it got
    delivery_clashes: list = field(default_factory=list)  # (id kept, id deleted) for a mailing both got

    @property
    def filled_labels(self):
        return [str(Contact._meta.get_field(name).verbose_name) for name in self.filled]

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
    for name in FILLED_FIELDS:
        value = getattr(merged, name)
        if value not in (None, "") and getattr(kept, name) in (None, ""):
            plan.filled[name] = value
    if merged.unsubscribed_at and (
        kept.unsubscribed_at is None or merged.unsubscribed_at < kept.unsubscribed_at
    ):
        plan.unsubscribed_at = merged.unsubscribed_at
    plan_deliveries(plan)
    return plan


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
    changed = dict(plan.filled)
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
    log(kept, MERGE_ACTION, user=user, uuid=uuid4(), data={"merged": {"id": merged.pk, "name": str(merged)}})
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
