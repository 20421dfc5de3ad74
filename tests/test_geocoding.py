"""Geocoding through geopy's real Nominatim client, against a local stand-in server (never the internet).

Why this module is long: the service, the geocode_cities command and the editor's endpoint are tested
together, as all three answer from the same stand-in server and its fixture.
"""

import datetime
import io
import itertools
import logging

import pytest
from django.contrib.auth.models import Permission
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import translation
from wagtail.models import PageLogEntry

from cities.geocoding import GeocodeOutcome, build_query, distance_km, geocode_city, is_far_from_geocoded
from cities.models import CityPage
from tests.factories import sample_city
from tests.nominatim_standin import NominatimStandIn, Reply, place

SAO_PAULO = place(-23.5506507, -46.6333824, "São Paulo, Região Metropolitana de São Paulo, Brasil")
LA_MATANZA = place(-34.7667, -58.6267, "Partido de La Matanza, Buenos Aires, Argentina")

pytestmark = pytest.mark.django_db


@pytest.fixture
def nominatim(settings):
    """The stand-in server with GEOCODER pointing at it; no delay between requests unless a test sets one."""
    with NominatimStandIn() as standin:
        settings.GEOCODER = {
            **settings.GEOCODER,
            "DOMAIN": standin.domain,
            "SCHEME": "http",
            "TIMEOUT": 2,
            "LANGUAGE": "es",
            "MIN_DELAY_SECONDS": 0,
        }
        yield standin


def found(reply_place):
    return Reply(places=[reply_place])


def la_matanza():
    return sample_city("La Matanza")


@pytest.fixture
def cities(db):
    """The cities the command goes through: one without coordinates (La Matanza) and one with (Curitiba)."""
    return la_matanza(), sample_city("Curitiba")


# The service


def test_found_place_is_parsed_and_request_carries_agent_language_and_country(nominatim, settings):
    nominatim.reply = found(SAO_PAULO)

    outcome = geocode_city("São Paulo", "São Paulo", "BR")

    assert outcome == GeocodeOutcome(
        latitude=-23.5506507,
        longitude=-46.6333824,
        address="São Paulo, Região Metropolitana de São Paulo, Brasil",
    )
    assert outcome.found
    [request] = nominatim.requests
    assert request.path == "/search"
    assert request.user_agent == settings.GEOCODER["USER_AGENT"]
    # The country is named in the geocoder's language: Brasil, not Brazil.
    assert request.params["q"] == "São Paulo, São Paulo, Brasil"
    assert request.params["countrycodes"] == "br"
    assert request.params["accept-language"] == "es"


def test_no_result_is_not_found_but_not_a_failure(nominatim, caplog):
    nominatim.reply = Reply(places=[])

    with caplog.at_level(logging.INFO, logger="cities.geocoding"):
        outcome = geocode_city("La Matanza", "Buenos Aires", "AR")

    assert not outcome.found
    assert not outcome.failed
    assert (outcome.latitude, outcome.longitude) == (None, None)
    assert outcome.error == "No place found for “La Matanza, Buenos Aires, Argentina”."
    assert "found no place" in caplog.text


def test_timeout_is_a_failure_with_a_message(nominatim, settings, caplog):
    settings.GEOCODER = {**settings.GEOCODER, "TIMEOUT": 0.5}
    nominatim.reply = Reply(places=[SAO_PAULO], delay=1.5)

    with caplog.at_level(logging.WARNING, logger="cities.geocoding"):
        outcome = geocode_city("São Paulo", "", "BR")

    assert outcome.failed
    assert not outcome.found
    assert outcome.latitude is None
    assert outcome.error == "The geocoding service did not answer in time."
    # One request: nothing retried behind the rate limiter's back.
    assert len(nominatim.requests) == 1
    assert "failed" in caplog.text


def test_http_503_is_a_failure_naming_the_status(nominatim, caplog):
    nominatim.reply = Reply(status=503)

    with caplog.at_level(logging.WARNING, logger="cities.geocoding"):
        outcome = geocode_city("São Paulo", "", "BR")

    assert outcome.failed
    assert outcome.error == "The geocoding service is unavailable (HTTP 503). Try again later."
    assert "failed" in caplog.text


def test_unreachable_service_is_a_failure():
    # The test settings point at the discard port, where nothing listens.
    outcome = geocode_city("São Paulo", "", "BR")

    assert outcome.failed
    assert outcome.error == "The geocoding service could not be reached. Try again later."


def test_found_places_are_cached_on_the_normalised_query(nominatim):
    nominatim.reply = found(SAO_PAULO)

    first = geocode_city("São Paulo", "São Paulo", "BR")
    again = geocode_city("  são  paulo ", "SÃO PAULO", "br")

    assert again == first
    assert len(nominatim.requests) == 1


