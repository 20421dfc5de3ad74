"""The registration page of an event, what the event's page says of registering, and the page behind a
registrant's personal link."""

from axes.helpers import get_client_ip_address
from django.conf import settings
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone, translation
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from network.request_counts import count_request

from . import registration as service
from .forms import DetailsForm, RegistrationForm
from .models import Registration
from .not_invited import tell_not_invited
from .page_context import event_context

LIMIT_PERIOD_SECONDS = 60 * 10


def private(response):
    """Personal or per-visitor pages: never cached, never indexed, the key never sent to another site as a
    referrer. (Not "no-referrer": a browser then sends `Origin: null` with the page's own forms, which
    Django's CSRF check refuses.)"""
    add_never_cache_headers(response)
    response["X-Robots-Tag"] = "noindex"
    response["Referrer-Policy"] = "same-origin"
    return response


def event_page_context(page, request):
    """An event page's context: its cities and its map, and what it says of registering (on the original
    page, which registrations belong to)."""
    return {**event_context(page, request), **service.public_state(page.original())}


def too_many(request, email):
    address = get_client_ip_address(request)
    by_address = (
        0 if address is None else count_request("registration", "address", address, LIMIT_PERIOD_SECONDS)
    )
    by_email = count_request("registration", "email", email.strip().casefold(), LIMIT_PERIOD_SECONDS)
    return (
        by_address > settings.EVENT_REGISTRATIONS_PER_ADDRESS
        or by_email > settings.EVENT_REGISTRATIONS_PER_EMAIL
    )


def register(page, request):
    event = page.original()
    context = {"page": page, "event": event, "self": page}
    refusal = service.refusal(event, timezone.now())
    status = 200
    received = f"{page.url}register/?done=received"
    if request.method == "POST" and refusal is None:
        form = RegistrationForm(request.POST)
        if form.filled_by_a_robot:
            # Answered as a success, so that the robot learns nothing; nothing is stored or sent.
            return private(redirect(received))
        if form.is_valid():
            if too_many(request, form.cleaned_data["email"]):
                form.add_error(
                    None, _("Too many registrations from here in a short time: try again in a few minutes.")
                )
                status = 429
            else:
                # The same answer for an address registered already, or not invited, as for a new one, so
                # that it tells nobody who registered: the e-mail to the address says where it stands.
                try:
                    service.register(event, form.registrant())
                except service.AlreadyRegistered:
                    service.tell_already_registered(event, form.cleaned_data["email"])
                    return private(redirect(received))
                except service.NotInvited:  # Nor who is invited: the e-mail says it is not.
                    tell_not_invited(event, form.cleaned_data["email"], form.cleaned_data["language"])
                    return private(redirect(received))
                except service.RegistrationRefused as refused:
                    form.add_error(None, str(refused))
                    status = 400
                else:
                    return private(redirect(received))
        else:
            status = 400
    elif request.method == "POST":
        form = None
        status = 400
    else:
        form = RegistrationForm() if refusal is None else None
    context.update(
        form=form,
        refusal=refusal,
        done=request.GET.get("done") == "received",
        places_left=service.places_left(event),
    )
    return private(TemplateResponse(request, "events/register.html", context, status=status))


def link_not_valid():
    """What a personal link to no registration answers: a wrong key, or a registration deleted since."""
    return Http404(_("This link is not valid: check that you copied the whole link from our e-mail."))


def consent_shown(form, registration):
    """A consent ticked on the public form is not recorded until the address's owner confirms it here: the
    box shows unticked, and says so, until they tick it and save."""
    if registration.consent_awaits_owner:
        form.initial["consent_to_contact"] = False
        form.fields["consent_to_contact"].help_text = _(
            "You asked to be contacted when registering: tick the box and save to confirm it. You can "
            "withdraw it at any time with the link in each message."
        )
    return form


@never_cache
def manage(request, key):
    """Change or cancel a registration through its personal link; a wrong key finds nothing."""
    registration = Registration.objects.select_related("event").filter(manage_key=key).first()
    if registration is None or len(key) < 20:
        raise link_not_valid()
    event = registration.event
    active = registration.status not in (Registration.Status.CANCELLED, Registration.Status.DECLINED)
    message = None
    status = 200
    confirming = False
    form = consent_shown(DetailsForm(instance=registration), registration)
    if request.method == "POST" and not active:
        status = 400
        message = _("This registration is already cancelled.")
    elif request.method == "POST" and event.is_past:
        status = 400
        message = _("This event has already taken place: the registration can no longer be changed.")
    elif request.method == "POST" and request.POST.get("action") == "cancel":
        # Cancelling gives the place away at once (to the first person waiting): the page asks first.
        confirming = True
    elif request.method == "POST" and request.POST.get("action") == "cancel-confirmed":
        try:
            service.cancel(registration)
        except Registration.DoesNotExist as error:  # Staff deleted it (with its contact or event) meanwhile.
            raise link_not_valid() from error
        return private(redirect(request.path + "?done=cancelled"))
    elif request.method == "POST":
        form = consent_shown(DetailsForm(request.POST, instance=registration), registration)
        if form.is_valid():
            with transaction.atomic():
                # Saving a registration staff deleted meanwhile would make it again, place and all; the
                # row as stored tells whether the person's consent changes.
                stored = Registration.objects.select_for_update().filter(pk=registration.pk).first()
                if stored is None:
                    raise link_not_valid()
                service.update(stored, **form.consent_changes())
            return private(redirect(request.path + "?done=saved"))
        status = 400
    done = request.GET.get("done")
    context = {
        "registration": registration,
        "event": event,
        # Its title in the page's language: the link in the person's e-mails is in theirs.
        "translated": event.in_language(translation.get_language()),
        "form": form,
        "active": active and not event.is_past,
        "message": message,
        "confirming": confirming,
        "done": done if done in ("saved", "cancelled") else None,
        "has_certificate": hasattr(registration, "certificate") and event.is_past,
    }
    return private(TemplateResponse(request, "events/manage.html", context, status=status))
