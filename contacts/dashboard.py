"""Dashboard panels for UIL staff: follow-ups due, quiet cities, recent engagements."""

from datetime import timedelta

from django.conf import settings
from django.db.models import Exists, F, OuterRef, Q, Subquery
from django.utils import timezone
from wagtail.admin.ui.components import Component

from cities.models import CityPage
from network.caching.versions import ENGAGEMENT_LOG, PUBLISHED_CONTENT

from .models import Engagement
from .permissions import engagement_policy

PANEL_ROWS = 10
# The quiet cities' key changes with the log, the published cities and the day: the limit frees memory.
QUIET_SECONDS = 60 * 60
# The panels' `order` places them among Wagtail's (wagtail/admin/views/home.py): after the user's pages in a
# workflow (210) and the pages awaiting their review (220), which come first; before their recent edits (250).


class FollowUpsPanel(Component):
    name = "engagement_follow_ups"
    order = 230
    template_name = "contacts/admin/panels/follow_ups.html"

    def __init__(self, user):
        self.user = user

    def get_context_data(self, parent_context):
        """The open follow-ups of the user's engagements and those assigned to them by colleagues, each
        assignee marked when they are no longer active (their reminder goes to the owner: someone should
        reassign it); then, for every reader, the follow-ups whose owner and assignee are both gone, which
        nobody is reminded of."""
        readers = engagement_policy.users_with_permission("view")
        open_follow_ups = (
            Engagement.objects.filter(follow_up_date__isnull=False, follow_up_done=False)
            .order_by("follow_up_date", "pk")
            .prefetch_related("cities")
        )
        due = (
            open_follow_ups.filter(Q(owner=self.user) | Q(follow_up_assignee=self.user))
            .select_related("owner", "follow_up_assignee")
            .annotate(assignee_active=Exists(readers.filter(pk=OuterRef("follow_up_assignee"))))
        )
        unreminded = open_follow_ups.filter(
            ~Exists(readers.filter(pk=OuterRef("owner"))),
            ~Exists(readers.filter(pk=OuterRef("follow_up_assignee"))),
        )
        return {
            "engagements": due[:PANEL_ROWS],
            "total": due.count(),
            "unreminded": unreminded[:PANEL_ROWS],
            "unreminded_total": unreminded.count(),
            "today": timezone.localdate(),
            "user": self.user,
        }


def quiet_cities(since):
    """The first published cities without an engagement since that day, longest quiet first, as
    (city id, date of its last engagement or None), and how many there are.

    Whether a city had an engagement since then is one index probe or a few; the date of the last one is
    looked up for the quiet cities only (a maximum over every city reads every link). Thousands of
    cities take a quarter of a second: the panel keeps the answer until the log or a page changes.
    """
    # Engagements logged ahead of their date are planned: a city with only those is still quiet.
    engagements = Engagement.objects.filter(cities=OuterRef("pk"), date__lte=timezone.localdate())
    quiet = (
        CityPage.objects.originals()
        .live()
        .public()
        .filter(~Exists(engagements.filter(date__gte=since)))
        .annotate(last_engagement=Subquery(engagements.order_by("-date").values("date")[:1]))
        .order_by(F("last_engagement").asc(nulls_first=True), "title")
    )
    # One pass gives both the count and the order.
    ranked = list(quiet.values_list("pk", "last_engagement"))
    return ranked[:PANEL_ROWS], len(ranked)


class QuietCitiesPanel(Component):
    name = "engagement_quiet_cities"
    order = 235
    template_name = "contacts/admin/panels/quiet_cities.html"

    def get_context_data(self, parent_context):
        days = settings.ENGAGEMENT_QUIET_DAYS
        since = timezone.localdate() - timedelta(days=days)
        ranked, total = ENGAGEMENT_LOG.remember(
            f"contacts:quiet-cities:{PUBLISHED_CONTENT.current()}:{since}",
            lambda: quiet_cities(since),
            QUIET_SECONDS,
        )
        shown = CityPage.objects.only("title", "country").in_bulk([pk for pk, _last in ranked])
        cities = []
        for pk, last_engagement in ranked:
            city = shown.get(pk)
            if city is None:  # deleted in between
                continue
            city.last_engagement = last_engagement
            cities.append(city)
        return {"cities": cities, "total": total, "days": days}


class RecentEngagementsPanel(Component):
    name = "engagement_recent"
    order = 240
    template_name = "contacts/admin/panels/recent_engagements.html"

    def get_context_data(self, parent_context):
        recent = (
            Engagement.objects.select_related("owner").prefetch_related("cities").order_by("-date", "-pk")
        )
        return {"engagements": recent[:PANEL_ROWS]}