def test_no_result_answers_are_cached(nominatim):
    nominatim.reply = Reply(places=[])

    geocode_city("Atlantis", "", "BR")
    outcome = geocode_city("Atlantis", "", "BR")

    assert not outcome.found and not outcome.failed
    assert len(nominatim.requests) == 1


def test_failures_are_not_cached(nominatim):
    nominatim.reply = Reply(status=503)
    assert geocode_city("São Paulo", "", "BR").failed

    nominatim.reply = found(SAO_PAULO)
    assert geocode_city("São Paulo", "", "BR").found
    assert len(nominatim.requests) == 2


def test_cache_is_per_language(nominatim, settings):
    nominatim.reply = found(SAO_PAULO)
    geocode_city("São Paulo", "", "BR")

    settings.GEOCODER = {**settings.GEOCODER, "LANGUAGE": "en"}
    geocode_city("São Paulo", "", "BR")

    assert [request.params["accept-language"] for request in nominatim.requests] == ["es", "en"]
    assert nominatim.requests[1].params["q"] == "São Paulo, Brazil"


class VirtualClock:
    """A clock moved only by sleeping on it (by at least a microsecond: floating-point sums can round a
    tiny wait away)."""

    def __init__(self):
        self.now = 0.0

    def time(self):
        return self.now

    def sleep(self, seconds):
        self.now += max(seconds, 1e-6)


def test_requests_are_spaced_by_the_minimum_delay(nominatim, settings, monkeypatch):
    """The rate limiter waits between requests. It runs on a virtual clock, so that how busy the machine is
    cannot change what the test sees."""
    settings.GEOCODER = {**settings.GEOCODER, "MIN_DELAY_SECONDS": 0.3}
    clock = VirtualClock()
    monkeypatch.setattr("geopy.extra.rate_limiter.default_timer", clock.time)
    monkeypatch.setattr("geopy.extra.rate_limiter.sleep", clock.sleep)
    arrivals = []

    def answer(params):
        arrivals.append(clock.time())
        return found(SAO_PAULO)

    nominatim.reply = answer

    for name in ["Curitiba", "Sorocaba", "Santos"]:
        geocode_city(name, "", "BR")

    intervals = [later - earlier for earlier, later in itertools.pairwise(arrivals)]
    assert intervals == pytest.approx([0.3, 0.3], abs=1e-5)


def test_distance_km_is_geodesic():
    # One degree of latitude at the equator is 110.57 km on the WGS84 ellipsoid.
    assert distance_km(0, 0, 1, 0) == pytest.approx(110.574, abs=0.01)
    assert distance_km(-34.6, -58.4, -34.6, -58.4) == 0


def test_is_far_from_geocoded_compares_the_pin_with_the_warning_distance(nominatim, make_city, settings):
    settings.GEOCODER_WARNING_DISTANCE_KM = 25
    nominatim.reply = found(SAO_PAULO)
    near = make_city("São Paulo", country="BR", latitude=-23.6, longitude=-46.6, slug="sp-near")
    far = make_city("São Paulo", country="BR", latitude=-22.9, longitude=-43.2, slug="sp-far")
    without_pin = make_city("São Paulo", country="BR", slug="sp-unpinned")

    assert is_far_from_geocoded(near) == (False, geocode_city("São Paulo", "", "BR"))
    is_far, outcome = is_far_from_geocoded(far)
    assert is_far
    assert outcome.found
    assert is_far_from_geocoded(without_pin)[0] is False


# The geocode_cities command


def run_command(*args):
    out = io.StringIO()
    call_command("geocode_cities", *args, stdout=out)
    return out.getvalue()


def test_command_fills_missing_coordinates_and_publishes_them(cities, nominatim):
    page = la_matanza()
    assert not page.has_location
    nominatim.reply = found(LA_MATANZA)

    output = run_command()

    page = la_matanza()
    assert (page.latitude, page.longitude) == (-34.7667, -58.6267)
    assert page.live and not page.has_unpublished_changes
    assert page.get_latest_revision().as_object().latitude == -34.7667
    assert PageLogEntry.objects.filter(page=page, action="wagtail.publish").exists()
    # Only the city without coordinates was looked up, restricted to its country.
    [request] = nominatim.requests
    assert request.params["q"] == "La Matanza, Buenos Aires, Argentina"
    assert request.params["countrycodes"] == "ar"
    assert "found: La Matanza (AR) -34.76670, -58.62670" in output
    assert "found 1, unchanged 0, skipped 0, not found 0, failed 0." in output


