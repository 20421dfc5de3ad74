"""What search engines read: /sitemap.xml lists every public page once per language it is written in, with
its versions in the other languages, and nothing a visitor may not read; /robots.txt names the sitemap and
keeps crawlers out of the admin and the search results."""

from datetime import UTC, datetime
from xml.etree import ElementTree

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from wagtail.models import Locale, Page, PageViewRestriction, Site

from cities.models import CityPage
from network.caching import public_responses
from network.caching.versions import PUBLISHED_CONTENT
from tests.factories import CityFactory, EventFactory, PracticeFactory, ResourceFactory

pytestmark = pytest.mark.django_db

NAMESPACES = {"map": "http://www.sitemaps.org/schemas/sitemap/0.9", "xhtml": "http://www.w3.org/1999/xhtml"}


@pytest.fixture
def visitor():
    return Client()


def read_sitemap(visitor):
    """{page URL: {hreflang: URL}} of /sitemap.xml."""
    response = visitor.get("/sitemap.xml")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/xml"
    entries = {}
    for entry in ElementTree.fromstring(response.content).iterfind("map:url", NAMESPACES):
        location = entry.findtext("map:loc", namespaces=NAMESPACES)
        assert location not in entries, f"{location} is listed once"
        entries[location] = {
            link.get("hreflang"): link.get("href") for link in entry.iterfind("xhtml:link", NAMESPACES)
        }
    return entries


def full_url(path):
    return Site.objects.get(is_default_site=True).root_url + path


def translate(page, language):
    """A real translation in `language`, published, in place of the untranslated copy (a Wagtail alias)."""
    locale = Locale.objects.get(language_code=language)
    page.get_translation(locale).delete()
    translated = page.copy_for_translation(locale)
    translated.save_revision().publish()
    return CityPage.objects.get(pk=translated.pk)


def test_the_sitemap_lists_public_pages_in_the_languages_they_are_written_in(visitor, home, directory):
    translated = CityFactory(title="Ciudad Traducida")
    english = translate(translated, "en")
    untranslated = CityFactory(title="Ciudad Sin Traducir")
    event = EventFactory(title="Taller de aprendizaje digital")
    resource = ResourceFactory(title="Guía para ciudades")
    practice = PracticeFactory(title="Aulas en bibliotecas", city=untranslated)

    entries = read_sitemap(visitor)

    spanish_url, english_url = full_url("/cities/ciudad-traducida/"), full_url("/en/cities/ciudad-traducida/")
    versions = {"es": spanish_url, "en": english_url, "x-default": spanish_url}
    assert entries[spanish_url] == versions, "each version names every version, itself included"
    assert entries[english_url] == versions
    assert english.url == "/en/cities/ciudad-traducida/"
    only_spanish = full_url(untranslated.url)
    assert entries[only_spanish] == {"es": only_spanish, "x-default": only_spanish}
    assert full_url("/pt-br/cities/ciudad-sin-traducir/") not in entries, "an untranslated copy is not listed"
    for page in (event, resource, practice):
        assert full_url(page.url) in entries
    for section in ("/", "/cities/", "/en/cities/", "/pt-br/events/", "/resources/", "/practices/"):
        assert full_url(section) in entries


def test_the_sitemap_leaves_out_drafts_and_private_pages(visitor, home, directory):
    CityFactory(title="Ciudad Borrador", publish=False)
    private = CityFactory(title="Ciudad Con Clave")
    PageViewRestriction.objects.create(
        page=private, restriction_type=PageViewRestriction.PASSWORD, password="clave"
    )
    hidden_practice = PracticeFactory(title="Práctica Oculta", city=private)
    # A translation under the English copy of the closed city: Wagtail closes it too.
    english = Locale.objects.get(language_code="en")
    hidden_practice.get_translation(english).delete()
    hidden_practice.copy_for_translation(english).save_revision().publish()
    CityFactory(title="Ciudad Publicada")

    listed = set(read_sitemap(visitor))

    assert full_url("/cities/ciudad-publicada/") in listed
    assert not [url for url in listed if "ciudad-borrador" in url or "ciudad-con-clave" in url], listed
    root = Site.objects.get(is_default_site=True).root_url
    closed = [url for url in listed if visitor.get(url.removeprefix(root)).status_code != 200]
    assert not closed, "every listed page opens for a visitor"


def test_the_sitemap_costs_the_same_queries_however_many_pages(visitor, home, directory):
    def queries_for_sitemap():
        PUBLISHED_CONTENT.changed()  # Made now, not read from the cache of public responses.
        with CaptureQueriesContext(connection) as queries:
            read_sitemap(visitor)
        return len(queries)

    PracticeFactory(title="Práctica 1", city=CityFactory(title="Ciudad 1"))
    queries_for_sitemap()  # Wagtail caches the sites' root paths on the first request.
    few = queries_for_sitemap()
    for number in range(2, 8):
        PracticeFactory(title=f"Práctica {number}", city=CityFactory(title=f"Ciudad {number}"))
    assert queries_for_sitemap() == few
    assert few <= 20


def test_the_sitemap_comes_from_the_cache_until_the_content_or_the_site_changes(
    visitor, home, directory, django_assert_max_num_queries
):
    CityFactory(title="Ciudad Primera")
    first = visitor.get("/sitemap.xml")
    assert first["X-Page-Cache"] == "miss"
    with django_assert_max_num_queries(0):
        second = visitor.get("/sitemap.xml")
    assert second["X-Page-Cache"] == "hit"
    assert second.content == first.content
    assert second["X-Robots-Tag"] == first["X-Robots-Tag"] == "noindex, noodp, noarchive"

    CityFactory(title="Ciudad Segunda")
    assert full_url("/cities/ciudad-segunda/") in read_sitemap(visitor)

    site = Site.objects.get(is_default_site=True)
    site.hostname, site.port = "ciudades.example.org", 443
    site.save()
    assert "https://ciudades.example.org/cities/ciudad-segunda/" in read_sitemap(visitor)


