"""A small, invented engagement log for a first look at the site (`manage.py load_demo_engagements`).

Organisations, contacts with their city roles and about two dozen engagements over the last eighteen
months, in six of the shipped Learning Cities, so that the dashboard panels, the reports, the city
timelines and the contact pages show something on a new site. Every record says it is a demo: names and
titles end with "(demo)", notes and summaries begin with DEMO_NOTE, e-mail addresses are at example.org.
The people are invented; the texts state nothing about the real cities.

Loading is idempotent (records are found again by their demo names) and skips cities that are not on the
site. It creates no user account; focal-point roles give access only to an account with one of the
contact's e-mail addresses (contacts.focal_point_sync), so an address some account already uses is left
out.
"""

from dataclasses import dataclass, field
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from cities.models import CityPage
from cities.themes import original_themes

from .models import CityRole, Contact, ContactEmail, ContactPhone, Engagement, Organisation

DEMO_MARK = "(demo)"
DEMO_NOTE = "Dato de demostración (ficticio), creado por load_demo_engagements."

# The cities of the demo set, by key: (name, country code) as in the shipped list.
CITIES = {
    "medellin": ("Medellín", "CO"),
    "bogota": ("Bogotá", "CO"),
    "puebla": ("Puebla", "MX"),
    "merida": ("Mérida", "MX"),
    "curitiba": ("Curitiba", "BR"),
    "recife": ("Recife", "BR"),
}

# key: (name without the mark, kind, city key)
ORGANISATIONS = {
    "alcaldia-medellin": ("Alcaldía de Medellín", Organisation.Kind.MUNICIPAL_GOVERNMENT, "medellin"),
    "alcaldia-bogota": ("Alcaldía Mayor de Bogotá", Organisation.Kind.MUNICIPAL_GOVERNMENT, "bogota"),
    "ayuntamiento-puebla": ("Ayuntamiento de Puebla", Organisation.Kind.MUNICIPAL_GOVERNMENT, "puebla"),
    "ayuntamiento-merida": ("Ayuntamiento de Mérida", Organisation.Kind.MUNICIPAL_GOVERNMENT, "merida"),
    "prefeitura-curitiba": ("Prefeitura de Curitiba", Organisation.Kind.MUNICIPAL_GOVERNMENT, "curitiba"),
    "prefeitura-recife": ("Prefeitura do Recife", Organisation.Kind.MUNICIPAL_GOVERNMENT, "recife"),
    "universidad-valle": ("Universidad Pedagógica del Valle", Organisation.Kind.UNIVERSITY, "medellin"),
    "universidad-angelopolis": ("Universidad Abierta Angelópolis", Organisation.Kind.UNIVERSITY, "puebla"),
    "fundacion-aprender": ("Fundación Aprender en Comunidad", Organisation.Kind.NGO, "bogota"),
}


@dataclass(frozen=True)
class DemoContact:
    given_name: str
    family_name: str
    job_title: str
    organisation: str
    city: str
    honorific: str = ""
    language: str = "es"
    # (role, days ago it started, days ago it ended or None while current)
    roles: tuple = ()
    phone: str = ""


FP, DEPUTY, MAYOR, COORDINATOR = (
    CityRole.Role.FOCAL_POINT,
    CityRole.Role.DEPUTY_FOCAL_POINT,
    CityRole.Role.MAYOR,
    CityRole.Role.COORDINATOR,
)