def test_command_dry_run_writes_nothing(cities, nominatim):
    page = la_matanza()
    revisions = page.revisions.count()
    nominatim.reply = found(LA_MATANZA)

    output = run_command("--dry-run")

    page = la_matanza()
    assert not page.has_location
    assert page.revisions.count() == revisions
    assert "found: La Matanza (AR) -34.76670, -58.62670" in output
    assert "Dry run, nothing written. found 1," in output


def test_command_reports_in_the_active_language(cities, nominatim):
    nominatim.reply = found(LA_MATANZA)

    with translation.override("es"):
        output = run_command("--dry-run")

    assert "encontradas: La Matanza (AR) -34.76670, -58.62670" in output
    assert "Simulación, no se guardó nada. encontradas 1, sin cambios 0, omitidas 0," in output
    assert "found" not in output


def test_command_reports_failures_and_continues_with_the_next_city(cities, nominatim):
    before = dict(CityPage.objects.originals().live().values_list("pk", "latitude"))
    nominatim.reply = Reply(status=503)

    output = run_command("--all")

    assert dict(CityPage.objects.originals().live().values_list("pk", "latitude")) == before
    assert len(nominatim.requests) == len(before)
    assert "failed: La Matanza (AR) The geocoding service is unavailable (HTTP 503)." in output
    assert output.count("  failed: ") == len(before)
    assert f"failed {len(before)}." in output


def test_command_reports_a_city_with_no_result(cities, nominatim):
    nominatim.reply = Reply(places=[])

    output = run_command()

    assert not la_matanza().has_location
    assert "not found: La Matanza (AR)" in output
    assert "not found 1, failed 0." in output


def test_command_all_regeocodes_every_city_and_skips_unchanged_ones(cities, nominatim, make_city):
    moved = make_city("Pueblo Modelo", country="AR", region="Buenos Aires", latitude=-30.0, longitude=-60.0)
    pages = CityPage.objects.originals().live()
    cities = {build_query(page.title, page.region, page.country.code, "es"): page for page in pages}

    def answer(params):
        page = cities[params["q"]]
        if page.pk == moved.pk:
            return found(place(-34.6, -58.5, "Pueblo Modelo, Buenos Aires, Argentina"))
        if not page.has_location:
            return found(LA_MATANZA)
        return found(place(page.latitude, page.longitude, page.title))

    nominatim.reply = answer

    output = run_command("--all")

    assert len(nominatim.requests) == len(cities)
    moved = CityPage.objects.get(pk=moved.pk)
    assert (moved.latitude, moved.longitude) == (-34.6, -58.5)
    assert la_matanza().has_location
    assert "found: Pueblo Modelo (AR) -34.60000, -58.50000" in output
    assert "unchanged: Curitiba (BR)" in output
    assert f"found 2, unchanged {len(cities) - 2}," in output


def test_command_updates_live_page_and_draft_in_progress(cities, nominatim):
    page = la_matanza()
    page.summary = "A draft summary"
    page.save_revision()
    nominatim.reply = found(LA_MATANZA)

    run_command()

    page = la_matanza()
    assert page.latitude == -34.7667
    assert page.summary != "A draft summary"
    assert page.has_unpublished_changes
    draft = page.get_latest_revision_as_object()
    assert draft.summary == "A draft summary"
    assert (draft.latitude, draft.longitude) == (-34.7667, -58.6267)


def test_command_leaves_coordinates_set_in_a_draft_to_the_editor(cities, nominatim):
    page = la_matanza()
    page.latitude, page.longitude = -34.7, -58.6
    page.save_revision()
    nominatim.reply = found(LA_MATANZA)

    output = run_command()

    assert nominatim.requests == []
    page = la_matanza()
    assert not page.has_location
    assert page.get_latest_revision_as_object().latitude == -34.7
    assert "skipped: La Matanza (AR)" in output


def test_command_reports_a_city_that_cannot_be_saved_and_continues(cities, nominatim, make_city):
    broken = make_city("Avellaneda", country="AR", region="Buenos Aires")
    CityPage.objects.originals().filter(pk=broken.pk).update(
        mayor_term_start=datetime.date(2024, 1, 1), mayor_term_end=datetime.date(2020, 1, 1)
    )
    nominatim.reply = found(LA_MATANZA)

    output = run_command()

    assert not CityPage.objects.get(pk=broken.pk).has_location
    assert la_matanza().has_location
    assert "failed: Avellaneda (AR) cannot be saved:" in output
    assert "found 1, unchanged 0, skipped 0, not found 0, failed 1." in output


