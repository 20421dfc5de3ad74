"""A page deleted in the admin leaves every language. wagtail-localize keeps a copy of each Spanish page in
the other languages' trees (a translation, or an alias until translated) but does not name them to
Wagtail's delete view, as Wagtail's own translation app does: the copies outlived their original as
unpublished orphans, offering a deleted city's country in the CRM's filters and kept in the explorer.
Deleting the original (a page of the default language) names those the view deletes, the versions under a
version of its parent (a translation an editor moved elsewhere stays, as do the other languages' homes);
Wagtail's view warns of the translations in its confirmation and deletes them with it. The explorer's bulk
deletion names nothing to a translation app: once it has deleted originals, the same versions are deleted
after them. Deleting a translation deletes that page alone.
"""

from wagtail.models import Locale, Page


def versions_going_along(original):
    """The versions in the other languages Wagtail's delete view deletes with the original: those under a
    version of its parent, not one moved elsewhere (a page of the default language; none for another)."""
    if original.locale_id != Locale.get_default().pk:
        return []
    parent = Page.objects.filter(path=original.path[: -Page.steplen]).first()
    if parent is None:  # Deleted in the same bulk action: its versions, deleted for it, take these along.
        return []
    parents = {page.path for page in parent.get_translations()}
    return [
        version
        for version in Page.objects.translation_of(original, inclusive=False)
        if version.path[: -Page.steplen] in parents
    ]
