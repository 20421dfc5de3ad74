"""A chooser's "chosen" address holding something that is no id finds nothing instead of a server error.

Every chooser the admin resolves is tried (Wagtail's page, image and document choosers, every snippet
chooser, ours): `chosen/abc/` and `chosen-multiple/?id=abc` raised ValueError, HTTP 500, for whoever may
choose, focal points included (they choose images and documents for their city's page).
"""

import pytest
from django.urls import reverse

from tests.factories import ThemeFactory
from tests.test_admin_url_matrix import walked_patterns

pytestmark = pytest.mark.django_db


def chooser_urls():
    for view_name, _parameters in sorted(walked_patterns()):
        if view_name.endswith(":chosen"):
            yield reverse(view_name, kwargs={"pk": "abc"})
        elif view_name.endswith("chosen_multiple"):
            yield reverse(view_name) + "?id=abc"


CHOOSER_URLS = list(chooser_urls())


def test_every_kind_of_chooser_is_tried():
    tried = " ".join(CHOOSER_URLS)
    for chooser in ("/choose-page/", "/images/chooser/", "/documents/chooser/", "/snippets/choose/"):
        assert chooser in tried
    assert len(CHOOSER_URLS) >= 30


@pytest.mark.parametrize("url", CHOOSER_URLS)
def test_a_malformed_id_is_not_found(admin_client, url):
    assert admin_client.get(url).status_code == 404


@pytest.mark.parametrize(
    "url", ["/admin/images/chooser/chosen/abc/", "/admin/documents/chooser/chosen-multiple/?id=x1"]
)
def test_a_focal_point_choosing_media_by_a_malformed_id_is_told_not_found(client, focal_point_a, url):
    client.force_login(focal_point_a)
    assert client.get(url).status_code == 404


def test_a_real_id_is_still_chosen(admin_client):
    theme = ThemeFactory(name="Huertas escolares")
    response = admin_client.get(f"/admin/snippets/choose/cities/theme/chosen/{theme.pk}/")
    assert response.status_code == 200
    assert "Huertas escolares" in response.json()["result"]["string"]
    several = admin_client.get(f"/admin/snippets/choose/cities/theme/chosen-multiple/?id={theme.pk}")
    assert [item["string"] for item in several.json()["result"]] == ["Huertas escolares"]
