"""Someone holding a printed certificate of attendance types its code at /certificates/ (in every site
language) and is taken to the certificate's verification page. What they type is read as people type
codes: in lower case, with spaces, or in groups. A code that leads nowhere, or is no code at all, gets the
form back with a message tied to the field; the page shows nothing the verification page would not."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from events.certificates import certificate_pdf
from events.models import Certificate, Registration
from tests.factories import ContactFactory, EventFactory
from tests.pdf_reading import pdf_text

pytestmark = pytest.mark.django_db

PREFIXES = {"es": "", "pt-br": "/pt-br", "en": "/en"}
NOT_FOUND = "No certificate has this code. Check it against the printed certificate."
MALFORMED = "A certificate code has ten letters and digits, never 0, O, 1, I or L."


def certificate_for(event, name="Ana Pérez", language="en"):
    registration = Registration.objects.create(
        event=event,
        contact=ContactFactory(),
        name=name,
        email="ana@example.org",
        language=language,
        status=Registration.Status.CONFIRMED,
    )
    return Certificate.objects.create(registration=registration, pdf=b"%PDF-")


@pytest.fixture
def ended():
    now = timezone.now()
    return EventFactory(
        title="Taller terminado", starts_at=now - timedelta(days=2), ends_at=now - timedelta(days=1)
    )


@pytest.fixture
def certificate(ended):
    return certificate_for(ended)


def lookup(client, typed, prefix="/en"):
    return client.get(f"{prefix}/certificates/", {"code": typed})


def code_field(page):
    (field,) = page.select("form input[name=code]")
    return field


def described_by(page, field):
    return [page.find(id=name).get_text(" ", strip=True) for name in field["aria-describedby"].split()]


@pytest.mark.parametrize("language", PREFIXES)
def test_the_lookup_page_asks_for_the_code_in_every_language(client, soup, language):
    response = client.get(f"{PREFIXES[language]}/certificates/")
    assert response.status_code == 200
    page = soup(response)
    assert page.html["lang"] == language
    form = page.select_one("main form")
    assert form["method"] == "get" and form["action"] == f"{PREFIXES[language]}/certificates/"
    field = code_field(page)
    label = page.select_one(f"label[for={field['id']}]")
    assert label is not None and field.get("value", "") == ""
    assert form.select_one("button[type=submit]") is not None, "it works without JavaScript"
    if language == "en":
        assert label.get_text(" ", strip=True).startswith("Certificate code")
        (hint,) = described_by(page, field)
        assert "letters and digits" in hint and "Verification code" in hint
        assert re.search(r"\b[A-Z2-9]{10}\b", hint), "an example of the code as the certificate prints it"
    # The other languages' lookup pages are a click away.
    switcher = {link["hreflang"]: link["href"] for link in page.select("nav.language-switcher a")}
    assert {PREFIXES[code] + "/certificates/" for code in switcher} == {
        f"{prefix}/certificates/" for code, prefix in PREFIXES.items() if code != language
    }


@pytest.mark.parametrize(
    "typing",
    [
        lambda code: code,
        lambda code: f"  {code}  ",
        lambda code: code.lower(),
        lambda code: f"{code[:5]} {code[5:]}",
        lambda code: f"{code[:3]}-{code[3:6]}-{code[6:]}",
        lambda code: f"{code[:5]}\u2013{code[5:]}".lower(),  # an en dash, as a word processor turns "-" into
        lambda code: f"\u00a0{code[:5]}\u00a0{code[5:]}\t",  # non-breaking spaces, copied from a PDF
        lambda code: f"{code[:5]}\u200b{code[5:]}\ufeff",  # invisible marks, copied from a PDF
    ],
    ids=[
        "as printed",
        "spaces around",
        "lower case",
        "two groups",
        "dashes",
        "en dash",
        "odd spaces",
        "invisible",
    ],
)
def test_a_typed_code_leads_to_its_certificate(client, soup, certificate, typing):
    code = certificate.code
    response = lookup(client, typing(code))
    assert response.status_code == 302
    assert response["Location"] == f"/en/certificates/{code}/"
    page = soup(client.get(response["Location"]))
    assert f"Certificate {code} is genuine." in page.get_text(" ", strip=True)
    assert "Ana Pérez" in page.get_text()


def test_the_lookup_leads_to_the_verification_page_in_the_visitors_language(client, certificate):
    for language, prefix in PREFIXES.items():
        response = lookup(client, certificate.code.lower(), prefix=prefix)
        with translation.override(language):
            assert response["Location"] == reverse("events_certificate", args=[certificate.code])
        assert response["Location"] == f"{prefix}/certificates/{certificate.code}/"


def test_an_unknown_code_gives_the_form_back_with_the_message_on_the_field(client, soup, certificate):
    typed = "zz zz zz zz zz"
    response = lookup(client, typed)
    assert response.status_code == 404
    page = soup(response)
    field = code_field(page)
    assert field["value"] == typed, "what was typed is kept, to be corrected"
    assert field["aria-invalid"] == "true"
    assert NOT_FOUND in described_by(page, field)
    assert page.title.string.startswith("Correct the form"), "the tab's title says it first"
    assert "Ana Pérez" not in response.content.decode()


def test_a_certificate_of_an_event_not_yet_over_is_not_found_either(client, soup):
    """The verification page's own rule: before the event's end no certificate is genuine, whatever is
    stored (one issued before the event was moved to a later date)."""
    soon = EventFactory(title="Taller que viene")
    early = certificate_for(soon, name="Bruno Díaz")
    assert client.get(f"/en/certificates/{early.code}/").status_code == 404
    response = lookup(client, early.code)
    assert response.status_code == 404
    assert NOT_FOUND in soup(response).get_text(" ", strip=True)
    assert "Bruno" not in response.content.decode() and "Taller que viene" not in response.content.decode()


@pytest.mark.parametrize(
    "typed",
    [
        "A" * 5000,
        "ABCDE\x00FGHJK",
        "ABCDE\x07FGHJK",
        "ABCDEFGHJ",
        "ABCDEFGHJKM",
        "ABCDEF0HJK",  # a zero, which no code has (nor O, 1, I or L)
        "ÁBCDÉFGHJK",
        "<script>alert(1)</script>",
        "\ufffd",  # what a byte that is no UTF-8 arrives as
    ],
    ids=[
        "too long",
        "NUL",
        "bell",
        "nine characters",
        "eleven characters",
        "a look-alike",
        "accents",
        "markup",
        "replacement character",
    ],
)
def test_what_is_no_code_at_all_gets_a_clear_message(client, soup, typed):
    response = lookup(client, typed)
    assert response.status_code == 400
    page = soup(response)
    field = code_field(page)
    assert field["aria-invalid"] == "true"
    assert any(MALFORMED in text for text in described_by(page, field))
    assert "<script>alert" not in response.content.decode()
    assert "\x00" not in field["value"] and "\x07" not in field["value"]


def test_bytes_that_are_no_utf8_get_the_message_not_an_error(client):
    response = client.get("/en/certificates/?code=%FF%ED%A0%80")
    assert response.status_code == 400
    assert MALFORMED in response.content.decode()


@pytest.mark.parametrize("typed", ["", "   ", " - - "])
def test_an_empty_code_asks_for_one(client, soup, typed):
    response = lookup(client, typed)
    assert response.status_code == 400
    page = soup(response)
    assert "Type the code printed on the certificate." in described_by(page, code_field(page))


def test_the_lookup_shows_nothing_the_verification_page_does_not(client, certificate):
    found = lookup(client, certificate.code)
    assert found.content == b"", "only the address of the verification page"
    for response in (found, lookup(client, "ZZZZZZZZZZ"), lookup(client, "%%")):
        assert {"private", "no-store"} <= set(response["Cache-Control"].replace(" ", "").split(","))
        assert response["X-Robots-Tag"] == "noindex"
    # The page with no code is the same for everyone, whatever certificates exist.
    assert "Ana" not in client.get("/en/certificates/").content.decode()


def test_the_verification_page_leads_to_the_lookup(client, soup, certificate):
    for url in (f"/pt-br/certificates/{certificate.code}/", "/pt-br/certificates/ZZZZZZZZZZ/"):
        links = soup(client.get(url)).select("main a[href='/pt-br/certificates/']")
        assert len(links) == 1, url
    english = soup(client.get(f"/en/certificates/{certificate.code}/"))
    assert english.select_one("main a[href='/en/certificates/']").get_text(strip=True) == (
        "Check another certificate"
    )


@pytest.mark.parametrize(("language", "prefix"), [("en", "/en"), ("es", ""), ("pt", "/pt-br")])
def test_the_certificate_names_the_page_to_type_its_code_at(ended, language, prefix):
    registration = certificate_for(ended, language=language).registration
    text = pdf_text(certificate_pdf(registration, "ABCDEFGHJK"))
    assert "/certificates/ABCDEFGHJK/" in text, "the verification address, as before"
    assert re.search(rf"https?://[^/ ]+{re.escape(prefix)}/certificates/$", text, re.MULTILINE), (
        "the lookup page's address"
    )


def test_neither_the_lookup_nor_the_verification_pages_are_in_the_sitemap(client, certificate):
    sitemap = client.get("/sitemap.xml")
    assert sitemap.status_code == 200
    assert "/certificates/" not in sitemap.content.decode()
