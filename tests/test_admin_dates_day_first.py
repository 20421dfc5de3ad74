"""The admin's date pickers show and read dates day first, as the site writes them in every language.

Wagtail's picker replaces a date it cannot read with now when the field loses focus: with its ISO default,
15/03/2026 typed into a follow-up date became today (tests/test_event_editor_browser.py shows it in Chromium).
"""

from datetime import date

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import formats

from contacts.models import Engagement
from tests.form_data import engagement_form_data
from tests.helpers import client_in_language

LANGUAGES = [code for code, _name in settings.LANGUAGES]


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_language_reads_the_dates_the_pickers_write(language):
    """Wagtail checks this (wagtailadmin.E003) only with USE_L10N, which Django 5 no longer has."""
    assert settings.WAGTAIL_DATE_FORMAT in formats.get_format("DATE_INPUT_FORMATS", lang=language)
    assert settings.WAGTAIL_DATETIME_FORMAT in formats.get_format("DATETIME_INPUT_FORMATS", lang=language)


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_an_engagement_s_dates_typed_day_first_are_saved_and_shown_so(staff_user, medellin, language):
    client = client_in_language(staff_user, language)
    data = engagement_form_data(
        cities=[medellin], title="Reunión de seguimiento", date="02/03/2026", follow_up_date="15/03/2026"
    )

    response = client.post(reverse("wagtailsnippets_contacts_engagement:add"), data)

    assert response.status_code == 302, response.context["form"].errors if response.context else response
    engagement = Engagement.objects.get(title="Reunión de seguimiento")
    assert (engagement.date, engagement.follow_up_date) == (date(2026, 3, 2), date(2026, 3, 15))
    page = client.get(reverse("wagtailsnippets_contacts_engagement:edit", args=[engagement.pk]))
    assert 'value="02/03/2026"' in page.content.decode()
    assert 'value="15/03/2026"' in page.content.decode()
