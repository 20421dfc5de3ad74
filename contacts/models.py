"""The engagement log: organisations, contacts, their roles in cities, and every interaction.

Why this module is long: it holds the log's eight small models (organisations, contacts with their
addresses, phones, tags and roles, engagements) with their admin panels; they belong together.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_countries.fields import CountryField
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from taggit.models import ItemBase, TagBase
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable
from wagtail.permissions import policy_registry

from cities.models import in_default_language

from .attachments import ENGAGEMENT_FILES_COLLECTION, private_documents
from .engagement_dates import check_dates
from .engagement_export import ExportCells
from .phones import PhoneInlinePanel
from .widgets import MultipleChooser


class Organisation(models.Model):
    class Kind(models.TextChoices):
        MUNICIPAL_GOVERNMENT = "municipal_government", _("Municipal government")
        NATIONAL_MINISTRY = "national_ministry", _("National ministry")
        UNIVERSITY = "university", _("University")
        NGO = "ngo", _("NGO")
        PRIVATE_SECTOR = "private_sector", _("Private sector")
        UN_AGENCY = "un_agency", _("UN agency")
        NETWORK = "network", _("Network")
        OTHER = "other", _("Other")

    name = models.CharField(_("name"), max_length=255)
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices, default=Kind.OTHER)
    country = CountryField(_("country"), blank=True)
    city = models.ForeignKey(
        "cities.CityPage",
        verbose_name=_("city"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="organisations",
        limit_choices_to=in_default_language,
    )
    website = models.URLField(_("website"), blank=True)
    notes = models.TextField(_("notes"), blank=True)

    panels = [
        FieldPanel("name"),
        FieldRowPanel([FieldPanel("kind"), FieldPanel("country")]),
        FieldPanel("city"),
        FieldPanel("website"),
        FieldPanel("notes"),
    ]

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self):
        return self.name


class Language(models.TextChoices):
    SPANISH = "es", _("Spanish")
    PORTUGUESE = "pt", _("Portuguese")
    ENGLISH = "en", _("English")
    FRENCH = "fr", _("French")


class LegalBasis(models.TextChoices):
    CONSENT = "consent", _("Consent")
    LEGITIMATE_INTEREST = "legitimate_interest", _("Legitimate interest")
    CONTRACT = "contract", _("Contract")
    PUBLIC_TASK = "public_task", _("Public task")


class ContactTag(TagBase):
    """A label staff give contacts ("forum 2027 invitees"). Its own table, apart from the tags of images
    and documents, so that the names never show in the tag suggestions a focal point sees."""

    free_tagging = True

    class Meta:
        verbose_name = _("contact tag")
        verbose_name_plural = _("contact tags")


class TaggedContact(ItemBase):
    tag = models.ForeignKey(ContactTag, on_delete=models.CASCADE, related_name="tagged_contacts")
    content_object = ParentalKey("contacts.Contact", on_delete=models.CASCADE, related_name="tagged_items")


class Contact(ClusterableModel):
    """A person the network works with. Private: only UIL staff see it."""

    honorific = models.CharField(_("honorific"), max_length=30, blank=True)
    given_name = models.CharField(_("given name"), max_length=100)
    family_name = models.CharField(_("family name"), max_length=100, blank=True)
    job_title = models.CharField(_("job title"), max_length=200, blank=True)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="contacts",
    )
    city = models.ForeignKey(
        "cities.CityPage",
        verbose_name=_("city"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="contacts",
        limit_choices_to=in_default_language,
    )
    preferred_language = models.CharField(
        _("preferred language"), max_length=2, choices=Language.choices, default=Language.SPANISH
    )
    notes = models.TextField(_("notes"), blank=True)
    consent_basis = models.CharField(_("legal basis"), max_length=30, choices=LegalBasis.choices, blank=True)
    consent_date = models.DateField(_("consent date"), null=True, blank=True)
    consent_source = models.CharField(
        _("consent source"), max_length=255, blank=True, help_text=_("Where and how the data was obtained.")
    )
    unsubscribed_at = models.DateTimeField(
        _("unsubscribed from mailings"),
        null=True,
        blank=True,
        help_text=_("When the person asked to receive no more mailings; clear it only at their request."),
    )
    tags = ClusterTaggableManager(
        verbose_name=_("tags"),
        through=TaggedContact,
        blank=True,
        help_text=_("Labels for segments, for example “forum 2027 invitees”."),
    )

    panels = [
        FieldRowPanel([FieldPanel("honorific"), FieldPanel("given_name"), FieldPanel("family_name")]),
        FieldPanel("job_title"),
        FieldRowPanel([FieldPanel("organisation"), FieldPanel("city")]),
        InlinePanel("emails", heading=_("E-mail addresses"), label=_("e-mail address")),
        PhoneInlinePanel("phones", heading=_("Phone numbers"), label=_("phone number")),
        FieldPanel("preferred_language"),
        InlinePanel("roles", heading=_("Roles in cities"), label=_("role")),
        FieldPanel("tags"),
        FieldPanel("notes"),
        MultiFieldPanel(
            [
                FieldPanel("consent_basis"),
                FieldPanel("consent_date"),
                FieldPanel("consent_source"),
                FieldPanel("unsubscribed_at"),
            ],
            heading=_("Data protection"),
        ),
    ]

    class Meta:
        ordering = ["family_name", "given_name"]
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")

    def __str__(self):
        return self.full_name

    @property
    def full_name(self):
        return " ".join(part for part in (self.honorific, self.given_name, self.family_name) if part)

    def email_list(self):
        return ", ".join(email.address for email in self.emails.all())

    email_list.short_description = _("e-mail addresses")


class ContactEmail(Orderable):
    contact = ParentalKey(Contact, on_delete=models.CASCADE, related_name="emails")
    address = models.EmailField(_("e-mail address"), db_index=True)

    panels = [FieldPanel("address")]

    def __str__(self):
        return self.address


class ContactPhone(Orderable):
    contact = ParentalKey(Contact, on_delete=models.CASCADE, related_name="phones")
    number = models.CharField(_("number"), max_length=40)
    label = models.CharField(
        _("label"), max_length=40, blank=True, help_text=_("For example office or mobile.")
    )

    panels = [FieldRowPanel([FieldPanel("number"), FieldPanel("label")])]

    def __str__(self):
        return self.number


class CityRoleQuerySet(models.QuerySet):
    def current(self, today=None):
        today = today or timezone.localdate()
        return self.filter(Q(start_date__isnull=True) | Q(start_date__lte=today)).filter(
            Q(end_date__isnull=True) | Q(end_date__gt=today)
        )


class CityRole(Orderable):
    """A dated link between a contact and a city; current while it has no end date or one in the future."""

    class Role(models.TextChoices):
        MAYOR = "mayor", _("Mayor")
        FOCAL_POINT = "focal_point", _("Focal point")
        DEPUTY_FOCAL_POINT = "deputy_focal_point", _("Deputy focal point")
        COORDINATOR = "coordinator", _("Coordinator")
        OTHER = "other", _("Other")

    contact = ParentalKey(Contact, on_delete=models.CASCADE, related_name="roles")
    city = models.ForeignKey(
        "cities.CityPage",
        verbose_name=_("city"),
        on_delete=models.CASCADE,
        related_name="contact_roles",
        limit_choices_to=in_default_language,
    )
    role = models.CharField(_("role"), max_length=30, choices=Role.choices)
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)

    objects = CityRoleQuerySet.as_manager()

    panels = [
        FieldRowPanel([FieldPanel("city"), FieldPanel("role")]),
        FieldRowPanel([FieldPanel("start_date"), FieldPanel("end_date")]),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("city role")
        verbose_name_plural = _("city roles")

    def __str__(self):
        return f"{self.get_role_display()}, {self.city}"

    def clean(self):
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("The role cannot end before it starts.")})

    @property
    def is_current(self):
        today = timezone.localdate()
        started = self.start_date is None or self.start_date <= today
        return started and (self.end_date is None or self.end_date > today)


def engagement_owners():
    """Who may own an engagement: whoever the engagement policy lets read the log (UIL staff and
    administrators, as contacts.permissions.reads_the_log), never a focal point; active accounts only.
    A lookup for the owner field's `limit_choices_to` and the listing's owner filter."""
    readers = policy_registry.get_by_type(Engagement).users_with_permission("view")
    return Q(pk__in=readers.values("pk"))


class Engagement(ExportCells, ClusterableModel):
    """One interaction with one or more cities: a meeting, a workshop, an e-mail…"""

    class Kind(models.TextChoices):
        MEETING = "meeting", _("Meeting")
        CALL = "call", _("Call")
        EMAIL = "email", _("E-mail")
        VISIT = "visit", _("Visit")
        WORKSHOP = "workshop", _("Workshop")
        FORUM = "forum", _("Forum")
        WEBINAR = "webinar", _("Webinar")
        TRAINING = "training", _("Training")
        REPORT_SUBMISSION = "report_submission", _("Report submission")
        OTHER = "other", _("Other")

    date = models.DateField(_("date"), db_index=True)
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices, db_index=True)
    title = models.CharField(_("title"), max_length=255)
    summary = models.TextField(_("summary"), blank=True)
    cities = ParentalManyToManyField(
        "cities.CityPage",
        verbose_name=_("cities"),
        related_name="engagements",
        limit_choices_to=in_default_language,
    )
    organisations = ParentalManyToManyField(
        Organisation, verbose_name=_("organisations"), blank=True, related_name="engagements"
    )
    participants = ParentalManyToManyField(
        Contact, verbose_name=_("participants"), blank=True, related_name="engagements"
    )
    anonymous_participants = models.PositiveIntegerField(
        _("erased participants"),
        default=0,
        help_text=_("People who took part but whose personal data was erased on request."),
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=pgettext_lazy("engagement", "owner"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="owned_engagements",
        limit_choices_to=engagement_owners,
    )
    themes = ParentalManyToManyField(
        "cities.Theme",
        verbose_name=_("themes"),
        blank=True,
        related_name="engagements",
        limit_choices_to=in_default_language,
    )
    outcome = models.TextField(_("outcome"), blank=True)
    follow_up_date = models.DateField(_("follow-up date"), null=True, blank=True, db_index=True)
    follow_up_done = models.BooleanField(_("follow-up done"), default=False)
    follow_up_assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("follow-up assigned to"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assigned_follow_ups",
        limit_choices_to=engagement_owners,
        help_text=_("A colleague who sees it on their dashboard and gets a reminder when it falls due."),
    )
    follow_up_reminded_on = models.DateField(
        _("follow-up reminder sent for"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("The due date whose reminder went out, so that it goes out once."),
    )
    documents = ParentalManyToManyField(
        "wagtaildocs.Document",
        verbose_name=_("documents"),
        blank=True,
        related_name="engagements",
        limit_choices_to=private_documents,
        help_text=format_lazy(
            _(
                "Files from the private “{collection}” collection, which only UIL staff can open: upload "
                "them there under Documents first."
            ),
            collection=ENGAGEMENT_FILES_COLLECTION,
        ),
    )
    created_at = models.DateTimeField(_("logged on"), auto_now_add=True)

    panels = [
        FieldRowPanel([FieldPanel("date"), FieldPanel("kind")]),
        FieldPanel("title"),
        FieldPanel("cities", widget=MultipleChooser("contacts.choosers.CityChooser")),
        FieldPanel("organisations", widget=MultipleChooser("contacts.choosers.OrganisationChooser")),
        FieldPanel("participants", widget=MultipleChooser("contacts.choosers.ContactChooser")),
        FieldPanel("owner"),
        FieldPanel("themes"),
        FieldPanel("summary"),
        FieldPanel("outcome"),
        FieldRowPanel(
            [FieldPanel("follow_up_date"), FieldPanel("follow_up_assignee"), FieldPanel("follow_up_done")]
        ),
        FieldPanel("documents"),
    ]

    class Meta:
        ordering = ["-date", "-pk"]
        indexes = [
            # A city's timeline sorts its engagements by date: with this index PostgreSQL reads the
            # dates of thousands of them without visiting the table (see docs/performance.md).
            models.Index(fields=["id", "date"], name="contacts_engagement_id_date"),
        ]
        verbose_name = _("engagement")
        verbose_name_plural = _("engagements")

    def __str__(self):
        # The date as the reader writes dates (06/12/2026 in Spanish and in English): the name heads
        # the editor and reads in breadcrumbs, choosers and menus. The export writes the date column itself.
        return f"{date_format(self.date, 'SHORT_DATE_FORMAT')} · {self.title}"

    # (date, follow-up date) as loaded from the database; None for a new engagement.
    stored_dates = None

    @classmethod
    def from_db(cls, db, field_names, values):
        """Keeps the dates as stored, as Django's documentation does for a field's loaded value: clean()
        checks them only when they change, as the import does."""
        engagement = super().from_db(db, field_names, values)
        loaded = dict(zip(field_names, values, strict=True))
        engagement.stored_dates = (loaded.get("date"), loaded.get("follow_up_date"))
        return engagement

    def clean(self):
        super().clean()
        if (self.date, self.follow_up_date) != self.stored_dates:
            check_dates(self.date, self.follow_up_date)

    def city_names(self):
        return ", ".join(city.title for city in self.cities.all())

    city_names.short_description = _("cities")

    def participant_names(self):
        names = [contact.full_name for contact in self.participants.all()]
        if self.anonymous_participants:
            names.append(_("%(count)d erased") % {"count": self.anonymous_participants})
        return ", ".join(str(name) for name in names)

    participant_names.short_description = _("participants")

    @property
    def follow_up_overdue(self):
        return bool(
            self.follow_up_date and not self.follow_up_done and self.follow_up_date < timezone.localdate()
        )
