"""The staff's side of events: registrations as a snippet listing (filters, search, CSV/XLSX export),
under the engagement log's permissions model (UIL staff and administrators only)."""

import django_filters
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.panels import FieldPanel
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import IndexView, SnippetViewSet

from cities.models import in_default_language
from contacts.choosers import CityChooser
from contacts.filters import CityFilter
from network.exports import ReadableExportMixin

from .models import EventPage, Registration


class RegistrationFilterSet(WagtailFilterSet):
    event = django_filters.ModelChoiceFilter(
        label=_("Event"),
        queryset=lambda request: EventPage.objects.filter(**in_default_language()).order_by("-starts_at"),
    )
    status = django_filters.ChoiceFilter(label=_("Status"), choices=Registration.Status.choices)
    city = CityFilter(label=_("City"))

    class Meta:
        model = Registration
        fields = ["event", "status", "city"]


class RegistrationIndexView(ReadableExportMixin, IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("event", "city")


class RegistrationViewSet(SnippetViewSet):
    model = Registration
    icon = "group"
    menu_label = _("Event registrations")
    menu_order = 160
    add_to_admin_menu = True
    index_view_class = RegistrationIndexView
    filterset_class = RegistrationFilterSet
    list_display = ["name", "email", "event", "city", "organisation", "status", "created_at"]
    list_per_page = 50
    search_fields = ["name", "email", "organisation"]
    search_backend_name = None
    ordering = ["-created_at"]
    inspect_view_enabled = True
    list_export = [
        "name",
        "email",
        "event",
        "status",
        "organisation",
        "role",
        "city",
        "language",
        "accessibility_needs",
        "consent_to_contact",
        "created_at",
    ]
    panels = [
        FieldPanel("organisation"),
        FieldPanel("role"),
        FieldPanel("city", widget=CityChooser),
        FieldPanel("language"),
        FieldPanel("accessibility_needs"),
        FieldPanel("consent_to_contact"),
    ]


register_snippet(RegistrationViewSet)
