"""Issue #12: the city loader and the contact/engagement import refuse malformed files cleanly.

Every file is written by the test itself. Bad input gets a clear message naming its header or line,
in the dry run (preview) as in the real run, and changes nothing; nothing else is ever raised.

Why this module is long: one kind of malformed input per test, for both importers side by side.
"""

import csv
import io
import re
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook
from openpyxl.worksheet._read_only import ReadOnlyWorksheet
from wagtail.models import ModelLogEntry, Page, Revision

from cities import imports as city_imports
from cities.models import CityPage
from contacts.models import Contact, ContactEmail, ContactPhone, Engagement, Organisation
from network.imports import files

pytestmark = pytest.mark.django_db

CSV_LIMIT = csv.field_size_limit()

# --- The city loader -------------------------------------------------------------------------------

CITY_HEADER = (
    "name,country_code,region,year_joined,latitude,longitude,population,geonames_id,membership,source"
)
ENSAYO = "Villa Ensayo,UY,Canelones,2024,-34.52,-56.28,12000,99000001,confirmed,test file"
PRUEBA = "Pueblo Prueba,PY,Central,,-25.30,-57.60,8000,99000002,likely,test file"
OTRA = "Otra Prueba,PY,Central,,-25.31,-57.61,,,likely,test file"


def city_file(tmp_path, *lines, name="cities.csv"):
    path = tmp_path / name
    path.write_bytes(("\n".join(lines) + "\n").encode("utf-8"))
    return path


def city_state():
    """Everything a city import could change."""
    return (
        Page.objects.count(),
        Revision.objects.count(),
        sorted(CityPage.objects.values_list("pk", "title", "slug", "region", "membership_sources", "live")),
    )


def assert_rejected(run_loader, path):
    """The loader refuses the file, in a dry run and for real, and changes nothing; its stderr."""
    before = city_state()
    errors = []
    for args in (("--dry-run",), ()):
        _out, err, error = run_loader(path, *args, rejected=True)
        assert "nothing was changed" in str(error)
        assert city_state() == before
        errors.append(err)
    assert errors[0] == errors[1], "the dry run reports what the real run reports"
    return errors[0]


def test_two_name_columns_reject_the_whole_city_file(run_loader, tmp_path, city_named):
    run_loader(city_file(tmp_path, CITY_HEADER, ENSAYO))
    path = city_file(tmp_path, CITY_HEADER + ",name", ENSAYO + ",Hackeada", name="two-names.csv")
    err = assert_rejected(run_loader, path)
    assert re.search(r"line 1: duplicate column: name$", err, re.MULTILINE), err
    assert city_named("Villa Ensayo").live
    assert not CityPage.objects.filter(title="Hackeada").exists()


def test_unknown_columns_reject_the_whole_city_file(run_loader, tmp_path):
    header = CITY_HEADER.replace("region", "regoin") + ",notes"
    err = assert_rejected(run_loader, city_file(tmp_path, header, ENSAYO + ",hello"))
    assert re.search(r"line 1: unknown columns: regoin, notes \(.*\bregion\b.*\)", err), err
    assert "line 2" not in err


def test_a_column_without_header_rejects_the_city_file(run_loader, tmp_path):
    header = CITY_HEADER.replace(",region,", ",,")
    err = assert_rejected(run_loader, city_file(tmp_path, header, ENSAYO))
    assert re.search(r"line 1: column 3 has no header", err), err


def test_values_beyond_the_header_are_a_line_error(run_loader, tmp_path):
    err = assert_rejected(run_loader, city_file(tmp_path, CITY_HEADER, ENSAYO, PRUEBA + ",extra"))
    assert re.search(r"line 3: .*11 values.*10 columns", err), err
    assert "line 2" not in err


def test_empty_columns_at_the_end_of_a_spreadsheet_export_are_accepted(run_loader, tmp_path, city_named):
    _out, _err, counts = run_loader(city_file(tmp_path, CITY_HEADER + ",,", ENSAYO + ",,", PRUEBA))
    assert counts == (2, 0, 0)
    assert city_named("Pueblo Prueba").region == "Central"


def test_a_nul_character_in_a_city_cell_is_a_line_error(run_loader, tmp_path):
    bad = PRUEBA.replace("Central", "Cen\x00tral")
    err = assert_rejected(run_loader, city_file(tmp_path, CITY_HEADER, ENSAYO, bad))
    assert re.search(r"line 3: region contains a NUL character", err), err
    assert "line 2" not in err


