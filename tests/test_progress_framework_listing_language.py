"""The list of reporting frameworks names the shipped framework in the reader's language, as the reports,
the cycles and the report pages do: not under the English name it is stored with (which a framework file
names to find it)."""

import pytest
from django.urls import reverse
from django.utils import translation

from progress.models import Framework
from tests import factories
from tests.helpers import client_in_language

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("language", ["es", "pt-br"])
def test_the_framework_list_names_the_shipped_framework_in_the_readers_language(soup, language):
    shipped = Framework.objects.create(name="Key Features of Learning Cities", version="2013")
    own = Framework.objects.create(name="Marco propio", version="1")
    staff = factories.uil_staff()
    client = client_in_language(staff, language)

    page = soup(client.get(reverse("wagtailsnippets_progress_framework:list")))
    names = [cell.get_text(" ", strip=True) for cell in page.select("main tbody tr .title-wrapper a")]

    with translation.override(language):
        expected = [shipped.title, own.title]
    assert sorted(names) == sorted(expected)
    assert shipped.name not in names