def test_one_sitemap_serves_crawlers_of_every_language(home, directory, django_assert_max_num_queries):
    """The list names every language's pages whatever the crawler prefers: it is made once, not per
    language."""
    CityFactory(title="Ciudad Única")
    first = Client(HTTP_ACCEPT_LANGUAGE="es").get("/sitemap.xml")
    assert first["X-Page-Cache"] == "miss"
    assert first["Content-Language"] == "es,pt-br,en"
    for preferred in ("pt-BR,pt;q=0.9", "en-US,en;q=0.8", ""):
        with django_assert_max_num_queries(0):
            answer = Client(HTTP_ACCEPT_LANGUAGE=preferred).get("/sitemap.xml")
        assert answer["X-Page-Cache"] == "hit", preferred
        assert answer.content == first.content
        assert answer["Content-Language"] == "es,pt-br,en"


def test_a_crawler_asking_whether_the_sitemap_changed_hears_of_a_page_gone(visitor, home, directory):
    closing = CityFactory(title="Ciudad Que Se Cierra")
    CityFactory(title="Ciudad Abierta")
    # Every page has a publication date: the newest stays the same when a page leaves the list.
    Page.objects.update(last_published_at=datetime(2026, 11, 2, 10, 0, tzinfo=UTC))
    PUBLISHED_CONTENT.changed()

    def asks_again(seen):
        """A crawler's conditional request with the validators of the copy it has."""
        validators = {}
        if "ETag" in seen:
            validators["HTTP_IF_NONE_MATCH"] = seen["ETag"]
        if "Last-Modified" in seen:
            validators["HTTP_IF_MODIFIED_SINCE"] = seen["Last-Modified"]
        assert validators, "the crawler can ask whether its copy is still good"
        visitor.get("/sitemap.xml")  # Another visitor's request: the list is in the cache again.
        return visitor.get("/sitemap.xml", **validators)

    seen = visitor.get("/sitemap.xml")
    assert asks_again(seen).status_code == 304, "unchanged: the crawler keeps its copy"

    PageViewRestriction.objects.create(
        page=closing, restriction_type=PageViewRestriction.PASSWORD, password="c"
    )

    answer = asks_again(seen)
    assert answer.status_code == 200, "the page has left the list: the crawler gets the new one"
    assert full_url("/cities/ciudad-que-se-cierra/") not in answer.content.decode()
    assert full_url("/cities/ciudad-abierta/") in answer.content.decode()


def test_a_large_sitemap_is_sent_from_a_file(visitor, home, directory, monkeypatch):
    monkeypatch.setattr(public_responses, "FILE_BYTES", 1)
    CityFactory(title="Ciudad Grande")
    first = visitor.get("/sitemap.xml")
    second = visitor.get("/sitemap.xml")
    assert second["X-Page-Cache"] == "hit"
    assert second.streaming, "sent from a file (sendfile under gunicorn)"
    assert b"".join(second.streaming_content) == first.content
    assert second["Content-Type"] == "application/xml"


def test_robots_txt_names_the_sitemap_and_what_not_to_crawl(visitor, home, directory):
    response = visitor.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert lines[0] == "User-agent: *"
    assert f"Sitemap: {full_url('/sitemap.xml')}" in lines
    not_crawled = [line.removeprefix("Disallow: ") for line in lines if line.startswith("Disallow: ")]
    assert "/admin/" in not_crawled
    for language in ("es", "pt-br", "en"):
        with translation.override(language):
            search = reverse("search")
            # Their own "noindex" keeps them out of search results, address included: crawlers must read it.
            held = [
                reverse("events_registration", args=["a-registration-key"]),
                reverse("events_certificate_download", args=["a-registration-key"]),
                reverse("mailings_unsubscribe", args=["a-token"]),
                reverse("events_certificate", args=["A1B2C3"]),
                # The page to type a code at, where whoever holds a printed certificate looks for it.
                reverse("events_certificate_lookup"),
            ]
        assert search in not_crawled, "an endless space of queries"
        for url in held:
            assert not any(url.startswith(folder) for folder in not_crawled), url
    assert not [folder for folder in not_crawled if "/cities/".startswith(folder)], "the directory stays open"


def test_robots_txt_names_the_sitemap_where_its_pages_are(visitor, home, directory):
    """A sitemap may list only pages of its own host: asked under another name the server answers to (a
    second domain, an address behind the proxy), robots.txt still names the sitemap at the site's address."""
    site = Site.objects.get(is_default_site=True)
    site.hostname, site.port = "ciudades.example.org", 443
    site.save()
    CityFactory(title="Ciudad Listada")

    lines = visitor.get("/robots.txt", HTTP_HOST="testserver").content.decode().splitlines()

    (sitemap_url,) = [line.removeprefix("Sitemap: ") for line in lines if line.startswith("Sitemap: ")]
    assert sitemap_url == "https://ciudades.example.org/sitemap.xml"
    listed = read_sitemap(visitor)
    assert "https://ciudades.example.org/cities/ciudad-listada/" in listed
    assert all(url.startswith("https://ciudades.example.org/") for url in listed)
