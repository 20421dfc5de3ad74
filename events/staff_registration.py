"""Staff's own changes to an event's registrations, beside the person's (events/registration.py): an
attendee added by hand (allowed past the event's capacity; staff are told when they go past it), and the
audit log of a cancellation staff made."""

from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from .models import Notice, Registration
from .registration import (
    AlreadyRegistered,
    RegistrationRefused,
    cancel,
    cancelled,
    locked_event,
    new_registration,
    tell,
)

# The registration's audit log (formatted in wagtail_hooks.py).
CANCELLED_BY_STAFF_ACTION = "events.cancelled_by_staff"


def add_attendee(event, registrant, user, send_email=True):
    """Register a person staff typed in for an event (its original page), confirmed whatever the places
    left and the way people register (approval, invitation, a closed form): staff decide. The contact is
    found by address or made, as on the public form; the person gets the confirmation e-mail and the
    reminder only with `send_email`. Raises RegistrationRefused for an event over, and AlreadyRegistered
    for an address already registered."""
    email = registrant.email.strip()
    already = AlreadyRegistered(
        _("This address is already registered for this event: see the registrations.")
    )
    try:
        with transaction.atomic():
            event = locked_event(event.pk)
            if event.is_cancelled:
                raise RegistrationRefused(cancelled())
            if event.ends_at <= timezone.now():
                raise RegistrationRefused(_("This event has already taken place."))
            if event.registrations.active().filter(email__iexact=email).exists():
                raise already
            registration = new_registration(
                event, registrant, email, status=Registration.Status.CONFIRMED, reminded=send_email
            )
            log(registration, "wagtail.create", user=user)
            if send_email:
                tell(registration, Notice.Kind.CONFIRMED)
    except IntegrityError as error:  # The person registered on the public form at the same moment.
        raise already from error
    return registration


def with_places_taken(events):
    """`events` (a queryset of event pages), each with `places_taken`: its confirmed registrations."""
    return events.annotate(
        places_taken=Count("registrations", filter=Q(registrations__status=Registration.Status.CONFIRMED))
    )


def is_full(event):
    """Whether an event with a limit has no place left; `event` carries `places_taken`."""
    return event.capacity is not None and event.places_taken >= event.capacity


def over_capacity(event):
    """The places taken of an event past its capacity once an attendee is added, or None within it."""
    if event.capacity is None:
        return None
    taken = event.registrations.filter(status=Registration.Status.CONFIRMED).count()
    return taken if taken > event.capacity else None


def cancel_for_the_person(registration, user):
    """Staff cancel a registration as its person's link does (the place to the first person waiting, both
    told by e-mail), in its audit log under their name; returns the registration moved up, or None.
    Raises Registration.DoesNotExist when it was deleted meanwhile."""
    moved_up = cancel(registration)
    log(registration, CANCELLED_BY_STAFF_ACTION, user=user)
    return moved_up
