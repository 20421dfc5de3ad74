"""The search index follows a published page's themes and cities.

Wagtail saves a page, and the search backend indexes it, before the page's many-to-many fields are saved: a
page published with other themes or cities kept the old names in the index until it was saved again. Once
it is published, it is indexed again; so is each of its copies in the other languages, which Wagtail
publishes (with `page_published`) after it.
"""

from wagtail.search import index
from wagtail.signals import page_published

from network.search_indexing import reads_related_names


def index_published_page(sender, instance, **kwargs):
    if reads_related_names(sender):
        index.insert_or_update_object(instance)


def register_signal_handlers():
    page_published.connect(index_published_page, dispatch_uid="search_index_published_page")
