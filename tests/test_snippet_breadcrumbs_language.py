"""A snippet page's breadcrumb begins with "Home" in the admin language of the user who reads it.

Wagtail 8.0.1 translates its snippet viewsets' first crumb once, when the views are built (at the first
request of a process); our viewsets give it a label translated for each request
(network/snippet_breadcrumbs.py). Every snippet listing, and the engagement log's add and edit forms, are
read by an administrator in each admin language; whichever language built the views, the other two would
read it wrong.
"""

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.functional import Promise
from wagtail.snippets.models import get_snippet_models
from wagtail.snippets.views.snippets import SnippetViewSet

from cities.models import Theme
from tests import factories
from tests.helpers import parse_html
from tests.test_admin_language import signed_in

pytestmark = pytest.mark.django_db

HOME = {"es": "Inicio", "en": "Home", "pt-br": "Início"}


def first_crumb(response):
    assert response.status_code == 200, response.status_code
    crumbs = parse_html(response).select("[data-w-breadcrumbs] nav ol > li")
    assert crumbs, "the page has no breadcrumb"
    return " ".join(crumbs[0].get_text().split())


def snippet_listings():
    return [reverse(model.snippet_viewset.get_url_name("list")) for model in get_snippet_models()]


@pytest.fixture
def engagement_log(db):
    contact = factories.ContactFactory(given_name="Lucía", family_name="Pardo")
    engagement = factories.EngagementFactory(title="Taller de ciudades", participants=[contact])
    return {"contact": contact, "engagement": engagement, "organisation": factories.OrganisationFactory()}


@pytest.mark.parametrize("language", list(HOME))
def test_every_snippet_listing_begins_with_home_in_the_readers_language(superuser, language):
    client = signed_in(superuser, language)
    wrong = {
        url: crumb for url in snippet_listings() if (crumb := first_crumb(client.get(url))) != HOME[language]
    }
    assert not wrong, f"the first crumb is not {HOME[language]!r} on {wrong}"


@pytest.mark.parametrize("language", list(HOME))
def test_the_engagement_logs_forms_begin_with_home_in_the_readers_language(
    staff_user, engagement_log, language
):
    client = signed_in(staff_user, language)
    for model, record in engagement_log.items():
        viewset = type(record).snippet_viewset
        for url in (
            reverse(viewset.get_url_name("add")),
            reverse(viewset.get_url_name("edit"), args=[record.pk]),
        ):
            assert first_crumb(client.get(url)) == HOME[language], (model, url)


def test_wagtail_still_translates_the_snippets_first_crumb_when_it_builds_the_views():
    """When this fails, Wagtail translates the crumb lazily itself: drop network/snippet_breadcrumbs.py and
    its entry in docs/upgrading.md."""

    class PlainThemeViewSet(SnippetViewSet):
        model = Theme

    with translation.override("es"):
        label = PlainThemeViewSet().breadcrumbs_items[0]["label"]
    assert not isinstance(label, Promise)
    assert label == "Inicio"
