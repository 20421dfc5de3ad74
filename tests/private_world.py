"""A site with something private of every kind, for the privacy tests.

Two cities with a focal point each (Alfa and Beta), their images and documents, a city that was never
published, a draft of Beta's page, a CRM contact (tagged), organisation and engagement with an attached
file, a segment and a mailing, an upcoming event with an online link and a registrant from Alfa, a
published library item and a draft one, a published good practice of Alfa and a draft one (Alfa's focal
point may see the draft), and a member of UIL staff. Every private text carries the token
"Vex" so that one search finds them all.
"""

import copy
from dataclasses import dataclass, field, fields, replace

from django.core.files.base import ContentFile
from django.db.models import Model
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file

from contacts.attachments import ensure_engagement_files_collection
from contacts.models import ContactTag
from events.registration import Registrant, register
from mailings.models import Mailing, Segment
from progress.evidence import evidence_collection
from progress.reports import start_report, submit
from tests.factories import (
    CityFactory,
    ContactFactory,
    EngagementFactory,
    EventFactory,
    FocalPointFactory,
    OrganisationFactory,
    PracticeFactory,
    ResourceFactory,
    StaffFactory,
    SuperuserFactory,
)
from tests.progress_data import answered, make_cycle, make_framework

SEARCH_TOKEN = "Vex"
CRM_SECRETS = {
    "contact": "Zenobia Vexquirófano",
    "email": "zenobia.vexquirofano@crm.example",
    "organisation": "Fundación Vexillum",
    "engagement": "Reunión Vexillum reservada",
    "engagement file": "Acta Vexillum confidencial",
    "engagement file content": "Minuta Vexillum: solo para el personal",
    "contact tag": "Vexinvitados 2027",
    "segment": "Segmento Vexillum",
    "mailing": "Convocatoria Vexillum",
}
# A registrant from Alfa: Alfa's focal point sees her name and organisation (events/city_views.py), nothing
# more; nobody else but staff sees anything of her.
REGISTRANT = {"name": "Renata Vexinscrita", "organisation": "Biblioteca Vexpública"}
# What Alfa's progress report says: for Alfa's focal point and staff only.
REPORT_SECRETS = {"answer": "Vexrespuesta de Alfa", "evidence": "Vexevidencia de Alfa"}
EVENT_SECRETS = {
    "registrant email": "renata.vexinscrita@registro.example",
    "registrant needs": "Intérprete Vexseñas",
    "online link": "https://meet.example.org/vexsala-privada",
}


@dataclass
class PrivateWorld:
    alfa: object
    beta: object
    hidden_city: object
    users: dict
    contact: object
    organisation: object
    engagement: object
    engagement_file: object
    segment: object
    mailing: object
    event: object
    registration: object
    resource: object
    practice: object
    progress_report: object
    evidence_file: object
    images: dict
    documents: dict
    secrets_of: dict = field(default_factory=dict)

    def secrets_hidden_from(self, role):
        """The texts that must not reach this role (staff and administrators may see everything)."""
        return self.secrets_of.get(role, set())

    def read_again(self):
        """The same world with every record read again from the database, for a world shared by a module's
        tests: what a test does to its objects (signing a user in sets their last login) stays in it."""
        return replace(self, **{item.name: _read_again(getattr(self, item.name)) for item in fields(self)})


def _read_again(value):
    if isinstance(value, Model):
        return type(value)._default_manager.get(pk=value.pk)
    if isinstance(value, dict):
        return {key: _read_again(item) for key, item in value.items()}
    return copy.deepcopy(value)


def _media(city, label):
    collection = city.access.collection
    image = get_image_model().objects.create(
        title=f"Foto {label} Vexinterna", file=get_test_image_file(size=(8, 8)), collection=collection
    )
    document = get_document_model().objects.create(
        title=f"Informe {label} Vexinterno",
        file=ContentFile(f"Informe de {label}".encode(), name=f"informe-{label.lower()}.txt"),
        collection=collection,
    )
    return image, document


