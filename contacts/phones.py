"""Phone numbers as people write them, checked in the contact form and the contact import.

A number is its digits (7 to 15, as ITU-T E.164 allows, counting the country code) with spaces, dots,
hyphens, slashes or brackets between them, a "+" before the country code, and perhaps an extension
("ext. 12", "x12", "extensión 12", "interno 12", "ramal 12", "anexo 12"). Numbers are kept as written:
this checks, it does not reformat.

The check runs on numbers a form or a file writes, not on the model: numbers stored before it existed
stay readable and exportable, and a contact whose old number is no number can still be edited; the
number is checked once it is changed (`PhoneNumberForm`).
"""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext, gettext_lazy, ngettext
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import InlinePanel, get_form_for_model

MIN_DIGITS, MAX_DIGITS = 7, 15
EXTENSION = re.compile(
    r"\s*[,;]?\s*(?:ext|extn|extension|extensión|extensao|extensão|ramal|anexo|interno|int|x|\#)\.?:?\s*"
    r"\d{1,6}\s*$",
    re.IGNORECASE,
)
NUMBER = re.compile(r"\+?[\d\s().\-/]+")


def validate_phone_number(value):
    """Raise ValidationError, saying why, unless `value` reads as a phone number."""
    number = EXTENSION.sub("", value.strip())
    if not NUMBER.fullmatch(number) or not _brackets_paired(number) or not any(c.isdigit() for c in number):
        raise ValidationError(
            gettext(
                "“%(value)s” is not a phone number: write its digits, with spaces, dots, hyphens or brackets "
                "if you like, a + before the country code and, if needed, an extension such as “ext. 12”."
            )
            % {"value": value},
            code="invalid",
        )
    count = sum(character.isdigit() for character in number)
    if not MIN_DIGITS <= count <= MAX_DIGITS:
        raise ValidationError(
            ngettext(
                "“%(value)s” has %(count)d digit: a phone number has 7 to 15 (without its extension).",
                "“%(value)s” has %(count)d digits: a phone number has 7 to 15 (without its extension).",
                count,
            )
            % {"value": value, "count": count},
            code="digits",
        )


def _brackets_paired(number):
    """Brackets hold digits and close in order, never nested: "(55) 1234" but not "(55 1234" or ")55(."""
    return re.fullmatch(r"[^()]*(?:\([^()]*\d[^()]*\)[^()]*)*", number) is not None


class PhoneNumberForm(WagtailAdminModelForm):
    """A contact's phone in the admin: a new or changed number must read as a phone number; one stored
    before the check and left as it is passes, so that the rest of the contact can still be edited."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "number" in self.fields:
            self.fields["number"].help_text = gettext_lazy(
                "For example +52 55 1234 5678 or (55) 1234-5678 ext. 12."
            )

    def clean_number(self):
        number = self.cleaned_data["number"]
        if number and (self.instance.pk is None or "number" in self.changed_data):
            validate_phone_number(number)
        return number


class PhoneInlinePanel(InlinePanel):
    """The contact's phones, each checked by PhoneNumberForm (which Wagtail's InlinePanel, building the
    form of each phone itself, offers no option to choose)."""

    def get_form_options(self):
        options = super().get_form_options()
        child_options = self.child_edit_handler.get_form_options()
        deferred = child_options.get("defer_required_on_fields")
        options["formsets"][self.relation_name]["form"] = get_form_for_model(
            self.db_field.related_model,
            form_class=PhoneNumberForm,
            **({"defer_required_on_fields": deferred} if deferred else {}),
        )
        return options
