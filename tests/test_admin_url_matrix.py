"""Every URL the admin resolves, for five roles: no private datum where it does not belong, no 5xx.

The URLs are not a hand-picked list: the test walks the URL resolver (Wagtail's admin, its API,
wagtail-localize, the document URLs and ours), so a URL a package adds later is tried too, and so is every
listing's CSV download. Each URL is filled in with the private objects of `tests/private_world.py`
(another city's page, image, document, a contact, an engagement…) and requested as anonymous visitor,
focal point of city A, focal point of city B, UIL staff and administrator. Focal points must also be
refused every admin URL outside the views their city needs (cities/admin_scope.py). The private world is
made once for the module and rolled back after it; each test gets its objects fetched afresh, and what
its requests change is rolled back after the test.
"""

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import URLResolver, get_resolver, reverse
from django.utils import translation
from wagtail.models import Page

from cities.admin_scope import focal_point_may_open
from tests.helpers import rolled_back_after_module
from tests.private_world import SEARCH_TOKEN, body_of, build_private_world

pytestmark = [pytest.mark.django_db, pytest.mark.long]

ROLES = ["anonymous", "focal point A", "focal point B", "UIL staff", "administrator"]
WALKED_PREFIXES = ("admin/", "documents/")
# Signing out on GET would end the role's session in the middle of the walk; the other is Wagtail's
# deliberate error page, which raises an exception for whoever may use the admin.
NOT_WALKED = {"wagtailadmin_logout", "wagtailadmin_error_test"}
PAGE_PARAMETERS = {"page_id", "parent_page_id", "page_to_move_id", "page_pk", "destination_id"}
SEARCHING_WORDS = ("search", "choose", "chooser", "results", "listing", "list", "index")
# A listing or report also downloads (?export=csv, Wagtail's SpreadsheetExportMixin): the file holds its rows
# without the page around them. The CSV is text to search for secrets; the XLSX is zipped.
EXPORTING_ENDINGS = (":list", ":index")


def walk(resolver=None, route="", namespaces=(), parameters=()):
    """(route, view name, namespaces, parameter names) of every named URL pattern."""
    for pattern in (resolver or get_resolver()).url_patterns:
        names = parameters + tuple(pattern.pattern.regex.groupindex)
        if isinstance(pattern, URLResolver):
            inner = namespaces + ((pattern.namespace,) if pattern.namespace else ())
            yield from walk(pattern, route + str(pattern.pattern), inner, names)
        elif pattern.name:
            view_name = ":".join((*namespaces, pattern.name))
            yield route + str(pattern.pattern), view_name, namespaces, names


def walked_patterns():
    patterns = {}
    for route, view_name, namespaces, parameters in walk():
        if route.lstrip("^").startswith(WALKED_PREFIXES) and view_name not in NOT_WALKED:
            patterns.setdefault((view_name, frozenset(parameters)), (route, namespaces, parameters))
    return patterns


class Targets:
    """Which private objects fill in a URL's parameters."""

    def __init__(self, world):
        self.world = world
        # The directory and the library too: their listings name every city and every item (a draft too).
        self.pages = [
            world.beta,
            world.hidden_city,
            world.alfa,
            world.alfa.get_parent(),
            world.resource.get_parent(),
        ]
        self.images = [world.images["A"], world.images["B"]]
        self.documents = [
            world.engagement_file,
            world.evidence_file,
            world.documents["A"],
            world.documents["B"],
        ]
        self.snippets = [
            world.contact,
            world.engagement,
            world.organisation,
            world.segment,
            world.mailing,
            world.registration,
            world.progress_report.cycle,
            world.progress_report.cycle.framework,
            world.progress_report.answers.get(question__code="1.1-b").question,
        ]
        self.users = [world.users["focal point B"], world.users["UIL staff"]]

    def for_pattern(self, view_name, namespaces, parameters):
        top = namespaces[0] if namespaces else ""
        parameters = set(parameters)
        if parameters & PAGE_PARAMETERS or view_name.startswith("wagtailadmin_api:pages"):
            return self.pages
        if "image_id" in parameters or top.startswith("wagtailimages") or ":images" in view_name:
            return self.images
        if parameters & {"document_id", "doc_id"} or view_name.startswith("wagtaildocs"):
            return self.documents
        if ":documents" in view_name:
            return self.documents
        if top.startswith(("wagtailsnippets_", "wagtailsnippetchoosers_")):
            label = top.split("_", 1)[1]
            return [obj for obj in self.snippets if obj._meta.label_lower.replace(".", "_") == label] or [
                None
            ]
        if top == "wagtailusers_users":
            return self.users
        if "event_id" in parameters:
            return [self.world.event]
        if "report_id" in parameters:
            return [self.world.progress_report]
        if "cycle_id" in parameters:
            return [self.world.progress_report.cycle]
        if top == "events_approval":
            return [self.world.registration]
        if parameters & {"app_label", "app_name", "content_type_app_name"}:
            return [*self.snippets, self.images[1], self.documents[0], self.world.hidden_city]
        return [None]


def value(parameter, target, world):
    """The URL value of one parameter for one target object."""
    page = target if isinstance(target, Page) else world.beta
    if parameter in PAGE_PARAMETERS:
        return page.pk
    if parameter in {"revision_id", "revision_id_a", "revision_id_b"}:
        return page.latest_revision_id or 1
    if parameter in {"app_label", "app_name", "content_type_app_name"}:
        return (target or page)._meta.app_label
    if parameter in {"model_name", "content_type_model_name"}:
        return (target or page)._meta.model_name
    if parameter in {"pk", "object_id", "image_id", "document_id", "doc_id"}:
        return target.pk if target is not None else 1
    if parameter in {"event_id", "report_id", "cycle_id"}:
        return target.pk
    if parameter in {"action", "action_name"}:
        return "delete"
    if parameter == "decision":
        return "approve"
    if parameter == "filter_spec":
        return "original"
    if parameter == "mode":
        return "default"
    if parameter in {"uidb64", "token"}:
        return "MQ"
    return 1