# A name also names the city's media collection, "Name (CC)", of at most 255 characters.
@pytest.mark.parametrize(
    ("column", "length", "limit"), [("name", 400, 255), ("name", 256, 255), ("region", 151, 150)]
)
def test_too_long_city_text_is_a_line_error(run_loader, tmp_path, column, length, limit):
    row = dict(zip(CITY_HEADER.split(","), PRUEBA.split(","), strict=True))
    row[column] = "x" * length
    err = assert_rejected(run_loader, city_file(tmp_path, CITY_HEADER, ENSAYO, ",".join(row.values())))
    assert f"line 3: {column} is too long ({length} characters; the limit is {limit})" in err, err


def test_a_long_name_in_two_countries_gets_slugs_within_the_limit(run_loader, tmp_path, client):
    name = "Villa " + "\ufb01" * 130  # each ligature "ﬁ" becomes "fi" in the slug: 266 characters
    rows = [ENSAYO.replace("Villa Ensayo", name), PRUEBA.replace("Pueblo Prueba", name)]
    _out, _err, counts = run_loader(city_file(tmp_path, CITY_HEADER, *rows))
    assert counts == (2, 0, 0)
    limit = CityPage._meta.get_field("slug").max_length
    pages = CityPage.objects.originals().filter(title=name)
    slugs = {page.slug for page in pages}
    assert len(slugs) == 2
    assert all(len(slug) <= limit for slug in slugs), [len(slug) for slug in slugs]
    for page in pages:
        assert client.get(page.url).status_code == 200


def test_a_cell_over_the_csv_limit_is_a_line_error(run_loader, tmp_path):
    bad = PRUEBA.replace("test file", "x" * (CSV_LIMIT + 1))
    err = assert_rejected(run_loader, city_file(tmp_path, CITY_HEADER, ENSAYO, bad, OTRA))
    assert re.search(rf"line 3: a cell is longer than {CSV_LIMIT:,} characters", err), err


def test_an_unclosed_quote_is_reported_on_the_line_where_it_opens(run_loader, tmp_path):
    bad = PRUEBA.replace("test file", '"never closed')
    err = assert_rejected(run_loader, city_file(tmp_path, CITY_HEADER, ENSAYO, bad, OTRA))
    assert re.search(r"line 3: the quote that opens on this line is never closed", err), err
    assert "line 2" not in err and "line 4" not in err


def test_an_unclosed_quote_after_a_cell_of_several_lines_is_found_on_its_own_line():
    # Line 2 holds a region of two lines; the quote opened on line 3 swallows lines 4 and 5.
    text = "\n".join(
        [CITY_HEADER, PRUEBA.replace("Central", '"Cen\ntral"').replace("test file", '"never'), OTRA, ENSAYO]
    )
    with pytest.raises(files.ImportRejected) as rejection:
        city_imports.read_rows(text)
    assert [line for line, _reason in rejection.value.problems] == [3]


def test_quoted_cells_that_are_closed_are_read_as_before():
    lines = [
        CITY_HEADER,
        PRUEBA.replace("Central", '"Cen\ntral"').replace("test file", '"say ""hi"""'),
        OTRA.replace("test file", '"a"b'),  # text after a closing quote is kept, as csv reads it
    ]
    rows = city_imports.read_rows("\r\n".join(lines))
    assert [(row.line, row.values["region"], row.values["membership_sources"]) for row in rows] == [
        (2, "Cen\ntral", 'say "hi"'),
        (4, "Central", "ab"),
    ]


# --- The contact and engagement import ---------------------------------------------------------------


@pytest.fixture
def staff(staff_client, english_admin):
    """A member of staff who reads the admin in English."""
    return staff_client


@pytest.fixture
def ensayo(make_city):
    return make_city("Villa Ensayo", country="UY")


def csv_bytes(rows, encoding="utf-8"):
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    return buffer.getvalue().encode(encoding)


def xlsx_bytes(rows):
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def rewrite_sheet(data, change):
    """The XLSX file with its first sheet's XML passed through `change`."""
    output = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                content = change(content)
            target.writestr(item, content)
    return output.getvalue()


def with_dimension(ref, extra_rows=b""):
    """A change for rewrite_sheet: the sheet claims the size `ref`, and ends with `extra_rows`."""

    def change(xml):
        xml, count = re.subn(rb'<dimension ref="[^"]*"', b'<dimension ref="' + ref + b'"', xml)
        assert count == 1
        return xml.replace(b"</sheetData>", extra_rows + b"</sheetData>")

    return change


