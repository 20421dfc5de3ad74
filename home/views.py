from django.conf import settings
from django.templatetags.static import static
from django.urls import reverse
from django.utils import translation
from django.views.generic import RedirectView, TemplateView
from wagtail.models import Site

# Public URLs a crawler has no use for, in every language: the search results (an endless space of
# queries), and the pages behind the links a registration, a mailing or a certificate gives its holder.
NOT_CRAWLED = ("search", "events_registration", "mailings_unsubscribe", "events_certificate")


class FaviconView(RedirectView):
    """/favicon.ico leads to the site's icon (its hashed static URL is known only once collected)."""

    permanent = True

    def get_redirect_url(self, *args, **kwargs):
        return static("img/favicon.svg")


class RobotsView(TemplateView):
    """/robots.txt: where the sitemap is, and what crawlers may leave (the admin, the holders' pages)."""

    template_name = "home/robots.txt"
    content_type = "text/plain; charset=utf-8"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            not_crawled=[folder_of(name, code) for code, _name in settings.LANGUAGES for name in NOT_CRAWLED],
            sitemap_url=sitemap_url(self.request),
            **kwargs,
        )


def sitemap_url(request):
    """The sitemap's address on the Wagtail site this request is for, the address its pages are listed at
    (Page.get_full_url): a sitemap may list only pages of its own host, whatever name the request came by."""
    site = Site.find_for_request(request)
    if site is None:
        return request.build_absolute_uri(reverse("sitemap"))
    return site.root_url + reverse("sitemap")


def folder_of(url_name, language):
    """The folder a named URL lies in, in a language: "/en/registration/" for a registration's page."""
    with translation.override(language):
        if url_name == "search":
            return reverse(url_name)
        return reverse(url_name, args=["-"]).removesuffix("-/")
