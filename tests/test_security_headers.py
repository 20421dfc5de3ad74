"""Security headers, cookies and the Content Security Policy, as production serves them.

1. In this process with the production security settings (read from network.settings.production in a
   fresh process, HTTPS redirect off): headers on every kind of page, HSTS on HTTPS, Secure cookies, and
   every inline script of the admin carrying the response's nonce.
2. A real production process (gunicorn, PostgreSQL, Redis, whitenoise; see tests/production_server.py).
3. Headless Chromium against that process: public pages (also from the page cache), the admin sign-in,
   the dashboard, a city's editor (location map, inline panel, live preview, image chooser), the
   engagement form (date chooser, city chooser) and the contact form (city chooser) run without a single
   CSP violation, script error or failed request.

Why this module is long: the three levels share the policy's helpers and the production process.
"""

import inspect
import json
import os
import re
import secrets
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import requests
import wagtail
from bs4 import BeautifulSoup
from django.urls import reverse
from playwright.sync_api import expect

from tests.production_server import AppProcess, csrf_token, running
from tests.services import PROJECT_DIR, delete_redis_keys, drop_database, production_environment
from tests.site_server import PlaceStandIn
from tests.template_database import ADMIN_PASSWORD, ADMIN_USERNAME, clone_database
from tests.test_map_browser import Chromium, close_context, started_playwright

PUBLIC_PATHS = ["/", "/cities/", "/cities/medellin/", "/api/cities.geojson"]
PATHS = [*PUBLIC_PATHS, "/admin/login/"]
HSTS = "max-age=31536000; includeSubDomains; preload"
# The policy itself (CONTENT_SECURITY_POLICY) is base.py's, shared with the test settings.
SECURITY_SETTINGS = [
    "CSRF_COOKIE_HTTPONLY",
    "CSRF_COOKIE_SECURE",
    "SECURE_CONTENT_TYPE_NOSNIFF",
    "SECURE_CROSS_ORIGIN_OPENER_POLICY",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "SECURE_HSTS_SECONDS",
    "SECURE_PROXY_SSL_HEADER",
    "SECURE_REFERRER_POLICY",
    "SESSION_COOKIE_HTTPONLY",
    "SESSION_COOKIE_SECURE",
    "X_FRAME_OPTIONS",
]


# --- Helpers ----------------------------------------------------------------------------------------------


def directives(policy):
    parsed = {}
    for part in policy.split(";"):
        words = part.split()
        if words:
            parsed[words[0]] = words[1:]
    return parsed


def policy_nonce(policy):
    match = re.search(r"'nonce-([^']+)'", policy or "")
    return match.group(1) if match else None


def assert_strict_policy(policy):
    """Scripts only from the site or with the response's nonce; no plugins; no framing by others."""
    assert policy, "no Content-Security-Policy header"
    parsed = directives(policy)
    scripts = parsed.get("script-src", parsed.get("default-src"))
    assert scripts is not None
    assert "'unsafe-inline'" not in scripts and "'unsafe-eval'" not in scripts
    assert "*" not in scripts and "https:" not in scripts and "data:" not in scripts
    assert parsed["object-src"] == ["'none'"]
    assert "frame-ancestors" in parsed
    assert "'self'" in parsed["default-src"]


def assert_security_headers(headers, hsts):
    assert_strict_policy(headers.get("Content-Security-Policy"))
    assert headers.get("X-Content-Type-Options") == "nosniff"
    assert headers.get("Referrer-Policy") == "strict-origin-when-cross-origin"
    assert headers.get("X-Frame-Options") == "DENY"
    if hsts:
        assert headers.get("Strict-Transport-Security") == HSTS
    else:
        assert "Strict-Transport-Security" not in headers


def blocked_inline_code(html, policy):
    """What the policy would block in this page: inline scripts without the response's nonce, inline event
    handlers and javascript: links."""
    nonce = policy_nonce(policy)
    soup = BeautifulSoup(html, "html.parser")
    blocked = []
    for script in soup.find_all("script"):
        if script.get("src") or script.get("type") in ("application/json", "application/ld+json"):
            continue
        if nonce is None or script.get("nonce") != nonce:
            blocked.append(str(script)[:300])
    for element in soup.find_all(True):
        blocked += [f"<{element.name} {name}=…>" for name in element.attrs if name.lower().startswith("on")]
        for name in ("href", "src", "action", "formaction"):
            if str(element.get(name, "")).strip().lower().startswith("javascript:"):
                blocked.append(f"<{element.name} {name}={element[name]!r}>")
    return blocked


