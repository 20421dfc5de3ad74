"""Admin views to import a file: upload it, preview every row, confirm or cancel.

An app offers an import by subclassing the two views with its importers (`{kind: Importer}`), the URL
namespace its viewset mounts them under and its own words (contacts/import_views.py,
knowledge/import_views.py).

Between the preview and the confirmation the uploaded file stays on the server, compressed, in the
cache that every app process shares, under a random token bound to the user who uploaded it. Nothing
from the browser but the token is trusted: confirming reads the stored file again, checks it again
against the database and applies it all or nothing.
"""

import logging
import secrets
import zlib

from django import forms
from django.contrib import messages
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.db import DatabaseError
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.generic import FormView, TemplateView
from wagtail.admin.admin_url_finder import AdminURLFinder
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from . import files
from .files import ImportRejected
from .plan import CREATE, UNCHANGED, UPDATE, PlanHasErrors

logger = logging.getLogger(__name__)

CACHE_PREFIX = "network-import"
# How long an uploaded file waits for its confirmation.
UPLOAD_LIFETIME_SECONDS = 60 * 60


def importable_kinds(importers, user):
    """The kinds of `importers` this user may run."""
    return [kind for kind, importer in importers.items() if importer.user_may_import(user)]


# --- Keeping the upload between preview and confirmation ------------------------------------------


def _cache_key(token):
    return f"{CACHE_PREFIX}:{token}"


def store_upload(user, kind, filename, data):
    """Keep the file for its confirmation; return its token, or None if the cache did not keep it."""
    token = secrets.token_urlsafe(24)
    entry = {"user": user.pk, "kind": kind, "filename": filename[:255], "data": zlib.compress(data)}
    cache.set(_cache_key(token), entry, UPLOAD_LIFETIME_SECONDS)
    return token if cache.get(_cache_key(token)) is not None else None


def load_upload(user, token):
    """(kind, filename, bytes) stored under this token by this user, else None."""
    entry = cache.get(_cache_key(token))
    if not isinstance(entry, dict) or entry.get("user") != user.pk:
        return None
    try:
        data = zlib.decompress(entry["data"])
    except (KeyError, TypeError, zlib.error):
        return None
    return entry["kind"], entry["filename"], data


def discard_upload(user, token):
    if load_upload(user, token) is not None:
        cache.delete(_cache_key(token))


# --- Views ----------------------------------------------------------------------------------------


class ImportForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("What the file contains"), widget=forms.RadioSelect)
    file = forms.FileField(
        label=gettext_lazy("File"),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx,text/csv"}),
    )

    def __init__(self, *args, importers, kinds, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _(
            "An XLSX workbook (its first sheet) or a CSV file in UTF-8, separated by commas or "
            "semicolons. The first line names the columns; at most %(rows)s rows and %(size)s MB."
        ) % {
            "rows": number_format(files.MAX_ROWS, force_grouping=True),
            "size": f"{files.MAX_BYTES / 1024 / 1024:g}",
        }
        self.fields["kind"].choices = [(kind, importers[kind].label) for kind in kinds]
        if len(kinds) == 1:
            self.fields["kind"].initial = kinds[0]

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > files.MAX_BYTES:
            raise forms.ValidationError(files.too_large_message())
        if not upload.size:
            raise forms.ValidationError(_("The file is empty."))
        first_bytes = upload.read(len(files.XLSX_SIGNATURE))
        upload.seek(0)
        if refusal := files.refusal_for_name(upload.name, first_bytes):
            raise forms.ValidationError(refusal)
        return upload


class ImportMixin(WagtailAdminTemplateMixin):
    """What an app sets: its importers, the namespace of its `upload` and `preview` URLs, the title of its
    import and where each kind's records are listed."""

    header_icon = "upload"
    importers = {}
    url_namespace = ""
    heading = ""

    def dispatch(self, request, *args, **kwargs):
        self.kinds = importable_kinds(self.importers, request.user)
        if not self.kinds:
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def url(self, name, **kwargs):
        return reverse(f"{self.url_namespace}:{name}", kwargs=kwargs)

    def get_page_title(self):
        return _("Import")

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": "", "label": self.heading}]


class ImportUploadView(ImportMixin, FormView):
    """Choose what the file contains and upload it; a readable file leads to its preview."""

    template_name = "imports/upload.html"
    form_class = ImportForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "importers": self.importers, "kinds": self.kinds}

    def get_initial(self):
        kind = self.request.GET.get("kind")
        return {"kind": kind} if kind in self.kinds else {}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["column_help"] = [
            {
                "kind": kind,
                "label": self.importers[kind].label,
                "columns": self.importers[kind].columns.help(),
            }
            for kind in self.kinds
        ]
        return context

    def form_valid(self, form):
        kind = form.cleaned_data["kind"]
        upload = form.cleaned_data["file"]
        data = upload.read(files.MAX_BYTES + 1)
        try:
            self.importers[kind].check(data)
        except ImportRejected as rejection:
            for message in rejection.messages:
                form.add_error("file", message)
            return self.form_invalid(form)
        token = store_upload(self.request.user, kind, upload.name, data)
        if token is None:
            form.add_error("file", _("The file could not be kept for the preview. Try again later."))
            return self.form_invalid(form)
        return redirect(self.url("preview", token=token))


