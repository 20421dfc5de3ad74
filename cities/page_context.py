"""What the services add to a city page's template context.

The directory's filters and results (cities.directory), a city's nearby cities (cities.nearby) and
what its page says without a written profile (cities.profile) are computed by modules that import the
models, so the models cannot import them: cities.apps registers them here and the pages' get_context()
asks for them.
"""

_builders = {}


def register(page_class, build):
    """`build(page, request)` returns variables to add to the context of `page_class`'s pages."""
    _builders.setdefault(page_class, []).append(build)


def extra_context(page, request):
    context = {}
    for build in _builders.get(type(page), ()):
        context.update(build(page, request))
    return context
