"""The events index: upcoming and past events of the page's language, with filters in the query string."""

from django import forms
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from cities.directory import FilterForm
from cities.themes import request_theme_labels
from network.visibility import open_to_everyone

from .models import EventCancellation, EventLanguage, EventPage
from .page_context import with_host_places

PAST_PER_PAGE = 20


class EventFilterForm(FilterForm):
    kind = forms.ChoiceField(label=_("Kind"), required=False)
    theme = forms.ChoiceField(label=_("Theme"), required=False)
    language = forms.ChoiceField(label=_("Language"), required=False)
    country = forms.ChoiceField(label=_("Country"), required=False)

    def __init__(self, *args, events, request=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", _("All kinds")), *EventPage.Kind.choices]
        self.fields["theme"].choices = [("", _("All themes"))] + [
            (label.slug, label.name) for label in request_theme_labels(request).values()
        ]
        self.fields["language"].choices = [("", _("All languages")), *EventLanguage.choices]
        codes = set(events.exclude(host_city=None).values_list("host_city__country", flat=True)) | set(
            events.exclude(cities=None).values_list("cities__country", flat=True)
        )
        self.fields["country"].choices = [("", _("All countries"))] + sorted(
            ((code, countries.name(code)) for code in codes if code), key=lambda choice: str(choice[1])
        )

    def filtered(self, events):
        criteria = self.criteria
        if criteria.get("kind"):
            events = events.filter(kind=criteria["kind"])
        if criteria.get("theme"):
            events = events.filter(themes__slug=criteria["theme"])
        if criteria.get("language"):
            events = events.filter(languages__contains=criteria["language"])
        if criteria.get("country"):
            code = criteria["country"]
            events = events.filter(Q(host_city__country=code) | Q(cities__country=code))
        return events.distinct()


def published_events(index):
    """The live events of an index that visitors may see, for its list and its calendar feed, each with
    `is_cancelled` read in the same query.

    A cancelled event stays listed, marked so, and stays in the feed with STATUS:CANCELLED: people who saw
    it or added it to their calendar learn it is off, where an event left out would just vanish (calendar
    apps keep what a feed no longer has).
    """
    cancelled = EventCancellation.objects.filter(event__translation_key=OuterRef("translation_key"))
    return open_to_everyone(EventPage.objects.live().child_of(index)).annotate(is_cancelled=Exists(cancelled))


def index_context(index, request):
    events = published_events(index)
    form = EventFilterForm(request.GET or None, events=events, request=request)
    chosen = form.filtered(events).select_related("alias_of__locale").prefetch_related("themes")
    now = timezone.now()
    upcoming = list(chosen.filter(ends_at__gte=now).order_by("starts_at", "pk"))
    past = Paginator(chosen.filter(ends_at__lt=now).order_by("-starts_at", "-pk"), PAST_PER_PAGE)
    past_page = past.get_page(request.GET.get("page"))
    past_page.object_list = list(past_page.object_list)
    with_host_places(upcoming + past_page.object_list)
    query = request.GET.copy()
    query.pop("page", None)
    return {
        "filter_form": form,
        "upcoming": upcoming,
        "past": past_page,
        "past_paginator": past,
        "filter_query": query.urlencode(),
        "filtered": bool(form.criteria),
    }


def index_response(index, request):
    return index.render(request, context_overrides=index_context(index, request))
