"""Listing filters for the engagement log's admin views: choosers for cities and organisations (thousands
of them), selects where the choices are few."""

import django_filters
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_countries import countries
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet

from cities.models import CityPage
from cities.ordering import alphabetical
from network.caching.versions import PUBLISHED_CONTENT

from .choosers import CityChooser, ContactChooser, OrganisationChooser
from .edit_forms import colleague_label
from .models import Contact, Engagement, Organisation, engagement_owners
from .theme_names import ThemeFilter

# The key changes with the published content: the time limit only frees the memory.
CITY_COUNTRIES_SECONDS = 60 * 60 * 24


class FollowUp(django_filters.ChoiceFilter):
    CHOICES = [
        ("due", _("Due (not done)")),
        ("overdue", _("Overdue")),
        ("done", pgettext_lazy("follow-up status", "Done")),
        ("none", _("No follow-up")),
    ]
    OPEN = {"due", "overdue"}

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


class CityFilter(django_filters.ModelChoiceFilter):
    """One city, chosen in the city chooser (every city once, by its original page)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, queryset=CityPage.objects.originals(), widget=CityChooser, **kwargs)


def staff_users(request=None):
    """The owner field's choices (UIL staff and administrators), not a scan of every engagement."""
    return get_user_model().objects.filter(engagement_owners()).order_by("first_name", "username")


def request_staff_users(request):
    """staff_users() once per request, its rows read once: the owner and the follow-up assignee filters
    list the same colleagues, and each field both validates against them and lists them."""
    if request is None:
        return staff_users()
    colleagues = getattr(request, "engagement_colleagues", None)
    if colleagues is None:
        colleagues = request.engagement_colleagues = staff_users(request)
    return colleagues


class ColleagueChoiceIterator(django_filters.fields.ModelChoiceIterator):
    """The empty choice, then the request's colleagues (one query for every colleague filter)."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for colleague in request_staff_users(self.field.request):
            yield self.choice(colleague)

    def __len__(self):
        return len(request_staff_users(self.field.request)) + (self.field.empty_label is not None)


class ColleagueField(django_filters.fields.ModelChoiceField):
    iterator = ColleagueChoiceIterator
    request = None

    def label_from_instance(self, obj):
        return colleague_label(obj)


class ColleagueFilter(django_filters.ModelChoiceFilter):
    """A colleague by name, as the engagement form offers them (contacts/edit_forms.py); its choices are
    staff_users(), read once per request."""

    field_class = ColleagueField

    def __init__(self, *args, **kwargs):
        super().__init__(*args, queryset=request_staff_users, **kwargs)

    @property
    def field(self):
        field = super().field
        field.request = self.get_request()
        return field


def by_name(codes):
    """Country choices for these codes, by name in the reader's language, in its dictionary's order
    (cities/ordering.py: "Índia" before "Irlanda")."""
    choices = ((code, countries.name(code)) for code in codes if code)
    return sorted(choices, key=lambda choice: alphabetical(choice[1]))


def countries_of(queryset):
    """The countries of these records (a `country` field), by name: a few dozen, not every country."""
    return lambda: by_name(queryset.order_by().values_list("country", flat=True).distinct())


def city_countries():
    """The countries of the cities, by name: every staff filter by country offers them. Read from the
    original pages (translations and aliases have their original's country, and an alias can outlive its
    deleted original) once per version of the published content, which every change to them starts: a
    city published, moved to another country, deleted, or made even as a draft
    (network/caching/invalidation.py)."""

    def codes():
        return list(CityPage.objects.originals().order_by().values_list("country", flat=True).distinct())

    return by_name(PUBLISHED_CONTENT.remember("contacts:city-countries", codes, CITY_COUNTRIES_SECONDS))


class EngagementFilterSet(WagtailFilterSet):
    city = CityFilter(label=_("City"), field_name="cities")
    country = django_filters.ChoiceFilter(
        label=_("Country"),
        field_name="cities__country",
        choices=city_countries,
        distinct=True,
    )
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=Engagement.Kind.choices)
    theme = ThemeFilter(label=_("Theme"), field_name="themes")
    owner = ColleagueFilter(label=pgettext_lazy("engagement", "Owner"))
    follow_up_assignee = ColleagueFilter(label=_("Follow-up assigned to"))
    participant = django_filters.ModelChoiceFilter(
        label=_("Participant"),
        field_name="participants",
        queryset=Contact.objects.all(),
        widget=ContactChooser,
    )
    date = django_filters.DateFromToRangeFilter(label=_("Date"), widget=DateRangePickerWidget)
    follow_up = FollowUp(label=_("Follow-up"))

    class Meta:
        model = Engagement
        fields = []

    def filter_queryset(self, queryset):
        """Open follow-ups are worked through by due date, overdue first, unless a column is sorted."""
        queryset = super().filter_queryset(queryset)
        if self.form.cleaned_data.get("follow_up") in FollowUp.OPEN and "ordering" not in self.data:
            queryset = queryset.order_by("follow_up_date", "pk")
        return queryset


class ContactFilterSet(WagtailFilterSet):
    city = CityFilter(label=_("City"), method="filter_city")
    organisation = django_filters.ModelChoiceFilter(
        label=_("Organisation"), queryset=Organisation.objects.all(), widget=OrganisationChooser
    )
    preferred_language = django_filters.ChoiceFilter(
        label=_("Preferred language"),
        choices=Contact._meta.get_field("preferred_language").choices,
    )

    class Meta:
        model = Contact
        fields = []

    def filter_city(self, queryset, name, value):
        return queryset.filter(Q(city=value) | Q(roles__city=value)).distinct()


class OrganisationFilterSet(WagtailFilterSet):
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=Organisation.Kind.choices)
    country = django_filters.ChoiceFilter(
        label=_("Country"), choices=countries_of(Organisation.objects.all())
    )

    class Meta:
        model = Organisation
        fields = []