# --- 1. In this process, with the production security settings --------------------------------------------


@pytest.fixture(scope="module")
def production_security_settings():
    """The security settings of network/settings/production.py, read in a fresh process."""
    code = (
        "import json; from django.conf import settings; "
        f"print(json.dumps({{name: getattr(settings, name) for name in {SECURITY_SETTINGS!r}}}))"
    )
    env = production_environment("learning_cities", SECURE_SSL_REDIRECT="false")
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=PROJECT_DIR, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr[-3000:]
    values = json.loads(result.stdout.strip().splitlines()[-1])
    values["SECURE_PROXY_SSL_HEADER"] = tuple(values["SECURE_PROXY_SSL_HEADER"])
    return values


@pytest.fixture
def production_like(db, settings, production_security_settings, medellin):
    """The production security settings, and a city page for the public paths."""
    for name, value in production_security_settings.items():
        setattr(settings, name, value)
    settings.SECURE_SSL_REDIRECT = False
    return settings


@pytest.mark.parametrize("path", PATHS)
def test_headers_over_plain_http(client, production_like, path):
    response = client.get(path)
    assert response.status_code == 200
    # HSTS only means something over HTTPS: browsers ignore it on plain HTTP.
    assert_security_headers(response.headers, hsts=False)


@pytest.mark.parametrize("path", PATHS)
def test_headers_over_https_include_hsts(client, production_like, path):
    response = client.get(path, secure=True)
    assert response.status_code == 200
    assert_security_headers(response.headers, hsts=True)


def test_https_seen_through_the_load_balancer_gets_hsts(client, production_like):
    response = client.get("/cities/", HTTP_X_FORWARDED_PROTO="https")
    assert response.headers.get("Strict-Transport-Security") == HSTS


def test_cookies_after_signing_in_are_secure(client, production_like, superuser):
    form = client.get("/admin/login/", secure=True)
    csrf = form.cookies["csrftoken"]
    assert csrf["secure"] is True

    response = client.post("/admin/login/", {"username": "root", "password": "pw"}, secure=True)

    assert response.status_code == 302
    session = response.cookies["sessionid"]
    assert session["secure"] is True
    assert session["httponly"] is True
    assert session["samesite"] == "Lax"
    # The CSRF cookie is rotated on sign-in, and stays Secure.
    assert response.cookies["csrftoken"]["secure"] is True


@pytest.fixture
def admin_pages(medellin, directory, engagement_factory):
    engagement = engagement_factory("Visita técnica", cities=[medellin])
    return {
        "dashboard": "/admin/",
        "page explorer": f"/admin/pages/{directory.pk}/",
        "city editor": f"/admin/pages/{medellin.pk}/edit/",
        "new city": f"/admin/pages/add/cities/citypage/{directory.pk}/",
        "focal points": f"/admin/cities/{medellin.pk}/focal-points/",
        "new engagement": "/admin/snippets/contacts/engagement/add/",
        "engagement editor": f"/admin/snippets/contacts/engagement/edit/{engagement.pk}/",
        "new contact": "/admin/snippets/contacts/contact/add/",
        "new organisation": "/admin/snippets/contacts/organisation/add/",
        "report": reverse("contacts_engagements_by_country:index"),
        "image upload": reverse("wagtailimages:add"),
    }


def test_every_inline_script_of_the_admin_carries_the_nonce(client, production_like, superuser, admin_pages):
    client.force_login(superuser)
    blocked = {}
    for name, path in admin_pages.items():
        response = client.get(path, secure=True)
        assert response.status_code == 200, f"{name}: {path}"
        assert_strict_policy(response["Content-Security-Policy"])
        found = blocked_inline_code(response.content.decode(), response["Content-Security-Policy"])
        if found:
            blocked[f"{name} ({path})"] = found
    report = json.dumps(blocked, indent=2, ensure_ascii=False)
    assert blocked == {}, f"inline code the policy blocks:\n{report}"


