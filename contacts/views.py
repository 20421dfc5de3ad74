"""Admin views of the engagement log: the snippet views with our tweaks, and the city timeline."""

from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import DateTimeField, F, Value
from django.db.models.functions import Cast, TruncDate
from django.shortcuts import get_object_or_404
from django.urls import URLPattern, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.models import PageLogEntry
from wagtail.snippets.views.chooser import SnippetChooserViewSet
from wagtail.snippets.views.snippets import CreateView, IndexView

from cities.models import CityPage
from cities.themes import original_themes

from .models import Engagement

TIMELINE_PAGE_SIZE = 50
VIEW_PERMISSION = "contacts.view_engagement"


class EngagementIndexView(IndexView):
    def get_base_queryset(self):
        return (
            super()
            .get_base_queryset()
            .select_related("owner")
            .prefetch_related("cities", "participants", "themes", "organisations")
        )


class ContactIndexView(IndexView):
    def search_queryset(self, queryset):
        """Searching across e-mail addresses joins them: list each contact once."""
        return super().search_queryset(queryset).distinct()


class StaffOnlyChooserViewSet(SnippetChooserViewSet):
    """Wagtail's choosers check only the permission to create; the log is for UIL staff alone."""

    def get_urlpatterns(self):
        permission = f"{self.model._meta.app_label}.view_{self.model._meta.model_name}"
        guard = permission_required(permission, raise_exception=True)
        return [
            URLPattern(pattern.pattern, guard(pattern.callback), pattern.default_args, pattern.name)
            for pattern in super().get_urlpatterns()
        ]


class EngagementCreateView(CreateView):
    """ "Log an engagement" from a city page opens this form with the city, today and the owner filled in."""

    def get_initial_form_instance(self):
        instance = super().get_initial_form_instance() or self.model()
        city_id = self.request.GET.get("city", "")
        city = CityPage.objects.filter(pk=int(city_id)).first() if city_id.isdigit() else None
        if city is not None:
            instance.cities = [city]
        instance.date = timezone.localdate()
        instance.owner = self.request.user
        return instance


class CityTimelineView(WagtailAdminTemplateMixin, TemplateView):
    """A city's history, newest first: engagements interleaved with its page's publishing history.

    One UNION query picks the entries of the requested page and the details of those entries take a
    fixed number of queries more, so the query count does not grow with the history. The UNION itself
    still sorts the city's whole history (see docs/performance.md).
    """

    template_name = "contacts/admin/city_timeline.html"
    header_icon = "history"
    PAGE_HISTORY = "page_history"

    def dispatch(self, request, page_id):
        if not request.user.has_perm(VIEW_PERMISSION):
            raise PermissionDenied
        self.city = get_object_or_404(CityPage, pk=page_id)
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
        ordering = ("-day", "-when", "-item")
        if kind == self.PAGE_HISTORY:
            return history.order_by(*ordering)
        if kind or theme:
            return engagements.order_by(*ordering)
        return engagements.union(history, all=True).order_by(*ordering)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        kind = self.request.GET.get("kind", "")
        if kind not in dict(Engagement.Kind.choices) and kind != self.PAGE_HISTORY:
            kind = ""
        theme = original_themes().filter(slug=self.request.GET.get("theme") or None).first()
        page = Paginator(self.entry_keys(kind, theme), TIMELINE_PAGE_SIZE).get_page(self.request.GET.get("p"))
        keys = list(page.object_list)
        engagement_ids = [item for _day, _when, source, item in keys if source == "engagement"]
        log_ids = [item for _day, _when, source, item in keys if source == "page"]
        engagements = (
            Engagement.objects.filter(pk__in=engagement_ids)
            .select_related("owner")
            .prefetch_related("participants", "themes")
            .in_bulk()
        )
        log_entries = PageLogEntry.objects.filter(pk__in=log_ids).select_related("user").in_bulk()
        entries = [
            {"source": source, "object": engagements[item] if source == "engagement" else log_entries[item]}
            for _day, _when, source, item in keys
            if item in (engagements if source == "engagement" else log_entries)
        ]
        context.update(
            {
                "city": self.city,
                "entries": entries,
                "page_obj": page,
                "kinds": Engagement.Kind.choices + [(self.PAGE_HISTORY, _("Page changes"))],
                "themes": original_themes(),
                "selected_kind": kind,
                "selected_theme": theme.slug if theme else "",
                "log_url": reverse("wagtailsnippets_contacts_engagement:add") + f"?city={self.city.pk}",
            }
        )
        return context
