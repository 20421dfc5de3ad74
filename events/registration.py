"""Registering for an event, changing or cancelling a registration, and staff's approval.

Every change to an event's places runs with the event's row locked (`locked_event`: a row lock on
PostgreSQL, the database's write lock on SQLite), so that a rush of registrations never confirms more
people than the event has places, and a cancellation moves exactly one person up from the waiting list.
A place freed otherwise (more places published, a confirmed registration deleted) goes to the first people
waiting too (`places_freed`), and nobody new takes a free place while someone is waiting for it.
Each change writes the e-mail that tells of it (`Notice`) in the same transaction; the worker sends it
once the transaction has committed.
"""

from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from contacts.models import Contact, ContactEmail, LegalBasis

from .models import EventPage, Notice, Registration
from .not_invited import invited
from .notices import schedule_reminder, send_notices

CONTACT_LANGUAGE = {"es": "es", "pt": "pt", "en": "en"}
# The contact's audit log (formatted in wagtail_hooks.py).
CONSENT_GIVEN_ACTION = "events.consent_given"
CONSENT_WITHDRAWN_ACTION = "events.consent_withdrawn"


class RegistrationRefused(Exception):
    """The registration (or change) cannot be made; the message says why, to the person."""


class AlreadyRegistered(RegistrationRefused):
    """The address holds an active registration for the event. The public form must not say so (anyone
    could learn who registered): it answers as for a new registration and tells the address's holder by
    e-mail (`tell_already_registered`)."""


class NotInvited(RegistrationRefused):
    """The event is by invitation and the address is not on its list. The public form must not say so
    either: it answers as for a registration and tells the address by e-mail (events/not_invited.py)."""


@dataclass
class Registrant:
    given_name: str
    family_name: str
    email: str
    organisation: str = ""
    role: str = ""
    city: object = None
    language: str = "es"
    accessibility_needs: str = ""
    consent_to_contact: bool = False

    @property
    def name(self):
        return " ".join(part for part in (self.given_name, self.family_name) if part)


def locked_event(event_id):
    """The event, its row locked until the transaction ends. A no-op UPDATE as the transaction's first
    statement: a row lock on PostgreSQL, and SQLite's write lock, taken before anything is read (a read
    first would let two SQLite transactions deadlock on the upgrade)."""
    EventPage.objects.filter(pk=event_id).update(capacity=F("capacity"))
    return EventPage.objects.get(pk=event_id)


def refusal(event, now):
    """Why nobody can register for this event now, or None."""
    if event.is_cancelled:
        return cancelled()
    if not event.live:
        return _("This event is not published.")
    if event.registration == EventPage.Registration.CLOSED:
        return _("This event takes no registrations on this site.")
    if event.ends_at <= now:
        return _("This event has already taken place.")
    if now >= event.registration_deadline:
        return _("Registration for this event has closed.")
    return None


def cancelled():
    return _("This event is cancelled: it takes no more registrations.")


def register(event, registrant, now=None):
    """Register a person for an event (its original page); returns the registration. Raises
    RegistrationRefused for a closed, past or unpublished event, NotInvited for an address not invited,
    and AlreadyRegistered for an address already registered."""
    now = now or timezone.now()
    email = registrant.email.strip()
    try:
        with transaction.atomic():
            event = locked_event(event.pk)
            reason = refusal(event, now)
            if reason:
                raise RegistrationRefused(reason)
            if event.registrations.active().filter(email__iexact=email).exists():
                raise AlreadyRegistered(already_registered())
            if event.registration == EventPage.Registration.INVITATION and not invited(event, email):
                raise NotInvited(
                    _("Registration for this event is by invitation: this address is not on the list.")
                )
            registration = new_registration(event, registrant, email, by_staff=False)
            tell(registration, registration.status)
    except IntegrityError as error:  # Two requests for one address at once: the second one loses.
        raise AlreadyRegistered(already_registered()) from error
    return registration


def already_registered():
    return _(
        "This address is already registered for this event. The e-mail we sent it has a link to change "
        "or cancel the registration."
    )


def tell_already_registered(event, email):
    """Write the e-mail that tells the holder of an address registered already that someone sent the
    form again with it, with their personal link; sent after the commit, as every notice. One such e-mail
    waits at a time. Returns the registration, or None when it was cancelled meanwhile."""
    with transaction.atomic():
        registration = event.registrations.active().filter(email__iexact=email.strip()).order_by("pk").first()
        if registration is None:
            return None
        waiting = registration.notices.filter(
            kind=Notice.Kind.ALREADY_REGISTERED, status=Notice.Status.PENDING
        ).exists()
        if not waiting:
            Notice.objects.create(registration=registration, kind=Notice.Kind.ALREADY_REGISTERED)
            transaction.on_commit(lambda: send_notices.enqueue(registration.pk), robust=True)
    return registration


