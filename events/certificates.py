"""Certificates of attendance: a PDF in the participant's language, only for people checked in, each
with a code and an address anyone can check it at without signing in.

Staff ask for them on the check-in page once the event has ended (a certificate says that the person
attended it); the background worker makes each PDF (reportlab), keeps it as issued and e-mails it once (a
`Notice`). The verification page shows what the certificate shows (name, event, dates) and nothing else.
The text is set in DejaVu Sans (events/fonts/, the files of Debian's fonts-dejavu-core, under the licence
beside them), embedded in each PDF: the standard PDF fonts print only Western European letters, and names
in Polish, Turkish, Vietnamese or Guaraní need the rest of the Latin script.

Neither the verification page nor the person's download shows a certificate before the event's end,
whatever is stored. Someone holding a printed certificate types its code at the lookup page
(/certificates/), which leads to the verification page of that code and shows nothing else.
"""

import io
import unicodedata
from functools import cache, partial
from pathlib import Path

from django import forms
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_tasks import task
from reportlab.lib.pagesizes import A4, landscape
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

from network.links import absolute_url

from .dates import date_range
from .links import verification_url
from .models import CERTIFICATE_CODE_ALPHABET, CERTIFICATE_CODE_LENGTH, Certificate, Notice, Registration
from .notices import send_notices
from .registration_views import private


def event_dates(event):
    """The event's days where it happens, as the active language writes them ("6–8 de diciembre de 2026")."""
    first = timezone.localtime(event.starts_at, event.zone).date()
    last = timezone.localtime(event.ends_at, event.zone).date()
    return date_range(first, last)


FONTS = Path(__file__).resolve().parent / "fonts"
REGULAR = "DejaVuSans"
BOLD = "DejaVuSans-Bold"


@cache
def register_fonts():
    """Make the fonts known to reportlab, once per process (its registry is global)."""
    for name in (REGULAR, BOLD):
        pdfmetrics.registerFont(TTFont(name, FONTS / f"{name}.ttf"))


PAGE_WIDTH, PAGE_HEIGHT = landscape(A4)
# The width text may take: what any printer prints, with room to spare.
TEXT_WIDTH = PAGE_WIDTH - 2 * 60
LEADING = 1.2
# How much smaller than its own size a line may be set before it takes a line more.
SMALLEST = 0.6


def broken(word, font, size):
    """A word in pieces no wider than the text (the word itself when it fits); a combining mark stays with
    its letter."""
    pieces = [""]
    for char in word:
        wider = pdfmetrics.stringWidth(pieces[-1] + char, font, size) > TEXT_WIDTH
        if pieces[-1] and wider and not unicodedata.combining(char):
            pieces.append(char)
        else:
            pieces[-1] += char
    return pieces


def wrapped(text, font, size):
    """The text in lines no wider than the page's text, broken between words, and inside a word only when
    it alone is wider."""
    lines, current = [], ""
    for word in text.split():
        joined = f"{current} {word}" if current else word
        if pdfmetrics.stringWidth(joined, font, size) <= TEXT_WIDTH:
            current = joined
            continue
        if current:
            lines.append(current)
        *whole, current = broken(word, font, size)
        lines.extend(whole)
    return [*lines, current] if current else lines


def fitted(text, font, size, most_lines):
    """The size and lines to set a text in: on one line, at its size or smaller down to SMALLEST of it;
    else on two lines, and so on up to `most_lines`; else smaller still. Never cut: a name or a title is
    what the certificate is about."""
    smallest = max(1, round(size * SMALLEST))
    tries = [(count, each) for count in range(1, most_lines + 1) for each in range(size, smallest - 1, -1)]
    tries += [(most_lines, each) for each in range(smallest - 1, 0, -1)]
    for count, each in tries:
        lines = wrapped(text, font, each)
        if len(lines) <= count:
            break
    return each, lines


def draw_centred(pdf, text, font, size, top, most_lines=1):
    """Draw the text centred across the page, its first line's baseline `top` points from the top of the
    page, fitted to the width (fitted); returns how far from the top its last line's baseline is."""
    size, lines = fitted(text, font, size, most_lines)
    pdf.setFont(font, size)
    for number, line in enumerate(lines):
        pdf.drawCentredString(PAGE_WIDTH / 2, PAGE_HEIGHT - top - number * size * LEADING, line)
    return top + (len(lines) - 1) * size * LEADING


