"""The framework import names its columns in the admin's language, on the upload page and in the rows'
errors, whichever language the process used first: the column names are made of translated words
("%(level)s code" of "area"), put together each time they are shown."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from wagtail.users.models import UserProfile

pytestmark = pytest.mark.django_db

FILE = (
    "framework,version,area_code,area_es,focus_code,focus_es,question_code,question_es,kind\n"
    "Marco de prueba,1,1,Beneficios,1.1,,1.1-a,¿Cuánto avanzó?,escala\n"
)


def column_names(client, soup, language, user):
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = language
    profile.save()
    page = soup(client.get(reverse("progress_import:upload")))
    return {th.get_text(strip=True) for th in page.select("table.listing tbody th")}


def test_the_framework_import_names_its_columns_in_each_admin_s_language(staff_client, staff_user, soup):
    spanish = column_names(staff_client, soup, "es", staff_user)
    assert {"Código de área", "Ámbito de enfoque (es)", "Pregunta (pt_br)"} <= spanish

    english = column_names(staff_client, soup, "en", staff_user)
    assert {"Area code", "Focus area (es)", "Question (pt_br)"} <= english
    upload = SimpleUploadedFile("marco.csv", FILE.encode(), content_type="text/csv")
    response = staff_client.post(reverse("progress_import:upload"), {"kind": "framework", "file": upload})
    page = soup(staff_client.get(response["Location"]))
    assert [li.get_text(strip=True) for li in page.select(".import-errors li")] == [
        "Focus area (es) is missing."
    ]

    portuguese = column_names(staff_client, soup, "pt-br", staff_user)
    assert {"Código de área", "Área de foco (es)", "Pergunta (pt_br)"} <= portuguese
