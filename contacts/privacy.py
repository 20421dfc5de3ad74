"""Data-subject requests: export everything held about a person, or erase it.

Erasure keeps the engagements the person took part in, with an anonymous participant count, so the
network's history stays complete without the personal data.
"""

from django.db import transaction
from django.db.models import F
from wagtail.log_actions import log
from wagtail.models import ModelLogEntry

from .models import Contact, Engagement

ERASED_LABEL = "[erased contact]"


def contacts_with_email(email):
    return Contact.objects.filter(emails__address__iexact=email.strip()).distinct()


def export_contact(contact):
    engagements = contact.engagements.prefetch_related("cities").order_by("date")
    return {
        "honorific": contact.honorific,
        "given_name": contact.given_name,
        "family_name": contact.family_name,
        "job_title": contact.job_title,
        "organisation": contact.organisation.name if contact.organisation else None,
        "city": contact.city.title if contact.city else None,
        "emails": [email.address for email in contact.emails.all()],
        "phones": [{"number": phone.number, "label": phone.label} for phone in contact.phones.all()],
        "preferred_language": contact.preferred_language,
        "notes": contact.notes,
        "consent": {
            "legal_basis": contact.consent_basis,
            "date": contact.consent_date,
            "source": contact.consent_source,
        },
        "city_roles": [
            {
                "city": role.city.title,
                "role": role.role,
                "start_date": role.start_date,
                "end_date": role.end_date,
            }
            for role in contact.roles.select_related("city")
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
        "history": [
            {"timestamp": entry.timestamp, "action": entry.action, "user": str(entry.user or "")}
            for entry in ModelLogEntry.objects.for_instance(contact)
            .select_related("user")
            .order_by("timestamp")
        ],
    }


@transaction.atomic
def erase_contact(contact, user=None):
    """Delete the person and their personal data; their engagements keep an anonymous count."""
    through = Engagement.participants.through
    engagement_ids = list(through.objects.filter(contact=contact).values_list("engagement_id", flat=True))
    through.objects.filter(contact=contact).delete()
    Engagement.objects.filter(pk__in=engagement_ids).update(
        anonymous_participants=F("anonymous_participants") + 1
    )
    ModelLogEntry.objects.for_instance(contact).update(label=ERASED_LABEL, data={})
    log(contact, "wagtail.delete", user=user, title=ERASED_LABEL)
    contact.delete()
    return len(engagement_ids)
