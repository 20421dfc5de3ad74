"""Numbers too large for any id, typed into the admin's filters or the page chooser's address, find
nothing instead of a server error (SQLite refused numbers past 64 bits: network/integer_lookups.py)."""

import pytest
from wagtail.models import Page

pytestmark = pytest.mark.django_db

TOO_LARGE = "9" * 20


@pytest.mark.parametrize(
    "url",
    [
        f"/admin/pages/?owner={TOO_LARGE}",
        f"/admin/pages/?site={TOO_LARGE}",
        f"/admin/pages/?content_type={TOO_LARGE}",
        f"/admin/pages/search/?q=a&owner={TOO_LARGE}",
        f"/admin/choose-page/chosen-multiple/?id={TOO_LARGE}",
    ],
)
def test_a_too_large_id_finds_nothing(admin_client, url):
    response = admin_client.get(url)
    assert response.status_code == 200


@pytest.mark.parametrize("too_large", [2**63, -(2**63) - 1, 10**30])
def test_in_leaves_out_only_the_numbers_no_id_can_be(home, django_user_model, too_large):
    assert list(Page.objects.filter(pk__in=[too_large, home.pk])) == [home.page_ptr]
    assert not Page.objects.filter(pk__in=[too_large]).exists()
    assert not django_user_model.objects.filter(pk__in=[too_large]).exists()
