"""The whole-page cache of public pages (network/caching/public_responses.py): anonymous visitors get
pages from the shared cache (X-Page-Cache: hit) until published content changes; signed-in editors,
pages with a form token or a cookie, the admin and the API never go through it.
"""

import pytest
from bs4 import BeautifulSoup
from django.test import Client
from wagtail.models import PageViewRestriction

from home.models import HomePage
from tests.progress_data import accepted_submission, make_cycle, make_framework

# Pages of a network of a few cities, made once for the module.
pytestmark = pytest.mark.usefixtures("sample_network_for_module")

PAGES = ["/", "/cities/", "/cities/medellin/"]
# What a cache hit may cost in SQL queries: none (the version and the page both come from the cache).
QUERIES_PER_HIT = 0


@pytest.fixture
def visitor(db):
    return Client()


@pytest.fixture
def another_visitor(db):
    return Client()


def page_cache(response):
    return response.headers.get("X-Page-Cache")


def city_links(response):
    soup = BeautifulSoup(response.content.decode(), "html.parser")
    return {link.get_text(strip=True) for link in soup.select("#directory-results th a")}


def heading(response):
    return BeautifulSoup(response.content.decode(), "html.parser").h1.get_text(strip=True)


@pytest.mark.parametrize("path", PAGES)
def test_second_anonymous_visit_is_a_cache_hit_with_the_same_page(
    visitor, path, django_assert_max_num_queries
):
    first = visitor.get(path)
    assert first.status_code == 200
    assert page_cache(first) == "miss"

    with django_assert_max_num_queries(QUERIES_PER_HIT):
        second = visitor.get(path)

    assert second.status_code == 200
    assert page_cache(second) == "hit"
    assert second.content == first.content
    assert second["Content-Type"] == first["Content-Type"]
    assert second["Content-Language"] == first["Content-Language"]


def test_hits_are_shared_between_visitors(visitor, another_visitor):
    visitor.get("/cities/")
    response = another_visitor.get("/cities/")
    assert page_cache(response) == "hit"


@pytest.mark.parametrize("path", PAGES)
def test_cached_pages_keep_the_security_headers(visitor, path):
    visitor.get(path)
    hit = visitor.get(path)
    assert page_cache(hit) == "hit"
    policy = hit["Content-Security-Policy"]
    assert "script-src" in policy and "'unsafe-inline'" not in policy.split("script-src")[1].split(";")[0]
    assert hit["X-Content-Type-Options"] == "nosniff"
    assert hit["X-Frame-Options"] in ("DENY", "SAMEORIGIN")
    # An inline script of a cached page would carry the nonce of the response it was first rendered for,
    # which the policy of a later response does not allow: cached public pages have none.
    soup = BeautifulSoup(hit.content.decode(), "html.parser")
    inline = [
        script
        for script in soup.find_all("script")
        if not script.get("src") and script.get("type") not in ("application/json", "application/ld+json")
    ]
    for script in inline:
        assert f"'nonce-{script.get('nonce')}'" in policy, f"inline script blocked on a cache hit: {script}"


def test_publishing_a_change_shows_it_on_the_next_visit(visitor, medellin):
    for path in ("/cities/", "/cities/medellin/"):
        visitor.get(path)
        assert page_cache(visitor.get(path)) == "hit"

    page = medellin.specific
    page.title = "Medellín, ciudad del aprendizaje"
    page.save_revision().publish()

    directory = visitor.get("/cities/")
    assert page_cache(directory) == "miss"
    assert "Medellín, ciudad del aprendizaje" in city_links(directory)
    city = visitor.get("/cities/medellin/")
    assert page_cache(city) == "miss"
    assert heading(city) == "Medellín, ciudad del aprendizaje"
    # The new version is cached in its turn.
    assert page_cache(visitor.get("/cities/")) == "hit"


def test_saving_a_draft_changes_nothing_for_visitors(visitor, medellin):
    visitor.get("/cities/")
    page = medellin.specific
    page.title = "Medellín (draft)"
    page.save_revision()

    directory = visitor.get("/cities/")
    assert page_cache(directory) == "hit"
    assert "Medellín" in city_links(directory)


def test_a_renamed_cycle_shows_in_the_city_s_charts_on_the_next_visit(visitor, medellin):
    cycle = make_cycle(make_framework(questions=(("1.1", "1.1-c", "number", False, ""),)), name="2026–2027")
    accepted_submission(medellin, cycle, {"1.1-c": 12})
    visitor.get("/cities/medellin/")
    assert page_cache(visitor.get("/cities/medellin/")) == "hit"

    cycle.name = "2026–2028"
    cycle.save()

    city = visitor.get("/cities/medellin/")
    assert page_cache(city) == "miss"
    charts = BeautifulSoup(city.content.decode(), "html.parser").select_one("section.city__progress")
    assert [row.get_text(" ", strip=True) for row in charts.select("tbody tr")] == ["2026–2028 12"]


def test_unpublishing_removes_the_city_on_the_next_visit(visitor, medellin):
    for path in ("/", "/cities/", "/cities/medellin/"):
        visitor.get(path)
        assert page_cache(visitor.get(path)) == "hit"

    medellin.unpublish()

    directory = visitor.get("/cities/")
    assert page_cache(directory) == "miss"
    assert "Medellín" not in city_links(directory)
    assert page_cache(visitor.get("/")) == "miss"
    gone = visitor.get("/cities/medellin/")
    assert gone.status_code == 404
    assert page_cache(gone) is None
    # A 404 is never cached: publishing again brings the page back at once.
    medellin.get_latest_revision().publish()
    back = visitor.get("/cities/medellin/")
    assert back.status_code == 200
    assert "Medellín" in city_links(visitor.get("/cities/"))


