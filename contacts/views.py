"""Admin views of the engagement log: the snippet views with our tweaks (their exports in words:
network/exports.py), and the city timeline."""

import hashlib

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, DateTimeField, F, Max, Prefetch, Value
from django.db.models.functions import Cast, TruncDate
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.paginator import WagtailPaginator
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.models import ModelLogEntry, PageLogEntry
from wagtail.snippets.views.snippets import CreateView, IndexView

from cities.models import CityPage, Theme
from cities.themes import name_in, original_themes, request_theme_labels
from network.admin_search import AccentInsensitiveSearchMixin
from network.caching.shared import remembered
from network.caching.versions import ENGAGEMENT_LOG
from network.exports import ReadableExportMixin
from network.inspect_views import ReadableInspectView
from network.record_ids import record_id
from progress.timeline import report_log_entries

from .city_summary import city_summary
from .edit_forms import colleague_label
from .engagement_export import with_local_names, with_shared_titles
from .listing_order import AlphabeticalOrderingMixin
from .models import Contact, Engagement
from .permissions import reads_the_log
from .row_menus import kept_row_menus

TIMELINE_PAGE_SIZE = 25
COUNT_SECONDS = 60
# The keys change with every change to the log or the page: the time limit only frees the memory.
TIMELINE_SECONDS = 60 * 10


class CachedCountPaginator(WagtailPaginator):
    """Counting a million engagements takes 50 ms and more on every page of the listing: counts are
    kept in the shared cache, keyed on the query and on a version that every change to the log
    changes (network/caching/invalidation.py), and for a minute at most."""

    @cached_property
    def count(self):
        if not hasattr(self.object_list, "query"):
            return super().count
        sql, params = self.object_list.query.sql_with_params()
        digest = hashlib.sha256(repr((sql, params)).encode()).hexdigest()[:32]
        return ENGAGEMENT_LOG.remember(
            f"contacts:engagement-count:{digest}", self.object_list.count, COUNT_SECONDS
        )


def owner_name(engagement):
    """The owner as the forms and filters name colleagues; no query, the listing selects the owner."""
    return colleague_label(engagement.owner) if engagement.owner else None


OWNER_COLUMN = Column(
    "owner", label=pgettext_lazy("engagement", "Owner"), accessor=owner_name, sort_key="owner"
)


# What the listing's rows show: the date, title, kind, cities, owner (by name) and follow-up date. The
# summary, the outcome and the owner's account details are left in the database.
LISTED_FIELDS = [
    "date",
    "title",
    "kind",
    "follow_up_date",
    "owner__first_name",
    "owner__last_name",
    "owner__username",
]


class EngagementIndexView(AccentInsensitiveSearchMixin, ReadableExportMixin, IndexView):
    paginator_class = CachedCountPaginator

    def get_base_queryset(self):
        """The listing shows the cities' names; the export also their countries where two cities share a
        name, participants, themes (in the reader's language), organisations and the follow-up's
        assignee."""
        queryset = super().get_base_queryset().select_related("owner")
        if not self.is_export:
            return queryset.only(*LISTED_FIELDS).prefetch_related(
                Prefetch("cities", queryset=CityPage.objects.only("title"))
            )
        cities = with_shared_titles(CityPage.objects.only("title", "country"))
        return queryset.select_related("follow_up_assignee").prefetch_related(
            Prefetch("cities", queryset=cities),
            "participants",
            Prefetch("themes", queryset=with_local_names(Theme.objects.all())),
            "organisations",
        )

    def get_list_buttons(self, instance):
        """Wagtail's buttons, its row menu rendered once per process for the same buttons."""
        return kept_row_menus(super().get_list_buttons(instance))

    @cached_property
    def permission_answers(self):
        return {}

    def user_has_permission(self, permission):
        """Asked for each row's links (edit, inspect, delete): the engagement policy answers per model, so
        once per page is enough."""
        if permission not in self.permission_answers:
            self.permission_answers[permission] = super().user_has_permission(permission)
        return self.permission_answers[permission]

    def user_has_any_permission(self, permissions):
        key = frozenset(permissions)
        if key not in self.permission_answers:
            self.permission_answers[key] = super().user_has_any_permission(permissions)
        return self.permission_answers[key]


class EngagementInspectView(ReadableInspectView):
    """An engagement's page names its owner and the follow-up's assignee as the listing does, and its
    themes in the reader's language."""

    def get_owner_display_value(self):
        return colleague_label(self.object.owner) if self.object.owner else "—"

    def get_follow_up_assignee_display_value(self):
        assignee = self.object.follow_up_assignee
        return colleague_label(assignee) if assignee else "—"

    def get_themes_display_value(self):
        labels = request_theme_labels(self.request)
        return ", ".join(name_in(labels, theme) for theme in self.object.themes.all()) or "—"


