"""A page created in the admin is found in every language by its themes and cities: wagtail-localize makes
its aliases in its own `after_create_page` hook, each indexed before its many-to-many fields are saved;
this hook, ordered after it, indexes them again (network.search_indexing.index_aliases)."""

from wagtail import hooks

from network.search_indexing import index_aliases


@hooks.register("after_create_page", order=1)
def index_the_new_pages_aliases(request, page):
    index_aliases(page)
