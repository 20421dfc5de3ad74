"""The public registration form and the form behind a registrant's personal link."""

import unicodedata

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from cities.directory import published_cities
from cities.ordering import by_name

from .models import EventLanguage, Registration
from .registration import Registrant

# A field no person sees (hidden by CSS and from screen readers): only robots fill it in.
HONEYPOT = "website"
LANGUAGE_OF_SITE = {"es": "es", "pt-br": "pt", "en": "en"}


# Letters that show nothing (Hangul fillers): typed, or pasted, they make a name look empty.
BLANK_LETTERS = {"\u115f", "\u1160", "\u3164", "\uffa0"}


def invisible(char):
    """Whitespace, a Unicode format character (zero-width space, direction mark, soft hyphen, byte-order
    mark…), a control character or a letter that shows nothing."""
    return char.isspace() or unicodedata.category(char) in {"Cf", "Cc"} or char in BLANK_LETTERS


class NameField(forms.CharField):
    """A person's name, for a certificate, a badge and the e-mails' greeting: the invisible characters at
    its ends are dropped (those inside stay, some languages spell with them), and a name with no letter
    left to show is no name: refused where one is required, left empty where it is not (a "-" typed for a
    family name one does not have)."""

    def to_python(self, value):
        value = super().to_python(value)
        start, end = 0, len(value)
        while start < end and invisible(value[start]):
            start += 1
        while end > start and invisible(value[end - 1]):
            end -= 1
        value = value[start:end]
        shows_a_letter = any(unicodedata.category(char)[0] == "L" and not invisible(char) for char in value)
        return value if shows_a_letter else self.empty_value


class CityChoiceField(forms.ModelChoiceField):
    def to_python(self, value):
        """A value that is no city's key is refused as any unknown choice is, not as a malformed UUID."""
        try:
            return super().to_python(value)
        except ValidationError as error:
            if error.code == "invalid_choice":
                raise
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice") from error

    def label_from_instance(self, city):
        return f"{city.title} ({city.country.name})"


class DetailsForm(forms.ModelForm):
    """What a registrant may change through their link."""

    class Meta:
        model = Registration
        fields = ["organisation", "role", "city", "language", "accessibility_needs", "consent_to_contact"]
        widgets = {"accessibility_needs": forms.Textarea(attrs={"rows": 3})}
        help_texts = {
            "accessibility_needs": _(
                "Interpretation, captions, step-free access… Only the organisers see it."
            ),
            "consent_to_contact": _("You can withdraw it at any time with the link in each message."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["city"] = CityChoiceField(
            label=_("City"),
            queryset=published_cities().order_by(by_name(), "pk"),
            required=False,
            empty_label=_("None of these / not a Learning City"),
            to_field_name="translation_key",
        )
        if self.instance.city_id:
            self.initial["city"] = self.instance.city.translation_key
        if self.instance.pk:
            self.show_consent_as_it_holds()

    def show_consent_as_it_holds(self):
        """On the personal page the box says whether the person's contact may be mailed now: unticked once
        they unsubscribed (from a mailing's link, say), whatever they ticked when registering. The page
        sends what it showed (a hidden initial), so that only a box the person changed changes their
        consent: a page opened before an unsubscribe, saved still ticked, lifts nothing."""
        consent = self.fields["consent_to_contact"]
        consent.show_hidden_initial = True
        if self.instance.contact.unsubscribed_at is not None:
            self.initial["consent_to_contact"] = False
            consent.help_text = _(
                "You unsubscribed from the network's mailings: tick the box to receive them again."
            )

    def consent_changes(self):
        """The cleaned data a save applies: the consent only when the person changed the box."""
        changes = dict(self.cleaned_data)
        if "consent_to_contact" not in self.changed_data:
            changes.pop("consent_to_contact", None)
        return changes

    def clean_city(self):
        """The city chosen on a page in any language is stored as its original."""
        city = self.cleaned_data["city"]
        if city is None:
            return None
        from cities.models import CityPage

        return CityPage.objects.originals().get(translation_key=city.translation_key)


class RegistrationForm(DetailsForm):
    given_name = NameField(label=_("Given name"), max_length=100)
    family_name = NameField(label=_("Family name"), max_length=100, required=False)
    email = forms.EmailField(label=_("E-mail address"), max_length=254)
    website = forms.CharField(label=_("Leave this field empty"), required=False)

    field_order = ["given_name", "family_name", "email", "organisation", "role", "city", "language"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields[HONEYPOT].widget.attrs.update({"autocomplete": "off", "tabindex": "-1"})
        if not self.is_bound:
            self.initial.setdefault("language", LANGUAGE_OF_SITE.get(get_language(), EventLanguage.SPANISH))

    @property
    def filled_by_a_robot(self):
        return bool(self.data.get(HONEYPOT))

    def registrant(self):
        data = self.cleaned_data
        return Registrant(
            given_name=data["given_name"],
            family_name=data["family_name"],
            email=data["email"],
            organisation=data["organisation"],
            role=data["role"],
            city=data["city"],
            language=data["language"],
            accessibility_needs=data["accessibility_needs"],
            consent_to_contact=data["consent_to_contact"],
        )
