"""Data-subject requests: export everything held about a person, or erase it.

Erasure keeps the engagements the person took part in, with an anonymous participant count, so the
network's history stays complete without the personal data. The audit log keeps its entries without the
name, those of the contacts merged into this one too (contacts.merge), and so do the entries of the
person's event registrations, labelled "name – event" (a merged contact's registrations moved to the one
kept), deleted ones included: their entries keep whose they were (`keep_whose_registration`).
`contact_data --erase` and deleting a contact in the admin (contacts/deletion.py) both erase through
`erase_contact`.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Count, F
from django.db.models.functions import Lower
from django.utils import translation
from django.utils.translation import gettext
from wagtail.log_actions import log
from wagtail.models import ModelLogEntry

from events.models import Certificate, Registration

from .merge import merged_into
from .models import CityRole, Contact, ContactEmail, ContactPhone, Engagement

# The key of a deleted registration's history entries that names its contact (`keep_whose_registration`).
DELETED_REGISTRATION_OF = "registration_of_contact"


def erased_label():
    """What the audit log says in place of an erased person's name: stored once, so in the site's language."""
    with translation.override(settings.LANGUAGE_CODE):
        return gettext("[erased contact]")


def contacts_with_email(email):
    return Contact.objects.filter(emails__address__iexact=email.strip()).distinct()


def export_contact(contact):
    engagements = contact.engagements.prefetch_related("cities").order_by("date")
    registrations = list(
        contact.registrations.select_related("event").prefetch_related("check_ins", "notices")
    )
    registration_history = defaultdict(list)
    for entry in (
        registration_history_of([registration.pk for registration in registrations])
        .select_related("user")
        .order_by("timestamp", "pk")
    ):
        registration_history[int(entry.object_id)].append(
            {"timestamp": entry.timestamp, "action": entry.action, "user": str(entry.user or "")}
        )
    certificates = (
        Certificate.objects.filter(registration__contact=contact)
        .select_related("registration__event")
        .defer("pdf")
        .order_by("issued_at", "pk")
    )
    return {
        "honorific": contact.honorific,
        "given_name": contact.given_name,
        "family_name": contact.family_name,
        "job_title": contact.job_title,
        "organisation": contact.organisation.name if contact.organisation else None,
        "city": contact.city.title if contact.city else None,
        "emails": [email.address for email in contact.emails.order_by("sort_order", "pk")],
        "phones": [
            {"number": phone.number, "label": phone.label}
            for phone in contact.phones.order_by("sort_order", "pk")
        ],
        "preferred_language": contact.preferred_language,
        "notes": contact.notes,
        "consent": {
            "legal_basis": contact.consent_basis,
            "date": contact.consent_date,
            "source": contact.consent_source,
            "unsubscribed_from_mailings": contact.unsubscribed_at,
        },
        "tags": sorted(tag.name for tag in contact.tags.all()),
        "city_roles": [
            {
                "city": role.city.title,
                "role": role.role,
                "start_date": role.start_date,
                "end_date": role.end_date,
            }
            for role in contact.roles.select_related("city").order_by("sort_order", "pk")
        ],
        "engagements": [
            {
                "date": engagement.date,
                "kind": engagement.kind,
                "title": engagement.title,
                "cities": [city.title for city in engagement.cities.all()],
            }
            for engagement in engagements
        ],
        # The mailings (mailings app) addressed to the person: what went to which address, and when, under
        # the subject of the version they were sent.
        "mailings": [
            {
                "subject": delivery.mailing.version_for(delivery.language)[1],
                "address": delivery.address,
                "status": delivery.status,
                "sent_at": delivery.sent_at,
            }
            for delivery in contact.deliveries.select_related("mailing").order_by("pk")
        ],
        # The events (events app) the person registered for: what they gave on the form and what happened.
        "event_registrations": [
            {
                "event": registration.event.title,
                "registered_at": registration.created_at,
                "status": registration.status,
                "name": registration.name,
                "address": registration.email,
                "organisation": registration.organisation,
                "role": registration.role,
                "language": registration.language,
                "accessibility_needs": registration.accessibility_needs,
                "consent_to_contact": registration.consent_to_contact,
                "days_present": sorted({check_in.day for check_in in registration.check_ins.all()}),
                # The e-mails the registration sent them (events.notices), and its audit log.
                "emails": [
                    {
                        "kind": notice.kind,
                        "status": notice.status,
                        "written_at": notice.created_at,
                        "sent_at": notice.sent_at,
                    }
                    for notice in registration.notices.all()
                ],
                "history": registration_history[registration.pk],
            }
            for registration in registrations
        ],
        # Their certificates of attendance (events.certificates), by the code anyone can check them by.
        "certificates": [
            {
                "code": certificate.code,
                "event": certificate.registration.event.title,
                "event_starts_at": certificate.registration.event.starts_at,
                "issued_at": certificate.issued_at,
            }
            for certificate in certificates
        ],
        # With the history of the contacts merged into this one: the same person's, kept under its old id.
        "history": [
            {
                "timestamp": entry.timestamp,
                "action": entry.action,
                "user": str(entry.user or ""),
                **({} if entry.object_id == str(contact.pk) else {"merged_contact_id": int(entry.object_id)}),
                # What the entry recorded, such as the values a merge dropped (contacts.merge).
                **({"data": entry.data} if entry.data else {}),
            }
            for entry in history_of([contact.pk, *merged_into([contact.pk])])
            .select_related("user")
            .order_by("timestamp", "pk")
        ],
    }


@dataclass
class ErasurePreview:
    """What erasing a contact will do, told before anything changes (the admin's confirmation)."""

    contact: Contact
    engagements: int = 0
    roles: list = field(default_factory=list)
    emails: list = field(default_factory=list)
    phones: int = 0
    history: int = 0
    accounts: list = field(default_factory=list)

    @property
    def focal_point_cities(self):
        """Cities whose focal-point access the contact's accounts lose (contacts.focal_point_sync)."""
        return sorted(
            {
                str(role.city)
                for role in self.roles
                if role.role == CityRole.Role.FOCAL_POINT and role.is_current
            }
        )


def erasure_previews(contacts):
    """An ErasurePreview per contact id, in the same few queries whatever the number of contacts."""
    previews = {contact.pk: ErasurePreview(contact) for contact in contacts}
    ids = list(previews)
    through = Engagement.participants.through
    for row in through.objects.filter(contact__in=ids).values("contact").annotate(count=Count("pk")):
        previews[row["contact"]].engagements = row["count"]
    for row in ContactPhone.objects.filter(contact__in=ids).values("contact").annotate(count=Count("pk")):
        previews[row["contact"]].phones = row["count"]
    for role in CityRole.objects.filter(contact__in=ids).select_related("city").order_by("sort_order", "pk"):
        previews[role.contact_id].roles.append(role)
    owners = {}
    for email in ContactEmail.objects.filter(contact__in=ids).order_by("sort_order", "pk"):
        previews[email.contact_id].emails.append(email.address)
        owners.setdefault(email.address.lower(), set()).add(email.contact_id)
    owner_of_history = {pk: pk for pk in ids} | merged_into(ids)
    for row in history_of(owner_of_history).values("object_id").annotate(count=Count("pk")):
        previews[owner_of_history[int(row["object_id"])]].history += row["count"]
    owner_of_registration = dict(Registration.objects.filter(contact__in=ids).values_list("pk", "contact"))
    for row in registration_history_of(owner_of_registration).values("object_id").annotate(count=Count("pk")):
        previews[owner_of_registration[int(row["object_id"])]].history += row["count"]
    # The accounts contacts.focal_point_sync ties to a contact: active, with one of its addresses.
    accounts = get_user_model().objects.annotate(address=Lower("email"))
    for account in accounts.filter(address__in=owners, is_active=True).order_by("pk"):
        for contact_id in owners.get(account.address, ()):
            previews[contact_id].accounts.append(account)
    return previews


def history_of(contact_ids):
    """The audit log's entries of these contacts, as Wagtail files them (`for_instance`)."""
    return ModelLogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Contact, for_concrete_model=False),
        object_id__in=[str(pk) for pk in contact_ids],
    )