def crm_state():
    """How many records of every kind an import could write."""
    return {
        model.__name__: model.objects.count()
        for model in (Contact, ContactEmail, ContactPhone, Organisation, Engagement, ModelLogEntry)
    }


def post_file(client, kind, name, data):
    return client.post(
        reverse("contacts_import:upload"), {"kind": kind, "file": SimpleUploadedFile(name, data)}
    )


def upload_errors(response):
    assert response.status_code == 200, "the upload was accepted"
    return response.context["form"].errors["file"]


def preview(client, kind, name, data, soup):
    """Upload a readable file; return its token and the preview page."""
    response = post_file(client, kind, name, data)
    assert response.status_code == 302, response.context["form"].errors if response.context else response
    token = response["Location"].rstrip("/").rsplit("/", 1)[-1]
    response = client.get(reverse("contacts_import:preview", args=[token]))
    assert response.status_code == 200
    return token, soup(response)


def row_errors(page, line):
    row = page.select_one(f"table.import-preview tr[data-line='{line}']")
    return [item.get_text(" ", strip=True) for item in row.select("ul.import-errors li")]


def confirm(client, token):
    response = client.post(
        reverse("contacts_import:preview", args=[token]), {"action": "confirm"}, follow=True
    )
    assert response.status_code == 200
    return response.content.decode()


def assert_refused_rows(client, kind, name, data, soup, expected):
    """The preview shows the expected error on each line; confirming writes nothing."""
    before = crm_state()
    token, page = preview(client, kind, name, data, soup)
    for line, message in expected.items():
        assert any(message in error for error in row_errors(page, line)), (line, row_errors(page, line))
    assert page.find("button", attrs={"value": "confirm"}) is None
    assert "Nothing was imported" in confirm(client, token)
    assert crm_state() == before
    return page


def as_file(rows, kind_of_file):
    if kind_of_file == "xlsx":
        return "import.xlsx", xlsx_bytes(rows)
    return "import.csv", csv_bytes(rows)


DUPLICATE_COLUMNS = {
    "contacts-es-en": ("contacts", ["Nombre", "First name", "Correo"], "given name"),
    "contacts-pt-es": ("contacts", ["Nome", "E-mail", "Correo electrónico"], "e-mail addresses"),
    "contacts-twice": ("contacts", ["Nombre", "Cargo", "cargo "], "job title"),
    "engagements-es-pt": ("engagements", ["Fecha", "Tipo", "Título", "Ciudades", "Data"], "date"),
    "engagements-en-es": ("engagements", ["date", "type", "title", "cities", "Ciudad"], "cities"),
}


@pytest.mark.parametrize("kind_of_file", ["csv", "xlsx"])
@pytest.mark.parametrize("case", DUPLICATE_COLUMNS, ids=list(DUPLICATE_COLUMNS))
def test_two_columns_meaning_the_same_field_reject_the_file(staff, case, kind_of_file):
    kind, header, meaning = DUPLICATE_COLUMNS[case]
    before = crm_state()
    name, data = as_file([header, ["x"] * len(header)], kind_of_file)
    errors = upload_errors(post_file(staff, kind, name, data))
    assert any(f"both mean {meaning}: keep only one." in error for error in errors), errors
    assert crm_state() == before


def test_unknown_columns_are_ignored_with_a_warning_as_documented(staff, soup):
    rows = [["Nombre", "Comida favorita"], ["Ana", "arepas"]]
    token, page = preview(staff, "contacts", "import.csv", csv_bytes(rows), soup)
    assert "These columns were not recognised and will be ignored: “Comida favorita”." in page.get_text()
    assert "Imported" in confirm(staff, token)
    assert Contact.objects.filter(given_name="Ana").exists()


@pytest.mark.parametrize("empty_header_cell", [False, True], ids=["header", "header-with-empty-cell"])
def test_values_past_the_header_are_a_row_error_that_names_the_quotes(staff, soup, empty_header_cell):
    """A name written "Pérez, Gómez" without quotes puts the address past the header's last column, also
    when the header line ends with an empty cell (as spreadsheets export it)."""
    rows = [
        ["Nombre", "Apellidos", "Correo"] + [""] * empty_header_cell,
        ["Ana", "Ruiz", "ana@example.org"] + [""] * empty_header_cell,
        ["Juana", "Pérez", "Gómez", "juana@example.org"],
    ]
    expected = {3: "This row has values past the header's last column."}
    page = assert_refused_rows(staff, "contacts", "import.csv", csv_bytes(rows), soup, expected)
    assert 'must be in double quotes: "Pérez, Juana".' in row_errors(page, 3)[0]
    assert row_errors(page, 2) == []