def test_wagtails_choosers_still_write_an_inline_script():
    """network/csp.py gives the nonce to the inline script BaseChooser.render writes: once Wagtail's
    choosers stop writing one, this fails, and the patch can go."""
    from wagtail.admin.widgets.chooser import BaseChooser

    render = getattr(BaseChooser.render, "__wrapped__", BaseChooser.render)
    assert 'f"{widget_html}<script>{js}</script>"' in inspect.getsource(render)


NONCE_TEMPLATES = [
    ("wagtailadmin/widgets/date_input.html", None),
    ("wagtailadmin/widgets/datetime_input.html", None),
    ("wagtailadmin/widgets/time_input.html", None),
    ("wagtailadmin/panels/inline_panel.html", "js_init"),
    ("wagtailadmin/panels/multiple_chooser_panel.html", "js_init"),
]


def script_code(source, block):
    """The template's script (or its `block`), without our nonce and with its whitespace normalised."""
    if block:
        source = re.search(r"{% block " + block + r" %}(.*?){% endblock %}", source, re.S).group(1)
    source = source.replace("{% load csp_nonce %}", "").replace("{% csp_nonce_attribute %}", "")
    return re.sub(r"\s+", "", source)


@pytest.mark.parametrize(("name", "block"), NONCE_TEMPLATES)
def test_our_nonce_copies_follow_wagtails_templates(name, block):
    """Our overrides of these templates (templates/wagtailadmin) copy Wagtail's inline scripts to give
    them the nonce: a change to Wagtail's scripts must be carried into the copies (docs/upgrading.md)."""
    ours = (Path(PROJECT_DIR) / "templates" / name).read_text()
    wagtails = (Path(wagtail.__file__).parent / "admin" / "templates" / name).read_text()
    assert script_code(ours, block) == script_code(wagtails, block)


@pytest.mark.parametrize("path", ["/", "/cities/", "/cities/medellin/", "/admin/login/"])
def test_public_pages_have_no_inline_code_the_policy_blocks(client, production_like, path):
    response = client.get(path)
    assert blocked_inline_code(response.content.decode(), response["Content-Security-Policy"]) == []


# --- 2. A real production process -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def geocoder():
    with PlaceStandIn() as standin:
        yield standin


@pytest.fixture(scope="module")
def production_app(production_template_database, production_static_root, geocoder):
    """The site as `make production` serves it (SECURE_SSL_REDIRECT=false), on a fresh database."""
    database = clone_database("learning_cities_prodtest_")
    prefix = f"lcn-headers-{secrets.token_hex(4)}"
    env = production_environment(
        database,
        redis_db=15,
        cache_prefix=prefix,
        static_root=production_static_root,
        GEOCODER_DOMAIN=geocoder.domain,
        # Threads: Chromium's idle pre-connections would hold a single sync worker (behind the load
        # balancer, the app never sees them).
        GUNICORN_THREADS="4",
    )
    app = AppProcess(env, "headers")
    try:
        with running(app):
            yield app
    finally:
        drop_database(database)
        delete_redis_keys(15, prefix)


@pytest.mark.parametrize("path", PATHS)
def test_production_process_sends_the_headers(production_app, path):
    plain = requests.get(production_app.url(path), timeout=30)
    assert plain.status_code == 200, production_app.log()
    assert_security_headers(plain.headers, hsts=False)

    behind_tls = requests.get(production_app.url(path), headers={"X-Forwarded-Proto": "https"}, timeout=30)
    assert_security_headers(behind_tls.headers, hsts=True)


def set_cookie_flags(response, name):
    """The attributes of the Set-Cookie header for `name`, lower-cased."""
    for header in response.raw.headers.getlist("Set-Cookie"):
        if header.startswith(f"{name}="):
            return {part.strip().split("=")[0].lower() for part in header.split(";")[1:]}
    return None


