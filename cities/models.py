"""The cities app's models.

Why this module is long: CityPage's fields and panels fill half of it, and Django finds models here.

Themes (snippets), the directory (CityIndexPage), city pages and their links, each city's focal-point
access and invitations, and the publishing setting. The services (directory, nearby cities,
translations, focal points) import these models; the models import none of them.
"""

import functools
from datetime import timedelta

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_countries import countries
from django_countries.fields import CountryField
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
    TabbedInterface,
)
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page, PageManager, TranslatableMixin
from wagtail.query import PageQuerySet
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField

from network.search_indexing import accent_insensitive

from .blocks import CityBodyBlock
from .page_context import extra_context
from .page_forms import FocalPointPageForm
from .panels import LocationPanel, StaffSchedulingPanel, ThemeCheckboxes
from .permissions import CityPagePermissionTester

EARLIEST_YEAR = 1900
LATEST_YEAR = 2100
MEMBERSHIP_PERMISSION = "cities.change_membership"


def in_default_language():
    """Rows in the default language: cities and engagements refer to a city's or a theme's original,
    never to one of its translations (a lookup for `filter()` and `limit_choices_to`)."""
    return {"locale__language_code": settings.LANGUAGE_CODE}


@functools.cache
def names_in_site_languages(country_code):
    """A country's names in the site's languages, joined; read once per process (search indexing asks for
    them three times per page saved)."""
    names = set()
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            names.add(str(countries.name(country_code)))
    return " ".join(sorted(names))