def build_private_world():
    alfa = CityFactory(title="Alfaciudad", country="CO")
    beta = CityFactory(title="Betaciudad", country="PE")
    hidden_city = CityFactory(title="Ciudad Vexoculta", country="EC", publish=False)
    beta.title = "Betaciudad Vexborrador"
    beta.save_revision()

    users = {
        "focal point A": FocalPointFactory(
            city=alfa, username="flor.vexalfa@alfa.example", email="flor.vexalfa@alfa.example"
        ),
        "focal point B": FocalPointFactory(
            city=beta, username="bruno.vexbeta@beta.example", email="bruno.vexbeta@beta.example"
        ),
        "UIL staff": StaffFactory(username="vex-staff", email="staff.vexuil@uil.example"),
        "administrator": SuperuserFactory(username="vex-admin", email="admin.vexuil@uil.example"),
    }

    images, documents = {}, {}
    images["A"], documents["A"] = _media(alfa, "Alfa")
    images["B"], documents["B"] = _media(beta, "Beta")
    engagement_file = get_document_model().objects.create(
        title=CRM_SECRETS["engagement file"],
        file=ContentFile(CRM_SECRETS["engagement file content"].encode(), name="acta-reservada.txt"),
        collection=ensure_engagement_files_collection(),
    )

    given_name, family_name = CRM_SECRETS["contact"].split(" ")
    contact = ContactFactory(
        given_name=given_name, family_name=family_name, emails=[CRM_SECRETS["email"]], city=alfa
    )
    organisation = OrganisationFactory(name=CRM_SECRETS["organisation"], kind="ngo", city=alfa)
    engagement = EngagementFactory(
        title=CRM_SECRETS["engagement"], cities=[alfa], participants=[contact], organisations=[organisation]
    )
    engagement.documents.add(engagement_file)
    engagement.save()
    contact.tags.add(CRM_SECRETS["contact tag"])
    contact.save()
    segment = Segment.objects.create(name=CRM_SECRETS["segment"], description=CRM_SECRETS["contact tag"])
    segment.tags.set(ContactTag.objects.all())
    mailing = Mailing.objects.create(
        segment=segment, subject_es=CRM_SECRETS["mailing"], body_es=CRM_SECRETS["mailing"]
    )

    event = EventFactory(
        title="Taller abierto de Alfa", cities=[alfa], online_url=EVENT_SECRETS["online link"]
    )
    resource = ResourceFactory(title="Guía de Alfa", cities=[alfa], events=[event])
    ResourceFactory(title="Vexbiblioteca", cities=[alfa], publish=False)
    practice = PracticeFactory(title="Aulas de barrio de Alfa", city=alfa)
    PracticeFactory(title="Vexpráctica de Alfa", city=alfa, publish=False)
    progress_report = submitted_report(alfa, users["focal point A"])
    registrant_given, registrant_family = REGISTRANT["name"].split(" ")
    registration = register(
        event,
        Registrant(
            given_name=registrant_given,
            family_name=registrant_family,
            email=EVENT_SECRETS["registrant email"],
            organisation=REGISTRANT["organisation"],
            city=alfa,
            accessibility_needs=EVENT_SECRETS["registrant needs"],
        ),
    )

    world = PrivateWorld(
        alfa=alfa,
        beta=beta,
        hidden_city=hidden_city,
        users=users,
        contact=contact,
        organisation=organisation,
        engagement=engagement,
        engagement_file=engagement_file,
        segment=segment,
        mailing=mailing,
        event=event,
        registration=registration,
        resource=resource,
        practice=practice,
        progress_report=progress_report,
        evidence_file=progress_report.answers.get(question__kind="file").document,
        images=images,
        documents=documents,
    )
    crm = set(CRM_SECRETS.values()) | set(EVENT_SECRETS.values())
    registrant = set(REGISTRANT.values())
    drafts = {"Ciudad Vexoculta", "Vexborrador", "Vexbiblioteca"}
    alfa_draft_practice = "Vexpráctica de Alfa"
    staff_emails = {users["UIL staff"].email, users["administrator"].email}
    world.secrets_of = {
        "anonymous": crm
        | set(REPORT_SECRETS.values())
        | registrant
        | drafts
        | {alfa_draft_practice}
        | staff_emails
        | {users["focal point A"].email, users["focal point B"].email}
        | {images["A"].title, images["B"].title, documents["A"].title, documents["B"].title},
        "focal point A": crm
        | drafts
        | staff_emails
        | {users["focal point B"].email, images["B"].title, documents["B"].title},
        "focal point B": crm
        | set(REPORT_SECRETS.values())
        | registrant
        | {"Ciudad Vexoculta", "Vexbiblioteca", alfa_draft_practice}
        | staff_emails
        | {users["focal point A"].email, images["A"].title, documents["A"].title},
    }
    return world


def submitted_report(city, focal_point):
    """The city's report for a cycle, with a text answer and an evidence file, submitted by its focal
    point."""
    framework = make_framework(
        questions=(
            ("1.1", "1.1-a", "scale", True, ""),
            ("1.1", "1.1-b", "text", False, ""),
            ("1.1", "1.1-c", "file", False, ""),
        )
    )
    report = start_report(city, make_cycle(framework), focal_point)
    evidence = get_document_model().objects.create(
        title=REPORT_SECRETS["evidence"],
        file=ContentFile(REPORT_SECRETS["evidence"].encode(), name="evidencia.txt"),
        collection=evidence_collection(city),
    )
    answered(report, focal_point, {"1.1-a": 3, "1.1-b": REPORT_SECRETS["answer"], "1.1-c": evidence.pk})
    report.refresh_from_db()
    return submit(report, report.version, focal_point)


def body_of(response):
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return content.decode("utf-8", errors="replace")
