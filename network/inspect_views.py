"""Wagtail's inspect view, in words: Yes or No for a yes/no field, a dash for nothing, and times on the
admin's clock. Wagtail shows a field's raw value ("False", "None", a time in UTC) unless it has choices."""

from datetime import datetime

from django.utils import timezone
from django.utils.formats import date_format
from wagtail.snippets.views.snippets import InspectView

from .exports import yes_or_no


class ReadableInspectView(InspectView):
    def get_field_display_value(self, field_name, field):
        value = getattr(self.object, field_name)
        if value is None:
            return "—"
        if isinstance(value, bool):
            return yes_or_no(value)
        if isinstance(value, datetime):
            return date_format(timezone.localtime(value), "DATETIME_FORMAT")
        return super().get_field_display_value(field_name, field)
