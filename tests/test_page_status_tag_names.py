"""A live page's status tag in the editor ("En vivo", "Online") is a link whose name for assistive
technology starts from, or holds, the word it shows (WCAG 2.5.3, axe's label-content-name-mismatch): a
voice-control user says what they see. Wagtail's Spanish and Portuguese named it "página publicada" and
"página ao vivo" while it showed "En vivo" and "Online"."""

import pytest
from django.urls import reverse
from wagtail.users.models import UserProfile

from tests.factories import CityFactory, uil_staff

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("language", ["es", "pt-br", "en"])
def test_the_live_status_tags_are_named_by_what_they_show(client, soup, language):
    """The editor holds two tags, one for a public page and one for a private one (Wagtail shows one)."""
    staff = uil_staff()
    profile = UserProfile.get_for_user(staff)
    profile.preferred_language = language
    profile.save()
    client.force_login(staff)
    city = CityFactory(title="Envigado", country="CO")

    page = soup(client.get(reverse("wagtailadmin_pages:edit", args=[city.pk])))

    tags = page.select("a.page-status-tag")
    assert len(tags) == 2, "a live page's editor has the tag for public and for private pages"
    for tag in tags:
        shown = tag.get_text(" ", strip=True).casefold()
        assert shown, "the tag shows a word"
        assert shown in tag["aria-label"].casefold(), f"{tag['aria-label']!r} should hold {shown!r}"
