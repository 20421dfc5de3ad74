"""What a page says about itself to search engines and link previews: description and Open Graph."""

from django import template
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.translation import get_language, to_locale
from django.utils.translation import gettext as _
from wagtail.models import Page

from cities.models import CityPage
from cities.profile import membership_sentence

register = template.Library()

DESCRIPTION_WORDS = 30


def site_description():
    return _(
        "A directory of the UNESCO Global Network of Learning Cities in Latin America and the Caribbean, "
        "supported by the UNESCO Institute for Lifelong Learning and Tecnológico de Monterrey."
    )


def page_description(page):
    """The editor's search description, else the page's own summary or introduction, else, for a city, the
    sentence its page opens with (its membership), else the site's."""
    if page is None:
        return site_description()
    page = page.specific
    text = page.search_description or getattr(page, "summary", "") or strip_tags(getattr(page, "intro", ""))
    if not text and isinstance(page, CityPage):
        text = membership_sentence(page)
    text = " ".join(text.split())
    return Truncator(text).words(DESCRIPTION_WORDS) if text else site_description()


@register.inclusion_tag("includes/page_meta.html", takes_context=True)
def page_meta(context, page=None):
    """The description and Open Graph tags; views that are not pages (search, errors) speak for the site."""
    request = context["request"]
    page = page if isinstance(page, Page) else None
    image = getattr(page.specific, "hero_image", None) if page is not None else None
    return {
        "description": page_description(page),
        "title": (page.seo_title or page.title) if page is not None else _("Learning Cities Network"),
        "url": request.build_absolute_uri(page.url if page is not None and page.url else request.path),
        "locale": to_locale(get_language()),
        "image": request.build_absolute_uri(image.get_rendition("fill-1200x630").url) if image else None,
    }
