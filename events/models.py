"""The events app's models: the events index (/events/), event pages and registrations.

Why this module is long: EventPage's fields and panels fill a third of it, its editor form (which shows
and reads every time in the event's own zone) a sixth, and Django finds the models of registrations, their
e-mails, check-ins, certificates and cancellations here. The form stays beside the page: `base_form_class`
names it, and events.forms imports these models.

An event page holds what the public sees (kind, dates, place, languages, themes, cities, programme,
materials, outcomes) and, for registrants only, the online link. Registrations always belong to the
event's original page (the default language): a visitor registering on a translation registers for
the same event. The services (listing, calendar, registration) import these models, never the reverse.
"""

import functools
import secrets
import zoneinfo

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.cache import add_never_cache_headers
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, ObjectList, TabbedInterface
from wagtail.blocks import StreamValue, StructValue
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from cities.models import in_default_language
from cities.ordering import alphabetical
from contacts.choosers import CityChooser
from contacts.widgets import MultipleChooser
from network.search_indexing import RelatedNames, accent_insensitive
from network.time_zones import labelled_time_zones

from . import page_routes
from .blocks import MaterialBlock, SessionBlock, SourceBlock


@functools.cache
def time_zone_names():
    """The time zones of the Americas, UTC and UIL's own (Hamburg).

    Read once per process: the list comes from a walk of the time zone database's files, which took
    12 ms, and Django reads the choices each time an event is validated or its form is drawn.
    """
    names = sorted(name for name in zoneinfo.available_timezones() if name.startswith("America/"))
    return ("UTC", "Europe/Berlin", *names)


def time_zone_choices():
    """The zones labelled by place in the active language, "São Paulo (Brasil)" (network/time_zones.py)."""
    return _time_zone_choices_in(translation.get_language())


@functools.cache
def _time_zone_choices_in(language):
    """Labelled once per process and language: naming 170 places took 20 to 60 ms (Babel reads the
    language's data the first time)."""
    with translation.override(language):
        return sorted(labelled_time_zones(time_zone_names()), key=lambda choice: alphabetical(choice[1]))


def changes_with_time(response):
    """Event pages change when an event starts or ends or registration closes, without anything being
    published: they are never kept by the public page cache (network/caching/public_responses.py stores
    no private response) nor by browsers."""
    add_never_cache_headers(response)
    return response


class EventLanguage(models.TextChoices):
    SPANISH = "es", _("Spanish")
    PORTUGUESE = "pt", _("Portuguese")
    ENGLISH = "en", _("English")


# The site's language (its pages' locale) for each language a registrant may choose.
SITE_LANGUAGE = {"es": "es", "pt": "pt-br", "en": "en"}


