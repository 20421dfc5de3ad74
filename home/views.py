from django.conf import settings
from django.templatetags.static import static
from django.urls import reverse
from django.utils import translation
from django.views.generic import RedirectView, TemplateView
from wagtail.models import Site


class FaviconView(RedirectView):
    """/favicon.ico leads to the site's icon (its hashed static URL is known only once collected)."""

    permanent = True

    def get_redirect_url(self, *args, **kwargs):
        return static("img/favicon.svg")


class RobotsView(TemplateView):
    """/robots.txt: where the sitemap is, and what crawlers may leave: the admin, and the search results (an
    endless space of queries) in every language.

    The pages behind the links a registration, a mailing or a certificate gives its holder are not listed:
    they say "noindex", which a crawler that finds such a link where its holder shared it must be able to
    read. Kept out by robots.txt, it could list the address, key included, without reading the page."""

    template_name = "home/robots.txt"
    content_type = "text/plain; charset=utf-8"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            not_crawled=search_urls(), sitemap_url=sitemap_url(self.request), **kwargs
        )


def search_urls():
    """The site search's address in every language."""
    urls = []
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            urls.append(reverse("search"))
    return urls


def sitemap_url(request):
    """The sitemap's address on the Wagtail site this request is for, the address its pages are listed at
    (Page.get_full_url): a sitemap may list only pages of its own host, whatever name the request came by."""
    site = Site.find_for_request(request)
    if site is None:
        return request.build_absolute_uri(reverse("sitemap"))
    return site.root_url + reverse("sitemap")
