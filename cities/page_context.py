"""What the services add to a city page's template context.

The directory's filters and results (cities.directory) and a city's nearby cities (cities.nearby) are
computed by modules that import the models, so the models cannot import them: cities.apps registers
them here and the pages' get_context() asks for them.
"""

_builders = {}


def register(page_class, build):
    """`build(page, request)` returns the variables to add to the context of `page_class`'s pages."""
    _builders[page_class] = build


def extra_context(page, request):
    return _builders[type(page)](page, request)
