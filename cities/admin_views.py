"""Admin views of the cities app: the endpoint of the city page editor, the themes' listing, and the
viewset that gives a report (ours and the engagement log's) its URLs and its entry in the Reports menu."""

import math
import re

from django.conf import settings
from django.http import JsonResponse
from django.urls import path
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET
from django_countries import countries
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import LocaleColumn
from wagtail.admin.viewsets.base import ViewSet
from wagtail.permission_policies.pages import PagePermissionPolicy
from wagtail.snippets.views.snippets import IndexView

from network.admin_search import AccentInsensitiveSearchMixin
from network.exports import ReadableExportMixin

from .geocoding import distance_km, geocode_city, is_far
from .models import CityIndexPage, CityPage

# An ISO 3166 code: two or three letters, or a number. django-countries reads any other text of digits with
# int(), which refuses "²" and numbers of more than 4,300 digits.
COUNTRY_CODE = re.compile(r"[A-Za-z]{2,3}|[0-9]{1,3}")


def can_edit_cities(user):
    """Whether the user may add a city to a directory or edit some city page (their own, with "add")."""
    pages = PagePermissionPolicy().instances_user_has_any_permission_for(user, {"add", "change"})
    return pages.type(CityIndexPage, CityPage).exists()


class ThemeIndexView(AccentInsensitiveSearchMixin, ReadableExportMixin, IndexView):
    """The themes' listing, exported like the engagement log's listings."""

    @cached_property
    def list_display(self):
        """Name and slug, with Wagtail's language column: the listing holds every language's names unless
        filtered, and the English translation of a theme must not read as an English theme. Made for each
        request, as Wagtail's is, so that the column's heading is in the user's language."""
        return ["name", LocaleColumn(), "slug"]


def _coordinate(text, limit):
    """The number in `text` when it is a finite value within ±limit, else None."""
    try:
        value = float(text)
    except ValueError:
        return None
    return value if math.isfinite(value) and -limit <= value <= limit else None


@require_GET
def geocode(request):
    """Where a city's name geocodes, as JSON for the editor; with lat and lon, how far that pin is from it.

    Query parameters: name (required), region, country (ISO 3166 code), lat and lon (the current pin).
    """
    if not can_edit_cities(request.user):
        return JsonResponse({"error": _("You cannot edit Learning Cities.")}, status=403)

    name = request.GET.get("name", "").strip()
    region = request.GET.get("region", "").strip()
    country_text = request.GET.get("country", "").strip()
    country = countries.alpha2(country_text) if COUNTRY_CODE.fullmatch(country_text) else ""
    if not name:
        return JsonResponse({"error": _("Give the city's name.")}, status=400)
    if country_text and not country:
        return JsonResponse(
            {"error": _("“%(code)s” is not an ISO country code.") % {"code": country_text}}, status=400
        )

    pin = None
    lat_text, lon_text = request.GET.get("lat", "").strip(), request.GET.get("lon", "").strip()
    if lat_text and lon_text:
        pin = (_coordinate(lat_text, 90), _coordinate(lon_text, 180))
        if None in pin:
            return JsonResponse(
                {"error": _("lat and lon must be decimal degrees (-90 to 90, -180 to 180).")}, status=400
            )

    outcome = geocode_city(name, region, country)
    if not outcome.found:
        return JsonResponse({"error": outcome.error}, status=503 if outcome.failed else 404)

    data = {"latitude": outcome.latitude, "longitude": outcome.longitude, "address": outcome.address}
    if pin:
        distance = distance_km(*pin, outcome.latitude, outcome.longitude)
        data.update(
            # Rounded up: a pin past the limit never reads as at it ("25 km, more than 25 km").
            distance_km=math.ceil(distance * 10) / 10,
            far=is_far(distance),
            warning_distance_km=settings.GEOCODER_WARNING_DISTANCE_KM,
        )
    return JsonResponse(data)


class ReportViewSet(ViewSet):
    """A report (a subclass of Wagtail's ReportView, `view_class`): its page, its results (refreshed by
    the filters) and its entry in the Reports menu, shown to whoever `user_may_read(user)` lets in."""

    view_class = None
    menu_hook = "register_reports_menu_item"

    def user_may_read(self, user):
        return False

    @cached_property
    def menu_item_class(self):
        viewset = self

        class ReportMenuItem(MenuItem):
            def is_shown(self, request):
                return viewset.user_may_read(request.user)

        return ReportMenuItem

    def get_urlpatterns(self):
        names = {
            "index_url_name": self.get_url_name("index"),
            "index_results_url_name": self.get_url_name("index_results"),
        }
        return [
            path("", self.view_class.as_view(**names), name="index"),
            path("results/", self.view_class.as_view(results_only=True, **names), name="index_results"),
        ]
