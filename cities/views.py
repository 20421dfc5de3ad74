from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.utils import translation
from django.utils.cache import get_conditional_response
from django.utils.http import http_date
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_safe

from .directory import FILTER_NAMES, DirectoryFilterForm, published_cities
from .map_data import cached_geojson, feature_collection
from .ordering import by_name


def bad_request(message, **details):
    return JsonResponse({"error": message, **details}, status=400, json_dumps_params={"ensure_ascii": False})


def geojson_parameters(request, filter_names):
    """(filters, language, None) of a request for map data, or (None, None, an HTTP 400 saying why).

    The filters are the non-empty ones of `filter_names`; `lang` chooses the language of names and links.
    """
    allowed = (*filter_names, "lang")
    unknown = sorted(set(request.GET) - set(allowed))
    if unknown:
        return (
            None,
            None,
            bad_request(
                ngettext("Unknown parameter: %(names)s.", "Unknown parameters: %(names)s.", len(unknown))
                % {"names": ", ".join(unknown)},
                allowed=list(allowed),
            ),
        )
    repeated = sorted(name for name in request.GET if len(request.GET.getlist(name)) > 1)
    if repeated:
        return (
            None,
            None,
            bad_request(_("Give each parameter once: %(names)s.") % {"names": ", ".join(repeated)}),
        )
    params = {name: value.strip() for name, value in request.GET.items() if value.strip()}
    language = params.pop("lang", settings.LANGUAGE_CODE).lower()
    languages = [code for code, _name in settings.LANGUAGES]
    if language not in languages:
        return (
            None,
            None,
            bad_request(_("Unknown language: %(lang)s.") % {"lang": language}, fields={"lang": languages}),
        )
    return params, language, None


def filtered_geojson(request, params, form, build, name):
    """The GeoJSON response of `build(valid form)`, cached under `name` until published content changes,
    or an HTTP 400 listing the form's errors."""
    errors = {}

    def build_if_valid():
        if not form.is_valid():
            errors.update(
                {field: [str(message) for message in messages] for field, messages in form.errors.items()}
            )
            return None
        return build(form)

    cached = cached_geojson(params, build_if_valid, name=name)
    if cached is None:
        return bad_request(_("Some parameter values are not valid."), fields=errors)

    response = get_conditional_response(request, etag=cached.etag, last_modified=cached.last_modified)
    if response is None:
        response = HttpResponse(cached.body, content_type="application/geo+json")
    response["ETag"] = cached.etag
    if cached.last_modified is not None:
        response["Last-Modified"] = http_date(cached.last_modified)
    response["Cache-Control"] = "public, no-cache"
    return response


# Read-only: exempt from the CSRF check only so that a write is answered 405 (with Allow) by
# require_safe rather than with the CSRF failure page; no unsafe method ever reaches the view.
@csrf_exempt
@require_safe
def cities_geojson(request):
    """Published cities as an RFC 7946 FeatureCollection, filtered like the directory."""
    params, language, error = geojson_parameters(request, FILTER_NAMES)
    if error:
        return error
    with translation.override(language):
        return filtered_geojson(
            request,
            params,
            DirectoryFilterForm(params),
            lambda form: feature_collection(
                form.filtered(published_cities()).order_by(by_name(), "pk"), request
            ),
            name="cities",
        )
