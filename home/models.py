from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, PageChooserPanel
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page


class HomePage(Page):
    """The network's front page: what it is, key figures, featured cities and themes."""

    tagline = models.CharField(_("tagline"), max_length=250, blank=True)
    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link", "ol", "ul"])

    content_panels = Page.content_panels + [
        FieldPanel("tagline"),
        FieldPanel("intro"),
        InlinePanel("featured_cities", heading=_("Featured cities"), label=_("featured city"), max_num=6),
    ]

    parent_page_types = ["wagtailcore.Page"]
    # One home page per site language: the original and its translations.
    max_count = len(settings.WAGTAIL_CONTENT_LANGUAGES)

    class Meta:
        verbose_name = _("home page")

    def get_context(self, request, *args, **kwargs):
        from cities.directory import network_figures
        from cities.models import CityIndexPage

        context = super().get_context(request, *args, **kwargs)
        context.update(network_figures(self))
        directory = CityIndexPage.objects.live().filter(locale=self.locale_id).first()
        context["directory_url"] = directory.get_url(request) if directory else ""
        return context


class FeaturedCity(Orderable):
    page = ParentalKey(HomePage, on_delete=models.CASCADE, related_name="featured_cities")
    city = models.ForeignKey(
        "cities.CityPage", verbose_name=_("city"), on_delete=models.CASCADE, related_name="+"
    )

    panels = [PageChooserPanel("city", "cities.CityPage")]

    class Meta(Orderable.Meta):
        verbose_name = _("featured city")
        verbose_name_plural = _("featured cities")