def certificate_pdf(registration, code):
    """The certificate as PDF bytes, in the registrant's language (A4, landscape).

    The name and the title of the event take up to three lines each, and the lines after them move down
    as far: the longest of both still leaves the verification code room at the foot of the page."""
    register_fonts()
    event = registration.event
    title = registration.event_in_own_language().title
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=(PAGE_WIDTH, PAGE_HEIGHT), invariant=True)
    with translation.override(registration.site_language):
        pdf.setTitle(_("Certificate of attendance"))
        draw_centred(pdf, _("Learning Cities Network"), REGULAR, 14, 90)
        draw_centred(pdf, _("Certificate of attendance"), BOLD, 30, 160)
        draw_centred(pdf, _("This certifies that"), REGULAR, 16, 220)
        below = draw_centred(pdf, registration.name, BOLD, 24, 260, most_lines=3)
        below = draw_centred(pdf, _("attended"), REGULAR, 16, below + 40)
        below = draw_centred(pdf, title, BOLD, 18, below + 35, most_lines=3)
        draw_centred(pdf, event_dates(event), REGULAR, 14, below + 30)
        verification = _("Verification code %(code)s: %(url)s") % {
            "code": code,
            "url": verification_url(code),
        }
        draw_centred(pdf, verification, REGULAR, 10, PAGE_HEIGHT - 60)
        # For whoever holds it on paper: a shorter address to type the code at.
        lookup_url = absolute_url(reverse("events_certificate_lookup"))
        draw_centred(
            pdf, _("Or type the code at %(url)s") % {"url": lookup_url}, REGULAR, 10, PAGE_HEIGHT - 46
        )
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def attended(event):
    return Registration.objects.filter(
        event=event, status=Registration.Status.CONFIRMED, check_ins__isnull=False
    ).distinct()


def issuing_refusal(event, now=None):
    """Why the certificates of this event cannot be issued now, or None."""
    if (now or timezone.now()) < event.ends_at:
        return _("Certificates of attendance can be issued once the event has ended.")
    return None


def queue_certificates(event):
    transaction.on_commit(lambda: issue_certificates.enqueue(event.pk))


@task(backend="background")
def issue_certificates(event_id):
    """Issue the certificates still missing for the people checked in at this event, once it has ended;
    returns how many."""
    issued = 0
    missing = attended(event_id).filter(certificate__isnull=True, event__ends_at__lte=timezone.now())
    for registration in missing.select_related("event"):
        with transaction.atomic():
            locked = Registration.objects.select_for_update(of=("self",)).get(pk=registration.pk)
            if Certificate.objects.filter(registration=locked).exists():
                continue
            certificate = Certificate(registration=locked)
            # The registration as it is now, its name perhaps corrected since the listing was read.
            certificate.pdf = certificate_pdf(locked, certificate.code)
            certificate.save()
            Notice.objects.create(registration=locked, kind=Notice.Kind.CERTIFICATE)
        send_notices.call(registration.pk)
        issued += 1
    return issued


def queue_remaking(registration):
    """After the commit, have the worker make the registration's certificate again, if it has one."""
    if Certificate.objects.filter(registration=registration).exists():
        transaction.on_commit(partial(remake_certificate.enqueue, registration.pk), robust=True)


@task(backend="background")
def remake_certificate(registration_id):
    """Make a registration's certificate again, with the same code, from the registration as it is now (its
    name corrected), and e-mail it once the event has ended (the first one, if still waiting, goes out
    with the new PDF instead); returns whether there was a certificate to make again.

    The code stays: it is printed on what the person may have handed out already, and its verification
    page reads the name from the registration, so it then says what the new certificate says."""
    with transaction.atomic():
        registration = (
            Registration.objects.select_for_update(of=("self",))
            .select_related("event")
            .filter(pk=registration_id)
            .first()
        )
        certificate = Certificate.objects.filter(registration_id=registration_id).first()
        if registration is None or certificate is None:
            return False
        certificate.pdf = certificate_pdf(registration, certificate.code)
        certificate.save(update_fields=["pdf"])
        waiting = registration.notices.filter(kind=Notice.Kind.CERTIFICATE, status=Notice.Status.PENDING)
        if registration.event.ends_at <= timezone.now() and not waiting.exists():
            Notice.objects.create(registration=registration, kind=Notice.Kind.CERTIFICATE)
    send_notices.call(registration_id)
    return True


