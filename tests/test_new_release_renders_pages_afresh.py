"""A deployment of new code runs `migrate`: the pages, map data and timelines cached under the old code are
left, so that visitors get the new release's markup on their next visit, not a day later."""

import pytest
from django.core.management import call_command
from django.test import Client

from network.caching.versions import CITY_ACTIVITY, ENGAGEMENT_LOG, PUBLISHED_CONTENT

pytestmark = pytest.mark.usefixtures("sample_network_for_module")


def test_migrate_starts_new_versions_of_everything_cached(db):
    visitor = Client()
    visitor.get("/cities/")
    assert visitor.get("/cities/")["X-Page-Cache"] == "hit"
    before = [version.current() for version in (PUBLISHED_CONTENT, ENGAGEMENT_LOG, CITY_ACTIVITY)]

    call_command("migrate", verbosity=0)

    after = [version.current() for version in (PUBLISHED_CONTENT, ENGAGEMENT_LOG, CITY_ACTIVITY)]
    assert all(new != old for new, old in zip(after, before, strict=True))
    assert visitor.get("/cities/")["X-Page-Cache"] == "miss", "rendered by the new code"
