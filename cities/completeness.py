"""How complete each city's public profile is, for UIL staff: the report "Profile completeness" and its
panel on the dashboard, the least complete cities first."""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_countries import countries
from wagtail.admin.ui.components import Component
from wagtail.admin.views.reports import ReportView

from network.exports import ReadableExportMixin

from .models import CityPage
from .ordering import alphabetical

# Who may see which profiles lack what, and which cities have no focal point.
READ_PERMISSION = "cities.view_focal_point_activity"
PANEL_ROWS = 8


@dataclass(frozen=True)
class Part:
    name: str
    label: str


PARTS = (
    Part("summary", _("Summary")),
    Part("body", _("Text profile")),
    Part("image", _("Image")),
    Part("themes", _("Themes")),
    Part("mayor", _("Mayor")),
    Part("website", _("Website")),
    Part("focal_point", _("Focal point")),
)


def may_read(user):
    return user.has_perm(READ_PERMISSION)


def profile_rows():
    """One dict per published city (its original page): which parts its profile has, and how many.

    Two queries whatever the number of cities; the body's content is never read, only whether it is
    empty.
    """
    cities = (
        CityPage.objects.originals()
        .live()
        .annotate(
            theme_count=Count("themes", distinct=True),
            focal_point_count=Count(
                "access__group__user", filter=Q(access__group__user__is_active=True), distinct=True
            ),
        )
        .values(
            "pk",
            "title",
            "country",
            "summary",
            "hero_image_id",
            "mayor_name",
            "website",
            "theme_count",
            "focal_point_count",
        )
    )
    written = set(CityPage.objects.originals().live().exclude(body=[]).values_list("pk", flat=True))
    # Translated once, not once per city: thousands of lazy translations took half a second.
    labels = {part.name: str(part.label) for part in PARTS}
    rows = []
    cities = list(cities)
    country_names = {code: str(countries.name(code)) for code in {city["country"] for city in cities}}
    for city in cities:
        present = {
            "summary": bool(city["summary"].strip()),
            "body": city["pk"] in written,
            "image": city["hero_image_id"] is not None,
            "themes": city["theme_count"] > 0,
            "mayor": bool(city["mayor_name"].strip()),
            "website": bool(city["website"]),
            "focal_point": city["focal_point_count"] > 0,
        }
        rows.append(
            {
                "pk": city["pk"],
                "city": city["title"],
                "country": country_names[city["country"]],
                "parts": [(part, present[part.name]) for part in PARTS],
                "missing": [labels[part.name] for part in PARTS if not present[part.name]],
                "complete": sum(present.values()),
                **{part.name: present[part.name] for part in PARTS},
            }
        )
    rows.sort(key=lambda row: (row["complete"], alphabetical(row["city"])))
    return rows


def incomplete(rows):
    """The rows of `profile_rows()` whose profile lacks at least one part."""
    return [row for row in rows if row["complete"] < len(PARTS)]


class ProfileCompletenessReport(ReadableExportMixin, ReportView):
    page_title = _("Profile completeness")
    header_icon = "tasks"
    results_template_name = "cities/admin/profile_completeness_results.html"
    list_export = ["city", "country", *(part.name for part in PARTS), "complete"]
    export_headings = {
        "city": _("City"),
        "country": _("Country"),
        **{part.name: part.label for part in PARTS},
        "complete": _("Parts complete"),
    }
    paginate_by = 100

    def dispatch(self, request, *args, **kwargs):
        if not may_read(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):
        return profile_rows()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["parts"] = PARTS
        return context


class ProfileCompletenessPanel(Component):
    """The least complete city profiles, on the dashboard of those who may read the report."""

    name = "city_profile_completeness"
    order = 245
    template_name = "cities/admin/panels/profile_completeness.html"

    def get_context_data(self, parent_context):
        rows = profile_rows()
        lacking = incomplete(rows)
        return {
            "rows": lacking[:PANEL_ROWS],
            "incomplete": len(lacking),
            "total": len(rows),
            "parts_count": len(PARTS),
            "report_url": reverse("cities_profile_completeness:index"),
        }
