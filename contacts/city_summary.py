"""What UIL staff see first about a city, above its timeline: the public page's state, who the mayor and
the focal points are, the last engagement, the open follow-ups, the engagements by theme and the measures
of its accepted progress reports.

Each part is one query or two whatever the number of engagements, so the staff page costs the same for a
city with three engagements as for one with ten thousand; the engagement figures and the measures are kept
in the shared cache (network/caching/versions.py says until what changes).
"""

from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import Count, F, Max, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.models import WorkflowState

from cities.focal_point_views import MANAGE_PERMISSION
from cities.focal_points import focal_points_of
from cities.ordering import alphabetical
from cities.themes import request_theme_labels
from network.caching.versions import ENGAGEMENT_LOG
from progress.results import kept_city_measures

from .models import CityRole, Engagement
from .permissions import contact_policy

# The open follow-ups shown on the page, soonest first; the listing behind "all open follow-ups" has the rest.
FOLLOW_UPS_SHOWN = 10
FOCAL_POINT_ROLES = (CityRole.Role.FOCAL_POINT, CityRole.Role.DEPUTY_FOCAL_POINT)
OPEN_FOLLOW_UP = Q(follow_up_date__isnull=False, follow_up_done=False)
# The keys change with every change to the log: the time limit only frees the memory.
FIGURES_SECONDS = 60 * 10


@dataclass(frozen=True)
class ThemeCount:
    name: str
    slug: str
    engagements: int


@dataclass(frozen=True)
class CitySummary:
    state: list  # the public page's state, in words: "live", "unpublished changes", "in review"…
    last_published_at: datetime | None
    edit_url: str
    live_url: str | None
    mayor_role: CityRole | None  # a current mayor role in the engagement log…
    mayor_name: str  # …else the mayor named on the page
    focal_point_accounts: list
    focal_point_roles: list
    focal_points_url: str | None  # where the reader may invite or remove focal points
    contacts_readable: bool  # whether the reader may open contacts in the log…
    contacts_editable: bool  # …and change them
    last_engagement: date | None
    engagement_count: int
    open_follow_ups: list
    open_follow_up_count: int
    follow_ups_url: str
    themes: list
    progress_measures: list  # every measure of its accepted reports, public or not (progress.results)


def page_state(page):
    """The page's state in words; a workflow in progress on a live page's draft says "in review" too."""
    state = [_("live")] if page.live else [_("draft")]
    if page.live and page.has_unpublished_changes:
        state.append(_("unpublished changes"))
    workflow = page.current_workflow_state
    if workflow is not None and workflow.status == WorkflowState.STATUS_IN_PROGRESS:
        state.append(_("in review"))
    elif workflow is not None and workflow.status == WorkflowState.STATUS_NEEDS_CHANGES:
        state.append(_("changes requested"))
    return state


def current_roles(page):
    """The city's current mayor role (the latest started) and focal-point roles, in one query."""
    roles = list(
        CityRole.objects.current()
        .filter(city=page, role__in=(CityRole.Role.MAYOR, *FOCAL_POINT_ROLES))
        .select_related("contact")
        # The summary names them and links to them: their other details stay in the database.
        .only("role", "start_date", "contact__honorific", "contact__given_name", "contact__family_name")
        .order_by(F("start_date").desc(nulls_last=True), "-pk")
    )
    mayor = next((role for role in roles if role.role == CityRole.Role.MAYOR), None)
    focal_points = sorted(
        (role for role in roles if role.role in FOCAL_POINT_ROLES),
        key=lambda role: (role.role != CityRole.Role.FOCAL_POINT, alphabetical(str(role.contact.full_name))),
    )
    return mayor, focal_points


def engagement_figures(page, today):
    """The city's engagement counts, last engagement, first open follow-ups and engagements per theme:
    reading them takes tens of milliseconds for a city with ten thousand engagements, so they are kept in
    the shared cache until the log changes (network/caching/invalidation.py)."""

    def build():
        engagements = Engagement.objects.filter(cities=page)
        counts = engagements.aggregate(
            engagements=Count("pk"),
            open=Count("pk", filter=OPEN_FOLLOW_UP),
            # Engagements logged ahead of their date are planned: the last engagement is the latest held.
            last=Max("date", filter=Q(date__lte=today)),
        )
        links = Engagement.themes.through.objects.filter(
            engagement__in=Engagement.cities.through.objects.filter(citypage=page).values("engagement_id")
        )
        counts["themes"] = list(
            links.values_list("theme_id").annotate(engagements=Count("engagement_id")).order_by()
        )
        counts["follow_ups"] = list(
            engagements.filter(OPEN_FOLLOW_UP)
            .only("pk", "title", "follow_up_date", "follow_up_done")
            .order_by("follow_up_date", "pk")[:FOLLOW_UPS_SHOWN]
        )
        return counts

    return ENGAGEMENT_LOG.remember(f"contacts:city-facts:{page.pk}:{today}", build, FIGURES_SECONDS)


def theme_counts(rows, request):
    """How many of the city's engagements touch each theme, most first, named in the reader's language and,
    at equal counts, in the order of its dictionary (cities/ordering.py)."""
    counts = [{"theme_id": theme_id, "engagements": count} for theme_id, count in rows]
    labels = request_theme_labels(request)
    themes = [
        ThemeCount(
            name=labels[row["theme_id"]].name,
            slug=labels[row["theme_id"]].slug,
            engagements=row["engagements"],
        )
        for row in counts
        if row["theme_id"] in labels
    ]
    return sorted(themes, key=lambda theme: (-theme.engagements, alphabetical(theme.name)))


def city_summary(page, request):
    today = timezone.localdate()
    counts = engagement_figures(page, today)
    mayor, focal_point_roles = current_roles(page)
    return CitySummary(
        state=page_state(page),
        last_published_at=page.last_published_at,
        edit_url=reverse("wagtailadmin_pages:edit", args=[page.pk]),
        # Without the request: the sites' root paths are cached, the request's site is not.
        live_url=page.full_url if page.live else None,
        mayor_role=mayor,
        mayor_name=page.mayor_name,
        focal_point_accounts=list(focal_points_of(page)),
        focal_point_roles=focal_point_roles,
        focal_points_url=(
            reverse("cities:focal_points", args=[page.pk])
            if request.user.has_perm(MANAGE_PERMISSION)
            else None
        ),
        contacts_readable=contact_policy.user_has_permission(request.user, "view"),
        contacts_editable=contact_policy.user_has_permission(request.user, "change"),
        last_engagement=counts["last"],
        engagement_count=counts["engagements"],
        open_follow_ups=counts["follow_ups"],
        open_follow_up_count=counts["open"],
        follow_ups_url=reverse("wagtailsnippets_contacts_engagement:list") + f"?city={page.pk}&follow_up=due",
        themes=theme_counts(counts["themes"], request),
        progress_measures=kept_city_measures(page),
    )