def test_command_can_be_interrupted_and_rerun_continues(cities, nominatim, make_city, monkeypatch):
    make_city("Zárate", country="AR", region="Buenos Aires")
    nominatim.reply = found(LA_MATANZA)
    calls = []

    def interrupt_second_call(*args):
        calls.append(args)
        if len(calls) == 2:
            raise KeyboardInterrupt
        return geocode_city(*args)

    monkeypatch.setattr("cities.management.commands.geocode_cities.geocode_city", interrupt_second_call)
    out = io.StringIO()
    with pytest.raises(CommandError, match="Interrupted"):
        call_command("geocode_cities", stdout=out)

    assert "Interrupted. So far: found 1," in out.getvalue()
    assert la_matanza().has_location
    assert not CityPage.objects.originals().get(title="Zárate").has_location

    monkeypatch.undo()
    output = run_command()

    assert CityPage.objects.originals().get(title="Zárate").has_location
    assert [request.params["q"] for request in nominatim.requests] == [
        "La Matanza, Buenos Aires, Argentina",
        "Zárate, Buenos Aires, Argentina",
    ]
    assert "La Matanza (AR)" not in output


# The editor's endpoint


def geocode_url(**params):
    return reverse("cities:geocode"), params


def test_endpoint_returns_the_place(nominatim, admin_client):
    nominatim.reply = found(SAO_PAULO)

    response = admin_client.get(*geocode_url(name="São Paulo", region="São Paulo", country="BR"))

    assert response.status_code == 200
    assert response.json() == {
        "latitude": -23.5506507,
        "longitude": -46.6333824,
        "address": "São Paulo, Região Metropolitana de São Paulo, Brasil",
    }
    assert nominatim.requests[0].params["countrycodes"] == "br"


def test_endpoint_says_how_far_the_current_pin_is(nominatim, admin_client, settings):
    settings.GEOCODER_WARNING_DISTANCE_KM = 25
    nominatim.reply = found(SAO_PAULO)

    near = admin_client.get(*geocode_url(name="São Paulo", country="BR", lat="-23.55", lon="-46.70")).json()
    far = admin_client.get(*geocode_url(name="São Paulo", country="BR", lat="-22.9", lon="-43.2")).json()

    assert near["far"] is False
    assert 0 < near["distance_km"] < 25
    assert far["far"] is True
    assert far["distance_km"] == pytest.approx(distance_km(-22.9, -43.2, -23.5506507, -46.6333824), abs=0.1)
    assert far["warning_distance_km"] == 25


def test_endpoint_404_when_no_place_is_found(nominatim, admin_client):
    nominatim.reply = Reply(places=[])

    response = admin_client.get(*geocode_url(name="Atlantis", country="AR"))

    assert response.status_code == 404
    assert "Atlantis, Argentina" in response.json()["error"]


def test_endpoint_503_when_the_service_fails(nominatim, admin_client):
    nominatim.reply = Reply(status=503)

    response = admin_client.get(*geocode_url(name="São Paulo", country="BR"))

    assert response.status_code == 503
    assert "503" in response.json()["error"]


@pytest.mark.parametrize(
    "params",
    [
        {"country": "BR"},
        {"name": "  ", "country": "BR"},
        {"name": "São Paulo", "country": "XX"},
        # Digits to str.isdigit(), not to int(), which django-countries calls on them.
        {"name": "São Paulo", "country": "²"},
        {"name": "São Paulo", "country": "1" * 5000},
        {"name": "São Paulo", "country": "BR", "lat": "south", "lon": "-46.6"},
        {"name": "São Paulo", "country": "BR", "lat": "-95", "lon": "-46.6"},
    ],
)
def test_endpoint_400_on_bad_parameters(nominatim, admin_client, params):
    response = admin_client.get(*geocode_url(**params))

    assert response.status_code == 400
    assert response.json()["error"]
    assert nominatim.requests == []


def test_endpoint_redirects_anonymous_users_to_login(nominatim, client):
    response = client.get(*geocode_url(name="São Paulo", country="BR"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("wagtailadmin_login"))
    assert nominatim.requests == []


def test_endpoint_serves_staff_who_edit_cities(nominatim, staff_client):
    nominatim.reply = found(SAO_PAULO)

    response = staff_client.get(*geocode_url(name="São Paulo", country="BR"))

    assert response.status_code == 200


def test_endpoint_refuses_admin_users_who_cannot_edit_cities(nominatim, client, django_user_model):
    user = django_user_model.objects.create_user(username="reader", password="pw")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)

    response = client.get(*geocode_url(name="São Paulo", country="BR"))

    assert response.status_code == 403
    assert nominatim.requests == []


def test_settings_changes_reach_the_geocoder(nominatim, settings):
    nominatim.reply = found(SAO_PAULO)
    geocode_city("São Paulo", "", "BR")

    with NominatimStandIn() as other:
        other.reply = found(SAO_PAULO)
        settings.GEOCODER = {**settings.GEOCODER, "DOMAIN": other.domain}
        geocode_city("Santos", "", "BR")

    assert len(nominatim.requests) == 1
    assert len(other.requests) == 1