def test_production_process_sets_secure_cookies_on_sign_in(production_app):
    """Through the TLS-terminating load balancer (X-Forwarded-Proto: https), as a browser signs in."""
    login = production_app.url("/admin/login/")
    form = requests.get(login, headers={"X-Forwarded-Proto": "https"}, timeout=30)
    assert "secure" in set_cookie_flags(form, "csrftoken")
    credentials = {"username": ADMIN_USERNAME, "password": ADMIN_PASSWORD}
    response = requests.post(
        login,
        data={**credentials, "csrfmiddlewaretoken": csrf_token(form.text)},
        headers={
            "X-Forwarded-Proto": "https",
            "Origin": f"https://127.0.0.1:{production_app.port}",
            "Cookie": f"csrftoken={form.cookies['csrftoken']}",
        },
        allow_redirects=False,
        timeout=30,
    )
    assert response.status_code == 302, response.text[:2000]
    assert {"secure", "httponly", "samesite"} <= set_cookie_flags(response, "sessionid")
    assert "secure" in set_cookie_flags(response, "csrftoken")


def test_production_process_serves_hashed_compressed_static_files(production_app):
    page = requests.get(production_app.url("/cities/"), timeout=30)
    soup = BeautifulSoup(page.text, "html.parser")
    assets = [link["href"] for link in soup.select("link[rel=stylesheet]")]
    assets += [script["src"] for script in soup.select("script[src]")]
    assert assets
    for asset in assets:
        assert re.search(r"\.[0-9a-f]{12}\.(css|js)$", asset), f"{asset} has no content hash in its name"
        response = requests.get(production_app.url(asset), headers={"Accept-Encoding": "gzip"}, timeout=30)
        assert response.status_code == 200
        assert response.headers.get("Content-Encoding") == "gzip", asset
        assert "max-age=31536000" in response.headers["Cache-Control"]


# --- 3. Headless Chromium against the production process --------------------------------------------------

CHROMIUM = "/usr/bin/chromium"
TIMEOUT_MS = 15_000
# For what takes a page load and a server round trip or two: a loaded machine may need far longer.
SLOW_TIMEOUT_MS = 90_000
# A transparent 1×1 PNG: what the tile server "answers" (no test reaches the internet).
EMPTY_PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000001e221bc330000000049454e44ae426082"
)
RECORD_VIOLATIONS_JS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
    window.__cspViolations.push(
        `${event.violatedDirective} blocked ${event.blockedURI || "inline code"}`
        + ` at ${event.sourceFile}:${event.lineNumber}`
    );
}, true);
"""
MARKER_IMAGES_JS = """(mapId) => Array.from(
    document.querySelectorAll(`#${mapId} img.leaflet-marker-icon`),
    (img) => ({src: img.src, loaded: img.complete && img.naturalWidth > 0})
)"""


@pytest.fixture(scope="module")
def chromium_executable():
    """Debian's Chromium; without it the browser tests are skipped, except on CI where they must run."""
    if not Path(CHROMIUM).is_file():
        message = f"{CHROMIUM} is missing: install Debian's chromium package to run the browser tests"
        if os.environ.get("CI") == "true":
            pytest.fail(message + " (CI=true: browser tests must run on CI)")
        pytest.skip(message)
    return CHROMIUM


@pytest.fixture(scope="module")
def browser(chromium_executable):
    with started_playwright() as playwright:
        chromium = Chromium(playwright, chromium_executable)
        yield chromium
        chromium.close()


class Watched:
    """A page with everything that went wrong on it: CSP reports, console CSP messages, script errors,
    failed responses and requests leaving the test machine."""

    def __init__(self, context, app):
        self.app = app
        self.page = context.new_page()
        self.console, self.errors, self.failed = [], [], []
        self.page.on("console", self._console)
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.page.on("response", self._response)
        self.page.on("requestfailed", self._request_failed)

    def _console(self, message):
        if "Content Security Policy" in message.text or "Content-Security-Policy" in message.text:
            self.console.append(message.text)

    def _response(self, response):
        if response.status >= 400:
            self.failed.append(f"{response.status} {response.url}")

    def _request_failed(self, request):
        if urlsplit(request.url).hostname == "127.0.0.1":
            self.failed.append(f"{request.failure} {request.url}")

    def goto(self, path):
        response = self.page.goto(self.app.url(path))
        self.page.wait_for_load_state("networkidle")
        return response

    def violations(self):
        """The CSP violations reported in the page and its frames (the editor's preview is one)."""
        found = []
        for frame in self.page.frames:
            try:
                found += frame.evaluate("window.__cspViolations || []")
            except Exception:  # a frame detached meanwhile
                continue
        return found

    def problems(self):
        return {
            "CSP violations": self.violations(),
            "CSP console messages": self.console,
            "script errors": self.errors,
            "failed requests": self.failed,
            "requests leaving the machine": self.page.context.outside_requests,
        }

    def assert_clean(self, where):
        problems = {name: found for name, found in self.problems().items() if found}
        assert problems == {}, f"{where}:\n" + json.dumps(problems, indent=2, ensure_ascii=False)


