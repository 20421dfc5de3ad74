"""The segment form: roles and kinds of organisation as tick boxes, cities through the CRM's city chooser,
and a name no other segment has, case, accents and spacing aside."""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from contacts.models import CityRole, Organisation
from network.imports.values import fold

from .models import Segment

NAME_TAKEN = _("Another segment already has this name: choose another one.")


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
        error_messages = {"name": {"unique": NAME_TAKEN}}

    def clean_name(self):
        """ "ciudades andinas" or "Cíudades Andinas" next to "Ciudades andinas" would read as one segment in
        the chooser: the names are compared folded (network.imports.values.fold), in Python, alike on SQLite
        and PostgreSQL; segments are tens, not thousands. A name kept as it was is not compared: segments
        saved before the rule keep theirs when their other fields are edited."""
        name = self.cleaned_data["name"]
        if self.instance.pk and fold(name) == fold(self.instance.name):
            return name
        others = Segment.objects.exclude(pk=self.instance.pk).values_list("name", flat=True)
        if any(fold(other) == fold(name) for other in others):
            raise forms.ValidationError(NAME_TAKEN, code="unique")
        return name
