"""Each version of a mailing is marked with its language where staff write and read it: in the editor the
Portuguese subject and message are fields in Portuguese and the English ones in English (the browser's
spell checker then checks them in that language, not in the admin's, and a screen reader reads them with
the right voice), and on the mailing's page each subject and message is read in its own language.
"""

import pytest
from django.urls import reverse

from mailings.models import Mailing, Segment

pytestmark = pytest.mark.django_db

TAGS = {"es": "es", "pt": "pt-BR", "en": "en"}


@pytest.fixture
def mailing(staff_user):
    return Mailing.objects.create(
        segment=Segment.objects.create(name="Brasil"),
        subject_es="Taller de aprendizaje digital",
        body_es="Les invitamos al taller.",
        subject_pt="Oficina de aprendizagem digital",
        body_pt="Convidamos vocês para a oficina.",
        subject_en="Digital learning workshop",
        body_en="You are invited to the workshop.",
        created_by=staff_user,
    )


@pytest.mark.parametrize("action", ["add", "edit"])
def test_each_versions_fields_are_in_its_language(staff_client, mailing, soup, action):
    args = [] if action == "add" else [mailing.pk]
    page = soup(staff_client.get(reverse(f"wagtailsnippets_mailings_mailing:{action}", args=args)))
    for code, tag in TAGS.items():
        assert page.select_one(f"[name=subject_{code}]").get("lang") == tag
        assert page.select_one(f"[name=body_{code}]").get("lang") == tag


def test_the_mailings_page_reads_each_version_in_its_language(staff_client, mailing, soup):
    page = soup(staff_client.get(reverse("wagtailsnippets_mailings_mailing:inspect", args=[mailing.pk])))
    for code, tag in TAGS.items():
        for field in ("subject", "body"):
            text = getattr(mailing, f"{field}_{code}")
            found = [element for element in page.select(f'main [lang="{tag}"]') if text in element.get_text()]
            assert [element.get_text(strip=True) for element in found] == [text], (code, field)
