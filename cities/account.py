"""A person's own account settings: they change their e-mail address, but not to one someone else holds.

Wagtail's own "Name and Email" panel saves any address (the project turns its e-mail field off with
WAGTAIL_EMAIL_MANAGEMENT_ENABLED = False); this panel takes its place. An address is refused when
another account has it (as e-mail or username), a pending focal-point invitation was sent to it, or a
CRM contact other than the person's own holds it: invitations, and the focal-point sync of the CRM's
roles, find accounts by e-mail address, so taking such an address could take another city's access.

"The person's own contact" is one that also holds their current address: moving to another address of
that contact does not match the account with any contact it was not matched with already. The message
never says who holds an address: CRM data stays with UIL staff.
"""

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy
from wagtail.admin.views.account import BaseSettingsPanel, email_management_enabled

from contacts.models import ContactEmail

from .invitations import pending_invitations

ADDRESS_NOT_AVAILABLE = gettext_lazy(
    "This e-mail address cannot be used for your account. If it is yours, ask the Learning Cities "
    "Network team to change it for you."
)


def address_is_taken(address, user, current_address=""):
    """Whether this address could match `user` with another's account, invitation or contact."""
    others = get_user_model().objects.exclude(pk=user.pk)
    if others.filter(Q(email__iexact=address) | Q(username__iexact=address)).exists():
        return True
    if pending_invitations().filter(email__iexact=address).exclude(user=user).exists():
        return True
    holders = set(ContactEmail.objects.filter(address__iexact=address).values_list("contact_id", flat=True))
    if not holders:
        return False
    own = (
        set(ContactEmail.objects.filter(address__iexact=current_address).values_list("contact_id", flat=True))
        if current_address
        else set()
    )
    return not holders <= own


class AccountEmailForm(forms.ModelForm):
    email = forms.EmailField(label=gettext_lazy("E-mail address"))

    class Meta:
        model = get_user_model()
        fields = ["email"]

    def clean_email(self):
        address = get_user_model().objects.normalize_email(self.cleaned_data["email"]).strip()
        current = self.initial.get("email") or ""
        if address.lower() != current.lower() and address_is_taken(address, self.instance, current):
            raise ValidationError(ADDRESS_NOT_AVAILABLE, code="not_available")
        return address


class AccountEmailSettingsPanel(BaseSettingsPanel):
    """Shown on the account page's profile tab, after the name, while Wagtail's own e-mail field is off."""

    name = "email"
    title = gettext_lazy("E-mail address")
    order = 110
    form_class = AccountEmailForm

    def is_active(self):
        return not email_management_enabled()
