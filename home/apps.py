from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HomeConfig(AppConfig):
    name = "home"
    verbose_name = _("Home")

    def ready(self):
        # The project's changes to Wagtail's and Django's own classes, listed in docs/upgrading.md.
        from network.csp import nonce_chooser_widgets
        from network.csv_export import neutralise_csv_exports
        from network.integer_lookups import register as register_integer_lookups
        from network.mail_language import send_wagtail_notifications_in_site_language

        nonce_chooser_widgets()
        neutralise_csv_exports()
        register_integer_lookups()
        send_wagtail_notifications_in_site_language()