@pytest.mark.parametrize("encoding", ["utf-8", "utf-16"])
def test_a_nul_character_in_a_contact_cell_is_a_row_error(staff, soup, encoding):
    rows = [["Nombre", "Apellidos", "Notas"], ["Ana", "Pérez", "bien"], ["Luis", "Ruiz", "a\x00b"]]
    expected = {3: "Notes contains a NUL character, which cannot be stored."}
    page = assert_refused_rows(staff, "contacts", "import.csv", csv_bytes(rows, encoding), soup, expected)
    assert row_errors(page, 2) == []


def test_a_nul_character_in_a_participant_is_a_row_error(staff, soup, ensayo):
    rows = [["fecha", "tipo", "título", "ciudades", "participantes"]]
    rows.append(["2025-01-01", "otro", "X", "Villa Ensayo", "ana\x00@example.org"])
    expected = {2: "Participants contains a NUL character, which cannot be stored."}
    assert_refused_rows(staff, "engagements", "import.csv", csv_bytes(rows), soup, expected)


TOO_LONG = {
    "honorific": ("Tratamiento", 31),
    "given name": ("Nombre", 101),
    "family name": ("Apellidos", 101),
    "job title": ("Cargo", 201),
    "consent source": ("Fuente", 256),
    "organisation": ("Organización", 256),
    "phone": ("Teléfono", 41),
    "e-mail": ("Correo electrónico", 255),
}


@pytest.mark.parametrize("kind_of_file", ["csv", "xlsx"])
@pytest.mark.parametrize("column", TOO_LONG, ids=list(TOO_LONG))
def test_every_contact_text_longer_than_its_field_is_a_row_error(staff, soup, column, kind_of_file):
    header, length = TOO_LONG[column]
    value = "1" * length if column == "phone" else "a" * length
    if column == "e-mail":
        value = value[: -len("@example.org")] + "@example.org"
    rows = [[header], [value]] if header == "Nombre" else [["Nombre", header], ["Ana", value]]
    name, data = as_file(rows, kind_of_file)
    assert_refused_rows(staff, "contacts", name, data, soup, {2: "too long"})


def test_an_engagement_title_longer_than_its_field_is_a_row_error(staff, soup, ensayo):
    rows = [["date", "kind", "title", "cities"], ["2025-01-01", "other", "t" * 256, "Villa Ensayo"]]
    assert_refused_rows(staff, "engagements", "import.csv", csv_bytes(rows), soup, {2: "Title is too long"})


def test_a_cell_over_the_csv_limit_is_refused_with_its_line(staff):
    rows = [["Nombre", "Notas"], ["Ana", "bien"], ["Luis", "x" * (CSV_LIMIT + 1)]]
    before = crm_state()
    errors = upload_errors(post_file(staff, "contacts", "import.csv", csv_bytes(rows)))
    assert errors == [f"Line 3 cannot be read: a cell is longer than {CSV_LIMIT:,} characters."], errors
    assert crm_state() == before


def test_an_unclosed_quote_is_refused_with_the_line_where_it_opens(staff):
    data = b'Nombre,Apellidos\nAna,"P\xc3\xa9rez\nen dos"\nLuis,"Ruiz\nMarta,G\xc3\xb3mez\n'
    before = crm_state()
    errors = upload_errors(post_file(staff, "contacts", "import.csv", data))
    assert errors == [
        "Line 4 cannot be read: the quote that opens on this line is never closed, so the rest of the "
        "file would be read as one cell."
    ], errors
    assert crm_state() == before


@pytest.fixture
def rows_read(monkeypatch):
    """How many rows each reading of an XLSX sheet takes from openpyxl (it stops at 10,000); a file's
    values and formulas are two readings."""
    counts = []
    original = ReadOnlyWorksheet._cells_by_row

    def counting(self, *args, **kwargs):
        counts.append(0)
        index = len(counts) - 1  # the values and the formulas of a sheet are read side by side
        for row in original(self, *args, **kwargs):
            if counts[index] == 10_000:
                return
            counts[index] += 1
            yield row

    monkeypatch.setattr(ReadOnlyWorksheet, "_cells_by_row", counting)
    return counts