# The tables keep one record to a few lines.
# fmt: off
CONTACTS = {
    "lucia": DemoContact("Lucía", "Arango Vélez", "Líder de ciudad del aprendizaje", "alcaldia-medellin",
        "medellin", roles=((FP, 700, None),), phone="+57 604 555 0101"),
    "tomas": DemoContact("Tomás", "Echeverri Ruiz", "Alcalde", "alcaldia-medellin", "medellin",
        honorific="Sr.", roles=((MAYOR, 650, None),)),
    "marcela": DemoContact("Marcela", "Quintero Ríos", "Docente investigadora", "universidad-valle",
        "medellin", roles=((COORDINATOR, 400, None),)),
    "andres": DemoContact("Andrés", "Peñaloza Duarte", "Asesor de educación", "alcaldia-bogota", "bogota",
        roles=((FP, 900, 120),), phone="+57 601 555 0102"),
    "valentina": DemoContact("Valentina", "Suárez Mora", "Coordinadora de aprendizaje a lo largo de la vida",
        "alcaldia-bogota", "bogota", roles=((FP, 120, None),)),
    "camilo": DemoContact("Camilo", "Herrera Bustos", "Director de programas", "fundacion-aprender",
        "bogota"),
    "rosa": DemoContact("Rosa María", "Tlapa Cordero", "Directora de educación municipal",
        "ayuntamiento-puebla", "puebla", roles=((FP, 500, None),), phone="+52 222 555 0103"),
    "emilio": DemoContact("Emilio", "Zárate Ochoa", "Presidente municipal", "ayuntamiento-puebla", "puebla",
        honorific="Lic.", roles=((MAYOR, 800, None),)),
    "ximena": DemoContact("Ximena", "Albarrán Téllez", "Coordinadora de extensión",
        "universidad-angelopolis", "puebla"),
    "itzel": DemoContact("Itzel", "Canché Pool", "Jefa de desarrollo social", "ayuntamiento-merida",
        "merida", roles=((FP, 300, None),)),
    "rodrigo": DemoContact("Rodrigo", "Baeza Manzanilla", "Analista de proyectos", "ayuntamiento-merida",
        "merida", roles=((DEPUTY, 300, None),)),
    "fernanda": DemoContact("Fernanda", "Moraes Lacerda", "Gerente de educação", "prefeitura-curitiba",
        "curitiba", language="pt", roles=((FP, 600, None),), phone="+55 41 5555 0104"),
    "joao": DemoContact("João Pedro", "Tavares Nunes", "Assessor internacional", "prefeitura-curitiba",
        "curitiba", language="pt"),
    "beatriz": DemoContact("Beatriz", "Cavalcanti Rocha", "Coordenadora de educação de jovens e adultos",
        "prefeitura-recife", "recife", language="pt", roles=((FP, 450, None),)),
    "helena": DemoContact("Helena", "Albuquerque Lins", "Prefeita", "prefeitura-recife", "recife",
        language="pt", roles=((MAYOR, 700, None),)),
}
# fmt: on


@dataclass(frozen=True)
class DemoEngagement:
    title: str
    kind: str
    days_ago: int
    cities: tuple
    summary: str
    themes: tuple = ()
    participants: tuple = ()
    organisations: tuple = ()
    outcome: str = ""
    # (days after the engagement, done)
    follow_up: tuple | None = field(default=None)


C = Engagement.Kind
DIGITAL, CLIMATE, SKILLS, INCLUSIVE, LITERACY, HEALTH, CITIZENSHIP = (
    "aprendizaje-digital",
    "accion-climatica",
    "habilidades-para-el-futuro",
    "sistemas-de-aprendizaje-inclusivos",
    "alfabetizacion",
    "salud-y-bienestar",
    "ciudadania-activa",
)

