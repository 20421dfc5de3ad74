"""A focal point is never offered a link that ends in "no permission".

cities/admin_scope.py refuses focal points some of Wagtail's admin views on purpose (Wagtail's page search,
copying pages, other pages' history). Their admin leaves those links out: the sidebar's search box and the
"Other searches" of a search's results search the pages they may explore (their city's good practices), a
page's header and listing buttons offer no "Copy", and the pages above their city that a search of all
pages lists come without "History". Each link a focal point's screens offer is followed and must not be
refused. Staff keep Wagtail's page search and its buttons.
"""

import json
from urllib.parse import parse_qsl, urlencode, urlsplit

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from tests import factories
from tests.helpers import parse_html

pytestmark = pytest.mark.django_db

PRACTICE = "Aulas vecinales de Medellín"
# Signing out, and the bulk actions' URL templates (their JavaScript adds the chosen pages).
NOT_FOLLOWED = ("/admin/logout/", "/admin/bulk/")
IGNORED_PARAMETERS = {"next", "ordering", "p"}


@pytest.fixture
def practice(medellin):
    return factories.PracticeFactory(city=medellin, title=PRACTICE)


def is_refusal(response):
    """The scope's refusal: HTTP 403, or the dashboard with Wagtail's permission-denied message."""
    if response.status_code == 403:
        return True
    if response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home"):
        return any(message.level_tag == "error" for message in get_messages(response.wsgi_request))
    return False


def sidebar_search_url(response):
    """Where the sidebar's search box sends its query (Wagtail's sidebar props, packed by telepath)."""
    stack = [json.loads(parse_html(response).find("script", id="wagtail-sidebar-props").string)]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            if item.get("_type") == "wagtail.sidebar.SearchModule":
                return item["_args"][0]
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return None


def offered_links(response):
    """The admin URLs a screen links to (its links and its GET forms), without the parameters that cannot make
    a difference to a refusal (where to go next, the order and page of a listing)."""
    links = set()
    page = parse_html(response)
    targets = [tag.get("href") for tag in page.find_all("a")] + [
        form.get("action") for form in page.find_all("form") if (form.get("method") or "get").lower() == "get"
    ]
    for target in filter(None, targets):
        parts = urlsplit(target)
        if parts.netloc or not parts.path.startswith("/admin/") or parts.path.startswith(NOT_FOLLOWED):
            continue
        query = urlencode(
            [(key, value) for key, value in parse_qsl(parts.query) if key not in IGNORED_PARAMETERS]
        )
        links.add(f"{parts.path}?{query}" if query else parts.path)
    return links


def test_a_focal_points_sidebar_search_finds_their_citys_pages(client, focal_point_a, medellin, practice):
    client.force_login(focal_point_a)
    search_url = sidebar_search_url(client.get(reverse("wagtailadmin_home")))
    assert search_url, "no search in the sidebar"
    response = client.get(f"{search_url}?{urlencode({'q': 'aulas'})}")
    assert not is_refusal(response), f"the sidebar's search {search_url} is refused"
    response = client.get(response["Location"]) if response.status_code == 302 else response
    assert response.status_code == 200
    assert response.wsgi_request.path == reverse("wagtailadmin_explore", args=[medellin.pk])
    assert PRACTICE in response.content.decode()


def test_the_other_searches_of_a_focal_point_are_theirs(client, focal_point_a, practice):
    """Searching images offers the same query in their other search areas (pages, documents)."""
    client.force_login(focal_point_a)
    response = client.get(reverse("wagtailimages:index"), {"q": "aulas"})
    others = [
        url for url in offered_links(response) if "q=aulas" in url and not url.startswith("/admin/images/")
    ]
    assert others, "no other searches offered"
    for url in others:
        assert not is_refusal(client.get(url)), url


def test_no_link_on_a_focal_points_screens_is_refused(client, focal_point_a, medellin, practice):
    client.force_login(focal_point_a)
    explore = reverse("wagtailadmin_explore", args=[medellin.pk])
    screens = [
        reverse("wagtailadmin_home"),
        explore,
        f"{explore}?q=aulas",
        # A search of all pages lists the pages above their city too.
        f"{explore}?q=aprendizaje&search_all=1",
        reverse("wagtailadmin_pages:edit", args=[medellin.pk]),
        reverse("wagtailadmin_pages:edit", args=[practice.pk]),
        reverse("wagtailadmin_pages:history", args=[medellin.pk]),
        reverse("wagtailimages:index") + "?q=aulas",
    ]
    offered = {}
    for screen in screens:
        response = client.get(screen)
        assert response.status_code == 200, screen
        for link in offered_links(response):
            offered.setdefault(link, screen)
    refused = {link: screen for link, screen in offered.items() if is_refusal(client.get(link))}
    assert not refused, f"links refused to the focal point (link: where it was offered): {refused}"


def test_a_focal_point_is_offered_no_copy_of_their_pages(client, focal_point_a, medellin, practice):
    client.force_login(focal_point_a)
    for page in (medellin, practice):
        copy = reverse("wagtailadmin_pages:copy", args=[page.pk])
        for screen in (
            reverse("wagtailadmin_explore", args=[medellin.pk]),
            reverse("wagtailadmin_pages:edit", args=[page.pk]),
        ):
            assert not any(link.startswith(copy) for link in offered_links(client.get(screen))), (
                page,
                screen,
            )


def test_staff_keep_wagtails_page_search_and_copy(staff_client, medellin):
    search_url = sidebar_search_url(staff_client.get(reverse("wagtailadmin_home")))
    assert search_url == reverse("wagtailadmin_pages:search")
    response = staff_client.get(search_url, {"q": "Medellín"})
    assert response.status_code == 200
    assert "Medellín" in response.content.decode()
    edit = staff_client.get(reverse("wagtailadmin_pages:edit", args=[medellin.pk]))
    copy = reverse("wagtailadmin_pages:copy", args=[medellin.pk])
    assert any(link.startswith(copy) for link in offered_links(edit))
