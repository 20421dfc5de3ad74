"""The engagement import's preview names each row by its date as the reader writes dates, as the
engagement's own name does (Engagement.__str__): 06/12/2026 in Spanish and, day first too, in English."""

import pytest

from tests.test_admin_language import signed_in
from tests.test_engagement_import import csv_upload, preview_url, upload

pytestmark = pytest.mark.django_db

ROWS = [["Fecha", "Tipo", "Título", "Ciudades"], ["2026-12-06", "Taller", "Plan de aprendizaje", "Medellín"]]


@pytest.mark.parametrize(("language", "written"), [("es", "06/12/2026"), ("en", "06/12/2026")])
def test_the_preview_names_a_row_by_its_date_as_the_reader_writes_it(
    staff_user, soup, medellin, language, written
):
    client = signed_in(staff_user, language)
    page = soup(client.get(preview_url(upload(client, "engagements", csv_upload(ROWS)))))
    record = page.select_one("table.import-preview tbody tr").find_all("td")[1].get_text(" ", strip=True)
    assert record.startswith(f"{written} · ")
    assert "2026-12-06" not in record
