"""The practices' admin: a practice moved to another city takes its copies in the other languages along
(its untranslated copies and its translations, under that city's page in their language), so that each
language lists it under the same city (practices.moves).

Wagtail moves them when a `construct_translated_pages_to_cascade_actions` hook names them; only
wagtail.contrib.simple_translation has one, and the site translates with wagtail-localize.
"""

from wagtail import hooks
from wagtail.models import Page

from .models import PracticePage


@hooks.register("construct_translated_pages_to_cascade_actions")
def practice_copies_to_move(pages, action):
    if action != "move":
        return None
    return {
        page: Page.objects.translation_of(page, inclusive=False)
        for page in pages
        if isinstance(page.specific_deferred, PracticePage)
    }
