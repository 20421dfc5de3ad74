"""The Atom feed of the library's newest items, per language (/resources/feed/).

The feed says its language once; an entry whose text is in another language (an untranslated copy shows
its original) says its own, and a title in another language than its entry says its own too, with
xml:lang as Atom allows on any element (RFC 4287, 2). The names of the themes stay in the reader's
language. RSS 2.0 has no language per item: the feed is Atom only.
"""

from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from .citations import theme_names
from .listing import published_resources, title_languages

FEED_ITEMS = 20


class ElementLanguages:
    """A feed writer's XML handler that marks the language of the elements named in `languages` ({element
    name: language}) as it writes them."""

    def __init__(self, handler, languages):
        self.handler = handler
        self.languages = languages

    def addQuickElement(self, name, contents=None, attrs=None):  # SimplerXMLGenerator's method
        if self.languages.get(name):
            attrs = {**(attrs or {}), "xml:lang": self.languages[name]}
        self.handler.addQuickElement(name, contents, attrs)

    def __getattr__(self, name):
        return getattr(self.handler, name)


class MultilingualAtomFeed(Atom1Feed):
    """Atom whose entries say their language (the item's `language`) where it is not the feed's, and their
    title's (`title_language`) where it is not the entry's."""

    def item_attributes(self, item):
        attributes = super().item_attributes(item)
        if item["language"] != self.feed["language"]:
            attributes["xml:lang"] = item["language"]
        return attributes

    def add_item_elements(self, handler, item):
        languages = {}
        if item["title_language"] != item["language"]:
            languages["title"] = item["title_language"]
        if item["language"] != self.feed["language"]:
            languages["category"] = self.feed["language"]
        super().add_item_elements(ElementLanguages(handler, languages) if languages else handler, item)


class NewResourcesFeed(Feed):
    feed_type = MultilingualAtomFeed

    def get_object(self, request, index):
        self.request = request
        return index

    def title(self, index):
        return _("%(library)s: new items") % {"library": index.title}

    def subtitle(self, index):
        return _("Publications, guides, toolkits and recordings newly added to the network's library.")

    def link(self, index):
        return index.get_url(self.request)

    def items(self, index):
        items = list(
            published_resources(index)
            .order_by("-first_published_at", "-pk")
            .select_related("alias_of__locale")
            .prefetch_related("themes")[:FEED_ITEMS]
        )
        languages = title_languages(items)
        for item in items:
            item.language_of_title = languages[item.pk]
        return items

    def item_extra_kwargs(self, resource):
        """The language of the item's text (its original's while it is an untranslated copy), and of its
        title (listing.title_languages)."""
        source = resource.alias_of
        language = source.locale.language_code if source is not None else get_language()
        return {"language": language, "title_language": resource.language_of_title}

    def item_title(self, resource):
        return resource.title

    def item_description(self, resource):
        return resource.abstract

    def item_link(self, resource):
        return resource.get_url(self.request)

    def item_pubdate(self, resource):
        return resource.first_published_at

    def item_updateddate(self, resource):
        return resource.last_published_at

    def item_author_name(self, resource):
        return "; ".join(resource.author_names) or resource.publisher

    def item_categories(self, resource):
        return theme_names(resource, self.request)


def feed_response(index, request):
    return NewResourcesFeed()(request, index=index)