class ContactIndexView(
    AlphabeticalOrderingMixin, AccentInsensitiveSearchMixin, ReadableExportMixin, IndexView
):
    alphabetical_orderings = {
        None: ["family_name", "given_name"],
        "job_title": ["job_title"],
        "organisation": ["organisation__name"],
    }

    def get_base_queryset(self):
        """The rows name each contact's organisation, city and e-mail addresses."""
        return super().get_base_queryset().select_related("organisation", "city").prefetch_related("emails")

    @cached_property
    def columns(self):
        """The name column is headed in the reader's language: it shows the `full_name` property, which has
        no label of its own, so Wagtail headed it "Full name" in English on every screen."""
        columns = super().columns
        for column in columns:
            if column.name == "full_name":
                column.label = _("Full name")
        return columns


class OrganisationIndexView(
    AlphabeticalOrderingMixin, AccentInsensitiveSearchMixin, ReadableExportMixin, IndexView
):
    alphabetical_orderings = {None: ["name"], "name": ["name"]}

    def get_base_queryset(self):
        """The rows name each organisation's city."""
        return super().get_base_queryset().select_related("city")


class EngagementCreateView(CreateView):
    """ "Log an engagement" from a city page opens this form with the city, today and the owner filled in."""

    def get_initial_form_instance(self):
        instance = super().get_initial_form_instance() or self.model()
        city_id = record_id(self.request.GET.get("city", ""))
        city = CityPage.objects.filter(pk=city_id).first() if city_id is not None else None
        if city is not None:
            # From a translation's page, the engagement is logged with the city (its original page).
            instance.cities = [city.original()]
        instance.date = timezone.localdate()
        instance.owner = self.request.user
        return instance


# What a timeline entry shows of an engagement: date, kind, title, participants (by name, with the erased
# ones counted), owner (by name), outcome and follow-up. Not its themes (the summary above counts them),
# summary, participants' details or the owner's account details.
TIMELINE_FIELDS = [
    "date",
    "kind",
    "title",
    "anonymous_participants",
    "outcome",
    "follow_up_date",
    "follow_up_done",
    "owner__first_name",
    "owner__last_name",
    "owner__username",
]
NAME_FIELDS = ["honorific", "given_name", "family_name"]


class KeptEntries:
    """The timeline's entries for the paginator, kept in the shared cache under `key`, which changes with
    the engagement log and the page's history (None: the shared cache is unreachable, nothing is kept).

    Sorting a city's engagements by date reads the date of every one of them (20 ms for 10,000), and
    counting the UNION reads them again: a page's keys and the count are worked out once per change.
    """

    ordered = True

    def __init__(self, queryset, key, count=None):
        self.queryset = queryset
        self.key = key
        self.counter = count or queryset.count

    def count(self):
        return self._kept("count", self.counter)

    def __getitem__(self, index):
        return self._kept(f"{index.start}:{index.stop}", lambda: list(self.queryset[index]))

    def _kept(self, part, compute):
        if self.key is None:  # the shared cache is unreachable
            return compute()
        return remembered(f"{self.key}:{part}", compute, TIMELINE_SECONDS)


