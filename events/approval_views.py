"""Staff accept or decline a registration awaiting approval: a confirmation page, then a POST."""

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin import messages
from wagtail.admin.utils import get_valid_next_url_from_request
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.widgets.button import Button

from . import registration as service
from .models import EventPage, Registration
from .permissions import registration_policy

DECISIONS = {"approve": service.approve, "decline": service.decline}


class ApprovalButton(Button):
    def __init__(self, label, url):
        super().__init__(label, url, icon_name="tick" if "approve" in url else "cross", priority=30)


class DecisionView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "events/admin/decide.html"
    page_title = gettext_lazy("Registration awaiting approval")
    header_icon = "group"

    def dispatch(self, request, pk, decision):
        if not registration_policy.user_has_permission(request.user, "change"):
            raise PermissionDenied
        if decision not in DECISIONS:
            raise Http404
        self.registration = get_object_or_404(Registration.objects.select_related("event"), pk=pk)
        self.decision = decision
        return super().dispatch(request, pk, decision)

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse("wagtailsnippets_events_registration:list"), "label": _("Event registrations")},
            {"url": "", "label": self.registration.name},
        ]

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            registration=self.registration, decision=self.decision, pending=self.is_pending(), **kwargs
        )

    def is_pending(self):
        return self.registration.status == Registration.Status.PENDING

    def post(self, request, pk, decision):
        if not self.is_pending():
            messages.error(request, _("This registration is no longer awaiting approval."))
            return self.back_to_the_list()
        try:
            registration = DECISIONS[decision](self.registration)
        except (Registration.DoesNotExist, EventPage.DoesNotExist):  # Deleted since this page read it.
            messages.error(request, _("This registration was deleted meanwhile: there is nothing to decide."))
            return redirect("wagtailsnippets_events_registration:list")
        outcome = {"name": registration.name, "status": registration.get_status_display()}
        messages.success(request, _("%(name)s: %(status)s.") % outcome)
        return self.back_to_the_list()

    def back_to_the_list(self):
        """To the listing the decision was taken from, else to the listing of the registration's event."""
        return HttpResponseRedirect(
            get_valid_next_url_from_request(self.request)
            or reverse("wagtailsnippets_events_registration:list") + f"?event={self.registration.event_id}"
        )


decide = DecisionView.as_view()
