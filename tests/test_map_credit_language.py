"""The map tiles' credit is written in the page's language: the maps serialise the tile layers per request
(django-leaflet's options, the location panel's `json_script`), in the active language."""

import json

import pytest
from django.core.serializers.json import DjangoJSONEncoder
from django.utils import translation

from network.settings import base

TILE_URL = "https://tiles.example.org/{z}/{x}/{y}.png"


def tile_credit(attribution, language):
    [(_, _, options)] = base.leaflet_config(TILE_URL, attribution)["TILES"]
    with translation.override(language):
        return json.loads(json.dumps(options, cls=DjangoJSONEncoder))["attribution"]


@pytest.mark.parametrize(
    ("language", "words"),
    [("es", "colaboradores de"), ("pt-br", "colaboradores do"), ("en", "contributors")],
)
def test_openstreetmaps_credit_follows_the_language(language, words):
    credit = tile_credit(base.OPENSTREETMAP_ATTRIBUTION, language)
    assert credit.startswith("©")
    assert words in credit
    assert '<a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a>' in credit


def test_a_deployments_own_credit_is_shown_as_given():
    own = "© Tiles of our own"
    assert {tile_credit(own, language) for language in ("es", "pt-br", "en")} == {own}
