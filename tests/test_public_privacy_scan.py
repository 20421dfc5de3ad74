"""An anonymous crawl of the public site finds nothing private: no contact, engagement, draft, private
file or e-mail address, in any language, on any page, feed or API it can reach by following links."""

from urllib.parse import urljoin, urlsplit
from xml.etree import ElementTree

import pytest
from bs4 import BeautifulSoup
from django.test import Client
from wagtail.models import Site

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
    "/sitemap.xml",
    "/robots.txt",
]
# The crawl stays on public pages: the admin refuses visitors (the permission matrix checks it).
NOT_CRAWLED = ("/admin/", "/static/", "/i18n/")
MOST_PAGES = 150


def links_of(url, response):
    content_type = response.get("Content-Type", "")
    if "html" in content_type:
        soup = BeautifulSoup(response.content, "html.parser")
        hrefs = [tag["href"] for tag in soup.find_all(["a", "link"], href=True)]
    elif content_type == "application/xml":  # The sitemap: its pages (loc) and their versions (href).
        elements = list(ElementTree.fromstring(response.content).iter())
        hrefs = [element.text for element in elements if element.tag.endswith("}loc")]
        hrefs += [element.get("href") for element in elements if element.get("href")]
    else:
        return []
    site_host = urlsplit(Site.objects.get(is_default_site=True).root_url).netloc
    found = []
    for href in hrefs:
        target = urlsplit(urljoin(url, href))
        if target.netloc in ("", "testserver", site_host) and target.path.startswith("/"):
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
    assert {"/sitemap.xml", "/robots.txt"} <= seen
    assert len(seen) > 20
    assert not problems, "\n".join(problems)
