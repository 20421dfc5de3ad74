"""The network's regional forums that already took place, seeded as past events with their sources.

Only facts seen in the public sources listed with each event; texts are our own words. The forum of
Bogotá (2024) is left out: no public source at hand gives its dates (it was announced for February 2024;
later reports suggest it was held in the second half of the year).
"""

from datetime import datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import transaction

from cities.models import CityPage
from network.search_indexing import create_indexed_aliases

from .models import EventIndexPage, EventPage

MEXICO_CITY = "America/Mexico_City"
MAZATLAN = "America/Mazatlan"  # La Paz, Baja California Sur

FORUMS = [
    {
        "slug": "encuentro-regional-queretaro-2023",
        "title": "Encuentro regional de Ciudades del Aprendizaje de América Latina, Querétaro 2023",
        "summary": (
            "Primer encuentro regional de las Ciudades del Aprendizaje latinoamericanas, con Querétaro como "
            "anfitriona y la colaboración del Instituto de la UNESCO para el Aprendizaje a lo Largo de Toda "
            "la Vida (UIL). Allí se fundó la Red Latinoamericana de Ciudades del Aprendizaje."
        ),
        "dates": ((2023, 2, 22), (2023, 2, 24)),
        "time_zone": MEXICO_CITY,
        "venue": "Centro de Congresos de Querétaro",
        "address": "Paseo de las Artes 1531-B, Santiago de Querétaro",
        "host_geonames_id": 3991164,
        "languages": "es",
        "outcomes": (
            "<p>Según la prensa local, se presentó la Declaratoria de Querétaro y se firmó el acta de "
            "fundación de la Red Latinoamericana de Ciudades del Aprendizaje. Las cifras de participación "
            "difieren entre las fuentes (32 ciudades de 10 países, según el alcalde en la inauguración), por "
            "lo que no se registran aquí.</p>"
        ),
        "sources": [
            (
                "UIL: Regional meeting of UNESCO learning cities in Latin America",
                "https://uil.unesco.org/event/regional-meeting-unesco-learning-cities-latin-america",
            ),
            (
                "Código Qro: inauguración del foro (22 de febrero de 2023)",
                "https://codigoqro.mx/local/2023/02/22/nava-inaugura-foro-ciudades-del-aprendizaje-de-latinoamerica/amp",
            ),
            (
                "Diario de Querétaro: clausura del foro",
                "https://diariodequeretaro.com.mx/local/clausura-nava-foro-de-ciudades-del-aprendizaje-9670877.html",
            ),
        ],
    },
    {
        "slug": "iii-foro-la-paz-2025",
        "title": "III Foro de Ciudades del Aprendizaje de Latinoamérica, La Paz 2025",
        "summary": (
            "Tercer foro regional, organizado por el Ayuntamiento de La Paz (Baja California Sur), la Red "
            "de Ciudades del Aprendizaje de Latinoamérica y el UIL, en torno al aprendizaje basado en el "
            "lugar: la ciudad, sus calles y sus espacios comunitarios como entornos de aprendizaje."
        ),
        "dates": ((2025, 11, 5), (2025, 11, 7)),
        "time_zone": MAZATLAN,
        "venue": "",
        "address": "La Paz, Baja California Sur",
        "host_geonames_id": 4000900,
        "languages": "es",
        "outcomes": (
            "<p>Una fuente de prensa argentina cifra la participación en 56 ciudades; otra habla de más de "
            "50. En el foro se designaron cargos de la red regional.</p>"
        ),
        "sources": [
            (
                "Grupo La Provincia: 56 ciudades, 5 al 7 de noviembre de 2025",
                "https://grupolaprovincia.com/contenido/591793/ishii-fue-designado-vicepresidente-de-ciudades-del-aprendizaje-de-la-unesco",
            ),
            (
                "Tribuna de México: organizadores y eje temático",
                "https://tribunademexico.com/la-paz-sede-del-foro-latinoamericano-de-ciudades-del-aprendizaje-2025/",
            ),
            (
                "Closeup: III Foro, más de 50 ciudades",
                "https://closeup.mx/slp/enrique-galindo-impulsa-el-aprendizaje-como-motor-de-desarrollo-urbano-en-el-iii-foro-de-ciudades-del-aprendizaje/",
            ),
        ],
    },
]


def whole_days(first, last, zone):
    tz = ZoneInfo(zone)
    return datetime(*first, tzinfo=tz), datetime(*last, 23, 59, tzinfo=tz)


@transaction.atomic
def ensure_regional_forums():
    """Add the seeded forums missing from the events index (by slug); returns how many were added.
    Forums someone edited or deleted are left as they are: a deleted one comes back only if re-run."""
    index = EventIndexPage.objects.filter(locale__language_code=settings.LANGUAGE_CODE).first()
    if index is None:
        return 0
    added = 0
    for forum in FORUMS:
        if EventPage.objects.filter(slug=forum["slug"]).exists():
            continue
        starts, ends = whole_days(*forum["dates"], forum["time_zone"])
        event = EventPage(
            slug=forum["slug"],
            title=forum["title"],
            kind=EventPage.Kind.FORUM,
            summary=forum["summary"],
            starts_at=starts,
            ends_at=ends,
            all_day=True,
            time_zone=forum["time_zone"],
            venue=forum["venue"],
            address=forum["address"],
            host_city=CityPage.objects.originals().filter(geonames_id=forum["host_geonames_id"]).first(),
            languages=forum["languages"],
            outcomes=forum["outcomes"],
            sources=[("source", {"title": title, "url": url}) for title, url in forum["sources"]],
            registration=EventPage.Registration.CLOSED,
        )
        index.add_child(instance=event)
        event.save_revision().publish()
        # Untranslated copies in the other languages, as for every page of the synchronised trees.
        create_indexed_aliases(EventPage.objects.get(pk=event.pk))
        added += 1
    return added
