"""The contact and organisation forms of the admin: a save from a form opened before the record last
changed is refused (network/edit_conflicts.py), and a contact's unsubscribe is lifted only by the
person's new consent.

Staff may record an unsubscribe by hand (the person asked by e-mail or on the phone). They may clear it
only when the person asked to receive mailings again, recorded in the same form as consent given on or
after the day they unsubscribed (legal basis "Consent", its date and where it was given): an objection to
mailings is lifted by the person's own opt-in, never by an older basis such as legitimate interest.
A consent is dated on or before today, in the site's time zone: a date to come is refused, so that it
cannot outrank an unsubscribe.
"""

from django.utils import formats, timezone
from django.utils.translation import gettext as _

from network.edit_conflicts import VersionCheckedForm

from .duplicates import ContactForm, OrganisationForm
from .models import LegalBasis
from .theme_names import named_themes


class ContactEditForm(VersionCheckedForm, ContactForm):
    def clean(self):
        unsubscribed_at = self.initial.get("unsubscribed_at")
        lifted = "unsubscribed_at" in self.cleaned_data and self.cleaned_data["unsubscribed_at"] is None
        if unsubscribed_at and lifted and not self.consented_since(timezone.localdate(unsubscribed_at)):
            message = _(
                "The person unsubscribed on %(date)s. Clear this only when they asked to receive mailings "
                "again, and record that consent in this section: legal basis “%(consent)s”, its date (on or "
                "after %(date)s) and where it was given."
            )
            date = formats.date_format(timezone.localdate(unsubscribed_at), "SHORT_DATE_FORMAT")
            self.add_error("unsubscribed_at", message % {"date": date, "consent": LegalBasis.CONSENT.label})
        if in_the_future(self.cleaned_data.get("consent_date")):
            self.add_error("consent_date", future_consent_message())
        self.refuse_repeated_addresses()
        return super().clean()

    def refuse_repeated_addresses(self):
        """The same address twice (case aside) would show twice on the person's page and in downloads."""
        seen, emails = set(), getattr(self, "formsets", {}).get("emails")
        for form in emails.forms if emails is not None else ():
            if not form.is_valid() or form.cleaned_data.get("DELETE"):
                continue
            address = (form.cleaned_data.get("address") or "").lower()
            if address in seen:
                form.add_error("address", _("This address is already listed above."))
            elif address:
                seen.add(address)

    def consented_since(self, day):
        data = self.cleaned_data
        return (
            data.get("consent_basis") == LegalBasis.CONSENT
            and data.get("consent_date") is not None
            and data["consent_date"] >= day
            and not in_the_future(data["consent_date"])
            and bool(data.get("consent_source", "").strip())
        )


def in_the_future(day):
    """Whether a date is after today in the site's time zone (not the reader's, which the admin may use)."""
    return day is not None and day > timezone.localdate(timezone=timezone.get_default_timezone())


def future_consent_message():
    return _("The consent date cannot be after today: record the day the person gave their consent.")


class OrganisationEditForm(VersionCheckedForm, OrganisationForm):
    pass


def colleague_label(user):
    """A colleague as the dashboard and timeline name them, with the username that tells two apart."""
    name = user.get_full_name()
    return f"{name} ({user.get_username()})" if name else user.get_username()


class EngagementEditForm(VersionCheckedForm):
    """The owner and the follow-up's assignee are chosen by name, not by a bare username; the themes by
    their names in the admin's language."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("owner", "follow_up_assignee"):
            if name in self.fields:
                self.fields[name].label_from_instance = colleague_label
        if "themes" in self.fields:
            self.fields["themes"] = named_themes(self.fields["themes"])
