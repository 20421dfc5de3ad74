"""A registration's page in the admin: its fields in words, the e-mails the person was sent, and a button
to cancel it (events/staff_views.py)."""

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.widgets.button import Button

from network.inspect_views import ReadableInspectView

from .staff_views import cancellable, may_change


class RegistrationInspectView(ReadableInspectView):
    def get_field_label(self, field_name, field):
        if field_name == "notices":
            return _("E-mails")
        return super().get_field_label(field_name, field)

    def get_notices_display_value(self):
        return render_to_string(
            "events/admin/registration_notices.html", {"notices": self.object.notices.all()}
        )

    @cached_property
    def header_more_buttons(self):
        buttons = list(super().header_more_buttons)
        if cancellable(self.object) and may_change(self.request.user):
            url = reverse("wagtailsnippets_events_registration:cancel", args=[self.object.pk])
            buttons.append(Button(_("Cancel registration"), url=url, icon_name="cross", priority=30))
        return buttons
