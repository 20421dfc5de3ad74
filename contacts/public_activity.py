"""The themes cities work on through the network's public activities, taken from the engagement log.

Privacy: the engagement log is private to UIL staff. Only workshops, forums (the regional forum),
webinars and trainings count: they are the network's public activities. Meetings, calls, e-mails,
visits, report submissions and other engagements never do. Of a public activity, nothing reaches the
public site but "this city works on theme T" (cities.activity_themes): no title, date, summary,
outcome, number of engagements, participant or organisation.

These are one source of the cities' activity themes (cities.activity_themes.add_source). Every change
of an engagement's kind, cities or themes, and its deletion, refreshes the cities concerned (`connect()`).
Bulk writes send no signals: whoever writes engagements in bulk calls `refresh_engagements()`
afterwards; the `refresh_activity_themes` command rebuilds everything.
"""

from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete

from cities.activity_themes import add_source, refresh_cities
from network.imports.lookups import chunks

from .models import Engagement

PUBLIC_KINDS = (
    Engagement.Kind.WORKSHOP,
    Engagement.Kind.FORUM,
    Engagement.Kind.WEBINAR,
    Engagement.Kind.TRAINING,
)
CITY_LINKS = Engagement.cities.through
THEME_LINKS = Engagement.themes.through


def public_themes(city_ids=None):
    """{city id: ids of the themes of its public activities}, for these cities or for all."""
    engagements = Engagement.objects.filter(kind__in=PUBLIC_KINDS).values("pk")
    links = CITY_LINKS.objects.filter(engagement_id__in=engagements)
    if city_ids is not None:
        links = links.filter(citypage_id__in=city_ids)
    themes = {}
    for city_id, theme_id in links.values_list("citypage_id", "engagement__themes").distinct():
        if theme_id is not None:  # an engagement without themes
            themes.setdefault(city_id, set()).add(theme_id)
    return themes


def refresh_engagements(engagement_ids):
    """Recompute the activity themes of the cities of these engagements (after a bulk write)."""
    refresh_cities(_cities_of(engagement_ids))


def _cities_of(engagement_ids):
    city_ids = set()
    for chunk in chunks(engagement_ids):
        city_ids.update(
            CITY_LINKS.objects.filter(engagement_id__in=chunk).values_list("citypage_id", flat=True)
        )
    return city_ids


def connect():
    add_source("engagements", public_themes)
    uid = "contacts-public-activity"
    post_save.connect(_engagement_saved, sender=Engagement, dispatch_uid=f"{uid}-saved")
    pre_delete.connect(_engagement_deleting, sender=Engagement, dispatch_uid=f"{uid}-deleting")
    post_delete.connect(_engagement_deleted, sender=Engagement, dispatch_uid=f"{uid}-deleted")
    m2m_changed.connect(_cities_changed, sender=CITY_LINKS, dispatch_uid=f"{uid}-cities")
    m2m_changed.connect(_themes_changed, sender=THEME_LINKS, dispatch_uid=f"{uid}-themes")


def _engagement_saved(sender, instance, created, raw=False, update_fields=None, **kwargs):
    """The kind may have changed. A new engagement has no cities yet: their links come next (modelcluster
    commits them after saving the engagement) and send m2m_changed."""
    if raw or created or (update_fields is not None and "kind" not in update_fields):
        return
    refresh_engagements([instance.pk])


def _engagement_deleting(sender, instance, **kwargs):
    """Its city links are deleted with it, before post_delete: remember the cities."""
    instance._public_activity_cities = _cities_of([instance.pk])


def _engagement_deleted(sender, instance, **kwargs):
    refresh_cities(getattr(instance, "_public_activity_cities", ()))


def _cities_changed(sender, instance, action, reverse, pk_set, **kwargs):
    """Cities added to or removed from an engagement (or engagements to or from a city)."""
    if action == "pre_clear":
        instance._public_activity_cities = {instance.pk} if reverse else _cities_of([instance.pk])
    elif action == "post_clear":
        refresh_cities(instance._public_activity_cities)
    elif action in ("post_add", "post_remove"):
        if reverse:
            refresh_cities([instance.pk])
        elif instance.kind in PUBLIC_KINDS:
            refresh_cities(pk_set)


def _themes_changed(sender, instance, action, reverse, pk_set, **kwargs):
    """Themes added to or removed from an engagement (or engagements to or from a theme)."""
    if action == "pre_clear":
        engagement_ids = instance.engagements.values_list("pk", flat=True) if reverse else [instance.pk]
        instance._public_activity_cities = _cities_of(list(engagement_ids))
    elif action == "post_clear":
        refresh_cities(instance._public_activity_cities)
    elif action in ("post_add", "post_remove"):
        if reverse:
            refresh_engagements(pk_set)
        elif instance.kind in PUBLIC_KINDS:
            refresh_engagements([instance.pk])