# fmt: off
ENGAGEMENTS = [
    DemoEngagement("Foro regional de ciudades del aprendizaje", C.FORUM, 520,
        ("medellin", "bogota", "puebla", "curitiba", "recife"),
        "Sesión plenaria y mesas de trabajo sobre los planes locales de aprendizaje a lo largo de la vida.",
        themes=(INCLUSIVE, CITIZENSHIP), participants=("lucia", "andres", "rosa", "fernanda", "beatriz"),
        organisations=("alcaldia-medellin", "alcaldia-bogota", "ayuntamiento-puebla", "prefeitura-curitiba"),
        outcome="Cada ciudad se comprometió a compartir su plan de acción con la red.", follow_up=(30, True)),
    DemoEngagement("Reunión de planificación con la Alcaldía de Medellín", C.MEETING, 480, ("medellin",),
        "Revisión del plan anual de la ciudad y de las actividades conjuntas con la red.", themes=(DIGITAL,),
        participants=("lucia", "tomas"), organisations=("alcaldia-medellin",),
        outcome="Se acordó un calendario de talleres para el semestre.", follow_up=(21, True)),
    DemoEngagement("Envío de los materiales del foro a Bogotá", C.EMAIL, 460, ("bogota",),
        "Se enviaron las presentaciones y la relatoría del foro regional.", participants=("andres",)),
    DemoEngagement("Llamada con la gerencia de educación de Curitiba", C.CALL, 430, ("curitiba",),
        "Conversación sobre la participación de la ciudad en los talleres regionales.", themes=(SKILLS,),
        participants=("fernanda", "joao"),
        outcome="La ciudad propondrá una experiencia para el próximo webinar."),
    DemoEngagement("Webinar sobre aprendizaje digital en los municipios", C.WEBINAR, 400,
        ("medellin", "bogota", "puebla", "curitiba"),
        "Presentación de experiencias municipales y preguntas de los participantes.", themes=(DIGITAL,),
        participants=("lucia", "andres", "rosa", "fernanda", "marcela"),
        outcome="Se compartió la grabación con las ciudades participantes."),
    DemoEngagement("Taller de indicadores con el equipo de Puebla", C.WORKSHOP, 370, ("puebla",),
        "Ejercicio práctico para definir los indicadores del plan local.", themes=(INCLUSIVE, LITERACY),
        participants=("rosa", "ximena"), organisations=("ayuntamiento-puebla", "universidad-angelopolis"),
        outcome="Borrador de indicadores para revisar con la universidad.", follow_up=(30, True)),
    DemoEngagement("Visita técnica a espacios comunitarios de aprendizaje en Medellín", C.VISIT, 340,
        ("medellin",), "Recorrido por espacios comunitarios y reunión con el equipo local.",
        themes=(CITIZENSHIP, HEALTH), participants=("lucia", "marcela"),
        organisations=("alcaldia-medellin", "universidad-valle")),
    DemoEngagement("Reunión con la coordinación de educación de jóvenes y adultos de Recife", C.MEETING, 310,
        ("recife",), "Presentación de la red y de los próximos talleres.", themes=(LITERACY,),
        participants=("beatriz", "helena"), organisations=("prefeitura-recife",),
        outcome="La ciudad designará un equipo de seguimiento.", follow_up=(45, True)),
    DemoEngagement("Curso en línea para equipos municipales de México", C.TRAINING, 290,
        ("merida", "puebla"), "Sesiones en línea sobre planificación y seguimiento de planes locales.",
        themes=(SKILLS,), participants=("itzel", "rodrigo", "rosa")),
    DemoEngagement("Entrega del informe de avance de Recife", C.REPORT_SUBMISSION, 260, ("recife",),
        "La ciudad envió su informe de avance del ciclo.", themes=(LITERACY, INCLUSIVE),
        participants=("beatriz",), outcome="Informe recibido; el equipo lo revisó y envió comentarios.",
        follow_up=(30, True)),
    DemoEngagement("Consulta sobre la membresía de Mérida", C.EMAIL, 240, ("merida",),
        "Preguntas sobre los compromisos de las ciudades miembro de la red.", participants=("itzel",)),
    DemoEngagement("Reunión con la Fundación Aprender en Comunidad", C.MEETING, 210, ("bogota",),
        "Exploración de una colaboración para círculos de lectura en los barrios.",
        themes=(CITIZENSHIP, LITERACY), participants=("camilo", "andres"),
        organisations=("fundacion-aprender", "alcaldia-bogota"),
        outcome="Propuesta conjunta en preparación."),
    DemoEngagement("Taller de acción climática con Curitiba", C.WORKSHOP, 175, ("curitiba",),
        "Taller sobre educación para el desarrollo sostenible en los programas municipales.",
        themes=(CLIMATE,), participants=("fernanda", "joao"), organisations=("prefeitura-curitiba",)),
    DemoEngagement("Llamada de transición del punto focal de Bogotá", C.CALL, 150, ("bogota",),
        "Presentación de la nueva coordinadora y traspaso de los temas pendientes.",
        participants=("andres", "valentina"), outcome="La nueva coordinadora asume como punto focal."),
    DemoEngagement("Webinar sobre acción climática y aprendizaje", C.WEBINAR, 130,
        ("merida", "medellin", "curitiba"),
        "Intercambio de experiencias entre ciudades sobre educación y clima.", themes=(CLIMATE,),
        participants=("itzel", "lucia", "fernanda")),
    DemoEngagement("Reunión con la presidencia municipal de Puebla", C.MEETING, 110, ("puebla",),
        "Conversación sobre las prioridades de la ciudad para el próximo año.", themes=(SKILLS,),
        participants=("emilio", "rosa"), organisations=("ayuntamiento-puebla",),
        outcome="Interés en acoger un taller regional; falta confirmar fechas.", follow_up=(60, False)),
    DemoEngagement("Visita de intercambio a Mérida", C.VISIT, 90, ("merida",),
        "Visita a programas municipales de salud comunitaria y aprendizaje.", themes=(HEALTH, CITIZENSHIP),
        participants=("itzel", "rodrigo"), organisations=("ayuntamiento-merida",),
        outcome="Acuerdo para documentar una buena práctica de la ciudad.", follow_up=(45, False)),
    DemoEngagement("Envío de la guía de buenas prácticas a Medellín", C.EMAIL, 75, ("medellin",),
        "Se envió la guía para documentar buenas prácticas.", themes=(INCLUSIVE,), participants=("lucia",)),
    DemoEngagement("Formación de equipos municipales en habilidades digitales", C.TRAINING, 60,
        ("bogota", "medellin"), "Tres sesiones prácticas con equipos de las secretarías de educación.",
        themes=(DIGITAL, SKILLS), participants=("valentina", "lucia", "marcela"),
        organisations=("alcaldia-bogota", "alcaldia-medellin", "universidad-valle")),
    DemoEngagement("Reunión de seguimiento con Curitiba", C.MEETING, 45, ("curitiba",),
        "Repaso de los compromisos del taller de acción climática.", themes=(CLIMATE,),
        participants=("fernanda", "joao"), organisations=("prefeitura-curitiba",),
        outcome="La ciudad compartirá su informe de avance.", follow_up=(30, False)),
    DemoEngagement("Llamada con la Universidad Abierta Angelópolis", C.CALL, 30, ("puebla",),
        "Conversación sobre un programa de alfabetización de personas adultas.", themes=(LITERACY,),
        participants=("ximena",), organisations=("universidad-angelopolis",)),
    DemoEngagement("Entrega del informe anual de Medellín", C.REPORT_SUBMISSION, 21, ("medellin",),
        "La ciudad envió su informe anual.", themes=(INCLUSIVE,), participants=("lucia",),
        outcome="Informe recibido; falta enviar los comentarios del equipo.", follow_up=(35, False)),
    DemoEngagement("Taller de ciudadanía activa", C.WORKSHOP, 14, ("bogota", "merida", "puebla"),
        "Taller en línea sobre participación comunitaria en los planes locales.", themes=(CITIZENSHIP,),
        participants=("valentina", "itzel", "rosa", "camilo"), organisations=("fundacion-aprender",),
        follow_up=(21, False)),
    DemoEngagement("Reunión de planificación con Mérida", C.MEETING, 7, ("merida",),
        "Preparación de la documentación de la buena práctica.", themes=(HEALTH,),
        participants=("itzel", "rodrigo"), follow_up=(10, False)),
    DemoEngagement("Correo sobre el próximo foro regional", C.EMAIL, 3, ("bogota",),
        "Invitación y fechas tentativas del próximo foro.", participants=("valentina",)),
]
# fmt: on


