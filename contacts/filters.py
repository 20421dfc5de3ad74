"""Listing filters for the engagement log's admin views."""

import django_filters
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_countries import countries
from django_filters.fields import ChoiceField
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet

from cities.city_list import city_list
from cities.permissions import STAFF_GROUP_NAME
from cities.themes import original_themes

from .models import Contact, Engagement, Organisation
from .widgets import CitySelect, PlainSelect


class FollowUp(django_filters.ChoiceFilter):
    CHOICES = [
        ("due", _("Due (not done)")),
        ("overdue", _("Overdue")),
        ("done", pgettext_lazy("follow-up status", "Done")),
        ("none", _("No follow-up")),
    ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, choices=self.CHOICES, **kwargs)

    def filter(self, queryset, value):
        today = timezone.localdate()
        if value == "due":
            return queryset.filter(follow_up_date__isnull=False, follow_up_done=False)
        if value == "overdue":
            return queryset.filter(follow_up_date__lt=today, follow_up_done=False)
        if value == "done":
            return queryset.filter(follow_up_date__isnull=False, follow_up_done=True)
        if value == "none":
            return queryset.filter(follow_up_date__isnull=True)
        return queryset


class CityChoiceField(ChoiceField):
    def valid_value(self, value):
        return str(value) in city_list().ids


class CityFilter(django_filters.ChoiceFilter):
    """One city, chosen among every city's original, without page objects or a pass over every choice."""

    field_class = CityChoiceField

    def __init__(self, *args, **kwargs):
        super().__init__(*args, choices=lambda: city_list().choices, widget=CitySelect, **kwargs)


def staff_users(request=None):
    """Possible owners: UIL staff and administrators (not a scan of every engagement)."""
    return (
        get_user_model()
        .objects.filter(Q(groups__name=STAFF_GROUP_NAME) | Q(is_superuser=True))
        .distinct()
        .order_by("first_name", "username")
    )


class EngagementFilterSet(WagtailFilterSet):
    city = CityFilter(label=_("City"), field_name="cities")
    country = django_filters.ChoiceFilter(
        label=_("Country"),
        field_name="cities__country",
        choices=lambda: list(countries),
        distinct=True,
        widget=PlainSelect,
    )
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=Engagement.Kind.choices, widget=PlainSelect)
    theme = django_filters.ModelChoiceFilter(
        label=_("Theme"), field_name="themes", queryset=original_themes(), widget=PlainSelect
    )
    owner = django_filters.ModelChoiceFilter(
        label=pgettext_lazy("engagement", "Owner"), queryset=staff_users, widget=PlainSelect
    )
    date = django_filters.DateFromToRangeFilter(label=_("Date"), widget=DateRangePickerWidget)
    follow_up = FollowUp(label=_("Follow-up"), widget=PlainSelect)

    class Meta:
        model = Engagement
        fields = []


class ContactFilterSet(WagtailFilterSet):
    city = CityFilter(label=_("City"), method="filter_city")
    organisation = django_filters.ModelChoiceFilter(
        label=_("Organisation"), queryset=Organisation.objects.all(), widget=PlainSelect
    )
    preferred_language = django_filters.ChoiceFilter(
        label=_("Preferred language"),
        choices=Contact._meta.get_field("preferred_language").choices,
        widget=PlainSelect,
    )

    class Meta:
        model = Contact
        fields = []

    def filter_city(self, queryset, name, value):
        return queryset.filter(Q(city=value) | Q(roles__city=value)).distinct()


class OrganisationFilterSet(WagtailFilterSet):
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=Organisation.Kind.choices, widget=PlainSelect)
    country = django_filters.ChoiceFilter(
        label=_("Country"), choices=lambda: list(countries), widget=PlainSelect
    )

    class Meta:
        model = Organisation
        fields = []