def concrete_urls(world):
    """(view name, namespaces, URL) to request, each once: a URL without parameters is requested once
    however many targets its pattern has."""
    targets = Targets(world)
    urls = []
    for (view_name, _key), (_route, namespaces, parameters) in sorted(walked_patterns().items()):
        for target in targets.for_pattern(view_name, namespaces, parameters):
            if view_name == "wagtaildocs_serve":
                # Wagtail's document URL takes its id and file name as unnamed groups.
                url = reverse(view_name, args=[target.pk, target.filename])
            else:
                url = reverse(view_name, kwargs={name: value(name, target, world) for name in parameters})
            if view_name == "network_bulk_action":
                url += f"?id={target.pk if target is not None else 1}"
            urls.append((view_name, namespaces, url))
            if any(word in view_name for word in SEARCHING_WORDS) and "?" not in url:
                urls.append((view_name, namespaces, f"{url}?q={SEARCH_TOKEN}"))
            if view_name.endswith(EXPORTING_ENDINGS) and "?" not in url:
                urls.append((view_name, namespaces, f"{url}?export=csv"))
    return list(dict.fromkeys(urls))


@pytest.fixture(scope="module")
def private_world(django_db_setup, django_db_blocker):
    """build_private_world()'s site, made once for the module (it takes seconds) and rolled back after it.
    The tests only read it: they request its URLs."""
    with rolled_back_after_module(django_db_blocker):
        with translation.override("en"):  # as in a test (tests/conftest.py, english_by_default)
            world = build_private_world()
        yield world


@pytest.fixture
def world(db, private_world):
    """The module's private world, its objects read again for each test (signing in changes a user)."""
    return private_world.read_again()


def client_for(role, world):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    if role != "anonymous":
        client.force_login(world.users[role])
    return client


def refused(response):
    if response.status_code in (403, 404, 405):
        return True
    if response.status_code != 302:
        return False
    if response["Location"] != reverse("wagtailadmin_home"):
        return False
    return any(message.level_tag == "error" for message in get_messages(response.wsgi_request))


def test_the_walk_covers_every_admin_area(world):
    """A sanity check of the walk itself: it reaches Wagtail's, the packages' and our admin URLs."""
    urls = concrete_urls(world)
    view_names = {view_name for view_name, _namespaces, _url in urls}
    for expected in (
        "wagtail_localize:snippets_api_listing",
        "wagtailadmin_api:documents:listing",
        "wagtailadmin_reports:workflow",
        "wagtailsnippets_contacts_contact:edit",
        "wagtailsnippets_mailings_mailing:send",
        "wagtailsnippets_mailings_mailing:state",
        "wagtailsnippets_mailings_segment:inspect",
        "wagtailsnippets_events_registration:inspect",
        "wagtailsnippets_events_registration:cancel",
        "wagtailsnippets_events_registration:add_attendee",
        "contacts_timeline:city",
        "cities:focal_points",
        "wagtaildocs_serve",
        "network_bulk_action",
        "cities_invitation_password",
        "events_check_in:page",
        "events_approval:decide",
        "events_invitation:write",
        "events_check_in:certificates",
        "events_attendance_report:index",
        "events_attendance_report:index_results",
        "progress_city:edit",
        "progress_review:review",
        "progress_status:index",
        "progress_answers:index",
        "progress_measures:index",
        "progress_reminders:remind",
        "progress_import:upload",
        "wagtailsnippets_progress_framework:download_csv",
        "wagtailsnippets_progress_framework:download_xlsx",
        "wagtailsnippets_progress_cycle:edit",
    ):
        assert expected in view_names
    assert len(view_names) > 250
    exports = {url for _name, _ns, url in urls if url.endswith("?export=csv")}
    for listing in ("wagtailsnippets_mailings_mailing:list", "wagtailsnippets_contacts_engagement:list"):
        assert reverse(listing) + "?export=csv" in exports
    assert any(str(world.engagement_file.pk) in url for _name, _ns, url in urls)


@pytest.mark.parametrize("role", ROLES)
def test_every_admin_url_keeps_private_data_from_each_role(role, world):
    client = client_for(role, world)
    secrets = world.secrets_hidden_from(role)
    problems = []
    for view_name, namespaces, url in concrete_urls(world):
        response = client.get(url)
        if response.status_code >= 500:
            problems.append(f"{url}: HTTP {response.status_code}")
            continue
        # Messages queued for the next page count as shown by this one (and are not carried over).
        body = body_of(response) + " ".join(str(m) for m in get_messages(response.wsgi_request))
        client.cookies.pop("messages", None)
        leaked = sorted(secret for secret in secrets if secret in body)
        if leaked:
            problems.append(f"{url} ({view_name}): shows {leaked}")
        admin = url.startswith(reverse("wagtailadmin_home"))
        out_of_scope = (
            admin and role.startswith("focal point") and not focal_point_may_open(view_name, namespaces)
        )
        if out_of_scope and not refused(response):
            problems.append(f"{url} ({view_name}): HTTP {response.status_code}, not refused")
    assert not problems, f"{len(problems)} problems for {role}:\n" + "\n".join(problems)