class EventIndexPage(RoutablePageMixin, Page):
    """/events/: upcoming and past events with filters, and the iCalendar feed of them all."""

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])

    content_panels = Page.content_panels + [FieldPanel("intro")]

    parent_page_types = ["home.HomePage"]
    subpage_types = ["events.EventPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("events index")

    @path("")
    def index(self, request):
        return changes_with_time(page_routes.handle("index", self, request))

    @path("calendar/", name="calendar")
    def calendar(self, request):
        return page_routes.handle("feed", self, request)


EVENT_TIMES = ("starts_at", "ends_at", "registration_closes_at")
SESSION_TIMES = ("starts_at", "ends_at")


def programme_retimed(programme, change):
    """A copy of a programme whose session times went through `change`."""
    children = []
    for child in programme:
        value = child.value
        if child.block_type == "session":
            value = StructValue(value.block, value.items())
            for name in SESSION_TIMES:
                if value.get(name):
                    value[name] = change(value[name])
        children.append((child.block_type, value, child.id))
    return StreamValue(programme.stream_block, children, is_lazy=False)


class EventPageForm(WagtailAdminPageForm):
    """The editor of an event.

    Its dates and times, the programme's included, are shown and typed as the clock reads them in the
    event's own time zone, whatever the editor's: a workshop in Bogotá at 10:00 is typed as 10:00 and
    saved as 10:00 Bogotá time, even when the time zone is changed in the same edit. The languages,
    a few codes kept in one column, are offered as checkboxes.
    """

    class Media:
        css = {"all": ["css/event-editor.css"]}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["languages"] = forms.MultipleChoiceField(
            label=_("Languages"),
            choices=EventLanguage.choices,
            widget=forms.CheckboxSelectMultiple,
            help_text=_("The languages the event is held in (or interpreted into)."),
        )
        self.initial["languages"] = self.instance.language_codes
        zone = self.instance.zone

        def on_the_wall(moment):
            return timezone.make_naive(moment, zone) if timezone.is_aware(moment) else moment

        for name in EVENT_TIMES:
            if self.initial.get(name):
                self.initial[name] = on_the_wall(self.initial[name])
        if self.initial.get("programme"):
            self.initial["programme"] = programme_retimed(self.initial["programme"], on_the_wall)

    def read_in_event_zone(self, cleaned):
        """Give the typed times the event's chosen time zone (the form read them in the editor's)."""
        try:
            chosen = zoneinfo.ZoneInfo(cleaned.get("time_zone") or self.instance.time_zone)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            return
        typed_in = timezone.get_current_timezone()

        def in_event_zone(moment):
            if timezone.is_aware(moment):
                moment = timezone.make_naive(moment, typed_in)
            return timezone.make_aware(moment, chosen)

        for name in EVENT_TIMES:
            if cleaned.get(name):
                cleaned[name] = in_event_zone(cleaned[name])
        if cleaned.get("programme"):
            cleaned["programme"] = programme_retimed(cleaned["programme"], in_event_zone)

    def clean_languages(self):
        return ",".join(
            code for code, _label in EventLanguage.choices if code in self.cleaned_data["languages"]
        )

    def clean(self):
        cleaned = super().clean()
        self.read_in_event_zone(cleaned)
        starts, ends = cleaned.get("starts_at"), cleaned.get("ends_at")
        if starts and ends and ends < starts:
            self.add_error("ends_at", _("The event cannot end before it starts."))
        elif starts and ends and ends == starts and not cleaned.get("all_day"):
            # An event known by its days ends on the day it starts; one with hours lasts some time.
            self.add_error(
                "ends_at",
                _(
                    "The event ends at the very moment it starts: give the time it ends, or tick "
                    "“Dates only” for an event known by its days."
                ),
            )
        if (cleaned.get("latitude") is None) != (cleaned.get("longitude") is None):
            self.add_error("longitude", _("Give both latitude and longitude, or neither."))
        closes = cleaned.get("registration_closes_at")
        if closes and ends and closes > ends:
            self.add_error(
                "registration_closes_at", _("Registration cannot close after the event has ended.")
            )
        if cleaned.get("event_format") in (
            EventPage.Format.ONLINE,
            EventPage.Format.HYBRID,
        ) and not cleaned.get("online_url"):
            self.add_error("online_url", _("An online or hybrid event needs the link registrants will use."))
        if cleaned.get("registration") == EventPage.Registration.INVITATION and not cleaned.get(
            "invited_segment"
        ):
            self.add_error("invited_segment", _("Choose the segment of the people invited."))
        return cleaned


class EventPage(RoutablePageMixin, Page):
    """A forum, workshop, webinar or course: its public page, its .ics and its registration form."""

    class Kind(models.TextChoices):
        FORUM = "forum", _("Forum")
        WORKSHOP = "workshop", _("Workshop")
        WEBINAR = "webinar", _("Webinar")
        COURSE = "course", _("Course")

    class Format(models.TextChoices):
        IN_PERSON = "in_person", _("In person")
        ONLINE = "online", _("Online")
        HYBRID = "hybrid", _("In person and online")

    class Registration(models.TextChoices):
        CLOSED = "closed", _("No registration on this site")
        OPEN = "open", _("Open to everyone")
        APPROVAL = "approval", _("Open, confirmed by staff")
        INVITATION = "invitation", _("By invitation only")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.WORKSHOP)
    summary = models.TextField(
        _("summary"), blank=True, help_text=_("One or two sentences for lists and links.")
    )
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    all_day = models.BooleanField(
        _("dates only"),
        default=False,
        help_text=_(
            "The event is known by its days, not its hours: pages and calendars show the dates only."
        ),
    )
    time_zone = models.CharField(
        _("time zone"),
        max_length=64,
        choices=time_zone_choices,
        default="America/Mexico_City",
        help_text=_("Where the event happens, or the organisers' time zone for an online event."),
    )
    event_format = models.CharField(
        _("format"), max_length=20, choices=Format.choices, default=Format.IN_PERSON
    )
    venue = models.CharField(_("venue"), max_length=255, blank=True)
    address = models.CharField(_("address"), max_length=255, blank=True)
    host_city = models.ForeignKey(
        "cities.CityPage",
        verbose_name=_("host city"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="hosted_events",
        limit_choices_to=in_default_language,
    )
    latitude = models.FloatField(
        _("venue latitude"),
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
        help_text=_("WGS84 decimal degrees. Empty: the map shows the host city."),
    )
    longitude = models.FloatField(
        _("venue longitude"),
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )
    online_url = models.URLField(
        _("online link"),
        blank=True,
        help_text=_("Sent to confirmed registrants only; never shown on the public page."),
    )
    languages = models.CharField(_("languages"), max_length=20, blank=True)
    themes = ParentalManyToManyField(
        "cities.Theme",
        verbose_name=_("themes"),
        blank=True,
        related_name="events",
        limit_choices_to=in_default_language,
    )
    cities = ParentalManyToManyField(
        "cities.CityPage",
        verbose_name=_("participating cities"),
        blank=True,
        related_name="events",
        limit_choices_to=in_default_language,
    )
    programme = StreamField([("session", SessionBlock())], verbose_name=_("programme"), blank=True)
    materials = StreamField(MaterialBlock(), verbose_name=_("materials"), blank=True)
    outcomes = RichTextField(
        _("outcomes"),
        blank=True,
        features=["bold", "italic", "link", "ol", "ul"],
        help_text=_("After the event."),
    )
    sources = StreamField(
        [("source", SourceBlock())],
        verbose_name=_("sources"),
        blank=True,
        help_text=_("Public pages the facts of this event come from."),
    )
    registration = models.CharField(
        _("registration"), max_length=20, choices=Registration.choices, default=Registration.CLOSED
    )
    capacity = models.PositiveIntegerField(
        _("places"),
        null=True,
        blank=True,
        help_text=_("Empty for no limit. When full, people join a waiting list."),
    )
    registration_closes_at = models.DateTimeField(
        _("registration closes"), null=True, blank=True, help_text=_("Empty: when the event starts.")
    )
    invited_segment = models.ForeignKey(
        "mailings.Segment",
        verbose_name=_("invited segment"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("For registration by invitation: only its members may register."),
    )

    # What the site search finds an event by, with or without accents (network/search_indexing.py).
    search_fields = accent_insensitive(
        Page.search_fields
        + [
            index.SearchField("summary"),
            index.SearchField("venue"),
            index.SearchField("address"),
            index.SearchField("programme"),
            index.SearchField("outcomes"),
            RelatedNames("themes"),
            RelatedNames("host_city"),
            RelatedNames("cities"),
        ]
    )

    base_form_class = EventPageForm
    content_panels = Page.content_panels + [
        FieldPanel("kind"),
        FieldPanel("summary"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("starts_at"), FieldPanel("ends_at"), FieldPanel("time_zone")]),
                FieldPanel("all_day"),
            ],
            heading=_("When"),
            help_text=_("Dates and times, those of the programme too, in the event's time zone."),
        ),
        MultiFieldPanel(
            [
                FieldPanel("event_format"),
                FieldPanel("venue"),
                FieldPanel("address"),
                FieldPanel("host_city", widget=CityChooser),
                FieldRowPanel([FieldPanel("latitude"), FieldPanel("longitude")]),
                FieldPanel("online_url"),
            ],
            heading=_("Where"),
        ),
        FieldPanel("languages"),
        FieldPanel("themes", widget=forms.CheckboxSelectMultiple),
        FieldPanel("cities", widget=MultipleChooser("contacts.choosers.CityChooser")),
        FieldPanel("programme"),
        FieldPanel("materials"),
        FieldPanel("outcomes"),
        FieldPanel("sources"),
    ]
    registration_panels = [
        FieldPanel("registration"),
        FieldRowPanel([FieldPanel("capacity"), FieldPanel("registration_closes_at")]),
        FieldPanel("invited_segment"),
    ]
    edit_handler = TabbedInterface(
        [
            ObjectList(content_panels, heading=_("Content")),
            ObjectList(registration_panels, heading=_("Registration")),
            ObjectList(Page.promote_panels, heading=_("Promote")),
            ObjectList(Page.settings_panels, heading=_("Settings")),
        ]
    )

    parent_page_types = ["events.EventIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")

    @property
    def language_codes(self):
        return [code for code in self.languages.split(",") if code]

    def language_labels(self):
        labels = dict(EventLanguage.choices)
        return [labels[code] for code in self.language_codes if code in labels]

    @property
    def zone(self):
        return zoneinfo.ZoneInfo(self.time_zone)

    @property
    def is_past(self):
        return self.ends_at < timezone.now()

    @property
    def registration_deadline(self):
        return self.registration_closes_at or self.starts_at

    def registration_is_open(self, now=None):
        now = now or timezone.now()
        return (
            self.registration != self.Registration.CLOSED
            and now < self.registration_deadline
            and not self.is_cancelled
        )

    @cached_property
    def is_cancelled(self):
        """Whether staff cancelled the event (events/cancellation.py), read on any of its languages' pages.
        Listings annotate it instead (events/listing.py), one query for them all."""
        return self.cancellation is not None

    @cached_property
    def cancellation(self):
        """The record of the event's cancellation, or None."""
        return EventCancellation.objects.filter(event__translation_key=self.translation_key).first()

    def original(self):
        """The event in the default language, which registrations belong to. An alias made of a copy (with a
        translation key of its own) has the original of the page it shows."""
        if self.locale.language_code == settings.LANGUAGE_CODE:
            return self
        found = EventPage.objects.filter(
            translation_key=self.translation_key, **in_default_language()
        ).first()
        if found is None and self.alias_of_id:
            return self.alias_of.specific.original()
        return found or self

    def in_language(self, language_code):
        """The event's live page in a language of the site (its translation), else this page: an
        untranslated event is read in its own words."""
        translated = (
            EventPage.objects.live()
            .filter(translation_key=self.translation_key, locale__language_code=language_code)
            .first()
        )
        return translated or self

    @path("")
    def event(self, request):
        return changes_with_time(self.render(request))

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(page_routes.handle("context", self, request))
        return context

    @path("calendar/", name="ics")
    def ics(self, request):
        return page_routes.handle("ics", self, request)

    @path("register/", name="register")
    def register(self, request):
        return page_routes.handle("register", self, request)


