"""Snippet pages' breadcrumbs in the language of each request.

Wagtail 8.0.1's `SnippetViewSet.breadcrumbs_items` translates "Home" (and "Snippets") with `gettext` when
the viewset builds its views, at the first request of a process: every snippet page's breadcrumb then
began in that request's language (an English or Portuguese editor read "Inicio"). Our snippet viewsets
take this mixin first: the same items, with labels translated when the breadcrumb is shown.
"""

from django.utils.translation import gettext_lazy as _

# Wagtail's items, in its order: Home, then Snippets when the model has no menu item of its own.
LABELS = (_("Home"), _("Snippets"))


class LazyBreadcrumbsMixin:
    @property
    def breadcrumbs_items(self):
        items = super().breadcrumbs_items
        return [
            {**item, "label": LABELS[index]} if index < len(LABELS) else item
            for index, item in enumerate(items)
        ]
