"""Keep a city's facts identical in every language.

The page in the default language (the original) holds the facts; its translations and untranslated
copies (aliases) take them from it whenever either side is saved.
"""

from network.caching.versions import PUBLISHED_CONTENT

from .models import SYNCHRONISED_FIELDS, CityPage


def _attnames():
    return [CityPage._meta.get_field(name).attname for name in SYNCHRONISED_FIELDS]


def take_synchronised_fields(translation):
    """Copy the original's facts onto a translation that is about to be saved."""
    original = translation.original()
    if original is None:
        return
    for name in _attnames():
        setattr(translation, name, getattr(original, name))
    translation.themes.set(original.themes.all())


def push_synchronised_fields(original):
    """Give every translation of this original its facts; True when any translation changed."""
    translations = CityPage.objects.filter(translation_key=original.translation_key).exclude(pk=original.pk)
    values = {name: getattr(original, name) for name in _attnames()}
    changed = False
    theme_ids = {theme.pk for theme in original.themes.all()}
    for translation in translations.prefetch_related("themes"):
        stale_fields = any(getattr(translation, name) != value for name, value in values.items())
        stale_themes = {theme.pk for theme in translation.themes.all()} != theme_ids
        if stale_fields:
            CityPage.objects.filter(pk=translation.pk).update(**values)
        if stale_themes:
            links = CityPage.themes.through
            links.objects.filter(citypage_id=translation.pk).delete()
            links.objects.bulk_create(links(citypage_id=translation.pk, theme_id=pk) for pk in theme_ids)
        changed = changed or stale_fields or stale_themes
    if changed:
        PUBLISHED_CONTENT.changed()
    return changed


def take_on_save(sender, instance, raw=False, **kwargs):
    """pre_save of a CityPage: a translation saved again keeps its original's facts."""
    if raw or instance.pk is None or instance.is_original:
        return
    take_synchronised_fields(instance)


def synchronise_on_save(sender, instance, raw=False, update_fields=None, **kwargs):
    """post_save of a CityPage: an original that saved its facts passes them on.

    Saving a draft revision only updates the page's revision fields, so drafts never reach the
    translations; publishing saves the whole page.
    """
    if raw or not instance.is_original:
        return
    if update_fields is not None and not set(update_fields) & {*SYNCHRONISED_FIELDS, *_attnames(), "themes"}:
        return
    push_synchronised_fields(instance)