class RegistrationQuerySet(models.QuerySet):
    def active(self):
        return self.exclude(status__in=[Registration.Status.CANCELLED, Registration.Status.DECLINED])


def new_manage_key():
    return secrets.token_urlsafe(32)


class Registration(models.Model):
    """A person's place at an event (or on its waiting list), tied to their CRM contact.

    The name, organisation and answers are what the person gave on the form; the contact is the CRM's
    record of them (found by e-mail, or created by the registration). Staff-only: no public page, feed
    or file shows any of it.
    """

    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("Confirmed")
        WAITING = "waiting", _("On the waiting list")
        PENDING = "pending", _("Awaiting approval")
        CANCELLED = "cancelled", _("Cancelled")
        DECLINED = "declined", pgettext_lazy("registration", "Declined")

    event = models.ForeignKey(
        EventPage, verbose_name=_("event"), on_delete=models.CASCADE, related_name="registrations"
    )
    contact = models.ForeignKey(
        "contacts.Contact",
        verbose_name=_("contact"),
        on_delete=models.CASCADE,
        related_name="registrations",
    )
    created_contact = models.BooleanField(
        _("contact created by this registration"), default=False, editable=False
    )
    # A given name and a family name of up to 100 characters each (the forms' limits), and the space between.
    name = models.CharField(_("name"), max_length=201)
    email = models.EmailField(_("e-mail address"))
    organisation = models.CharField(_("organisation"), max_length=255, blank=True)
    role = models.CharField(_("role"), max_length=200, blank=True)
    city = models.ForeignKey(
        "cities.CityPage",
        verbose_name=_("city"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        limit_choices_to=in_default_language,
    )
    language = models.CharField(_("language"), max_length=2, choices=EventLanguage.choices, default="es")
    accessibility_needs = models.TextField(_("accessibility needs"), blank=True)
    consent_to_contact = models.BooleanField(
        _("agrees to be contacted about the network's activities"), default=False
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, db_index=True)
    # Off for a person staff added without the confirmation e-mail, which promises the reminder too.
    reminded = models.BooleanField(_("reminded a day before the event"), default=True, editable=False)
    manage_key = models.CharField(max_length=64, unique=True, default=new_manage_key, editable=False)
    created_at = models.DateTimeField(_("registered"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = RegistrationQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        constraints = [
            # Nobody is registered twice: one active registration per event and address.
            models.UniqueConstraint(
                fields=["event", "email"],
                condition=~Q(status__in=["cancelled", "declined"]),
                name="events_one_active_registration_per_address",
            )
        ]

    def __str__(self):
        return f"{self.name} – {self.event.title}"

    @property
    def site_language(self):
        """The site's language for the one the person chose (its e-mails, certificate and pages)."""
        return SITE_LANGUAGE.get(self.language, settings.LANGUAGE_CODE)

    def event_in_own_language(self):
        """The event as the person reads it: its translation in their language, else the original."""
        return self.event.in_language(self.site_language)

    @property
    def consent_awaits_owner(self):
        """Whether the consent box was ticked on the form and the contact records no consent yet: anyone may
        type anyone's address, so only the address's owner confirms it, on the page that only the e-mails
        to the address link to (events/registration.py)."""
        contact = self.contact
        return self.consent_to_contact and not contact.consent_basis and contact.unsubscribed_at is None

    def clean(self):
        if self.event_id and self.event.locale.language_code != settings.LANGUAGE_CODE:
            raise ValidationError({"event": _("Registrations belong to the event's original page.")})


class Notice(models.Model):
    """An e-mail to a registrant (confirmation, waiting list, moved up, cancellation, the address registered
    already), sent once.

    Written in the same transaction as the change it tells of; the worker claims it (pending → sending)
    before sending and marks it sent after, as mailings do: a worker stopped mid-way never sends twice.
    """

    class Kind(models.TextChoices):
        CONFIRMED = "confirmed", _("Confirmed")
        WAITING = "waiting", _("On the waiting list")
        PENDING = "pending", _("Awaiting approval")
        PROMOTED = "promoted", _("Moved up from the waiting list")
        CANCELLED = "cancelled", _("Cancelled")
        DECLINED = "declined", pgettext_lazy("registration", "Declined")
        REMINDER = "reminder", _("Reminder before the event")
        CERTIFICATE = "certificate", _("Certificate of attendance")
        ALREADY_REGISTERED = "already_registered", _("Already registered (the form sent again)")
        EVENT_CANCELLED = "event_cancelled", _("The event is cancelled")

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting to be sent")
        SENDING = "sending", _("Being sent")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")
        TOO_LATE = "too_late", _("Not sent: the event had started")

    registration = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="notices")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.get_kind_display()} – {self.registration}"


class CheckIn(models.Model):
    """A registrant seen at one session of the event, or on one day when the day has no sessions.

    `session` is the id of the programme's session block (empty for the whole day): the id stays the
    same when the programme is edited, and is shared by the event's translations.
    """

    registration = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="check_ins")
    day = models.DateField(_("day"))
    session = models.CharField(_("session"), max_length=64, blank=True, default="")
    checked_in_at = models.DateTimeField(_("checked in"), auto_now_add=True)
    checked_in_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("check-in")
        verbose_name_plural = _("check-ins")
        constraints = [
            models.UniqueConstraint(
                fields=["registration", "day", "session"], name="events_one_check_in_per_session"
            )
        ]

    def __str__(self):
        return f"{self.registration} – {self.day}"


