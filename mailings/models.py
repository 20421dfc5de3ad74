"""Segments (saved groups of contacts) and mailings to them, with one delivery row per recipient."""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.admin.widgets import AdminAutoHeightTextInput

from cities.models import in_default_language
from contacts.models import CityRole, Language, Organisation


class Segment(models.Model):
    """A saved description of a group of contacts; who is in it is worked out when it is used.

    Every criterion that is filled in must hold (AND); within one criterion any choice will do (OR).
    """

    name = models.CharField(_("name"), max_length=255, unique=True)
    description = models.TextField(_("description"), blank=True)
    roles = models.JSONField(
        _("roles in a city"),
        default=list,
        blank=True,
        help_text=_("People who hold one of these roles; with cities or countries below, in one of them."),
    )
    current_roles_only = models.BooleanField(
        _("current roles only"), default=True, help_text=_("Leave out roles that have ended.")
    )
    cities = models.ManyToManyField(
        "cities.CityPage",
        verbose_name=_("cities"),
        blank=True,
        related_name="+",
        limit_choices_to=in_default_language,
    )
    countries = CountryField(_("countries"), multiple=True, blank=True)
    themes = models.ManyToManyField(
        "cities.Theme",
        verbose_name=_("themes"),
        blank=True,
        related_name="+",
        limit_choices_to=in_default_language,
        help_text=_("Who took part in an engagement on one of these themes, or whose city works on one."),
    )
    organisation_kinds = models.JSONField(_("kinds of organisation"), default=list, blank=True)
    tags = models.ManyToManyField(
        "contacts.ContactTag", verbose_name=_("contact tags"), blank=True, related_name="segments"
    )
    created_at = models.DateTimeField(_("created on"), auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("segment")
        verbose_name_plural = _("segments")

    def __str__(self):
        return self.name

    def clean(self):
        unknown_roles = set(self.roles or []) - set(CityRole.Role.values)
        unknown_kinds = set(self.organisation_kinds or []) - set(Organisation.Kind.values)
        if unknown_roles:
            raise ValidationError({"roles": _("Choose roles from the list.")})
        if unknown_kinds:
            raise ValidationError({"organisation_kinds": _("Choose kinds of organisation from the list.")})

    def has_criteria(self):
        """Whether anything narrows the segment down: without criteria it holds every contact."""
        return bool(
            self.roles
            or self.organisation_kinds
            or self.countries
            or self.cities.exists()
            or self.themes.exists()
            or self.tags.exists()
        )

    def members(self):
        from .segments import members_of

        return members_of(self)

    def get_roles_display(self):
        labels = dict(CityRole.Role.choices)
        return ", ".join(str(labels.get(role, role)) for role in self.roles)

    def get_organisation_kinds_display(self):
        labels = dict(Organisation.Kind.choices)
        return ", ".join(str(labels.get(kind, kind)) for kind in self.organisation_kinds)


# The language tag of each version (subject_<code>, body_<code>), as the mailing's preview marks it.
VERSION_TAGS = {"es": "es", "pt": "pt-BR", "en": "en"}


def version_panels(code):
    """A version's subject and message, written in its language: the browser checks their spelling, and a
    screen reader reads them, in that language rather than the admin's."""
    language = {"lang": VERSION_TAGS[code]}
    return [
        FieldPanel(f"subject_{code}", widget=forms.TextInput(attrs=language)),
        FieldPanel(f"body_{code}", widget=AdminAutoHeightTextInput(attrs=language)),
    ]


# The longest message a version may hold: some 15,000 words, longer than any announcement or newsletter the
# network sends; without a limit, 2 MB of pasted text was accepted, queued, sent to a whole segment and kept
# as the summary of its engagement on the cities' timelines (sending.py). A TextField's limit is its form
# field's (the browser stops typing there, the server refuses more): the database column stays as it is.
BODY_MAX_CHARACTERS = 100_000


class Mailing(models.Model):
    """A message to a segment, written once per language; each person gets it in theirs."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        QUEUED = "queued", _("Queued")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")

    segment = models.ForeignKey(
        Segment, verbose_name=_("segment"), on_delete=models.PROTECT, related_name="mailings"
    )
    subject_es = models.CharField(_("subject (Spanish)"), max_length=200)
    body_es = models.TextField(_("message (Spanish)"), max_length=BODY_MAX_CHARACTERS)
    subject_pt = models.CharField(_("subject (Portuguese)"), max_length=200, blank=True)
    body_pt = models.TextField(_("message (Portuguese)"), max_length=BODY_MAX_CHARACTERS, blank=True)
    subject_en = models.CharField(_("subject (English)"), max_length=200, blank=True)
    body_en = models.TextField(_("message (English)"), max_length=BODY_MAX_CHARACTERS, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT, editable=False
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("written by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        editable=False,
        related_name="+",
    )
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sent by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        editable=False,
        related_name="+",
    )
    created_at = models.DateTimeField(_("written on"), auto_now_add=True)
    queued_at = models.DateTimeField(_("queued on"), null=True, blank=True, editable=False)
    finished_at = models.DateTimeField(_("sent on"), null=True, blank=True, editable=False)
    # While the mail server cannot be reached (mailings/sending.py): what it answered, since when, and when
    # the worker tries again. Emptied when it answers.
    server_error = models.TextField(_("mail server error"), blank=True, editable=False)
    server_failing_since = models.DateTimeField(
        _("mail server failing since"), null=True, blank=True, editable=False
    )
    retry_at = models.DateTimeField(_("next try"), null=True, blank=True, editable=False)
    engagement = models.OneToOneField(
        "contacts.Engagement",
        verbose_name=_("engagement"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        editable=False,
        related_name="mailing",
    )

    panels = [
        FieldPanel("segment"),
        MultiFieldPanel(version_panels("es"), heading=_("Spanish")),
        MultiFieldPanel(version_panels("pt"), heading=_("Portuguese")),
        MultiFieldPanel(version_panels("en"), heading=_("English")),
    ]

    class Meta:
        ordering = ["-created_at", "-pk"]
        permissions = [("send_mailing", "Can send mailings")]
        verbose_name = _("mailing")
        verbose_name_plural = _("mailings")

    def __str__(self):
        return self.subject_es

    def clean(self):
        # A mail header cannot hold a line break: such a subject would fail every delivery.
        broken = [
            f"subject_{code}"
            for code in ("es", "pt", "en")
            if "\n" in getattr(self, f"subject_{code}") or "\r" in getattr(self, f"subject_{code}")
        ]
        if broken:
            raise ValidationError({field: _("Write the subject on one line.") for field in broken})
        for code in ("pt", "en"):
            subject, body = getattr(self, f"subject_{code}"), getattr(self, f"body_{code}")
            if bool(subject.strip()) != bool(body.strip()):
                field = f"body_{code}" if subject.strip() else f"subject_{code}"
                raise ValidationError({field: _("Write both the subject and the message, or neither.")})

    @property
    def is_draft(self):
        return self.status == self.Status.DRAFT

    def version_for(self, language):
        """(language code, subject, body) in the person's language, or in Spanish when not written in it."""
        code = {Language.PORTUGUESE: "pt", Language.ENGLISH: "en"}.get(language, "es")
        if code != "es" and getattr(self, f"subject_{code}").strip():
            return code, getattr(self, f"subject_{code}"), getattr(self, f"body_{code}")
        return "es", self.subject_es, self.body_es


class Delivery(models.Model):
    """One recipient of one mailing. Its status is claimed before the message goes out, so that a
    worker restarted mid-way never sends it twice (see mailings/sending.py)."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting")
        SENDING = "sending", _("Being sent")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")
        INTERRUPTED = "interrupted", _("Interrupted (not sent again)")
        SKIPPED = "skipped", _("Not sent")

    class Reason(models.TextChoices):
        NO_ADDRESS = "no_address", _("No e-mail address")
        NO_CONSENT = "no_consent", _("No legal basis recorded")
        UNSUBSCRIBED = "unsubscribed", _("Unsubscribed")
        SAME_ADDRESS = "same_address", _("Same address as another recipient")
        HELD_BACK = "held_back", _("Held back: the database is a restored copy")

    mailing = models.ForeignKey(Mailing, on_delete=models.CASCADE, related_name="deliveries")
    contact = models.ForeignKey(
        "contacts.Contact", verbose_name=_("contact"), on_delete=models.CASCADE, related_name="deliveries"
    )
    address = models.EmailField(_("e-mail address"), blank=True)
    language = models.CharField(_("language"), max_length=2, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.PENDING)
    reason = models.CharField(_("reason"), max_length=20, choices=Reason.choices, blank=True)
    sent_at = models.DateTimeField(_("sent on"), null=True, blank=True)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["mailing", "contact"], name="mailings_one_delivery_per_contact")
        ]
        indexes = [models.Index(fields=["mailing", "status"], name="mailings_delivery_status")]
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")

    def __str__(self):
        return f"{self.mailing} → {self.contact}"
