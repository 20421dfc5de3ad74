"""No admin listing downloads an empty file: `?export=csv` (or xlsx) on a listing is either a file whose
first row names at least one column, or a refusal that says why.

Wagtail answers `?export=` on every listing and report (SpreadsheetExportMixin), with the columns the view
lists for export; a listing that lists none (Wagtail's users, groups, images…, our segments and the
progress framework's parts) gave a file with nothing in it. The walk is not a hand-picked list: it takes
every admin URL whose view can export, and the page explorer, as an administrator (who may open them all).
Ours refuse with a reason (network/exports.py, NoEmptyExportMixin). Wagtail's own column-less listings
(users, groups, images…) still send an empty file: only a start-up patch of Wagtail's method would reach
them, and an address no button links to is not worth one.
"""

import csv
import io

import openpyxl
import pytest
from django.urls import URLResolver, get_resolver, reverse
from wagtail.admin.views.mixins import SpreadsheetExportMixin
from wagtail.models import Page

from tests.helpers import export_content

pytestmark = pytest.mark.django_db

# The page explorer routes to the index view of the page's viewset, which a URL pattern does not name.
EXPLORERS = ("wagtailadmin_explore_root", "wagtailadmin_explore")


def exporting_views(resolver=None, namespaces=()):
    """(name, view class) of each admin URL pattern whose view can answer ?export= (a listing or a report)."""
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            inner = namespaces + ((pattern.namespace,) if pattern.namespace else ())
            yield from exporting_views(pattern, inner)
            continue
        view_class = getattr(pattern.callback, "view_class", None)
        if pattern.name and view_class and issubclass(view_class, SpreadsheetExportMixin):
            yield ":".join((*namespaces, pattern.name)), view_class


def listing_urls():
    """{URL: whose view it is, "ours" or "Wagtail's" (Wagtail's and wagtail-localize's own classes)}."""
    urls = {
        reverse(name): "Wagtail's" if view_class.__module__.startswith("wagtail") else "ours"
        for name, view_class in exporting_views()
    }
    urls[reverse(EXPLORERS[0])] = urls[reverse(EXPLORERS[1], args=[Page.get_first_root_node().pk])] = (
        "Wagtail's"
    )
    return urls


def first_row(response, export_format):
    content = export_content(response)
    if export_format == "csv":
        return next(csv.reader(io.StringIO(content.decode("utf-8-sig"))), [])
    workbook = openpyxl.load_workbook(io.BytesIO(content))
    return [cell for cell in next(workbook.active.iter_rows(values_only=True), ()) if cell]


def problem_of(response, export_format):
    """What is wrong with the answer to ?export=, or None: a file whose first row names a column, or a
    refusal (4xx) that gives its reason."""
    if response.status_code >= 500:
        return f"HTTP {response.status_code}"
    if 400 <= response.status_code < 500:
        return None if response.content.decode().strip() else f"HTTP {response.status_code} without a reason"
    if response.status_code != 200 or "attachment" not in response.get("Content-Disposition", ""):
        return f"HTTP {response.status_code}, neither a file nor a refusal"
    return None if any(first_row(response, export_format)) else "a file without columns"


def test_the_walk_finds_wagtails_listings_and_ours():
    urls = listing_urls()
    for name in (
        "wagtailusers_users:index",
        "wagtailadmin_reports:site_history",
        "wagtailsnippets_mailings_segment:list",
        "wagtailsnippets_progress_question:list",
        "wagtailsnippets_mailings_mailing:list",
        "contacts_engagements_by_country:index",
    ):
        assert reverse(name) in urls
    assert urls[reverse("wagtailsnippets_mailings_segment:list")] == "ours"
    assert urls[reverse("wagtailusers_users:index")] == "Wagtail's"
    assert len(urls) > 30


@pytest.mark.parametrize("export_format", ["csv", "xlsx"])
def test_no_listing_of_ours_downloads_an_empty_file(client, superuser, export_format):
    client.force_login(superuser)
    problems = []
    for url, whose in listing_urls().items():
        if whose == "ours" and (
            problem := problem_of(client.get(url, {"export": export_format}), export_format)
        ):
            problems.append(f"{url}: {problem}")
    assert not problems, f"{len(problems)} listings:\n" + "\n".join(problems)


def test_a_listing_without_a_download_says_so(client, superuser):
    client.force_login(superuser)
    for name in ("wagtailsnippets_mailings_segment:list", "wagtailsnippets_progress_question:list"):
        response = client.get(reverse(name), {"export": "csv"})
        assert response.status_code == 404
        assert response.content.decode() == "This list has no CSV or XLSX download."
        assert "?export=" not in client.get(reverse(name)).content.decode()