class Theme(TranslatableMixin, index.Indexed, models.Model):
    """A thematic area of the network (digital learning, climate action…)."""

    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(
        _("slug"),
        max_length=100,
        help_text=_("Used in shareable directory links (?theme=slug)."),
    )
    description = models.TextField(_("description"), blank=True)

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("description")]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    # A translation changes the name and description; links keep the original's slug.
    override_translatable_fields = [SynchronizedField("slug")]

    class Meta(TranslatableMixin.Meta):
        ordering = ["name"]
        verbose_name = _("theme")
        verbose_name_plural = _("themes")
        constraints = [
            models.UniqueConstraint(fields=["locale", "slug"], name="unique_theme_slug_per_language"),
            models.UniqueConstraint(fields=["locale", "name"], name="unique_theme_name_per_language"),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        """The form's own check of the constraints leaves out those naming the locale, which it does not
        edit: a name or slug another theme of the language has is said here, next to its field."""
        super().clean()
        if self.locale_id is None:
            return
        others = Theme.objects.filter(locale_id=self.locale_id).exclude(pk=self.pk)
        errors = {}
        if others.filter(name=self.name).exists():
            errors["name"] = _("Another theme already has this name.")
        if others.filter(slug=self.slug).exists():
            errors["slug"] = _("Another theme already has this slug.")
        if errors:
            raise ValidationError(errors)


class CityIndexPage(Page):
    """The directory of Learning Cities at /cities/."""

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])

    content_panels = Page.content_panels + [FieldPanel("intro")]

    parent_page_types = ["home.HomePage"]
    subpage_types = ["cities.CityPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("city directory")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(extra_context(self, request))
        return context


class MembershipStatus(models.TextChoices):
    ACTIVE = "active", pgettext_lazy("membership status", "Active")
    LAPSED = "lapsed", _("Lapsed")
    UNDER_REVIEW = "under_review", _("Under review")


class CityPageQuerySet(PageQuerySet):
    def originals(self):
        """Each city once: its page in the default language, which holds the city's facts.

        Translations (and untranslated copies, Wagtail aliases) in the other languages follow it.
        """
        return self.filter(**in_default_language())


# Facts that are the same in every language: a translation always takes them from the original
# (cities.translation_sync, on every save).
SYNCHRONISED_FIELDS = (
    "country",
    "region",
    "latitude",
    "longitude",
    "population",
    "population_year",
    "year_joined",
    "membership_status",
    "awards",
    "membership_sources",
    "geonames_id",
    "mayor_name",
    "mayor_term_start",
    "mayor_term_end",
    "website",
    "hero_image",
)


class CityPage(Page):
    """A Learning City: its public profile, edited by its focal point and by UIL staff."""

    objects = PageManager.from_queryset(CityPageQuerySet)()

    country = CountryField(_("country"))
    region = models.CharField(
        _("region"), max_length=150, blank=True, help_text=_("State, province or department.")
    )
    latitude = models.FloatField(
        _("latitude"),
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
        help_text=_("WGS84 decimal degrees, between -90 and 90."),
    )
    longitude = models.FloatField(
        _("longitude"),
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
        help_text=_("WGS84 decimal degrees, between -180 and 180."),
    )
    population = models.PositiveIntegerField(_("population"), null=True, blank=True)
    population_year = models.PositiveSmallIntegerField(
        _("population figure year"),
        null=True,
        blank=True,
        validators=[MinValueValidator(EARLIEST_YEAR), MaxValueValidator(LATEST_YEAR)],
    )
    year_joined = models.PositiveSmallIntegerField(
        _("year joined the network"),
        null=True,
        blank=True,
        validators=[MinValueValidator(EARLIEST_YEAR), MaxValueValidator(LATEST_YEAR)],
    )
    membership_status = models.CharField(
        _("membership status"),
        max_length=20,
        choices=MembershipStatus.choices,
        default=MembershipStatus.ACTIVE,
    )
    awards = models.TextField(
        _("awards"),
        blank=True,
        help_text=_("UNESCO Learning City Awards and other distinctions, one per line."),
    )
    membership_sources = models.TextField(
        _("membership sources"), blank=True, help_text=_("Where the membership was seen: links and notes.")
    )
    geonames_id = models.PositiveIntegerField(
        _("GeoNames id"),
        null=True,
        blank=True,
        help_text=_("Stable external key used by imports."),
    )
    mayor_name = models.CharField(_("mayor's name"), max_length=150, blank=True)
    mayor_title = models.CharField(
        _("mayor's title"),
        max_length=100,
        blank=True,
        help_text=_("For example Alcalde, Prefeita, Intendente."),
    )
    mayor_term_start = models.DateField(_("term start"), null=True, blank=True)
    mayor_term_end = models.DateField(_("term end"), null=True, blank=True)
    website = models.URLField(_("website"), blank=True)
    summary = models.TextField(
        _("summary"),
        max_length=600,
        blank=True,
        help_text=_("Two or three sentences shown in lists and on the map."),
    )
    body = StreamField(CityBodyBlock(), verbose_name=_("body"), blank=True, use_json_field=True)
    themes = ParentalManyToManyField(
        Theme,
        verbose_name=_("themes"),
        blank=True,
        related_name="cities",
        limit_choices_to=in_default_language,
    )
    hero_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("hero image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    # Every searched field also in its accent-free spelling (network/search_indexing.py): "medellin"
    # finds Medellín.
    search_fields = accent_insensitive(
        Page.search_fields
        + [
            index.SearchField("region"),
            index.SearchField("country_names"),
            index.SearchField("summary"),
            index.SearchField("body"),
            index.AutocompleteField("region"),
        ]
    )

    content_panels = Page.content_panels + [
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("country"), FieldPanel("region")]),
                FieldRowPanel([FieldPanel("latitude"), FieldPanel("longitude")]),
                LocationPanel(),
                FieldRowPanel([FieldPanel("population"), FieldPanel("population_year")]),
            ],
            heading=_("Place"),
        ),
        FieldPanel("summary"),
        FieldPanel("hero_image"),
        FieldPanel("themes", widget=ThemeCheckboxes),
        FieldPanel("body"),
    ]
    profile_panels = [
        MultiFieldPanel(
            [
                FieldPanel("mayor_name"),
                FieldPanel("mayor_title"),
                FieldRowPanel([FieldPanel("mayor_term_start"), FieldPanel("mayor_term_end")]),
            ],
            heading=_("Mayor"),
        ),
        FieldPanel("website"),
        InlinePanel("links", heading=_("Social links"), label=_("link")),
    ]
    membership_panels = [
        FieldPanel("membership_status", permission=MEMBERSHIP_PERMISSION),
        FieldPanel("year_joined", permission=MEMBERSHIP_PERMISSION),
        FieldPanel("awards", permission=MEMBERSHIP_PERMISSION),
        FieldPanel("membership_sources", permission=MEMBERSHIP_PERMISSION),
        FieldPanel("geonames_id", permission=MEMBERSHIP_PERMISSION),
    ]
    edit_handler = TabbedInterface(
        [
            ObjectList(content_panels, heading=_("Content")),
            ObjectList(profile_panels, heading=_("Mayor and links")),
            ObjectList(membership_panels, heading=_("Membership"), permission=MEMBERSHIP_PERMISSION),
            ObjectList(Page.promote_panels, heading=_("Promote")),
            ObjectList(
                [StaffSchedulingPanel(permission=MEMBERSHIP_PERMISSION), *Page.settings_panels[1:]],
                heading=pgettext_lazy("page editor tab", "Settings"),
            ),
        ]
    )

    base_form_class = FocalPointPageForm

    # wagtail-localize's translation editor offers text for translation; these are facts instead.
    override_translatable_fields = [
        SynchronizedField(name) for name in ("region", "awards", "membership_sources", "mayor_name")
    ]

    parent_page_types = ["cities.CityIndexPage"]
    subpage_types = ["practices.PracticePage"]

    class Meta:
        verbose_name = _("Learning City")
        verbose_name_plural = _("Learning Cities")
        permissions = [("change_membership", _("Can change membership facts of Learning Cities"))]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(extra_context(self, request))
        return context

    def permissions_for_user(self, user):
        return CityPagePermissionTester(user, self)

    @property
    def country_name(self):
        return self.country.name

    def country_names(self):
        """The country's name in every site language, so search finds 'Brasil' and 'Brazil'."""
        return names_in_site_languages(self.country.code)

    @property
    def is_original(self):
        return self.locale.language_code == settings.LANGUAGE_CODE

    def original(self):
        """The page in the default language that this translation follows (itself for an original)."""
        if self.is_original:
            return self
        return CityPage.objects.originals().filter(translation_key=self.translation_key).first()

    @property
    def has_location(self):
        return self.latitude is not None and self.longitude is not None

    def clean(self):
        super().clean()
        if (self.latitude is None) != (self.longitude is None):
            raise ValidationError(_("Give both latitude and longitude, or neither."))
        if self.mayor_term_start and self.mayor_term_end and self.mayor_term_end < self.mayor_term_start:
            raise ValidationError({"mayor_term_end": _("The term cannot end before it starts.")})
        if self.geonames_id is not None and self.is_original:
            others = CityPage.objects.originals().filter(geonames_id=self.geonames_id).exclude(pk=self.pk)
            if others.exists():
                message = _("Another city already has GeoNames id %(id)s.") % {"id": self.geonames_id}
                raise ValidationError({"geonames_id": message})