def test_a_sheet_claiming_a_million_rows_is_read_by_the_rows_it_has(
    staff, soup, ensayo, rows_read, monkeypatch
):
    """A far row is never left out: the sheet is refused where the rows it may read end, and reading stops
    there, not at the million rows the sheet claims."""
    monkeypatch.setattr(files, "MAX_SHEET_ROWS", 5000)  # below the 10,000 rows `rows_read` lets through
    rows = [["fecha", "tipo", "título", "ciudades"], ["2025-01-01", "otro", "Primera", "Villa Ensayo"]]
    # 5 KB that claim 1,048,576 rows of 16,384 columns, the last of them present (and not empty).
    far_row = b'<row r="1048576"><c r="A1048576" t="inlineStr"><is><t>2025-01-02</t></is></c></row>'
    data = rewrite_sheet(xlsx_bytes(rows), with_dimension(b"A1:XFD1048576", far_row))
    assert len(data) < 6000
    before = crm_state()
    errors = upload_errors(post_file(staff, "engagements", "import.xlsx", data))
    assert errors == [
        f"The sheet has more than {files.MAX_SHEET_ROWS:,} rows, counting empty ones: delete the empty rows "
        "or split it into smaller files."
    ]
    assert crm_state() == before
    assert len(rows_read) == 2 and max(rows_read) <= 5001, "values and formulas, read once, up to the limit"


def test_a_row_after_a_thousand_empty_ones_is_imported_with_the_rest(staff, soup, ensayo):
    rows = [["fecha", "tipo", "título", "ciudades"], ["2025-01-01", "otro", "Primera", "Villa Ensayo"]]
    far_row = (
        b'<row r="1500"><c r="A1500" t="inlineStr"><is><t>2025-01-02</t></is></c>'
        b'<c r="B1500" t="inlineStr"><is><t>otro</t></is></c>'
        b'<c r="C1500" t="inlineStr"><is><t>Lejana</t></is></c>'
        b'<c r="D1500" t="inlineStr"><is><t>Villa Ensayo</t></is></c></row>'
    )
    data = rewrite_sheet(xlsx_bytes(rows), with_dimension(b"A1:D1500", far_row))
    token, page = preview(staff, "engagements", "import.xlsx", data, soup)
    assert [tr["data-line"] for tr in page.select("table.import-preview tbody tr")] == ["2", "1500"]
    assert "Imported" in confirm(staff, token)
    assert sorted(Engagement.objects.values_list("title", flat=True)) == ["Lejana", "Primera"]


def test_rows_beyond_a_sheet_claiming_too_few_are_read():
    rows = [["Nombre"], ["Ana"], ["Luis"], ["Marta"]]
    data = rewrite_sheet(xlsx_bytes(rows), with_dimension(b"A1:A2"))
    table = files.read_table(data)
    assert [(line, cells) for line, cells in table.rows] == [(2, ["Ana"]), (3, ["Luis"]), (4, ["Marta"])]


def test_a_sheet_with_too_many_rows_counting_empty_ones_is_refused(monkeypatch, rows_read):
    monkeypatch.setattr(files, "MAX_SHEET_ROWS", 40)
    # Rows 1 and 2, then one row every 9 rows: fewer than 40 rows with data, more than 40 counting empty ones.
    rows = b"".join(
        f'<row r="{line}"><c r="A{line}" t="inlineStr"><is><t>P{line}</t></is></c></row>'.encode()
        for line in range(11, 60, 9)
    )
    data = rewrite_sheet(xlsx_bytes([["Nombre"], ["Ana"]]), with_dimension(b"A1:A2", rows))
    with pytest.raises(files.ImportRejected) as rejection:
        files.read_table(data)
    assert rejection.value.messages == [
        "The sheet has more than 40 rows, counting empty ones: delete the empty rows or split it into "
        "smaller files."
    ]
    assert max(rows_read) <= 41


def test_a_formula_saved_without_its_value_is_named_as_such(staff, soup):
    """A program that writes formulas without working them out (a script, a converter) leaves the cell with
    no value: the preview says so, rather than that the name is missing."""
    data = xlsx_bytes([["Nombre", "Correo"], ["=1+1", "eva@example.org"], ["Raúl", "raul@example.org"]])
    page = assert_refused_rows(
        staff, "contacts", "import.xlsx", data, soup, {2: "Given name holds a formula without its value"}
    )
    assert row_errors(page, 3) == []
