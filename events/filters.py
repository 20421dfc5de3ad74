"""The filters and search of the staff's registrations listing, which its bulk decisions apply too."""

import django_filters
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet

from cities.models import in_default_language
from contacts.filters import CityFilter

from .models import EventPage, Registration

SEARCH_FIELDS = ["name", "email", "organisation"]


class RegistrationFilterSet(WagtailFilterSet):
    event = django_filters.ModelChoiceFilter(
        label=_("Event"),
        queryset=lambda request: EventPage.objects.filter(**in_default_language()).order_by("-starts_at"),
    )
    # Named as the listing's column (the field's name): "Status", another string, stays so in Portuguese.
    status = django_filters.ChoiceFilter(label=capfirst(_("status")), choices=Registration.Status.choices)
    city = CityFilter(label=_("City"))

    class Meta:
        model = Registration
        fields = ["event", "status", "city"]
