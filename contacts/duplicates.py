"""Likely duplicates: the contact and organisation forms refuse to save a record that looks like an
existing one until the user says it is a different person or organisation.

One rule of "likely the same person", also the import's (contacts/importers): the same e-mail address
(in any case), or the same name ignoring accents, case and spacing in the same organisation or city.
An organisation is likely the same as another of the same folded name, unless their cities or countries
differ.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy
from wagtail.admin.forms import WagtailAdminModelForm

from network.imports.values import fold

from .models import Contact, ContactEmail, Organisation

SAVE_ANYWAY = "save_anyway"


def name_key(given_name, family_name):
    """'José  Pérez' and 'jose perez' are the same name."""
    return fold(f"{given_name} {family_name}")


def likely_duplicates_of_contact(
    given_name, family_name="", organisation=None, city=None, emails=(), exclude=None
):
    """The existing contacts likely to be this person, in three queries at most; `exclude` is its own pk."""
    others = Contact.objects.exclude(pk=exclude) if exclude else Contact.objects.all()
    addresses = {address.lower() for address in emails if address}
    pks = set()
    if addresses:
        pks.update(
            ContactEmail.objects.annotate(lower=Lower("address"))
            .filter(lower__in=addresses, contact__in=others)
            .values_list("contact_id", flat=True)
        )
    if given_name or family_name:
        if organisation is None and city is None:
            place = Q(organisation__isnull=True, city__isnull=True)
        else:
            place = Q(pk__in=[])
            if organisation is not None:
                place |= Q(organisation=organisation)
            if city is not None:
                place |= Q(city=city)
        wanted = name_key(given_name, family_name)
        pks.update(
            pk
            for pk, given, family in others.filter(place).values_list("pk", "given_name", "family_name")
            if name_key(given, family) == wanted
        )
    if not pks:
        return []
    return list(Contact.objects.filter(pk__in=pks).order_by("family_name", "given_name", "pk"))


def likely_duplicates_of_organisation(name, city=None, country="", exclude=None):
    """Existing organisations of the same folded name, not told apart by city or country (one query)."""
    others = Organisation.objects.exclude(pk=exclude) if exclude else Organisation.objects.all()
    if city is not None:
        others = others.filter(Q(city=city) | Q(city__isnull=True))
    if country:
        others = others.filter(country__in=[country, ""])
    wanted = fold(name)
    return [
        organisation for organisation in others.order_by("name", "pk") if fold(organisation.name) == wanted
    ]


def links_to(records, url_name):
    return format_html_join(
        ", ",
        '<a href="{}">{}</a>',
        ((reverse(url_name, args=[record.pk]), str(record)) for record in records),
    )


class SaveAnywayInput(forms.CheckboxInput):
    """The checkbox, followed by links to the records it would duplicate."""

    links = ""

    def render(self, name, value, attrs=None, renderer=None):
        return format_html("{} {}", super().render(name, value, attrs, renderer), self.links)


class DuplicateWarningForm(WagtailAdminModelForm):
    """Invalid while the record looks like an existing one and "save anyway" is not ticked.

    The checkbox is shown (through its FieldPanel) only on a form that warned: an unbound form and one
    without duplicates drop it.
    """

    duplicate_url_name = ""
    duplicate_message = ""
    duplicate_links_label = gettext_lazy("Existing:")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.fields.pop(SAVE_ANYWAY, None)

    def find_duplicates(self):
        raise NotImplementedError

    def clean(self):
        cleaned_data = super().clean()
        duplicates = self.find_duplicates() if not self.errors else []
        if not duplicates:
            self.fields.pop(SAVE_ANYWAY, None)
        elif not cleaned_data.get(SAVE_ANYWAY):
            # Wagtail's error message is plain text: the links go next to the checkbox.
            self.fields[SAVE_ANYWAY].widget.links = format_html(
                "{} {}", self.duplicate_links_label, links_to(duplicates, self.duplicate_url_name)
            )
            names = ", ".join(f"“{record}”" for record in duplicates)
            raise ValidationError(self.duplicate_message, code="likely_duplicate", params={"names": names})
        return cleaned_data


class ContactForm(DuplicateWarningForm):
    save_anyway = forms.BooleanField(
        label=gettext_lazy("Save anyway: this is a different person"), required=False, widget=SaveAnywayInput
    )
    duplicate_url_name = "wagtailsnippets_contacts_contact:inspect"
    duplicate_message = gettext_lazy(
        "This is likely the same person as %(names)s (same e-mail address, or the same name in the same "
        "organisation or city). Open their page and merge instead, or tick “Save anyway: this is a different "
        "person” and save again."
    )

    def posted_addresses(self):
        addresses = []
        for form in self.formsets["emails"].forms:
            if form.is_valid() and not form.cleaned_data.get("DELETE") and form.cleaned_data.get("address"):
                addresses.append(form.cleaned_data["address"])
        return addresses

    def find_duplicates(self):
        data = self.cleaned_data
        return likely_duplicates_of_contact(
            data.get("given_name", ""),
            data.get("family_name", ""),
            organisation=data.get("organisation"),
            city=data.get("city"),
            emails=self.posted_addresses(),
            exclude=self.instance.pk,
        )


class OrganisationForm(DuplicateWarningForm):
    save_anyway = forms.BooleanField(
        label=gettext_lazy("Save anyway: this is a different organisation"),
        required=False,
        widget=SaveAnywayInput,
    )
    duplicate_url_name = "wagtailsnippets_contacts_organisation:inspect"
    duplicate_message = gettext_lazy(
        "An organisation of this name already exists: %(names)s. Use it instead, or tick “Save anyway: "
        "this is a different organisation” and save again."
    )

    def find_duplicates(self):
        data = self.cleaned_data
        country = data.get("country")
        return likely_duplicates_of_organisation(
            data.get("name", ""),
            city=data.get("city"),
            country=getattr(country, "code", country) or "",
            exclude=self.instance.pk,
        )
