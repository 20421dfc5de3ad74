"""The engagement log export's many-valued cells, written as the engagement import reads them back
(contacts/importers/engagements.py): an exported log, edited in a spreadsheet and imported, proposes only
the edits. Items are joined by "; " (network.imports.values.join)."""

from django.db.models import Exists, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from cities.models import CityPage, Theme
from network.imports.values import join
from network.languages import active_locale_id


def with_shared_titles(cities):
    """`cities` (a queryset of city pages), each with `title_shared`: whether another city has its name."""
    namesakes = CityPage.objects.originals().filter(title=OuterRef("title")).exclude(pk=OuterRef("pk"))
    return cities.annotate(title_shared=Exists(namesakes))


def with_local_names(themes):
    """`themes` (original themes), each with `local_name`: its name in the active language where someone
    translated it, its own otherwise. The import reads a theme's name in any language back."""
    translated = Theme.objects.filter(
        translation_key=OuterRef("translation_key"), locale_id=active_locale_id()
    )
    return themes.annotate(local_name=Coalesce(Subquery(translated.values("name")[:1]), "name"))


class ExportCells:
    """The Engagement model's export columns (EngagementViewSet.list_export)."""

    def export_cities(self):
        """The cities by name, with the country code where another city has the same name ('La Paz (MX)').
        The export's listing prefetches them annotated (contacts/views.py): no query a row."""
        cities = list(self.cities.all())
        if not all(hasattr(city, "title_shared") for city in cities):
            cities = with_shared_titles(self.cities.all())
        return join(
            f"{city.title} ({city.country.code})" if city.title_shared else city.title for city in cities
        )

    export_cities.short_description = _("cities")

    def export_organisations(self):
        return join(organisation.name for organisation in self.organisations.all())

    export_organisations.short_description = _("organisations")

    def export_participants(self):
        """The participants by name (the import also takes e-mail addresses), and how many were erased."""
        names = [contact.full_name for contact in self.participants.all()]
        if self.anonymous_participants:
            names.append(_("%(count)d erased") % {"count": self.anonymous_participants})
        return join(names)

    export_participants.short_description = _("participants")

    def export_themes(self):
        """The themes in the reader's language; the export's listing prefetches them so: no query a row."""
        themes = list(self.themes.all())
        if not all(hasattr(theme, "local_name") for theme in themes):
            themes = with_local_names(self.themes.all())
        return join(theme.local_name for theme in themes)

    export_themes.short_description = _("themes")
