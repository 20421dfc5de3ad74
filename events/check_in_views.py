"""The check-in page staff use at the door on a phone: search by name, one tap per person.

A plain page, not Wagtail's admin chrome: a few kilobytes and no script, so that it works on a slow
connection; every action is a form POST that comes back to the same list (the search kept).
"""

from datetime import date
from urllib.parse import urlencode

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from wagtail.admin import messages

from cities.models import in_default_language
from cities.ordering import by_name
from network.admin_search import matching_words

from . import attendance
from .certificates import issuing_refusal, queue_certificates
from .models import CheckIn, EventPage, Registration
from .permissions import registration_policy

MOST_SHOWN = 50


def staff_event(request, event_id):
    if not registration_policy.user_has_permission(request.user, "change"):
        raise PermissionDenied
    return get_object_or_404(EventPage, pk=event_id, **in_default_language())


def chosen_day(event, value):
    try:
        day = date.fromisoformat(value or "")
    except ValueError:
        return attendance.default_day(event)
    return day if day in attendance.event_days(event) else attendance.default_day(event)


def chosen_session(sessions, value):
    """The session asked for, else the one running now; "" for a day without sessions."""
    for session in sessions:
        if session.id == value:
            return session.id
    default = attendance.default_session(sessions)
    return default.id if default else ""


def posted_registration(request, event):
    """The person tapped; a value that is no registration of this event finds nothing (404)."""
    try:
        return event.registrations.get(pk=int(request.POST.get("registration", "")))
    except (ValueError, Registration.DoesNotExist) as error:
        raise Http404(_("This person is not registered for this event.")) from error


def posted_day(value):
    """The day the page showed; None (refused as no day of the event) when it is not a date."""
    try:
        return date.fromisoformat(value or "")
    except ValueError:
        return None


def tap(request, event):
    """Check a person in, or undo it, at exactly the day and session the page showed: a day or session the
    event does not have is refused with a message, never replaced by the default one."""
    registration = posted_registration(request, event)
    day = posted_day(request.POST.get("day"))
    session = request.POST.get("session", "")
    try:
        if request.POST.get("action") == "undo":
            attendance.undo_check_in(registration, day, session)
        else:
            attendance.check_in(registration, day, request.user, session)
    except ValueError as refused:
        messages.error(request, str(refused))
    kept = {"day": request.POST.get("day", ""), "session": session, "q": request.POST.get("q", "").strip()}
    # After a tap the list stays as it was, and the search box comes back empty for the next person.
    return redirect(f"{request.path}?{urlencode(kept)}&tapped=1")


@never_cache
def check_in_page(request, event_id):
    event = staff_event(request, event_id)
    if request.method == "POST":
        return tap(request, event)
    day = chosen_day(event, request.GET.get("day"))
    sessions = attendance.sessions_on(event, day)
    session = chosen_session(sessions, request.GET.get("session"))
    query = request.GET.get("q", "").strip()
    seen_here = CheckIn.objects.filter(registration__event=event, day=day, session=session)
    # The list and its count are of the people with a place: someone checked in who cancelled since is
    # neither listed nor counted (their check-in still counts as attendance).
    confirmed = Registration.objects.filter(event=event, status=Registration.Status.CONFIRMED)
    people = confirmed.annotate(present=Exists(seen_here.filter(registration=OuterRef("pk"))))
    people = matching_words(people, query, ("name", "email", "organisation"))
    total = confirmed.count()
    present = seen_here.filter(registration__in=confirmed).count()
    context = {
        "event": event,
        "day": day,
        "days": attendance.event_days(event),
        "sessions": sessions,
        "session": session,
        "query": query,
        # After a tap, the box is empty (typing the next name does not run into the last one); the list
        # stays that of the last search, which the page names.
        "typed": "" if request.GET.get("tapped") else query,
        "people": list(people.order_by(by_name("name"), "pk")[:MOST_SHOWN]),
        "more": people.count() > MOST_SHOWN,
        "total": total,
        "present": present,
        "record_url": reverse("events_check_in:record", args=[event.pk]),
        "certificates_url": reverse("events_check_in:certificates", args=[event.pk]),
    }
    return TemplateResponse(request, "events/admin/check_in.html", context)


def record(request, event_id):
    event = staff_event(request, event_id)
    if request.method != "POST":
        return redirect("events_check_in:page", event_id=event.pk)
    engagement = attendance.record_attendance(event, request.user)
    if engagement is None:
        messages.warning(request, _("Nobody has been checked in yet: nothing was recorded."))
        return redirect("events_check_in:page", event_id=event.pk)
    messages.success(request, _("Attendance recorded in the engagement log."))
    return redirect("wagtailsnippets_contacts_engagement:edit", engagement.pk)


def certificates(request, event_id):
    """Queue the certificates of the people checked in; the worker makes and mails them."""
    event = staff_event(request, event_id)
    if request.method == "POST" and (refused := issuing_refusal(event)):
        messages.error(request, refused)
    elif request.method == "POST":
        queue_certificates(event)
        messages.success(
            request, _("The certificates are being issued: each person checked in receives theirs by e-mail.")
        )
    return redirect("events_check_in:page", event_id=event.pk)
