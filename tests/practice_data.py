"""Good practices for the tests of practices/ (tests.factories.PracticeFactory with the texts of these
tests), their figure and photo blocks, and what the admin's add and edit forms of a practice post."""

from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from cities.models import CityPage
from tests.factories import PracticeFactory

Image = get_image_model()

PRACTICE_DEFAULTS = {
    "summary": "Bibliotecas abiertas de noche para personas adultas que trabajan de día.",
    "problem": "<p>Las personas adultas no tenían dónde estudiar después del trabajo.</p>",
    "actions": "<p>Abrimos las bibliotecas de barrio hasta las diez de la noche.</p>",
    "start_year": 2020,
    "key_features_area": "building_blocks",
}


def figure(value, unit, label, year=None):
    """A figure block's raw value, as a StreamField stores it."""
    return {"type": "figure", "value": {"value": str(value), "unit": unit, "label": label, "year": year}}


def photo(image, alt_text, caption=""):
    """A photo block's raw value: the image, its alt text and caption."""
    return {
        "type": "photo",
        "value": {
            "image": {"image": image.pk, "decorative": False, "alt_text": alt_text},
            "caption": caption,
        },
    }


def make_image(title="Biblioteca de noche"):
    return Image.objects.create(title=title, file=get_test_image_file(size=(16, 16)))


def make_practice(city, title, publish=True, themes=(), **fields):
    """A practice under this city page (the original, in Spanish), published unless publish=False (then
    a draft never published). Fields are page fields; figures and photos are lists of raw blocks
    (figure(), photo())."""
    return PracticeFactory(
        city=CityPage.objects.get(pk=city.pk),
        title=title,
        publish=publish,
        themes=list(themes),
        **{**PRACTICE_DEFAULTS, **fields},
    )


def practice_form_data(title, slug, figures=(), themes=(), **changes):
    """What the admin's add (or edit) form of a practice posts. figures: dicts of value, unit, label,
    year. Add an action such as {"action-submit": "action-submit"}."""
    values = {
        "title": title,
        "slug": slug,
        "summary": PRACTICE_DEFAULTS["summary"],
        "problem": rich_text(PRACTICE_DEFAULTS["problem"]),
        "actions": rich_text(PRACTICE_DEFAULTS["actions"]),
        "partners": "Secretaría de Educación\nCaja de Compensación",
        "results": rich_text("<p>Más personas estudian de noche.</p>"),
        "figures": streamfield([("figure", dict(block)) for block in figures]),
        "start_year": str(PRACTICE_DEFAULTS["start_year"]),
        "population_reached": "",
        "cost_band": "",
        "key_features_area": PRACTICE_DEFAULTS["key_features_area"],
        "photos": streamfield([]),
        "seo_title": "",
        "search_description": "",
        "go_live_at": "",
        "expire_at": "",
    }
    values.update(changes)
    data = nested_form_data(values)
    data["themes"] = [theme.pk for theme in themes]
    return data
