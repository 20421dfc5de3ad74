"""The segment form: roles and kinds of organisation as tick boxes, cities through the CRM's city chooser."""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from contacts.models import CityRole, Organisation


class SegmentForm(WagtailAdminModelForm):
    roles = forms.MultipleChoiceField(
        label=_("Roles in a city"),
        choices=CityRole.Role.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("People who hold one of these roles; with cities or countries below, in one of them."),
    )
    organisation_kinds = forms.MultipleChoiceField(
        label=_("Kinds of organisation"),
        choices=Organisation.Kind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        # Django's own reads "Segment with this Name already exists." (in Spanish "Ya existe Segmento con
        # este Nombre.").
        error_messages = {"name": {"unique": _("Another segment already has this name: choose another one.")}}
