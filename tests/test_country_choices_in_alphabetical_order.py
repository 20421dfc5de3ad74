"""The staff filters' country choices are in the order of the reader's dictionary: in Portuguese "Índia"
comes before "Irlanda", not after "Zâmbia" as a comparison of code points puts it."""

from django.utils import translation

from contacts.filters import by_name


def test_country_choices_set_accents_aside():
    with translation.override("pt-br"):
        names = [name for _code, name in by_name(["ZM", "IL", "IE", "IN"])]
    assert names == ["Índia", "Irlanda", "Israel", "Zâmbia"]