def download(request, key):
    """The registrant's own copy, through their personal link, once the event has ended: a certificate
    issued before (by older code, or before the event was moved to a later date) waits for the end."""
    certificate = Certificate.objects.filter(
        registration__manage_key=key, registration__event__ends_at__lte=timezone.now()
    ).first()
    if certificate is None or len(key) < 20:
        raise Http404(_("There is no certificate for this link."))
    response = HttpResponse(bytes(certificate.pdf), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="certificate-{certificate.code}.pdf"'
    return private(response)


def shown_certificate(code):
    """The certificate with this code if it may be shown as genuine, or None. A certificate of an event not
    yet over (issued before it was moved to a later date) is not shown."""
    return (
        Certificate.objects.select_related("registration__event")
        .filter(code=code.upper(), registration__event__ends_at__lte=timezone.now())
        .first()
    )


def verify(request, code):
    """Anyone with the code sees the name, the event and its dates: what the certificate says, once the
    event has ended (shown_certificate)."""
    certificate = shown_certificate(code)
    context = {"certificate": certificate, "code": code}
    if certificate is not None:
        context["dates"] = event_dates(certificate.registration.event)
        # The title as the certificate gives it, in the language of the person it was issued to.
        context["title"] = certificate.registration.event_in_own_language().title
    response = TemplateResponse(
        request, "events/certificate_check.html", context, status=200 if certificate else 404
    )
    return private(response)


# What the certificate prints after "Verification code" (models.new_certificate_code): ten letters and digits.
EXAMPLE_CODE = "7KQ2MXH4PA"
TYPED_LONGEST = 100
NO_CODE = gettext_lazy("Type the code printed on the certificate.")
NOT_A_CODE = gettext_lazy(
    "A certificate code has ten letters and digits, never 0, O, 1, I or L. Check it against the printed "
    "certificate."
)
NOT_FOUND = gettext_lazy("No certificate has this code. Check it against the printed certificate.")


def typed_code(typed):
    """The code as stored, from what a person typed: in any case, with spaces, dashes or invisible marks
    anywhere (copied from a PDF, split in groups to read it out, or turned into an en dash by a word
    processor)."""
    if len(typed) > TYPED_LONGEST:
        raise forms.ValidationError(NOT_A_CODE, code="not_a_code")
    code = "".join(
        char for char in typed if not char.isspace() and unicodedata.category(char) not in {"Pd", "Cf"}
    ).upper()
    if not code:
        raise forms.ValidationError(NO_CODE, code="required")
    if len(code) != CERTIFICATE_CODE_LENGTH or not set(code) <= set(CERTIFICATE_CODE_ALPHABET):
        raise forms.ValidationError(NOT_A_CODE, code="not_a_code")
    return code


class LookupForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Certificate code"),
        error_messages={"required": NO_CODE, "null_characters_not_allowed": NOT_A_CODE},
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        hint = _(
            "Ten letters and digits, printed on the certificate after “Verification code”, "
            "such as %(example)s."
        )
        self.fields["code"].help_text = hint % {"example": EXAMPLE_CODE}

    def clean_code(self):
        return typed_code(self.cleaned_data["code"])


def lookup(request):
    """The page to type a certificate's code at: it leads to the verification page of the code when that
    page shows a certificate (shown_certificate), and gives the form back otherwise, with what was typed.

    A code that leads nowhere is a 404, as at its verification page; what is no code at all is a 400. Either
    way the page says only that: what the verification page of that code would say."""
    if "code" not in request.GET:
        return TemplateResponse(request, "events/certificate_lookup.html", {"form": LookupForm()})
    form = LookupForm({"code": request.GET["code"]})
    status = 400
    if form.is_valid():
        certificate = shown_certificate(form.cleaned_data["code"])
        if certificate is not None:
            return private(redirect("events_certificate", certificate.code))
        form.add_error("code", forms.ValidationError(NOT_FOUND, code="not_found"))
        status = 404
    # Given back as typed, less what no one can see or correct (control and invisible characters).
    shown = "".join(char for char in request.GET["code"] if unicodedata.category(char)[0] != "C")
    form.data = {"code": shown[:TYPED_LONGEST]}
    response = TemplateResponse(request, "events/certificate_lookup.html", {"form": form}, status=status)
    return private(response)
