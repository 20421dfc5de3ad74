from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContactsConfig(AppConfig):
    name = "contacts"
    verbose_name = _("Engagement log")

    def ready(self):
        from . import follow_ups, mayor_sync, public_activity, role_dates, signals

        signals.connect()
        follow_ups.connect()
        mayor_sync.connect()
        public_activity.connect()
        role_dates.connect()