def new_registration(event, registrant, email, status=None, by_staff=True, **fields):
    """Store a registration of the event (its row locked) for `registrant`, with the contact their address
    finds or makes (`by_staff` False: anyone may send the form with any address). Places freed and not yet
    given go to the people waiting first; `status` None is what the event's way and places give."""
    contact, created = contact_for(registrant, email, event, fill_in=by_staff)
    fill_free_places(event)
    return Registration.objects.create(
        event=event,
        contact=contact,
        created_contact=created,
        name=registrant.name,
        email=email,
        organisation=registrant.organisation,
        role=registrant.role,
        city=registrant.city,
        language=registrant.language,
        accessibility_needs=registrant.accessibility_needs,
        consent_to_contact=registrant.consent_to_contact,
        status=status or first_status(event),
        **fields,
    )


def first_status(event):
    if event.registration == EventPage.Registration.APPROVAL:
        return Registration.Status.PENDING
    return Registration.Status.CONFIRMED if place_for_a_newcomer(event) else Registration.Status.WAITING


def place_for_a_newcomer(event):
    """Whether a place is free and nobody is waiting for one. On PostgreSQL each statement sees what has
    committed before it, so a place freed by a deletion that committed after `fill_free_places` counted
    shows up here: it belongs to the people waiting, and the deletion's `places_freed` gives it to them
    once this transaction ends."""
    waiting = event.registrations.filter(status=Registration.Status.WAITING).exists()
    return not waiting and has_a_free_place(event)


def has_a_free_place(event):
    if event.capacity is None:
        return True
    return event.registrations.filter(status=Registration.Status.CONFIRMED).count() < event.capacity


def places_left(event):
    """Free places, or None when the event has no limit."""
    if event.capacity is None:
        return None
    taken = event.registrations.filter(status=Registration.Status.CONFIRMED).count()
    return max(event.capacity - taken, 0)


def public_state(event):
    """What an event's page says of registering while it is open: until when, and the places left (None
    without a limit); counts only, nothing of who registered. `event` is the original page."""
    if not event.registration_is_open():
        return {}
    return {"registration_deadline": event.registration_deadline, "places_left": places_left(event)}


def contact_for(registrant, email, event, fill_in=True):
    """The CRM contact with this address (the oldest, if several share it), else a new one marked as
    created by the registration. An existing contact is left as staff keep it, but for a city it lacks
    filled in from a form staff typed (`fill_in`). No consent is recorded, even on a new contact: anyone
    may type anyone's address. The registration keeps the wish until the address's owner confirms it on
    the page their personal link opens (`Registration.consent_awaits_owner`, `update`)."""
    existing = ContactEmail.objects.filter(address__iexact=email).order_by("contact_id").first()
    if existing is not None:
        contact = existing.contact
        if fill_in and contact.city_id is None and registrant.city is not None:
            contact.city = registrant.city
            contact.save(update_fields=["city"])
        return contact, False
    contact = Contact(
        given_name=registrant.given_name,
        family_name=registrant.family_name,
        job_title=registrant.role,
        city=registrant.city,
        preferred_language=CONTACT_LANGUAGE.get(registrant.language, "es"),
        consent_source=consent_source(event),
    )
    contact.save()
    ContactEmail.objects.create(contact=contact, address=email)
    return contact, True


def record_consent(contact, event):
    """Record a consent given on a page of the event on a contact with no legal basis yet (one staff
    recorded stays); returns the fields changed, for the caller to save."""
    if contact.consent_basis:
        return []
    contact.consent_basis, contact.consent_date = LegalBasis.CONSENT, timezone.localdate()
    contact.consent_source = consent_source(event)
    return ["consent_basis", "consent_date", "consent_source"]


def consent_source(event):
    """Where the contact's consent comes from, the event's title shortened to fit the contact's field."""
    source = _("Registration form of the event “%(title)s”")
    room = Contact._meta.get_field("consent_source").max_length - len(source % {"title": ""})
    return source % {"title": Truncator(event.title).chars(room)}


def tell(registration, kind):
    """Write the e-mail that tells the person of this change; it is sent after the commit. A person who
    now holds a place is also reminded a day before the event."""
    Notice.objects.create(registration=registration, kind=kind)
    # A queue that cannot be reached is logged; it does not turn a stored registration into an error page.
    transaction.on_commit(lambda: send_notices.enqueue(registration.pk), robust=True)
    if registration.status == Registration.Status.CONFIRMED:
        schedule_reminder(registration)


def update(registration, **changes):
    """The details a person may change through their link (not their name, address or place), on the
    registration as stored. Their consent reaches their contact, which the network's mailings read: given
    (or the form's wish confirmed, `Registration.consent_awaits_owner`), it is recorded on the contact;
    withdrawn, the contact is unsubscribed from the mailings, as the link in each of them does. A `changes`
    without the consent leaves it as it is (the person did not change the box)."""
    contact = registration.contact
    # What the page showed: a consent ticked on registering holds only once confirmed here, and no longer
    # once the person unsubscribed.
    consented = registration.consent_to_contact and contact.consent_basis and contact.unsubscribed_at is None
    allowed = {"organisation", "role", "city", "language", "accessibility_needs", "consent_to_contact"}
    for name, value in changes.items():
        if name in allowed:
            setattr(registration, name, value)
    registration.save()
    if "consent_to_contact" not in changes:
        return
    if changes["consent_to_contact"] and not consented:
        consent_given(registration)
    elif consented and not changes["consent_to_contact"]:
        consent_withdrawn(contact, registration.event)