class AttendanceRecord(models.Model):
    """The engagement that records who attended an event, kept so that recording again updates it."""

    event = models.OneToOneField(EventPage, on_delete=models.CASCADE, related_name="attendance_record")
    engagement = models.OneToOneField(
        "contacts.Engagement", on_delete=models.CASCADE, related_name="attendance_record"
    )
    recorded_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return str(self.engagement)


# A certificate's code: ten characters without look-alikes (no 0/O, 1/I/L), easy to read out and type.
CERTIFICATE_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CERTIFICATE_CODE_LENGTH = 10


def new_certificate_code():
    return "".join(secrets.choice(CERTIFICATE_CODE_ALPHABET) for _ in range(CERTIFICATE_CODE_LENGTH))


class Certificate(models.Model):
    """A certificate of attendance: its PDF, kept as issued, and the code anyone can check it by."""

    registration = models.OneToOneField(Registration, on_delete=models.CASCADE, related_name="certificate")
    code = models.CharField(_("verification code"), max_length=16, unique=True, default=new_certificate_code)
    issued_at = models.DateTimeField(_("issued"), auto_now_add=True)
    pdf = models.BinaryField(editable=False)

    class Meta:
        verbose_name = _("certificate of attendance")
        verbose_name_plural = _("certificates of attendance")

    def __str__(self):
        return self.code


class EventCancellation(models.Model):
    """Staff cancelled the event: when, who, and what the people registered were told besides.

    A record of its own rather than a page field: a cancellation is an act with its e-mails, not content
    going through drafts and revisions (reverting to an older revision must not bring the event back),
    and it belongs to the original page, as registrations do, for every language's page to read.
    """

    event = models.OneToOneField(
        EventPage, verbose_name=_("event"), on_delete=models.CASCADE, related_name="cancellation_record"
    )
    cancelled_at = models.DateTimeField(_("cancelled"), auto_now_add=True)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("cancelled by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    message = models.TextField(_("message to the people registered"), blank=True)

    class Meta:
        verbose_name = _("event cancellation")
        verbose_name_plural = _("event cancellations")

    def __str__(self):
        return str(self.event)
