"""A small site for tests/test_backup_restore.py, built in a real process:

    DATABASE_URL=… MEDIA_ROOT=… python -m tests.backup_sample_site

migrates the database and fills it with a few cities, CRM rows (organisations, contacts with e-mail
addresses, phones and roles, engagements with their links) and media files (an image, a document, a file
with a non-ASCII name, an empty file). The values are the same every time, so that a SQLite and a
PostgreSQL site built this way hold the same CRM content.
"""

import io
import os
from datetime import UTC, date, datetime

import django

CITIES = [
    ("Medellín", "CO", 6.2442, -75.5812),
    ("Curitiba", "BR", -25.4284, -49.2733),
    ("Ciudad de Panamá", "PA", 8.9824, -79.5199),
]


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "network.settings.dev")
    django.setup()
    from django.core.management import call_command

    call_command("migrate", "--no-input", verbosity=0)
    call_command("setup_network", "--no-cities", verbosity=0, stdout=io.StringIO())
    fill()


def fill():
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.core.files.base import ContentFile
    from PIL import Image as PillowImage
    from wagtail.documents.models import Document
    from wagtail.images.models import Image
    from wagtail.models import Locale

    from cities.models import CityIndexPage, CityPage, Theme
    from contacts.models import CityRole, Contact, ContactEmail, ContactPhone, Engagement, Organisation

    directory = CityIndexPage.objects.get(locale=Locale.get_default())
    cities = []
    for title, country, latitude, longitude in CITIES:
        page = CityPage(
            title=title, country=country, latitude=latitude, longitude=longitude, year_joined=2021
        )
        directory.add_child(instance=page)
        page.save_revision().publish()
        cities.append(page)

    pixels = io.BytesIO()
    PillowImage.new("RGB", (16, 8), (200, 30, 30)).save(pixels, "PNG")
    Image.objects.create(title="Plaza", file=ContentFile(pixels.getvalue(), name="plaza.png"))
    minutes = Document.objects.create(
        title="Acta", file=ContentFile("Acta de la reunión\n".encode(), name="acta-reunion.txt")
    )
    exports = settings.MEDIA_ROOT / "exports"
    exports.mkdir(parents=True, exist_ok=True)
    (exports / "informe año 2025.csv").write_text("ciudad;contactos\nMedellín;2\n", encoding="utf-8")
    (exports / "empty.txt").write_bytes(b"")

    owner = get_user_model().objects.create_user("backup-staff", "staff@example.org", "backup-Pw-3301")
    theme, _created = Theme.objects.get_or_create(
        slug="aprendizaje-digital", locale=Locale.get_default(), defaults={"name": "Aprendizaje digital"}
    )
    mayoralty = Organisation.objects.create(
        name="Alcaldía de Medellín", kind="municipal_government", country="CO", city=cities[0]
    )
    university = Organisation.objects.create(name="Universidade Federal do Paraná", kind="university")
    ana = Contact.objects.create(
        given_name="Ana María",
        family_name="Pérez",
        organisation=mayoralty,
        city=cities[0],
        consent_basis="consent",
        consent_date=date(2025, 2, 1),
        notes="Prefiere llamadas por la mañana.",
    )
    joao = Contact.objects.create(
        given_name="João", family_name="Silva", organisation=university, city=cities[1]
    )
    ContactEmail.objects.create(contact=ana, address="ana.perez@example.org")
    ContactEmail.objects.create(contact=joao, address="joao.silva@example.org")
    ContactPhone.objects.create(contact=ana, number="+57 604 000 0000", label="oficina")
    CityRole.objects.create(contact=ana, city=cities[0], role="coordinator", start_date=date(2024, 1, 1))

    for day, kind, title, town, people in [
        (date(2025, 3, 4), "workshop", "Taller de aprendizaje digital", cities[:2], [ana, joao]),
        (date(2025, 5, 20), "meeting", "Reunión de seguimiento", cities[:1], [ana]),
        (date(2025, 6, 2), "email", "Envío de materiales", cities[1:], [joao]),
    ]:
        engagement = Engagement.objects.create(
            date=day, kind=kind, title=title, summary="Resumen.", owner=owner, follow_up_date=date(2025, 7, 1)
        )
        engagement.cities.set(town)
        engagement.participants.set(people)
        engagement.themes.set([theme])
        engagement.organisations.set([mayoralty])
        engagement.documents.set([minutes])
        engagement.save()
    # Fixed, so that sites built at different times hold the same CRM content.
    Engagement.objects.update(created_at=datetime(2025, 3, 4, 15, 30, 12, 123456, tzinfo=UTC))


if __name__ == "__main__":
    main()