class CityTimelineView(WagtailAdminTemplateMixin, TemplateView):
    """A city's history, newest first: engagements interleaved with its page's publishing history and
    the steps of its progress reports (from the audit log).

    One UNION query picks the entries of the requested page and the details of those entries take a
    fixed number of queries more, so the query count does not grow with the history. The UNION still
    reads the date of every engagement of the city, from indexes only (contacts/migrations/0003), so
    the page's keys are kept in the shared cache until the log or the page's history changes.
    Above the timeline, the city's summary for staff (contacts/city_summary.py), at a fixed cost too.
    """

    template_name = "contacts/admin/city_timeline.html"
    header_icon = "history"
    PAGE_HISTORY = "page_history"
    PROGRESS_REPORTS = "progress_reports"

    def dispatch(self, request, page_id):
        if not reads_the_log(request.user):
            raise PermissionDenied
        # A translation's timeline is its city's: the log and the summary hang on the original page.
        # With its locale: whether the page is a translation is known without another query.
        self.city = get_object_or_404(CityPage.objects.select_related("locale"), pk=page_id).original()
        return super().dispatch(request, page_id)

    def get_page_title(self):
        return _("Timeline")

    def get_page_subtitle(self):
        return self.city.title

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse("wagtailadmin_pages:edit", args=[self.city.pk]), "label": self.city.title},
            {"url": "", "label": _("Timeline")},
        ]

    def entry_keys(self, kind, theme):
        engagements = Engagement.objects.filter(cities=self.city)
        if kind and kind != self.PAGE_HISTORY:
            engagements = engagements.filter(kind=kind)
        if theme:
            engagements = engagements.filter(themes=theme)
        # Entries sort by the day in the site's time zone, then by time within the day.
        engagements = (
            engagements.order_by()
            .annotate(
                day=F("date"), when=Cast("date", DateTimeField()), source=Value("engagement"), item=F("pk")
            )
            .values_list("day", "when", "source", "item")
        )
        history = (
            PageLogEntry.objects.filter(page=self.city)
            .order_by()
            .annotate(day=TruncDate("timestamp"), when=F("timestamp"), source=Value("page"), item=F("pk"))
            .values_list("day", "when", "source", "item")
        )
        report_steps = (
            report_log_entries(self.city)
            .order_by()
            .annotate(day=TruncDate("timestamp"), when=F("timestamp"), source=Value("report"), item=F("pk"))
            .values_list("day", "when", "source", "item")
        )
        ordering = ("-day", "-when", "-item")
        if kind == self.PAGE_HISTORY:
            return history.order_by(*ordering)
        if kind == self.PROGRESS_REPORTS:
            return report_steps.order_by(*ordering)
        if kind or theme:
            return engagements.order_by(*ordering)
        return engagements.union(history, report_steps, all=True).order_by(*ordering)

    def kept_entries(self, kind, theme):
        """The entries' keys, kept until an engagement or the page's history changes.

        The unfiltered timeline is counted from the city's links and log entries, without the UNION.
        """
        history = PageLogEntry.objects.filter(page=self.city).aggregate(entries=Count("pk"), last=Max("pk"))
        steps = report_log_entries(self.city).aggregate(entries=Count("pk"), last=Max("pk"))
        version = ENGAGEMENT_LOG.current()
        key = None
        if version is not None:  # else the shared cache is unreachable: nothing is kept
            key = ":".join(
                str(part)
                for part in (
                    "contacts:timeline",
                    version,
                    self.city.pk,
                    history["entries"],
                    history["last"],
                    steps["entries"],
                    steps["last"],
                    kind,
                    theme.pk if theme else "",
                )
            )
        count = None
        if not kind and not theme:

            def count():
                links = Engagement.cities.through.objects.filter(citypage=self.city).count()
                return links + history["entries"] + steps["entries"]

        return KeptEntries(self.entry_keys(kind, theme), key, count)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        kind = self.request.GET.get("kind", "")
        if kind not in dict(Engagement.Kind.choices) and kind not in (
            self.PAGE_HISTORY,
            self.PROGRESS_REPORTS,
        ):
            kind = ""
        slug = self.request.GET.get("theme")
        theme = original_themes().filter(slug=slug).first() if slug else None
        kept = self.kept_entries(kind, theme)
        page = Paginator(kept, TIMELINE_PAGE_SIZE).get_page(self.request.GET.get("p"))
        keys = list(page.object_list)
        engagement_ids = [item for _day, _when, source, item in keys if source == "engagement"]
        log_ids = [item for _day, _when, source, item in keys if source == "page"]
        step_ids = [item for _day, _when, source, item in keys if source == "report"]
        engagements = (
            Engagement.objects.filter(pk__in=engagement_ids)
            .select_related("owner")
            .only(*TIMELINE_FIELDS)
            .prefetch_related(Prefetch("participants", queryset=Contact.objects.only(*NAME_FIELDS)))
            .in_bulk()
        )
        found = {
            "engagement": engagements,
            "page": PageLogEntry.objects.filter(pk__in=log_ids).select_related("user").in_bulk(),
            "report": ModelLogEntry.objects.filter(pk__in=step_ids).select_related("user").in_bulk(),
        }
        entries = [
            {"source": source, "object": found[source][item]}
            for _day, _when, source, item in keys
            if item in found[source]
        ]
        context.update(
            {
                "city": self.city,
                "summary": city_summary(self.city, self.request),
                "entries": entries,
                "page_obj": page,
                "kinds": Engagement.Kind.choices
                + [(self.PAGE_HISTORY, _("Page changes")), (self.PROGRESS_REPORTS, _("Progress reports"))],
                "themes": request_theme_labels(self.request).values(),
                "selected_kind": kind,
                "selected_theme": theme.slug if theme else "",
                "log_url": reverse("wagtailsnippets_contacts_engagement:add") + f"?city={self.city.pk}",
            }
        )
        return context
