"""The resource library's models: its index (/resources/), its items and their full texts.

A library item is a page, so that its title and abstract are translated as every other page is (the
translation keeps the facts: authors, year, identifiers, links). Its full texts say in which languages
it can be read, each with a link or a document. The services (listing, citations, feed) import these
models, never the reverse: the pages' routes ask `page_routes`.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField

from cities.models import in_default_language
from contacts.widgets import MultipleChooser
from events.blocks import SourceBlock
from network.search_indexing import RelatedNames, accent_insensitive

from . import page_routes
from .identifiers import clean_doi, clean_isbn, year_not_in_the_future


class TextLanguage(models.TextChoices):
    SPANISH = "es", _("Spanish")
    PORTUGUESE = "pt", _("Portuguese")
    ENGLISH = "en", _("English")
    FRENCH = "fr", _("French")


class ResourceIndexPage(RoutablePageMixin, Page):
    """/resources/: the library's items with filters, and the Atom feed of the newest."""

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])

    content_panels = Page.content_panels + [FieldPanel("intro")]

    parent_page_types = ["home.HomePage"]
    subpage_types = ["knowledge.ResourcePage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("resource library")

    @path("")
    def index(self, request):
        return page_routes.handle("index", self, request)

    @path("feed/", name="feed")
    def feed(self, request):
        return page_routes.handle("feed", self, request)


class ResourcePageForm(WagtailAdminPageForm):
    """The editor of a library item: identifiers tidied, and at least one language to read it in."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "title_language" in self.fields:
            # An empty choice says what it means rather than "---------".
            self.fields["title_language"].choices = [("", _("The page's language")), *TextLanguage.choices]

    def clean_isbn(self):
        return clean_isbn(self.cleaned_data.get("isbn"))

    def clean_doi(self):
        return clean_doi(self.cleaned_data.get("doi"))

    def clean(self):
        cleaned = super().clean()
        full_texts = self.formsets.get("full_texts")
        if full_texts is not None and all(form.is_valid() for form in full_texts.forms):
            kept = [
                form.cleaned_data
                for form in full_texts.forms
                if form.cleaned_data and not form.cleaned_data.get("DELETE")
            ]
            languages = [text.get("language") for text in kept]
            if not kept:
                self.add_error(None, _("Give at least one language the full text can be read in."))
            elif len(set(languages)) < len(languages):
                self.add_error(None, _("Each language of the full text can be given only once."))
        return cleaned


class ResourcePage(RoutablePageMixin, Page):
    """A publication, guide, toolkit, collection of case studies or recording, with its citation."""

    class Kind(models.TextChoices):
        PUBLICATION = "publication", _("Publication")
        GUIDE = "guide", _("Guide")
        TOOLKIT = "toolkit", _("Toolkit")
        CASE_STUDIES = "case_studies", _("Case-study collection")
        RECORDING = "recording", _("Recording")

    title_language = models.CharField(
        _("language of the title"),
        max_length=2,
        choices=TextLanguage.choices,
        blank=True,
        help_text=_(
            "Only when the title is in another language than this page, such as an English original: "
            "screen readers then pronounce it right."
        ),
    )
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices, default=Kind.PUBLICATION)
    abstract = models.TextField(
        _("abstract"), help_text=_("In your own words: what the item is about and who it is for.")
    )
    authors = models.TextField(
        _("authors"),
        blank=True,
        help_text=_(
            "One per line: a person as “Family name, Given names”, an organisation by its name. "
            "Empty: the publisher is the author."
        ),
    )
    publisher = models.CharField(_("publisher"), max_length=255)
    place = models.CharField(_("place of publication"), max_length=120, blank=True)
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(1900), year_not_in_the_future]
    )
    isbn = models.CharField(_("ISBN"), max_length=32, blank=True)
    doi = models.CharField(_("DOI"), max_length=255, blank=True, help_text=_("For example 10.1000/xyz123."))
    unesdoc_url = models.URLField(
        _("UNESDOC link"), blank=True, help_text=_("The item's record in UNESCO's digital library.")
    )
    licence = models.CharField(
        _("licence"), max_length=120, blank=True, help_text=_("For example CC BY-SA 3.0 IGO.")
    )
    themes = ParentalManyToManyField(
        "cities.Theme",
        verbose_name=_("themes"),
        blank=True,
        related_name="resources",
        limit_choices_to=in_default_language,
    )
    cities = ParentalManyToManyField(
        "cities.CityPage",
        verbose_name=_("related cities"),
        blank=True,
        related_name="resources",
        limit_choices_to=in_default_language,
    )
    events = ParentalManyToManyField(
        "events.EventPage",
        verbose_name=_("related events"),
        blank=True,
        related_name="resources",
        limit_choices_to=in_default_language,
    )
    sources = StreamField(
        [("source", SourceBlock())],
        verbose_name=_("sources"),
        blank=True,
        help_text=_("Public pages the facts of this item come from, when it is not its own record."),
    )

    search_fields = accent_insensitive(
        Page.search_fields
        + [
            index.SearchField("abstract"),
            index.SearchField("authors"),
            index.SearchField("publisher"),
            RelatedNames("themes"),
            RelatedNames("cities"),
        ]
    )
    # wagtail-localize offers the title and abstract for translation; these are the item's facts.
    override_translatable_fields = [
        SynchronizedField(name)
        for name in ("authors", "publisher", "place", "isbn", "doi", "licence", "sources")
    ]

    base_form_class = ResourcePageForm
    content_panels = Page.content_panels + [
        FieldPanel("title_language"),
        FieldPanel("kind"),
        FieldPanel("abstract"),
        MultiFieldPanel(
            [
                FieldPanel("authors"),
                FieldRowPanel([FieldPanel("publisher"), FieldPanel("place"), FieldPanel("year")]),
                FieldRowPanel([FieldPanel("isbn"), FieldPanel("doi")]),
                FieldPanel("unesdoc_url"),
                FieldPanel("licence"),
            ],
            heading=_("Publication"),
        ),
        InlinePanel("full_texts", heading=_("Full text"), label=_("language"), min_num=1),
        FieldPanel("themes", widget=forms.CheckboxSelectMultiple),
        FieldPanel("cities", widget=MultipleChooser("contacts.choosers.CityChooser")),
        FieldPanel("events", widget=forms.CheckboxSelectMultiple),
        FieldPanel("sources"),
    ]

    parent_page_types = ["knowledge.ResourceIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("library item")
        verbose_name_plural = _("library items")

    @property
    def summary(self):
        """What lists and the site search show of the item."""
        return self.abstract

    @property
    def author_names(self):
        return [line.strip() for line in self.authors.splitlines() if line.strip()]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(page_routes.handle("context", self, request))
        return context

    @path("cite/ris/", name="ris")
    def ris(self, request):
        return page_routes.handle("ris", self, request)

    @path("cite/bibtex/", name="bibtex")
    def bibtex(self, request):
        return page_routes.handle("bibtex", self, request)


class ResourceFullText(Orderable):
    """A language the item can be read (or watched) in, with its link or its document.

    Deleting the document deletes the full text, link included: kept without it, the language would still
    count in the list, its filter and the citations, and the editor would open on a row it refuses. The
    item's revisions drop it too (modelcluster drops a child whose CASCADE key is gone), so neither the
    editor nor a later publication brings it back.
    """

    page = ParentalKey(ResourcePage, on_delete=models.CASCADE, related_name="full_texts")
    language = models.CharField(_("language"), max_length=2, choices=TextLanguage.choices)
    url = models.URLField(_("link"), blank=True)
    document = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("document"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )

    panels = [FieldRowPanel([FieldPanel("language"), FieldPanel("url"), FieldPanel("document")])]

    class Meta(Orderable.Meta):
        verbose_name = _("full text")
        verbose_name_plural = _("full texts")

    def clean(self):
        if not self.url and not self.document_id:
            raise ValidationError({"url": _("Give the link to the full text, or choose its document.")})

    @property
    def href(self):
        return self.document.url if self.document_id else self.url
