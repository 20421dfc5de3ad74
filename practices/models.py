"""The cities' good practices: a page under its city, written by the city's focal point and reviewed by
UIL staff before it is published, and the list of them all (/practices/).

A practice keeps the city it belongs to (the original, in the default language) so that lists filter by
country and population in one query; `has_measured_results` says whether it reports figures.
"""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page, Workflow
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField

from cities.focal_points import REVIEW_WORKFLOW_NAME
from cities.models import CityPage, in_default_language
from cities.page_forms import FocalPointPageForm
from cities.permissions import CityPagePermissionTester
from network.page_routes import PageRoutes
from network.search_indexing import RelatedNames, accent_insensitive

from .blocks import FigureBlock, PhotoBlock

routes = PageRoutes()
TEXT_FEATURES = ["bold", "italic", "link", "ol", "ul"]


def started_by_now(year):
    if year is not None and year > timezone.now().year:
        raise ValidationError(
            _("%(year)s is in the future: give the year the practice started."), params={"year": year}
        )


def original_city(parent):
    """The city a practice under this page belongs to: the page's original, in the default language."""
    return CityPage.objects.filter(
        translation_key=parent.translation_key, locale__language_code=settings.LANGUAGE_CODE
    ).first()


class KeyFeaturesArea(models.TextChoices):
    """The three areas of UIL's Key Features of Learning Cities (2013), in our own short words."""

    WIDER_BENEFITS = "wider_benefits", _("Wider benefits of a learning city")
    BUILDING_BLOCKS = "building_blocks", _("Major building blocks")
    FUNDAMENTAL_CONDITIONS = "fundamental_conditions", _("Fundamental conditions")


class CostBand(models.TextChoices):
    UNKNOWN = "", _("Not stated")
    UNDER_10K = "under_10k", _("Under 10,000 USD")
    UNDER_100K = "10k_100k", _("10,000 to 100,000 USD")
    UNDER_1M = "100k_1m", _("100,000 to 1 million USD")
    OVER_1M = "over_1m", _("Over 1 million USD")


class PracticeIndexPage(RoutablePageMixin, Page):
    """/practices/: every published practice of the page's language, with filters."""

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = []
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("practices index")

    @path("")
    def index(self, request):
        return routes.handle("index", self, request)


class PracticePagePermissionTester(CityPagePermissionTester):
    """Focal points write their city's practices and submit them for review; they never publish one."""

    def can_publish(self):
        return not self._focal_point_only() and super().can_publish()


class PracticePage(Page):
    summary = models.TextField(_("summary"), help_text=_("Two or three sentences for lists and links."))
    problem = RichTextField(_("the problem"), features=TEXT_FEATURES, help_text=_("What needed solving."))
    actions = RichTextField(_("what was done"), features=TEXT_FEATURES)
    partners = models.TextField(_("partners"), blank=True, help_text=_("One per line."))
    results = RichTextField(_("results"), features=TEXT_FEATURES, blank=True)
    figures = StreamField(
        [("figure", FigureBlock())],
        verbose_name=_("results in figures"),
        blank=True,
        help_text=_("Measured results, each with its unit and the year it was measured."),
    )
    cost_band = models.CharField(_("cost"), max_length=20, choices=CostBand.choices, blank=True, default="")
    population_reached = models.PositiveIntegerField(_("people reached"), null=True, blank=True)
    start_year = models.PositiveSmallIntegerField(
        _("start year"), validators=[MinValueValidator(1900), started_by_now]
    )
    key_features_area = models.CharField(
        _("Key Features area"),
        max_length=30,
        choices=KeyFeaturesArea.choices,
        help_text=_("The area of UIL's Key Features of Learning Cities the practice serves most."),
    )
    themes = ParentalManyToManyField(
        "cities.Theme",
        verbose_name=_("themes"),
        blank=True,
        related_name="practices",
        limit_choices_to=in_default_language,
    )
    photos = StreamField([("photo", PhotoBlock())], verbose_name=_("photos"), blank=True)
    city = models.ForeignKey(
        "cities.CityPage",
        verbose_name=_("city"),
        on_delete=models.SET_NULL,
        related_name="practices",
        editable=False,
        null=True,
    )
    has_measured_results = models.BooleanField(default=False, editable=False)

    search_fields = accent_insensitive(
        Page.search_fields
        + [
            index.SearchField("summary"),
            index.SearchField("problem"),
            index.SearchField("actions"),
            index.SearchField("results"),
            index.SearchField("partners"),
            RelatedNames("themes"),
            RelatedNames("city"),
        ]
    )
    override_translatable_fields = [SynchronizedField("partners")]

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        FieldPanel("problem"),
        FieldPanel("actions"),
        FieldPanel("partners"),
        MultiFieldPanel([FieldPanel("results"), FieldPanel("figures")], heading=_("Results")),
        FieldRowPanel([FieldPanel("start_year"), FieldPanel("population_reached"), FieldPanel("cost_band")]),
        FieldPanel("key_features_area"),
        FieldPanel("themes", widget=forms.CheckboxSelectMultiple),
        FieldPanel("photos"),
    ]

    parent_page_types = ["cities.CityPage"]
    subpage_types = []
    base_form_class = FocalPointPageForm

    class Meta:
        verbose_name = _("good practice")
        verbose_name_plural = _("good practices")

    def save(self, *args, **kwargs):
        parent = self.get_parent()
        if parent is not None:
            self.city = original_city(parent)
        self.has_measured_results = bool(self.figures)
        return super().save(*args, **kwargs)

    def permissions_for_user(self, user):
        return PracticePagePermissionTester(user, self)

    def get_workflow(self):
        """Always the city review: a practice is published by UIL staff, even where focal points publish
        their city's page themselves (then a new practice is saved as a draft first and submitted from
        its editor: Wagtail's add view asks the city page, which has no workflow then)."""
        return (
            Workflow.objects.filter(name=REVIEW_WORKFLOW_NAME, active=True).first() or super().get_workflow()
        )

    @property
    def has_workflow(self):
        return self.get_workflow() is not None

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(routes.handle("context", self, request))
        return context