def demo_name(name):
    return f"{name} {DEMO_MARK}"


def demo_email(contact):
    """An address nobody can receive mail at (example.org is reserved), saying it is a demo."""
    local = f"{contact.given_name}.{contact.family_name}".split()
    return f"demo.{'.'.join(local)}@example.org".lower().translate(ACCENTS)


ACCENTS = str.maketrans("áéíóúãâêôçñ", "aeiouaaeocn")


@dataclass
class LoadedDemo:
    organisations: int = 0
    contacts: int = 0
    engagements: int = 0
    missing_cities: list = field(default_factory=list)


@transaction.atomic
def load_demo_engagements(owner=None, today=None):
    """Add the demo set's missing records, engagements owned by `owner`; return what was added."""
    today = today or timezone.localdate()
    loaded = LoadedDemo()
    cities = find_cities(loaded)
    organisations = {}
    for key, (name, kind, city_key) in ORGANISATIONS.items():
        if city_key not in cities:
            continue
        city = cities[city_key]
        organisations[key], created = Organisation.objects.get_or_create(
            name=demo_name(name),
            defaults={"kind": kind, "country": city.country, "city": city, "notes": DEMO_NOTE},
        )
        loaded.organisations += created
    contacts = {}
    for key, spec in CONTACTS.items():
        if spec.city in cities:
            contacts[key], created = add_contact(spec, cities, organisations, today)
            loaded.contacts += created
    themes = {theme.slug: theme for theme in original_themes()}
    for spec in ENGAGEMENTS:
        engagement_cities = [cities[key] for key in spec.cities if key in cities]
        if engagement_cities and not Engagement.objects.filter(title=demo_name(spec.title)).exists():
            add_engagement(spec, engagement_cities, organisations, contacts, themes, owner, today)
            loaded.engagements += 1
    return loaded


