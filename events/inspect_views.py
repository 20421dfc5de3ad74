"""A registration's page in the admin: its fields in words, and the e-mails the person was sent."""

from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _

from network.inspect_views import ReadableInspectView


class RegistrationInspectView(ReadableInspectView):
    def get_field_label(self, field_name, field):
        if field_name == "notices":
            return _("E-mails")
        return super().get_field_label(field_name, field)

    def get_notices_display_value(self):
        return render_to_string(
            "events/admin/registration_notices.html", {"notices": self.object.notices.all()}
        )
