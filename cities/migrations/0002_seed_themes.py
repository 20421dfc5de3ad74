"""Seed the network's priority themes (names in Spanish, the site's default language)."""

from django.db import migrations

THEMES = [
    ("aprendizaje-digital", "Aprendizaje digital", "Aprendizaje, competencias e inclusión digitales."),
    (
        "accion-climatica",
        "Acción climática",
        "Educación para el desarrollo sostenible y la acción climática.",
    ),
    (
        "habilidades-para-el-futuro",
        "Habilidades para el futuro",
        "Competencias para el trabajo y la vida del futuro.",
    ),
    (
        "sistemas-de-aprendizaje-inclusivos",
        "Sistemas de aprendizaje inclusivos",
        "Aprendizaje a lo largo de la vida que no deja a nadie atrás.",
    ),
    ("alfabetizacion", "Alfabetización", "Alfabetización de jóvenes y personas adultas."),
    ("salud-y-bienestar", "Salud y bienestar", "Salud y bienestar a través del aprendizaje."),
    ("ciudadania-activa", "Ciudadanía activa", "Ciudadanía activa y participación comunitaria."),
]


def seed_themes(apps, schema_editor):
    Theme = apps.get_model("cities", "Theme")
    for slug, name, description in THEMES:
        Theme.objects.get_or_create(slug=slug, defaults={"name": name, "description": description})


class Migration(migrations.Migration):
    dependencies = [("cities", "0001_initial")]

    operations = [migrations.RunPython(seed_themes, migrations.RunPython.noop)]