class ImportPreviewView(ImportMixin, TemplateView):
    """Every row of the stored file: what would happen, its errors and likely duplicates.

    GET writes nothing. POST with action=confirm applies the file; action=cancel forgets it.
    """

    template_name = "imports/preview.html"
    nothing_to_import = gettext_lazy("Nothing to import: everything in this file is already there.")
    new_records_label = ""  # what the records a plan creates first are called, if the importers make any

    def dispatch(self, request, token):
        self.token = token
        return super().dispatch(request, token)

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": self.url("upload"), "label": self.heading},
            {"url": "", "label": _("Preview")},
        ]

    def get_page_subtitle(self):
        return self.upload[1]

    def listing_url(self, kind):
        """Where the records a file of this kind wrote are listed, shown after the import."""
        raise NotImplementedError

    def imported_message(self, plan):
        counts = plan.counts
        return _(
            "Imported %(filename)s: %(created)d created, %(updated)d updated, %(unchanged)d unchanged."
        ) % {
            "filename": plan.filename,
            "created": counts[CREATE],
            "updated": counts[UPDATE],
            "unchanged": counts[UNCHANGED],
        }

    def load(self):
        """The stored upload, if this user may still import it."""
        upload = load_upload(self.request.user, self.token)
        if upload is None:
            messages.error(
                self.request, _("This import is no longer available. Upload the file again to import it.")
            )
            return None
        if upload[0] not in self.kinds:
            raise PermissionDenied
        self.upload = upload
        return upload

    def get(self, request, token):
        if self.load() is None:
            return redirect(self.url("upload"))
        kind, filename, data = self.upload
        try:
            plan = self.importers[kind].plan(data, filename, request.user)
        except ImportRejected as rejection:
            return self.rejected(rejection)
        return self.render_to_response(self.get_context_data(plan=plan))

    def post(self, request, token):
        if self.load() is None:
            return redirect(self.url("upload"))
        action = request.POST.get("action")
        if action == "cancel":
            discard_upload(request.user, token)
            messages.info(request, _("Import cancelled: nothing was written."))
            return redirect(self.url("upload"))
        if action != "confirm":
            return redirect(self.url("preview", token=token))

        kind, filename, data = self.upload
        try:
            plan = self.importers[kind].apply(data, filename, request.user)
        except ImportRejected as rejection:
            return self.rejected(rejection)
        except PlanHasErrors as problem:
            count = len(problem.plan.error_rows)
            messages.error(
                request,
                ngettext(
                    "Nothing was imported: %(count)d row has errors. Correct the file and upload it again.",
                    "Nothing was imported: %(count)d rows have errors. Correct the file and upload it again.",
                    count,
                )
                % {"count": count},
            )
            return redirect(self.url("preview", token=token))
        except DatabaseError:
            logger.exception("Import of %s (%s) by user %s failed", filename, kind, request.user.pk)
            messages.error(
                request,
                _(
                    "The import failed and nothing was written. Try again; if it fails again, tell the "
                    "site team."
                ),
            )
            return redirect(self.url("preview", token=token))

        discard_upload(request.user, token)
        messages.success(request, self.imported_message(plan))
        return redirect(self.listing_url(kind))

    def rejected(self, rejection):
        discard_upload(self.request.user, self.token)
        for message in rejection.messages:
            messages.error(self.request, message)
        return redirect(self.url("upload"))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        plan = kwargs["plan"]
        importer, url_finder = self.importers[plan.kind], AdminURLFinder(self.request.user)
        for row in plan.rows:
            if row.target is not None:
                row.target_url = importer.record_url(row.target, url_finder) or ""
        context.update(
            {
                "kind_label": self.importers[plan.kind].label,
                "filename": plan.filename,
                "counts": plan.counts,
                "self_url": self.request.path,
                "existing_label": _("existing record"),
                "nothing_to_import": self.nothing_to_import,
                "new_records_label": self.new_records_label,
                "upload_url": self.url("upload") + f"?kind={plan.kind}",
            }
        )
        return context