def registration_history_of(registration_ids):
    """The audit log's entries of these event registrations, whose label names the person."""
    return ModelLogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Registration, for_concrete_model=False),
        object_id__in=[str(pk) for pk in registration_ids],
    )


def keep_whose_registration(registration):
    """Give a registration being deleted's history entries the id of its contact: Wagtail files them by the
    registration's id, which leads to nobody once it is deleted, and their label still names the person
    (events/signal_handlers.py calls it as a registration is deleted)."""
    for entry in registration_history_of([registration.pk]):
        entry.data = {**(entry.data or {}), DELETED_REGISTRATION_OF: registration.contact_id}
        entry.save(update_fields=["data"])


def deleted_registrations_history_of(contact_ids):
    """The audit log's entries of the deleted registrations of these contacts (`keep_whose_registration`)."""
    return ModelLogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Registration, for_concrete_model=False),
        **{f"data__{DELETED_REGISTRATION_OF}__in": list(contact_ids)},
    )


@transaction.atomic
def erase_contact(contact, user=None):
    """Delete the person and their personal data; their engagements keep an anonymous count.

    Returns the number of engagements kept with an anonymous participant (0 if the contact was
    already erased, e.g. by a second click: the contact's row is locked first, so it counts once).
    """
    if not Contact.objects.select_for_update().filter(pk=contact.pk).exists():
        return 0
    through = Engagement.participants.through
    engagement_ids = list(through.objects.filter(contact=contact).values_list("engagement_id", flat=True))
    through.objects.filter(contact=contact).delete()
    Engagement.objects.filter(pk__in=engagement_ids).update(
        anonymous_participants=F("anonymous_participants") + 1
    )
    label = erased_label()
    contact_ids = [contact.pk, *merged_into([contact.pk])]
    history_of(contact_ids).update(label=label, data={})
    # The registrations go with the contact (on_delete=CASCADE); their entries stay, without the name, as
    # do those of registrations deleted before.
    registration_history_of(contact.registrations.values_list("pk", flat=True)).update(label=label, data={})
    deleted_registrations_history_of(contact_ids).update(label=label, data={})
    log(contact, "wagtail.delete", user=user, title=label, deleted=True)
    contact.delete()
    return len(engagement_ids)
