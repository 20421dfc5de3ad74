"""The staff's edit form of a registration (its panels: RegistrationViewSet in wagtail_hooks.py).

The name is there to be corrected: it is what the person's certificate of attendance and e-mails say. It is
cleaned as the public form cleans it (forms.NameField), and once corrected a certificate already issued is
made again by the worker, with the same code (certificates.remake_certificate). Made again whenever the name
changes rather than on a separate button: the verification page reads the name from the registration, so
from the moment of the correction a certificate not made again would disagree with its own page.
"""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from .certificates import queue_remaking
from .forms import NameField
from .models import Registration


class RegistrationEditForm(WagtailAdminModelForm):
    name = NameField(
        label=_("Name"),
        max_length=Registration._meta.get_field("name").max_length,
        help_text=_(
            "As it appears on the certificate of attendance and in the e-mails. Correcting it makes an "
            "issued certificate again, with the same code, and sends it to the person."
        ),
    )

    def save(self, commit=True):
        registration = super().save(commit=commit)
        if commit and "name" in self.changed_data:
            queue_remaking(registration)
        return registration
