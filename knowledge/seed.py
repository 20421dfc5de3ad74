"""UIL publications on learning cities seeded in the library, so that it is not empty on a first run.

Only facts seen in the public pages listed with each item; the descriptions are our own words. Each
full-text link goes to the UNESCO page that offers the item in that language. Left out for now: the
"Guidelines for Building Learning Cities" (no UNESCO page giving its languages was at hand) and "Learning
Cities and the SDGs: A Guide to Action" (no Spanish or Portuguese edition found).
"""

from django.conf import settings
from django.db import transaction

from cities.models import CityPage
from network.search_indexing import create_indexed_aliases

from .models import ResourceFullText, ResourceIndexPage, ResourcePage, TextLanguage

UIL = "UNESCO Institute for Lifelong Learning"
UIL_SIX_LANGUAGES = "http://uil.unesco.org/lifelong-learning/learning-cities/learning-cities-documents-and-materials-now-available-all-six"
BEIJING_REPORT = "https://uil.unesco.org/lifelong-learning/learning-cities/conference-report-international-conference-learning-cities-beijing"
COURIER_2019 = "https://es.unesco.org/courier/2019-2/fomentar-ciudades-aprendizaje"

ITEMS = [
    {
        "slug": "informe-conferencia-internacional-ciudades-aprendizaje-beijing-2013",
        "title": (
            "Conference Report: International Conference on Learning Cities. Lifelong learning for all: "
            "Inclusion, prosperity and sustainability in cities"
        ),
        "title_language": TextLanguage.ENGLISH,
        "kind": ResourcePage.Kind.PUBLICATION,
        "abstract": (
            "Relato de la primera Conferencia Internacional sobre Ciudades del Aprendizaje (Beijing, octubre "
            "de 2013): cómo se desarrolló y qué se acordó, con los dos textos que allí se adoptaron, la "
            "declaración de Beijing y el marco de características clave de las ciudades del aprendizaje. "
            "El UIL lo ofrece en español, francés e inglés."
        ),
        "authors": "Yang, Jin\nValdés-Cotera, Raúl",
        "publisher": UIL,
        "place": "Hamburg",
        "year": 2014,
        "isbn": "978-92-820-1184-3",
        "full_texts": [("es", BEIJING_REPORT), ("en", BEIJING_REPORT), ("fr", BEIJING_REPORT)],
        "sources": [
            ("UIL: ficha del informe, con sus idiomas y su ISBN", BEIJING_REPORT),
            (
                "Créditos del informe (copia en docslib.org)",
                "https://docslib.org/doc/2434890/conference-report",
            ),
        ],
        "cities": [],
    },
    {
        "slug": "documentos-de-referencia-red-mundial-ciudades-aprendizaje",
        "title": "UNESCO Global Network of Learning Cities: Guiding Documents",
        "title_language": TextLanguage.ENGLISH,
        "kind": ResourcePage.Kind.GUIDE,
        "abstract": (
            "Los dos textos en que se apoya la Red Mundial de Ciudades del Aprendizaje de la UNESCO: la "
            "declaración de Beijing sobre la creación de ciudades del aprendizaje y el marco de sus "
            "características clave, con acciones para impulsar una ciudad del aprendizaje y medir su "
            "avance. Disponible en las seis lenguas oficiales de las Naciones Unidas."
        ),
        "authors": "",
        "publisher": UIL,
        "place": "Hamburg",
        "year": 2015,
        "licence": "CC BY-SA 3.0 IGO",
        "full_texts": [("es", UIL_SIX_LANGUAGES), ("en", UIL_SIX_LANGUAGES), ("fr", UIL_SIX_LANGUAGES)],
        "sources": [
            (
                "UIL: los documentos de las ciudades del aprendizaje, en las seis lenguas de la ONU (2016)",
                UIL_SIX_LANGUAGES,
            ),
            (
                "Créditos: código UIL/2015/ME/H/5 y licencia de acceso abierto (copia en slidelegend.com)",
                "https://slidelegend.com/unesco-global-network-of-learning-cities-guiding-unesdoc_59e435d81723ddd8d81fe7fd.html",
            ),
        ],
        "cities": [],
    },
    {
        "slug": "liberar-el-potencial-de-las-comunidades-urbanas",
        "title": (
            "Liberar el Potencial de las Comunidades Urbanas: "
            "Estudios de Caso de Doce Ciudades del Aprendizaje"
        ),
        "kind": ResourcePage.Kind.CASE_STUDIES,
        "abstract": (
            "Doce ciudades de todas las regiones cuentan cómo se convirtieron en ciudades del aprendizaje; "
            "entre ellas, Sorocaba, Ciudad de México e Ybycuí. Publicado por el UIL y el Instituto Nacional "
            "de Educación Permanente de Corea (NILE) y presentado en la segunda conferencia internacional "
            "(Ciudad de México, 2015)."
        ),
        "authors": (
            "Valdés-Cotera, Raúl\nLongworth, Norman\nLunardon, Katharina\nWang, Mo\nJo, Sunok\nCrowe, Sinéad"
        ),
        "publisher": f"{UIL}; National Institute for Lifelong Education",
        "place": "Hamburg; Seoul",
        "year": 2015,
        "full_texts": [("es", COURIER_2019)],
        "sources": [
            ("El Correo de la UNESCO (2019-2): título de la edición en español", COURIER_2019),
            (
                "Créditos: editores y editoriales (copia en slidelegend.com)",
                "https://slidelegend.com/case-studies-of-twelve-learning-cities-unesdoc-database-unesco_59bcf3211723dd53e8e8487f.html",
            ),
            (
                "UIL: Sorocaba, uno de los casos; presentación en Ciudad de México (2015)",
                "https://uil.unesco.org/lifelong-learning/learning-cities/creating-human-and-educational-city-sorocaba",
            ),
        ],
        # Sorocaba, Mexico City, Ybycuí (GeoNames ids of the shipped list).
        "cities": [3447399, 3530597, 3436642],
    },
]


@transaction.atomic
def ensure_library_items():
    """Add the seeded items missing from the library (by slug); returns how many were added. Items someone
    edited or deleted are left as they are: a deleted one comes back only if this is run again."""
    index = ResourceIndexPage.objects.filter(locale__language_code=settings.LANGUAGE_CODE).first()
    if index is None:
        return 0
    added = 0
    for item in ITEMS:
        if ResourcePage.objects.filter(slug=item["slug"]).exists():
            continue
        facts = {
            name: value for name, value in item.items() if name not in ("full_texts", "sources", "cities")
        }
        page = ResourcePage(
            **facts, sources=[("source", {"title": title, "url": url}) for title, url in item["sources"]]
        )
        page.full_texts = [
            ResourceFullText(language=code, url=url, sort_order=order)
            for order, (code, url) in enumerate(item["full_texts"])
        ]
        page.cities.set(CityPage.objects.originals().filter(geonames_id__in=item["cities"]))
        index.add_child(instance=page)
        page.save_revision().publish()
        # Untranslated copies in the other languages, as for every page of the synchronised trees.
        create_indexed_aliases(ResourcePage.objects.get(pk=page.pk))
        added += 1
    return added
