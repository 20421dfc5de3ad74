"""What invalidates what: the one table of model changes that start a new version of shared data.

Features never connect cache signals themselves. A change no signal reports (a bulk write with
`bulk_create`/`bulk_update`, a raw insert) calls `VERSION.changed()` from `versions` after it.
Models are named by label, so this package imports no feature app.
"""

from django.apps import apps
from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save
from wagtail.models import Page
from wagtail.signals import page_published, page_unpublished, post_page_move

from .versions import CITY_ACTIVITY, ENGAGEMENT_LOG, PUBLISHED_CONTENT

# Any page: a city's URL also depends on the directory and home pages above it.
PAGE_SIGNALS = [(PUBLISHED_CONTENT, signal) for signal in (page_published, page_unpublished, post_page_move)]
# Pages that show in cached data from their creation, before anyone publishes them.
DRAFTS_SHOWN = {"cities.CityPage"}
# (version, signal, sender): theme names appear in the map data, a city's themes include those of its
# public activity (cities.activity_themes, which also keeps them under a version of their own), a view
# restriction hides pages, an accepted progress report's measures show on its city's public and staff pages
# (progress.results), labelled and ordered by their cycles' names and dates, the log's counts and timelines
# follow its records. Pages link documents (a library item's full texts, rich text, event materials) and a
# document's change starts no page revision: any save or deletion of one counts. A new file changes its
# address (the old one answers 404) and a deletion takes its library full texts along; a new title alone
# costs a needless version, rarer than telling the changes apart is worth. (Wagtail's own document model:
# the project sets no WAGTAILDOCS_DOCUMENT_MODEL.) A site's host name, port and root page make the sitemap's
# addresses.
MODEL_SIGNALS = [
    (PUBLISHED_CONTENT, signal, sender)
    for sender in (
        "wagtailcore.Site",
        "cities.Theme",
        "cities.CityActivityTheme",
        "wagtailcore.PageViewRestriction",
        "progress.Submission",
        "progress.Cycle",
        "wagtaildocs.Document",
    )
    for signal in (post_save, post_delete)
] + [
    (CITY_ACTIVITY, post_save, "cities.CityActivityTheme"),
    (CITY_ACTIVITY, post_delete, "cities.CityActivityTheme"),
    (ENGAGEMENT_LOG, post_save, "contacts.Engagement"),
    (ENGAGEMENT_LOG, post_delete, "contacts.Engagement"),
]
# A new release may render pages, map data and timelines differently: every deployment runs `migrate`, and
# what was cached under the old code is left then (on Wagtail's core app's signal: once per migrate).
RELEASE_VERSIONS = (PUBLISHED_CONTENT, ENGAGEMENT_LOG, CITY_ACTIVITY)
# Many-to-many fields whose changes count as changes of their model's data.
RELATION_SIGNALS = [
    (ENGAGEMENT_LOG, "contacts.Engagement", name)
    for name in ("cities", "organisations", "participants", "themes")
]


def connect():
    for number, (version, signal) in enumerate(PAGE_SIGNALS):
        signal.connect(version.changed, dispatch_uid=f"caching-pages-{number}")
    post_delete.connect(_page_deleted, dispatch_uid="caching-page-deleted")
    post_save.connect(_page_created, dispatch_uid="caching-page-created")
    post_migrate.connect(
        _migrated, sender=apps.get_app_config("wagtailcore"), dispatch_uid="caching-new-release"
    )
    for number, (version, signal, label) in enumerate(MODEL_SIGNALS):
        signal.connect(version.changed, sender=apps.get_model(label), dispatch_uid=f"caching-models-{number}")
    for number, (version, label, field) in enumerate(RELATION_SIGNALS):
        through = apps.get_model(label)._meta.get_field(field).remote_field.through
        m2m_changed.connect(version.changed, sender=through, dispatch_uid=f"caching-relations-{number}")


def _page_deleted(sender, **kwargs):
    if issubclass(sender, Page):
        PUBLISHED_CONTENT.changed()


def _page_created(sender, instance, created, **kwargs):
    """A page created live: Wagtail's copy as an alias ("Copy", then alias) sends no page_published. A city
    page created as a draft has its country already, which the staff's country filters offer
    (contacts.filters.city_countries); a new city is rare enough for the public pages' new version."""
    if created and issubclass(sender, Page) and (instance.live or sender._meta.label in DRAFTS_SHOWN):
        PUBLISHED_CONTENT.changed()


def _migrated(sender, **kwargs):
    for version in RELEASE_VERSIONS:
        version.bump()
