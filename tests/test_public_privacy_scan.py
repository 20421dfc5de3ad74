"""An anonymous crawl of the public site finds nothing private: no contact, engagement, draft, private
file or e-mail address, in any language, on any page, feed or API it can reach by following links."""

from urllib.parse import urljoin, urlsplit

import pytest
from bs4 import BeautifulSoup
from django.test import Client

from mailings.unsubscribe import unsubscribe_link
from tests.private_world import body_of, build_private_world

pytestmark = pytest.mark.django_db

START = [
    "/",
    "/cities/",
    "/events/",
    "/en/events/",
    "/resources/",
    "/pt-br/resources/",
    "/practices/",
    "/en/",
    "/pt-br/",
    "/search/?query=Vex",
    "/api/cities.geojson",
    "/api/practices.geojson",
]
# The crawl stays on public pages: the admin refuses visitors (the permission matrix checks it).
NOT_CRAWLED = ("/admin/", "/static/", "/i18n/")
MOST_PAGES = 150


def links_of(url, response):
    if "html" not in response.get("Content-Type", ""):
        return []
    soup = BeautifulSoup(response.content, "html.parser")
    found = []
    for tag in soup.find_all(["a", "link"], href=True):
        target = urlsplit(urljoin(url, tag["href"]))
        if target.netloc in ("", "testserver") and target.path.startswith("/"):
            found.append(target.path + (f"?{target.query}" if target.query else ""))
    return found


def test_an_anonymous_crawl_finds_nothing_private():
    world = build_private_world()
    secrets = world.secrets_hidden_from("anonymous")
    visitor = Client()
    # The page behind the unsubscribe link of a mailing to the private contact, in every language.
    unsubscribe = [urlsplit(unsubscribe_link(world.contact.pk, code)).path for code in ("es", "pt-br", "en")]
    queue, seen, problems = [*START, *unsubscribe, world.alfa.url, world.beta.url], set(), []
    while queue and len(seen) < MOST_PAGES:
        url = queue.pop(0)
        if url in seen or url.startswith(NOT_CRAWLED):
            continue
        seen.add(url)
        response = visitor.get(url)
        if response.status_code >= 500:
            problems.append(f"{url}: HTTP {response.status_code}")
            continue
        body = body_of(response)
        leaked = sorted(secret for secret in secrets if secret in body)
        if leaked:
            problems.append(f"{url}: shows {leaked}")
        queue.extend(links_of(url, response))
    assert world.beta.url in seen and "/en/cities/" in seen
    assert (
        world.event.url in seen
        and f"{world.event.url}calendar/" in seen
        and f"{world.event.url}register/" in seen
    )
    resource = world.resource.url
    assert {resource, f"{resource}cite/ris/", f"{resource}cite/bibtex/", "/resources/feed/"} <= seen
    assert world.practice.url in seen
    assert len(seen) > 20
    assert not problems, "\n".join(problems)