def find_cities(loaded):
    condition = Q(pk__in=[])
    for name, country in CITIES.values():
        condition |= Q(title=name, country=country)
    found = {(city.title, city.country.code): city for city in CityPage.objects.originals().filter(condition)}
    cities = {}
    for key, name_and_country in CITIES.items():
        if name_and_country in found:
            cities[key] = found[name_and_country]
        else:
            loaded.missing_cities.append(name_and_country[0])
    return cities


def add_contact(spec, cities, organisations, today):
    existing = Contact.objects.filter(
        given_name=spec.given_name, family_name=spec.family_name, notes__startswith=DEMO_NOTE
    ).first()
    if existing is not None:
        return existing, False
    contact = Contact.objects.create(
        honorific=spec.honorific,
        given_name=spec.given_name,
        family_name=spec.family_name,
        job_title=spec.job_title,
        organisation=organisations.get(spec.organisation),
        city=cities[spec.city],
        preferred_language=spec.language,
        notes=DEMO_NOTE,
    )
    address = demo_email(spec)
    # An account with this address would gain the city's access through a focal-point role.
    if not get_user_model().objects.filter(email__iexact=address).exists():
        ContactEmail.objects.create(contact=contact, address=address)
    if spec.phone:
        ContactPhone.objects.create(contact=contact, number=spec.phone, label="Oficina (demo)")
    for role, started, ended in spec.roles:
        CityRole.objects.create(
            contact=contact,
            city=cities[spec.city],
            role=role,
            start_date=today - timedelta(days=started),
            end_date=today - timedelta(days=ended) if ended is not None else None,
        )
    return contact, True


def add_engagement(spec, cities, organisations, contacts, themes, owner, today):
    date = today - timedelta(days=spec.days_ago)
    follow_up_date, follow_up_done = None, False
    if spec.follow_up is not None:
        after, follow_up_done = spec.follow_up
        follow_up_date = date + timedelta(days=after)
    engagement = Engagement(
        date=date,
        kind=spec.kind,
        title=demo_name(spec.title),
        summary=f"{DEMO_NOTE} {spec.summary}",
        outcome=spec.outcome,
        owner=owner,
        follow_up_date=follow_up_date,
        follow_up_done=follow_up_done,
    )
    engagement.cities = cities
    engagement.organisations = [organisations[key] for key in spec.organisations if key in organisations]
    engagement.participants = [contacts[key] for key in spec.participants if key in contacts]
    engagement.themes = [themes[slug] for slug in spec.themes if slug in themes]
    engagement.save()
    return engagement