def test_signed_in_editors_never_get_cached_pages(visitor, staff_client):
    for path in PAGES:
        visitor.get(path)
        assert page_cache(visitor.get(path)) == "hit"

    for path in PAGES:
        response = staff_client.get(path)
        assert response.status_code == 200
        assert page_cache(response) is None
        # The editor's own page: with the userbar linking to the admin.
        assert "wagtail-userbar" in response.content.decode()

    # … and what they were served is never given to visitors.
    for path in PAGES:
        response = visitor.get(path)
        assert page_cache(response) == "hit"
        assert "wagtail-userbar" not in response.content.decode()


def test_a_signed_in_editors_page_is_not_stored_for_visitors(visitor, staff_client):
    staff_client.get("/cities/")
    response = visitor.get("/cities/")
    assert page_cache(response) == "miss"
    assert "wagtail-userbar" not in response.content.decode()


def test_languages_are_cached_separately(visitor):
    english = visitor.get("/en/cities/")
    # The root is Spanish whatever the browser prefers.
    spanish = visitor.get("/cities/", HTTP_ACCEPT_LANGUAGE="en")
    assert (page_cache(english), page_cache(spanish)) == ("miss", "miss")
    assert english["Content-Language"] == "en" and spanish["Content-Language"] == "es"
    assert english.content != spanish.content

    english_hit = visitor.get("/en/cities/")
    spanish_hit = visitor.get("/cities/", HTTP_ACCEPT_LANGUAGE="en")
    assert (page_cache(english_hit), page_cache(spanish_hit)) == ("hit", "hit")
    assert english_hit["Content-Language"] == "en" and english_hit.content == english.content
    assert spanish_hit["Content-Language"] == "es" and spanish_hit.content == spanish.content
    assert '<html lang="en">' in english_hit.content.decode()
    assert '<html lang="es">' in spanish_hit.content.decode()


@pytest.fixture
def password_protected(medellin):
    return PageViewRestriction.objects.create(
        page=medellin, restriction_type=PageViewRestriction.PASSWORD, password="aprender"
    )


def password_form(response):
    soup = BeautifulSoup(response.content.decode(), "html.parser")
    form = soup.find("input", attrs={"name": "password"}).find_parent("form")
    fields = {field["name"]: field.get("value", "") for field in form.find_all("input") if field.get("name")}
    return form["action"], fields


def test_a_page_with_a_form_token_is_never_cached(db, password_protected):
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    for client in (first, second, first):
        response = client.get("/cities/medellin/")
        assert response.status_code == 200
        assert page_cache(response) is None
        assert 'name="csrfmiddlewaretoken"' in response.content.decode()

    # Each visitor's form works with their own cookie (a cached token would be refused: 403).
    action, fields = password_form(second.get("/cities/medellin/"))
    unlocked = second.post(action, {**fields, "password": "aprender"}, follow=True)
    assert unlocked.status_code == 200
    assert heading(unlocked) == "Medellín"


def test_a_page_unlocked_with_a_password_is_not_shown_to_other_visitors(db, password_protected):
    insider, outsider = Client(), Client()
    action, fields = password_form(insider.get("/cities/medellin/"))
    insider.post(action, {**fields, "password": "aprender"})
    for _ in range(2):
        page = insider.get("/cities/medellin/")
        assert heading(page) == "Medellín"
        assert page_cache(page) is None

    response = outsider.get("/cities/medellin/")
    assert 'name="password"' in response.content.decode()
    assert "Medellín" not in heading(response)


def test_a_page_that_sets_a_cookie_is_never_cached(visitor, another_visitor, monkeypatch):
    serve = HomePage.serve

    def serve_with_cookie(self, request, *args, **kwargs):
        response = serve(self, request, *args, **kwargs)
        response.set_cookie("seen-banner", "yes")
        return response

    monkeypatch.setattr(HomePage, "serve", serve_with_cookie)
    for client in (visitor, another_visitor):
        response = client.get("/")
        assert response.status_code == 200
        assert page_cache(response) is None
        assert response.cookies["seen-banner"].value == "yes"

    monkeypatch.setattr(HomePage, "serve", serve)
    response = another_visitor.get("/")
    assert page_cache(response) == "miss"
    assert "seen-banner" not in response.cookies


@pytest.mark.parametrize("path", ["/admin/login/", "/api/cities.geojson", "/api/cities.geojson?country=CO"])
def test_admin_and_api_are_never_cached_by_the_page_cache(visitor, path):
    for _ in range(2):
        response = visitor.get(path)
        assert response.status_code == 200
        assert page_cache(response) is None


def test_query_strings_are_cached_separately(visitor):
    everything = visitor.get("/cities/")
    colombia = visitor.get("/cities/?country=CO")
    assert page_cache(colombia) == "miss"
    assert city_links(colombia) < city_links(everything)
    hit = visitor.get("/cities/?country=CO")
    assert page_cache(hit) == "hit"
    assert city_links(hit) == city_links(colombia)
