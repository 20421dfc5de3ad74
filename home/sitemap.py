"""The sitemap search engines read (/sitemap.xml): every public page in every language, with its versions.

Wagtail's own sitemap lists the pages under the site's root page, the Spanish home; the Portuguese and
English trees are that home's translations, beside it. This one lists the pages of every language's tree
that any visitor may read (live, and open to everyone as in every public list: network/visibility.py) and
that are not untranslated copies: a copy (a Wagtail alias) names its original as canonical
(templates/base.html), so search engines are sent to the original. Each entry names the page's versions
in the site's languages and the default one, as the pages' own hreflang links do.

A crawler asks whether its copy is still good with the copy's ETag, a digest of the list itself, not with a
date: the newest publication date, Django's Last-Modified, stays the same when a page leaves the list
(unpublished, closed, moved or deleted) or the site's address changes, and the crawler would be told to keep
a list of pages it may no longer read.
"""

import functools
import operator
from collections import defaultdict

from django.conf import settings
from django.utils.cache import set_response_etag
from wagtail.contrib.sitemaps import Sitemap
from wagtail.contrib.sitemaps.views import sitemap as wagtail_sitemap
from wagtail.models import Page

from network.caching import public_responses
from network.visibility import open_to_everyone


class NetworkSitemap(Sitemap):
    def listed_pages(self):
        homes = self.get_wagtail_site().root_page.get_translations(inclusive=True)
        in_site = functools.reduce(
            operator.or_, (Page.objects.descendant_of_q(home, inclusive=True) for home in homes)
        )
        return open_to_everyone(Page.objects.live().filter(in_site, alias_of__isnull=True)).order_by("path")

    def items(self):
        return self.listed_pages().defer_streamfields().specific()

    def get_urls(self, page=1, site=None, protocol=None):
        """Wagtail's entries, each with the hreflang alternates of its page's versions."""
        versions = defaultdict(dict)
        translation_keys = {}
        for listed in self.listed_pages().select_related("locale"):
            url = listed.get_full_url(self.request)
            versions[listed.translation_key][listed.locale.language_code] = url
            translation_keys[url] = listed.translation_key
        urls = super().get_urls(page=page, site=site, protocol=protocol)
        for entry in urls:
            translation_key = translation_keys.get(entry["location"])
            if translation_key is None:  # A further URL a page type lists for itself.
                continue
            by_language = versions[translation_key]
            entry["alternates"] = [
                {"lang_code": code, "location": by_language[code]}
                for code, _name in settings.LANGUAGES
                if code in by_language
            ]
            default = by_language.get(settings.LANGUAGE_CODE)
            if default:
                entry["alternates"].append({"lang_code": "x-default", "location": default})
        return urls


def sitemap(request):
    """/sitemap.xml, validated by its ETag only (see above), and for readers of every language: the
    public response cache keeps one copy for all crawlers."""
    response = wagtail_sitemap(request, sitemaps={"pages": NetworkSitemap}).render()
    response.headers.pop("Last-Modified", None)
    response["Content-Language"] = public_responses.every_language()
    return set_response_etag(response)