def new_context(browser, app, storage_state=None):
    context = browser.new_context(
        locale="en-US", viewport={"width": 1280, "height": 900}, storage_state=storage_state
    )
    context.set_default_timeout(TIMEOUT_MS)
    context.add_init_script(RECORD_VIOLATIONS_JS)
    context.outside_requests = []
    tile_host = "tile.openstreetmap.org"

    def route(route):
        host = urlsplit(route.request.url).hostname
        if host == "127.0.0.1":
            route.continue_()
        elif host == tile_host:
            route.fulfill(status=200, content_type="image/png", body=EMPTY_PNG)
        else:
            context.outside_requests.append(route.request.url)
            route.abort()

    context.route("**/*", route)
    return context


@pytest.fixture
def visitor(browser, production_app):
    context = new_context(browser, production_app)
    yield Watched(context, production_app)
    close_context(context)


@pytest.fixture(scope="module")
def admin_state(browser, production_app):
    """The administrator signed in through the admin's form (checked clean on the way)."""
    context = new_context(browser, production_app)
    watched = Watched(context, production_app)
    watched.goto("/admin/login/")
    watched.assert_clean("admin sign-in form")
    watched.page.fill("#id_username", ADMIN_USERNAME)
    watched.page.fill("#id_password", ADMIN_PASSWORD)
    watched.page.locator("form button[type=submit]").first.click()
    watched.page.wait_for_url(re.compile(r"/admin/$"))
    state = context.storage_state()
    close_context(context)
    cookies = {cookie["name"]: cookie for cookie in state["cookies"]}
    assert "sessionid" in cookies, "the administrator could not sign in"
    assert cookies["sessionid"]["secure"] and cookies["sessionid"]["httpOnly"]
    return state


@pytest.fixture
def admin(browser, production_app, admin_state):
    context = new_context(browser, production_app, storage_state=admin_state)
    yield Watched(context, production_app)
    close_context(context)


def city_id(app, name):
    features = requests.get(app.url("/api/cities.geojson"), timeout=30).json()["features"]
    [feature] = [feature for feature in features if feature["properties"]["name"] == name]
    return feature["id"]


def assert_markers_shown(watched, map_id):
    """The map loaded its data and shows markers whose images load."""
    counted = re.compile(r"^[1-9]\d*$")
    expect(watched.page.locator(f"#{map_id}")).to_have_attribute("data-marker-count", counted)
    icons = watched.page.locator(f"#{map_id} .leaflet-marker-icon")
    expect(icons.first).to_be_visible()
    images = watched.page.evaluate(MARKER_IMAGES_JS, map_id)
    broken = [image["src"] for image in images if not image["loaded"]]
    assert broken == [], f"marker images that did not load on #{map_id}: {broken}"


@pytest.mark.parametrize(
    ("path", "map_id"), [("/", "home-map"), ("/cities/", "directory-map"), ("/cities/medellin/", "city-map")]
)
def test_public_pages_in_chromium_without_csp_violations(visitor, path, map_id):
    first = visitor.goto(path)
    assert first.ok
    if map_id == "city-map":
        expect(visitor.page.locator("#city-map .leaflet-marker-icon")).to_be_visible()
        images = visitor.page.evaluate(MARKER_IMAGES_JS, "city-map")
        assert images and all(image["loaded"] for image in images), f"marker image did not load: {images}"
    else:
        assert_markers_shown(visitor, map_id)
    visitor.assert_clean(path)

    # The same page again, now from the shared page cache: still nothing blocked.
    again = visitor.goto(path)
    assert again.headers.get("x-page-cache") == "hit"
    visitor.assert_clean(f"{path} (from the page cache)")


