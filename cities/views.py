from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.utils import translation
from django.utils.cache import get_conditional_response
from django.utils.http import http_date
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_safe

from .directory import FILTER_NAMES, DirectoryFilterForm, published_cities
from .map_data import cached_geojson, feature_collection
from .ordering import by_name


def bad_request(message, **details):
    return JsonResponse({"error": message, **details}, status=400, json_dumps_params={"ensure_ascii": False})


@require_safe
def cities_geojson(request):
    """Published cities as an RFC 7946 FeatureCollection, filtered like the directory."""
    allowed = (*FILTER_NAMES, "lang")
    unknown = sorted(set(request.GET) - set(allowed))
    if unknown:
        return bad_request(
            ngettext("Unknown parameter: %(names)s.", "Unknown parameters: %(names)s.", len(unknown))
            % {"names": ", ".join(unknown)},
            allowed=list(allowed),
        )
    repeated = sorted(name for name in request.GET if len(request.GET.getlist(name)) > 1)
    if repeated:
        return bad_request(_("Give each parameter once: %(names)s.") % {"names": ", ".join(repeated)})
    params = {name: value.strip() for name, value in request.GET.items() if value.strip()}
    language = params.pop("lang", settings.LANGUAGE_CODE).lower()
    languages = [code for code, _name in settings.LANGUAGES]
    if language not in languages:
        return bad_request(_("Unknown language: %(lang)s.") % {"lang": language}, fields={"lang": languages})
    with translation.override(language):
        return _geojson_response(request, params)


def _geojson_response(request, params):
    form = DirectoryFilterForm(params)
    errors = {}

    def build():
        if not form.is_valid():
            errors.update(
                {name: [str(message) for message in messages] for name, messages in form.errors.items()}
            )
            return None
        return feature_collection(form.filtered(published_cities()).order_by(by_name(), "pk"), request)

    cached = cached_geojson(params, build)
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
