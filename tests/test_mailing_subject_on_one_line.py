"""A mailing's subject is one line: one with a line break could never be sent (a mail header cannot hold
one), yet the mailing would be marked sent with every delivery failed. The form refuses it."""

import pytest
from django.urls import reverse

from mailings.models import Mailing, Segment

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_admin")]


@pytest.mark.parametrize("field", ["subject_es", "subject_pt", "subject_en"])
def test_a_subject_with_a_line_break_is_refused(superuser, client, soup, field):
    client.force_login(superuser)
    segment = Segment.objects.create(name="Alcaldes")
    data = {"segment": segment.pk, "subject_es": "Hola", "body_es": "Mensaje"}
    data.update({field: "Hola\r\nBcc: otra@example.org", field.replace("subject", "body"): "Mensaje"})
    response = client.post(reverse("wagtailsnippets_mailings_mailing:add"), data)
    assert response.status_code == 200
    errors = [" ".join(error.get_text().split()) for error in soup(response).select(".error-message")]
    assert "Write the subject on one line." in errors
    assert not Mailing.objects.exists()
