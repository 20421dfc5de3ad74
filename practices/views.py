"""`/api/practices.geojson`: the published good practices for the maps, filtered like the practices
list (theme, country, population, measured) and cached until published content changes."""

from django.utils import translation
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_safe

from cities.views import filtered_geojson, geojson_parameters

from .listing import PracticeFilterForm, visible_practices
from .map_data import practice_collection

FILTER_NAMES = ("theme", "country", "population", "measured")


# Read-only: exempt from the CSRF check only so that a write is answered 405 (with Allow) by
# require_safe rather than with the CSRF failure page; no unsafe method ever reaches the view.
@csrf_exempt
@require_safe
def practices_geojson(request):
    """Published good practices as an RFC 7946 FeatureCollection, filtered like /practices/."""
    params, language, error = geojson_parameters(request, FILTER_NAMES)
    if error:
        return error
    with translation.override(language):
        practices = visible_practices()
        return filtered_geojson(
            request,
            params,
            PracticeFilterForm(params, practices=practices, request=request),
            lambda form: practice_collection(form.filtered(practices), request),
            name="practices",
        )
