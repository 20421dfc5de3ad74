"""The framework's snippets in the admin as staff edit them: choosers worded in each editor's language
whoever built the form first, a tampered chooser value refused with a message rather than an error, and
listings that say which framework version each row belongs to, with filters and values in words."""

import pytest
from django.urls import reverse
from wagtail.users.models import UserProfile

from tests.helpers import parse_html
from tests.progress_data import make_framework, question

pytestmark = pytest.mark.django_db


def in_language(user, language):
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = language
    profile.save()


@pytest.mark.parametrize(
    ("url_name", "english", "portuguese"),
    [
        ("wagtailsnippets_progress_cycle:add", "Choose a reporting framework", "Escolher um referencial"),
        ("wagtailsnippets_progress_area:add", "Choose a reporting framework", "Escolher um referencial"),
        ("wagtailsnippets_progress_focusarea:add", "Choose an area", "Escolher uma área"),
        ("wagtailsnippets_progress_question:add", "Choose a focus area", "Escolher uma área de foco"),
    ],
)
def test_the_choosers_speak_each_editor_s_language(staff_client, staff_user, url_name, english, portuguese):
    in_language(staff_user, "es")
    assert "Elegir" in staff_client.get(reverse(url_name)).content.decode()  # the form is built in Spanish
    in_language(staff_user, "en")
    assert english in staff_client.get(reverse(url_name)).content.decode()
    in_language(staff_user, "pt-br")
    assert portuguese in staff_client.get(reverse(url_name)).content.decode()


@pytest.mark.parametrize(
    ("url_name", "data"),
    [
        (
            "wagtailsnippets_progress_cycle:add",
            {"name": "2030", "framework": "abc", "opens_on": "2030-01-01", "due_on": "2030-06-01"},
        ),
        ("wagtailsnippets_progress_area:add", {"code": "9", "label_es": "Área", "framework": "1.5"}),
        ("wagtailsnippets_progress_focusarea:add", {"code": "9.1", "label_es": "Ámbito", "area": "[]"}),
        (
            "wagtailsnippets_progress_question:add",
            {"code": "9.1-a", "label_es": "¿?", "focus_area": "x", "feature": "y", "kind": "text"},
        ),
    ],
)
def test_a_tampered_chooser_value_is_refused_with_a_message(staff_client, url_name, data):
    make_framework()
    response = staff_client.post(reverse(url_name), {"sort_order": "0", **data})
    assert response.status_code == 200
    assert "could not be created due to errors" in response.content.decode()


@pytest.mark.usefixtures("english_admin")
def test_the_questions_name_their_framework_and_say_yes_or_no(staff_client):
    older, newer = make_framework(version="2013"), make_framework(version="2027")
    page = parse_html(staff_client.get(reverse("wagtailsnippets_progress_question:list")))
    text = page.get_text(" ", strip=True)
    assert "Focus area area framework" not in text
    assert page.find("label", string=lambda label: label and label.strip() == "Framework")
    rows = [
        [cell.get_text(" ", strip=True) for cell in row.find_all("td")] for row in page.select("tbody tr")
    ]
    required = {row[1].split()[0]: row[4] for row in rows}
    assert required["1.1-a"] == "Yes" and required["1.1-b"] == "No"
    assert "True" not in text and "False" not in text
    # The versions' questions are listed one version after the other, each row naming its version.
    frameworks = [row[5] for row in rows]
    assert frameworks == sorted(frameworks) and {str(older), str(newer)} == set(frameworks)

    only_newer = parse_html(
        staff_client.get(reverse("wagtailsnippets_progress_question:list"), {"framework": newer.pk})
    )
    assert {row.find_all("td")[5].get_text(strip=True) for row in only_newer.select("tbody tr")} == {
        str(newer)
    }
    assert question(newer, "1.1-a").focus_area.area.framework == newer
