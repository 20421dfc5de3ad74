"""The Mailings listing downloads as CSV or XLSX: the columns it shows (subject, segment, status, sent on),
in the reader's language, for whoever may read the listing, following its filters. A subject that begins
like a formula is written so that a spreadsheet reads it as text (network/csv_export.py)."""

import datetime
import io

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from mailings.models import Mailing, Segment
from tests.helpers import assert_refused, csv_rows, export_content, parse_html
from tests.test_admin_language import signed_in

pytestmark = pytest.mark.django_db

LISTING = reverse("wagtailsnippets_mailings_mailing:list")


@pytest.fixture
def mailings():
    segment = Segment.objects.create(name="Puntos focales")
    sent_at = timezone.make_aware(datetime.datetime(2026, 11, 30, 9, 15))  # the site's time zone
    return {
        "draft": Mailing.objects.create(segment=segment, subject_es="Borrador de diciembre", body_es="Hola."),
        "sent": Mailing.objects.create(
            segment=segment,
            subject_es="Boletín de noviembre",
            body_es="Hola.",
            status=Mailing.Status.SENT,
            finished_at=sent_at,
        ),
    }


def test_the_listing_offers_its_downloads(staff_user, mailings):
    html = parse_html(signed_in(staff_user, "es").get(LISTING))
    links = {link["href"] for link in html.find_all("a", href=True)}
    assert {f"{LISTING}?export=csv", f"{LISTING}?export=xlsx"} <= links


def test_the_csv_holds_the_listings_columns_in_the_readers_language(staff_user, mailings):
    response = signed_in(staff_user, "es").get(LISTING, {"export": "csv"})
    rows = csv_rows(response)
    assert rows[0] == ["Asunto (español)", "Segmento", "Estado", "Enviado el"]
    assert sorted(rows[1:]) == [
        ["Boletín de noviembre", "Puntos focales", "Enviada", "2026-11-30 09:15"],
        ["Borrador de diciembre", "Puntos focales", "Borrador", ""],
    ]
    assert 'filename="envios-' in response["Content-Disposition"]


def test_the_xlsx_holds_the_sending_time_on_the_sites_clock(staff_user, mailings):
    response = signed_in(staff_user, "es").get(LISTING, {"export": "xlsx", "status": Mailing.Status.SENT})
    workbook = openpyxl.load_workbook(io.BytesIO(export_content(response)))
    rows = list(workbook.active.iter_rows(values_only=True))
    assert rows[1] == (
        "Boletín de noviembre",
        "Puntos focales",
        "Enviada",
        datetime.datetime(2026, 11, 30, 9, 15),
    )


def test_the_export_follows_the_listings_filter(staff_user, mailings):
    client = signed_in(staff_user, "es")
    rows = csv_rows(client.get(LISTING, {"export": "csv", "status": Mailing.Status.SENT}))
    assert [row[0] for row in rows[1:]] == ["Boletín de noviembre"]


def test_a_subject_that_looks_like_a_formula_is_written_as_text(staff_user, mailings):
    Mailing.objects.filter(pk=mailings["draft"].pk).update(subject_es='=HYPERLINK("http://x.example")')
    rows = csv_rows(signed_in(staff_user, "es").get(LISTING, {"export": "csv"}))
    assert '\'=HYPERLINK("http://x.example")' in [row[0] for row in rows]


def test_a_focal_point_may_not_download_the_mailings(focal_point_a, mailings):
    client = signed_in(focal_point_a, "es")
    for export_format in ("csv", "xlsx"):
        assert_refused(client.get(LISTING, {"export": export_format}))
