"""A chooser whose title names what it chooses ("Choose a segment") does not name it a second time in
its header: Wagtail's snippet choosers add the model's name after the title, which made "Elegir un
segmento segmento" of the modal's heading."""

import pytest
from bs4 import BeautifulSoup
from django.apps import apps
from django.urls import reverse
from django.utils import translation

from tests import factories
from tests.helpers import client_in_language

pytestmark = pytest.mark.django_db

CHOOSERS = [
    "contacts.engagement",
    "contacts.contact",
    "contacts.organisation",
    "mailings.segment",
    "progress.framework",
    "progress.area",
    "progress.focusarea",
    "progress.feature",
]


@pytest.mark.parametrize("language", ["es", "en"])
@pytest.mark.parametrize("label", CHOOSERS)
def test_the_chooser_heading_names_what_it_chooses_once(label, language):
    model = apps.get_model(label)
    staff = factories.uil_staff()
    client = client_in_language(staff, language)
    app_label, model_name = label.split(".")

    response = client.get(
        reverse(f"wagtailsnippetchoosers_{app_label}_{model_name}:choose"),
        headers={"x-requested-with": "XMLHttpRequest"},
    )
    heading = " ".join(
        BeautifulSoup(response.json()["html"], "html.parser")
        .select_one("h1")
        .get_text(" ", strip=True)
        .split()
    )

    with translation.override(language):
        name = str(model._meta.verbose_name)
    assert heading.lower().count(name.lower()) == 1, heading
