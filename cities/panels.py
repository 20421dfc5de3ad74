"""The city editor's own panels and widgets: the location panel (a map to place the city's pin, and
geocoding of its name), scheduling for staff only, and the themes named in the admin's language."""

from django import forms
from django.conf import settings
from django.urls import reverse
from wagtail.admin.panels import Panel, PublishingPanel

from network.languages import active_locale_id


class StaffSchedulingPanel(PublishingPanel):
    """Scheduled publishing and expiry for staff only: an expiry date would unpublish the page."""

    def __init__(self, permission, **kwargs):
        super().__init__(**kwargs)
        self.permission = permission
        for child in self.children:
            child.permission = permission

    def clone_kwargs(self):
        return {**super().clone_kwargs(), "permission": self.permission}


class LocationPanel(Panel):
    """A map bound to the latitude and longitude fields; clicking or dragging sets them."""

    def __init__(self, latitude_field="latitude", longitude_field="longitude", **kwargs):
        super().__init__(**kwargs)
        self.latitude_field = latitude_field
        self.longitude_field = longitude_field

    def clone_kwargs(self):
        return {
            **super().clone_kwargs(),
            "latitude_field": self.latitude_field,
            "longitude_field": self.longitude_field,
        }

    class BoundPanel(Panel.BoundPanel):
        template_name = "cities/admin/location_panel.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            form = self.form
            context.update(
                {
                    "latitude_id": form[self.panel.latitude_field].id_for_label,
                    "longitude_id": form[self.panel.longitude_field].id_for_label,
                    "name_id": form["title"].id_for_label,
                    "region_id": form["region"].id_for_label,
                    "country_id": form["country"].id_for_label,
                    "geocode_url": reverse("cities:geocode"),
                    "warning_distance_km": settings.GEOCODER_WARNING_DISTANCE_KM,
                    "tile_layers": settings.LEAFLET_CONFIG["TILES"],
                }
            )
            return context

        @property
        def media(self):
            return forms.Media(
                css={"all": ["leaflet/leaflet.css", "css/location-panel.css"]},
                js=["leaflet/leaflet.js", "js/location-panel.js"],
            )


class ThemeCheckboxes(forms.CheckboxSelectMultiple):
    """A city page's themes, named in the admin's language: the page links the themes of the site's first
    language, which a focal point elsewhere may not read. Untranslated themes keep their own name."""

    def optgroups(self, name, value, attrs=None):
        themes = self.choices.queryset
        keys = dict(themes.values_list("pk", "translation_key"))
        translated = dict(
            themes.model.objects.filter(
                translation_key__in=keys.values(), locale_id=active_locale_id()
            ).values_list("translation_key", "name")
        )
        self.names = {pk: translated[key] for pk, key in keys.items() if key in translated}
        return super().optgroups(name, value, attrs)

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        label = self.names.get(getattr(value, "value", value), label)
        return super().create_option(name, value, label, selected, index, subindex, attrs)