def consent_given(registration):
    """The person ticked the box on their personal page, which only the e-mails to the registration's
    address link to: the address owner's own fresh opt-in. It reaches their contact and lifts the
    unsubscribe of every other record holding that address, since the mailings keep an address out when
    any record of it is unsubscribed (mailings/recipients.py)."""
    event = registration.event
    contacts = [registration.contact] + list(
        Contact.objects.filter(emails__address__iexact=registration.email, unsubscribed_at__isnull=False)
        .exclude(pk=registration.contact_id)
        .distinct()
        .order_by("pk")
    )
    for contact in contacts:
        consent_given_to(contact, event)


def consent_given_to(contact, event):
    """Record the person's fresh opt-in on one contact and log it. It lifts an unsubscribe, as the CRM lets
    staff lift one only on consent given since (contacts/edit_forms.py), so it then replaces an older
    basis; else a basis staff recorded stays."""
    if contact.unsubscribed_at is not None:
        contact.consent_basis, contact.consent_date = LegalBasis.CONSENT, timezone.localdate()
        contact.consent_source = consent_source(event)
        contact.unsubscribed_at = None
        changed = ["consent_basis", "consent_date", "consent_source", "unsubscribed_at"]
    else:
        changed = record_consent(contact, event)
    if changed:
        contact.save(update_fields=changed)
    log(contact, CONSENT_GIVEN_ACTION, data=logged_event(event))


def consent_withdrawn(contact, event):
    """Unsubscribed from the network's mailings, as the link in each of them does."""
    if contact.unsubscribed_at is None:
        contact.unsubscribed_at = timezone.now()
        contact.save(update_fields=["unsubscribed_at"])
    log(contact, CONSENT_WITHDRAWN_ACTION, data=logged_event(event))


def logged_event(event):
    return {"event": {"id": event.pk, "title": event.title}}


def cancel(registration):
    """Cancel a registration; a confirmed person's place goes to the first on the waiting list. Raises
    Registration.DoesNotExist when it was deleted after the caller read it (by staff, with its contact or
    with its event)."""
    with transaction.atomic():
        try:
            event = locked_event(registration.event_id)
        except EventPage.DoesNotExist as error:
            raise Registration.DoesNotExist from error
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        if registration.status in (Registration.Status.CANCELLED, Registration.Status.DECLINED):
            return None
        freed = registration.status == Registration.Status.CONFIRMED
        registration.status = Registration.Status.CANCELLED
        registration.save(update_fields=["status", "updated_at"])
        tell(registration, Notice.Kind.CANCELLED)
        return move_up(event) if freed else None


def move_up(event):
    """Confirm the first person waiting, if a place is free (and the others, if more are); returns the
    first one's registration or None. The caller holds the event's lock."""
    moved_up = fill_free_places(event)
    return moved_up[0] if moved_up else None


def fill_free_places(event):
    """Confirm the first people waiting, as many as places are free, each told by e-mail; returns their
    registrations. The caller holds the event's lock. Nobody moves up once the event is over."""
    free = places_left(event)
    if free == 0 or event.ends_at <= timezone.now():
        return []
    waiting = event.registrations.filter(status=Registration.Status.WAITING).order_by("created_at", "pk")
    moved_up = list(waiting if free is None else waiting[:free])
    for registration in moved_up:
        registration.status = Registration.Status.CONFIRMED
        registration.save(update_fields=["status", "updated_at"])
        tell(registration, Notice.Kind.PROMOTED)
    return moved_up


def places_freed(event_id):
    """Give the places freed other than by a cancellation (more places published, a confirmed
    registration deleted) to the first people waiting, under the event's lock; returns those moved up."""
    with transaction.atomic():
        try:
            event = locked_event(event_id)
        except EventPage.DoesNotExist:  # Deleted, its registrations with it.
            return []
        return fill_free_places(event)


def approve(registration):
    """Staff accept a registration awaiting approval: a place if one is free, else the waiting list."""
    with transaction.atomic():
        event = locked_event(registration.event_id)
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        if registration.status != Registration.Status.PENDING:
            return registration
        fill_free_places(event)  # As on registering: the people waiting come first.
        registration.status = (
            Registration.Status.CONFIRMED if place_for_a_newcomer(event) else Registration.Status.WAITING
        )
        registration.save(update_fields=["status", "updated_at"])
        tell(registration, registration.status)
        return registration


def decline(registration):
    with transaction.atomic():
        locked_event(registration.event_id)
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        if registration.status != Registration.Status.PENDING:
            return registration
        registration.status = Registration.Status.DECLINED
        registration.save(update_fields=["status", "updated_at"])
        tell(registration, Notice.Kind.DECLINED)
        return registration
