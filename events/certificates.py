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

import functools
import io
import unicodedata
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


@functools.cache
def register_fonts():
    """Make the fonts known to reportlab, once per process (its registry is global)."""
    for name in (REGULAR, BOLD):
        pdfmetrics.registerFont(TTFont(name, FONTS / f"{name}.ttf"))


def certificate_pdf(registration, code):
    """The certificate as PDF bytes, in the registrant's language (A4, landscape)."""
    register_fonts()
    event = registration.event
    title = registration.event_in_own_language().title
    width, height = landscape(A4)
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=(width, height), invariant=True)
    with translation.override(registration.site_language):
        pdf.setTitle(_("Certificate of attendance"))
        pdf.setFont(REGULAR, 14)
        pdf.drawCentredString(width / 2, height - 90, _("Learning Cities Network"))
        pdf.setFont(BOLD, 30)
        pdf.drawCentredString(width / 2, height - 160, _("Certificate of attendance"))
        pdf.setFont(REGULAR, 16)
        pdf.drawCentredString(width / 2, height - 220, _("This certifies that"))
        pdf.setFont(BOLD, 24)
        pdf.drawCentredString(width / 2, height - 260, registration.name)
        pdf.setFont(REGULAR, 16)
        pdf.drawCentredString(width / 2, height - 300, _("attended"))
        pdf.setFont(BOLD, 18)
        pdf.drawCentredString(width / 2, height - 335, title[:90])
        pdf.setFont(REGULAR, 14)
        pdf.drawCentredString(width / 2, height - 365, event_dates(event))
        pdf.setFont(REGULAR, 10)
        pdf.drawCentredString(
            width / 2,
            60,
            _("Verification code %(code)s: %(url)s") % {"code": code, "url": verification_url(code)},
        )
        # For whoever holds it on paper: a shorter address to type the code at.
        lookup_url = absolute_url(reverse("events_certificate_lookup"))
        pdf.drawCentredString(width / 2, 46, _("Or type the code at %(url)s") % {"url": lookup_url})
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
            certificate.pdf = certificate_pdf(registration, certificate.code)
            certificate.save()
            Notice.objects.create(registration=locked, kind=Notice.Kind.CERTIFICATE)
        send_notices.call(registration.pk)
        issued += 1
    return issued


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