class CityLink(Orderable):
    """A social media or other public link of a city."""

    class Platform(models.TextChoices):
        FACEBOOK = "facebook", "Facebook"
        INSTAGRAM = "instagram", "Instagram"
        X = "x", "X"
        YOUTUBE = "youtube", "YouTube"
        LINKEDIN = "linkedin", "LinkedIn"
        TIKTOK = "tiktok", "TikTok"
        OTHER = "other", _("Other")

    page = ParentalKey(CityPage, on_delete=models.CASCADE, related_name="links")
    platform = models.CharField(_("platform"), max_length=20, choices=Platform.choices)
    url = models.URLField(_("address"))

    panels = [FieldRowPanel([FieldPanel("platform"), FieldPanel("url")])]

    class Meta(Orderable.Meta):
        verbose_name = _("link")
        verbose_name_plural = _("links")


class CityAccess(models.Model):
    """The focal-point group and the media collection that belong to one city page."""

    page = models.OneToOneField(CityPage, on_delete=models.CASCADE, related_name="access")
    group = models.OneToOneField("auth.Group", on_delete=models.PROTECT, related_name="city_access")
    collection = models.OneToOneField(
        "wagtailcore.Collection", on_delete=models.PROTECT, related_name="city_access"
    )

    class Meta:
        verbose_name = _("city access")
        verbose_name_plural = _("city access")
        permissions = [
            ("manage_focal_points", _("Can invite and remove the focal points of Learning Cities")),
            ("view_focal_point_activity", _("Can see what focal points changed")),
        ]

    def __str__(self):
        return str(self.group)


class FocalPointInvitation(models.Model):
    """An invitation for an existing account to become a city's focal point.

    The account joins the city's group only when its owner, signed in with the invited address, follows
    the e-mailed link. Only a hash of the link's secret is stored; a re-invitation replaces the row.
    """

    page = models.ForeignKey(
        CityPage, verbose_name=_("city"), on_delete=models.CASCADE, related_name="focal_point_invitations"
    )
    email = models.EmailField(_("e-mail address"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        on_delete=models.CASCADE,
        related_name="focal_point_invitations",
    )
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("invited by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("sent at"), default=timezone.now)
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("focal point invitation")
        verbose_name_plural = _("focal point invitations")

    def __str__(self):
        return f"{self.email} → {self.page}"

    @staticmethod
    def max_age():
        """A link is valid as long as Django's password-reset links (PASSWORD_RESET_TIMEOUT)."""
        return timedelta(seconds=settings.PASSWORD_RESET_TIMEOUT)

    @property
    def expires_at(self):
        return self.created_at + self.max_age()

    @property
    def is_expired(self):
        return timezone.now() >= self.expires_at


class PublishingMode(models.TextChoices):
    REVIEW = "review", _("UIL staff review changes before they go live")
    DIRECT = "direct", _("Focal points publish their page directly")


@register_setting(icon="tasks", name="city-publishing")
class CityPublishingSettings(BaseSiteSetting):
    """How a focal point's changes reach the public site."""

    focal_point_publishing = models.CharField(
        _("focal point publishing"),
        max_length=10,
        choices=PublishingMode.choices,
        default=PublishingMode.REVIEW,
    )

    panels = [FieldPanel("focal_point_publishing", widget=forms.RadioSelect)]

    class Meta:
        verbose_name = _("city page publishing")


class CityActivityTheme(models.Model):
    """A theme the city works on through what it does in the network (cities.activity_themes).

    Derived data, kept from the engagement log (contacts.public_activity) and the published good
    practices (practices.activity), rebuilt by the `refresh_activity_themes` command; never edited, so
    not in the admin.
    """

    city = models.ForeignKey(CityPage, on_delete=models.CASCADE, related_name="activity_themes")
    theme = models.ForeignKey(Theme, on_delete=models.CASCADE, related_name="+")

    class Meta:
        verbose_name = _("theme of a city's activity")
        verbose_name_plural = _("themes of cities' activity")
        constraints = [
            models.UniqueConstraint(fields=["city", "theme"], name="unique_city_activity_theme"),
        ]

    def __str__(self):
        return f"{self.city} · {self.theme}"