def test_admin_dashboard_in_chromium_without_csp_violations(admin):
    admin.goto("/admin/")
    assert admin.page.locator("#id_username").count() == 0, "not signed in"
    admin.assert_clean("dashboard")


def open_tab_of(page, selector):
    """Select the editor tab holding `selector` (Wagtail shows one tab panel at a time)."""
    panel = page.locator(selector).evaluate("(element) => element.closest('[role=tabpanel]')?.id")
    if panel:
        page.locator(f'[role=tab][aria-controls="{panel}"]').click()


def open_chooser(page, field_id):
    """Click the "Choose …" button of a chooser widget and wait for its modal."""
    open_tab_of(page, f"#{field_id}-chooser")
    page.locator(f"#{field_id}-chooser [data-chooser-action-choose]:visible").first.click()
    expect(page.locator(".modal-dialog")).to_be_visible()


def test_city_editor_in_chromium_without_csp_violations(admin, production_app):
    page = admin.page
    admin.goto(f"/admin/pages/{city_id(production_app, 'Medellín')}/edit/")
    admin.assert_clean("city editor")

    # The location panel's map, with the city's pin.
    panel_map = page.locator("[data-location-panel] .location-panel__map.leaflet-container")
    expect(panel_map).to_be_visible()
    expect(panel_map.locator(".leaflet-marker-icon")).to_have_count(1)

    # The live preview shows the page being edited. It must be ready before the empty social link below
    # is added: until its first page has loaded, Wagtail answers a form with an empty required field
    # by clearing the preview. The preview is ready once its frame, loaded, has taken the place of the
    # empty placeholder frame (the only frame with the id then); however long a busy machine takes.
    page.locator('[data-side-panel-toggle="preview"]').click()
    expect(page.locator("#w-preview-iframe")).to_have_attribute(
        "src", re.compile(r"in_preview_panel=true"), timeout=SLOW_TIMEOUT_MS
    )
    expect(page.frame_locator("#w-preview-iframe").locator("h1")).to_have_text("Medellín")

    # The "Social links" inline panel adds a form (its script needs the nonce).
    open_tab_of(page, "#id_links-ADD")
    total = page.locator("#id_links-TOTAL_FORMS")
    before = int(total.input_value())
    page.locator("#id_links-ADD").click()
    expect(total).to_have_value(str(before + 1))
    expect(page.locator(f"#inline_child_links-{before}")).to_be_visible()

    # The hero image chooser opens its modal.
    open_chooser(page, "id_hero_image")
    admin.assert_clean("city editor, after using it")


def test_engagement_form_in_chromium_without_csp_violations(admin):
    page = admin.page
    admin.goto("/admin/snippets/contacts/engagement/add/")
    admin.assert_clean("new engagement")
    date = page.locator("#id_date")
    expect(date).to_be_visible()
    date.click()
    # The date chooser set up by the widget's inline script opens.
    expect(page.locator(".xdsoft_datetimepicker:visible").first).to_be_visible()
    admin.assert_clean("new engagement, after choosing a date")

    # Cities are chosen in the city chooser's modal, several at once (contacts/widgets.py).
    page.keyboard.press("Escape")
    page.locator("#id_cities").click()
    modal = page.locator(".modal-dialog")
    expect(modal).to_be_visible()
    modal.locator("input[name=q]").fill("Medell")
    modal.locator("tbody tr", has_text="Medellín").locator("input[data-multiple-choice-select]").check()
    modal.locator("[data-multiple-choice-submit]").click()
    expect(modal).to_be_hidden()
    chosen = page.locator("[data-controller=multiple-chooser]:has(#id_cities) li")
    expect(chosen).to_have_count(1)
    expect(chosen).to_contain_text("Medellín")
    expect(chosen.locator("input[name=cities]")).to_have_value(str(city_id(admin.app, "Medellín")))
    admin.assert_clean("new engagement, after choosing a city")


def test_contact_form_choosers_in_chromium_without_csp_violations(admin):
    admin.goto("/admin/snippets/contacts/contact/add/")
    admin.assert_clean("new contact")
    open_chooser(admin.page, "id_city")
    admin.assert_clean("new contact, after opening the city chooser")
