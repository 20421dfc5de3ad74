"""Staff's actions on one registration or one event in the admin, beside the listing's (wagtail_hooks.py,
approval_views.py): cancel a registration, and add an attendee by hand (events/staff_registration.py).
Both for who may change registrations only; both URLs belong to the registrations' viewset."""

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView, TemplateView
from wagtail.admin import messages
from wagtail.admin.utils import get_valid_next_url_from_request
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from cities.models import CityPage, in_default_language
from cities.ordering import by_name
from network.record_ids import record_id

from . import staff_registration
from .forms import CityChoiceField, NameField
from .models import EventLanguage, EventPage, Registration
from .permissions import registration_policy
from .registration import Registrant, RegistrationRefused

LISTING = "wagtailsnippets_events_registration:list"
ENDED = (Registration.Status.CANCELLED, Registration.Status.DECLINED)


def cancellable(registration):
    """Staff cancel what the person could on their own page: an active registration of an event not over."""
    return registration.status not in ENDED and not registration.event.is_past


def may_change(user):
    return registration_policy.user_has_permission(user, "change")


def listing_of(event_id):
    return reverse(LISTING) + f"?event={event_id}"


class StaffView(WagtailAdminTemplateMixin):
    header_icon = "group"

    def dispatch(self, request, *args, **kwargs):
        if not may_change(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse(LISTING), "label": _("Event registrations")},
            {"url": "", "label": self.get_page_title()},
        ]


class CancelView(StaffView, TemplateView):
    """A confirmation page, then the cancellation (POST)."""

    template_name = "events/admin/cancel.html"
    page_title = gettext_lazy("Cancel a registration")

    @cached_property
    def registration(self):
        return get_object_or_404(Registration.objects.select_related("event"), pk=self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            registration=self.registration, active=cancellable(self.registration), **kwargs
        )

    def post(self, request, pk):
        back = get_valid_next_url_from_request(request) or listing_of(self.registration.event_id)
        if self.registration.status in ENDED:
            messages.error(request, _("This registration is already cancelled or declined: nothing changed."))
            return HttpResponseRedirect(back)
        if self.registration.event.is_past:
            messages.error(
                request, _("This event has already taken place: the registration can no longer be changed.")
            )
            return HttpResponseRedirect(back)
        try:
            moved_up = staff_registration.cancel_for_the_person(self.registration, request.user)
        except Registration.DoesNotExist:  # Deleted since this page read it.
            messages.error(request, _("This registration was deleted meanwhile: there is nothing to cancel."))
            return redirect(LISTING)
        message = _("%(name)s: registration cancelled; the person is told by e-mail.") % {
            "name": self.registration.name
        }
        if moved_up is not None:
            message += " " + _("%(name)s moves up from the waiting list and is told too.") % {
                "name": moved_up.name
            }
        messages.success(request, message)
        return HttpResponseRedirect(back)


class EventChoiceField(forms.ModelChoiceField):
    """The events, a full one marked with its places taken: staff may still add to it, knowingly."""

    def label_from_instance(self, obj):
        if not staff_registration.is_full(obj):
            return obj.title
        return _("%(title)s (full: %(taken)s of %(capacity)s places taken)") % {
            "title": obj.title,
            "taken": obj.places_taken,
            "capacity": obj.capacity,
        }


class AddAttendeeForm(forms.Form):
    event = EventChoiceField(label=gettext_lazy("Event"), queryset=EventPage.objects.none())
    given_name = NameField(label=gettext_lazy("Given name"), max_length=100)
    family_name = NameField(label=gettext_lazy("Family name"), max_length=100, required=False)
    email = forms.EmailField(label=gettext_lazy("E-mail address"), max_length=254)
    # Named with its country, as on the public form: the network has a La Paz in Bolivia and in Mexico.
    city = CityChoiceField(
        label=gettext_lazy("City"),
        queryset=CityPage.objects.none(),
        required=False,
        empty_label=gettext_lazy("None of these / not a Learning City"),
    )
    organisation = forms.CharField(label=gettext_lazy("Organisation"), max_length=255, required=False)
    language = forms.ChoiceField(
        label=gettext_lazy("Language"),
        choices=EventLanguage.choices,
        help_text=gettext_lazy("Of the e-mails and the personal page."),
    )
    send_email = forms.BooleanField(
        label=gettext_lazy("Send the person the confirmation e-mail"),
        required=False,
        initial=True,
        help_text=gettext_lazy(
            "With the personal link to change or cancel, and the reminder a day before. Untick it for "
            "someone who must not be written to."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["event"].queryset = staff_registration.with_places_taken(
            EventPage.objects.live()
            .filter(ends_at__gt=timezone.now(), **in_default_language())
            .order_by("starts_at", "pk")
        )
        self.fields["city"].queryset = CityPage.objects.originals().live().order_by(by_name(), "pk")

    def registrant(self):
        data = self.cleaned_data
        return Registrant(
            given_name=data["given_name"].strip(),
            family_name=data["family_name"].strip(),
            email=data["email"],
            organisation=data["organisation"],
            city=data["city"],
            language=data["language"],
        )


class AddAttendeeView(StaffView, FormView):
    template_name = "events/admin/add_attendee.html"
    form_class = AddAttendeeForm
    page_title = gettext_lazy("Add attendee")

    def get_initial(self):
        return {"event": record_id(self.request.GET.get("event")), "language": EventLanguage.SPANISH}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = context["form"]
        chosen = record_id(str(form["event"].value()))
        event = form.fields["event"].queryset.filter(pk=chosen).first() if chosen else None
        if event is not None and staff_registration.is_full(event):
            context["full"] = {"title": event.title, "taken": event.places_taken, "capacity": event.capacity}
        return context

    def form_valid(self, form):
        event, send_email = form.cleaned_data["event"], form.cleaned_data["send_email"]
        try:
            registration = staff_registration.add_attendee(
                event, form.registrant(), self.request.user, send_email=send_email
            )
        except RegistrationRefused as refused:
            form.add_error(None, str(refused))
            return self.form_invalid(form)
        outcome = {
            "name": registration.name,
            "title": event.title,
            "status": registration.get_status_display(),
        }
        message = _("%(name)s is registered for “%(title)s”: %(status)s.") % outcome
        message += " " + (_("The person is told by e-mail.") if send_email else _("No e-mail was sent."))
        messages.success(self.request, message)
        if (taken := staff_registration.over_capacity(event)) is not None:
            messages.warning(
                self.request,
                _("“%(title)s” is now over its capacity: %(taken)s places taken of %(capacity)s.")
                % {"title": event.title, "taken": taken, "capacity": event.capacity},
            )
        return redirect(listing_of(event.pk))


cancel = CancelView.as_view()
add_attendee = AddAttendeeView.as_view()
