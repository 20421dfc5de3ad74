"""The admin's sign-in form with a translated label on the password field.

Wagtail's LoginForm declares the password field without a label, so Django shows its field name,
"Password", untranslated (WAGTAILADMIN_USER_LOGIN_FORM points here).
"""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.auth import LoginForm


class SignInForm(LoginForm):
    password = forms.CharField(
        label=_("Password"),
        widget=forms.PasswordInput(attrs={"placeholder": _("Enter password")}),
        strip=False,
    )
