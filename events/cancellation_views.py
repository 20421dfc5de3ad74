"""Staff's "Cancel the event" in the admin (events/cancellation.py): a page that says how many people will be
told and asks first, then the cancellation (POST). For who may change registrations only, as the other
actions on an event's registrations; never focal points."""

from django import forms
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.generic import FormView
from wagtail.admin import messages

from .cancellation import cancel_event, to_be_told
from .check_in_views import staff_event
from .staff_views import StaffView


class CancelEventForm(forms.Form):
    message = forms.CharField(
        label=gettext_lazy("Message to the people registered (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=gettext_lazy(
            "Added as you write it to the e-mail that tells each person, whatever the e-mail's language: a "
            "new date to come, for instance."
        ),
    )


class CancelEventView(StaffView, FormView):
    template_name = "events/admin/cancel_event.html"
    form_class = CancelEventForm
    page_title = gettext_lazy("Cancel the event")
    header_icon = "cross"

    @cached_property
    def event(self):
        """The original page (registrations belong to it); 404 for no event, 403 for who may not."""
        return staff_event(self.request, self.kwargs["event_id"])

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            event=self.event,
            cancellation=self.event.cancellation,
            to_be_told=to_be_told(self.event).count(),
            edit_url=reverse("wagtailadmin_pages:edit", args=[self.event.pk]),
            **kwargs,
        )

    def form_valid(self, form):
        back = reverse("wagtailadmin_pages:edit", args=[self.event.pk])
        if self.event.is_past:  # Telling people now would only confuse them; nor is there anything to stop.
            messages.error(self.request, _("This event has already taken place: it cannot be cancelled."))
            return HttpResponseRedirect(back)
        told = cancel_event(self.event, self.request.user, form.cleaned_data["message"])
        if told is None:
            messages.error(self.request, _("This event was already cancelled: nothing changed."))
        else:
            messages.success(
                self.request,
                ngettext(
                    "“%(title)s” is cancelled; %(count)s person is told by e-mail.",
                    "“%(title)s” is cancelled; %(count)s people are told by e-mail.",
                    told,
                )
                % {"title": self.event.title, "count": told},
            )
        return HttpResponseRedirect(back)


cancel_event_view = CancelEventView.as_view()
