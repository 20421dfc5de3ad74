"""The Atom feed of the library's newest items, per language (/resources/feed/)."""

from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from .citations import theme_names
from .listing import published_resources

FEED_ITEMS = 20


class NewResourcesFeed(Feed):
    feed_type = Atom1Feed

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
        return (
            published_resources(index)
            .order_by("-first_published_at", "-pk")
            .prefetch_related("themes")[:FEED_ITEMS]
        )

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
