"""The admin's merge screens (contacts/merge.py does the merge): choose the contact to keep (GET), see what
moves (GET with `keep`), merge (POST). Reached from a contact's person page."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.base import ViewSet

from .choosers import ContactChooser
from .merge import kept_contact, may_merge, merge_contacts, plan_merge
from .models import Contact


class KeepForm(forms.Form):
    keep = forms.ModelChoiceField(
        queryset=Contact.objects.none(), widget=ContactChooser, label=gettext_lazy("Contact to keep")
    )

    def __init__(self, *args, merged, **kwargs):
        super().__init__(*args, **kwargs)
        self.merged = merged
        # The chooser lists the duplicate too: choosing it gets a message that says so (clean_keep),
        # not Django's "Select a valid choice".
        self.fields["keep"].queryset = Contact.objects.all()

    def clean_keep(self):
        keep = self.cleaned_data["keep"]
        if keep.pk == self.merged.pk:
            raise forms.ValidationError(
                _("%(name)s is the contact being merged: choose the other record, the one to keep.")
                % {"name": self.merged}
            )
        return keep


class MergeView(WagtailAdminTemplateMixin, TemplateView):
    """Choose the contact to keep (GET), see what moves (GET with `keep`), merge (POST)."""

    header_icon = "user"

    def dispatch(self, request, pk):
        if not may_merge(request.user):
            raise PermissionDenied
        if request.method == "POST" and not Contact.objects.filter(pk=pk).exists():
            return already_merged(request, pk)
        self.merged = get_object_or_404(Contact, pk=pk)
        return super().dispatch(request, pk)

    def get_page_title(self):
        return _("Merge into another contact")

    def get_page_subtitle(self):
        return str(self.merged)

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse("wagtailsnippets_contacts_contact:list"), "label": _("Contacts")},
            {"url": person_url(self.merged), "label": str(self.merged)},
            {"url": "", "label": _("Merge")},
        ]

    def get(self, request, pk):
        form = KeepForm(request.GET if "keep" in request.GET else None, merged=self.merged)
        if not form.is_valid():
            self.template_name = "contacts/admin/merge_choose.html"
            return self.render_to_response(self.get_context_data(form=form))
        plan = plan_merge(self.merged, form.cleaned_data["keep"])
        self.template_name = "contacts/admin/merge_confirm.html"
        return self.render_to_response(self.get_context_data(plan=plan))

    def post(self, request, pk):
        form = KeepForm(request.POST, merged=self.merged)
        if not form.is_valid():
            self.template_name = "contacts/admin/merge_choose.html"
            return self.render_to_response(self.get_context_data(form=form))
        kept = form.cleaned_data["keep"]
        merged_name = str(self.merged)
        try:
            merge_contacts(self.merged, kept, request.user)
        except Contact.DoesNotExist:
            messages.error(request, _("One of the two contacts no longer exists: nothing was merged."))
            return redirect("wagtailsnippets_contacts_contact:list")
        messages.success(
            request, _("%(merged)s was merged into %(kept)s.") % {"merged": merged_name, "kept": kept}
        )
        return redirect(person_url(kept))


def already_merged(request, pk):
    """A merge posted again once it was done (the browser re-sent the form, another tab confirmed it):
    the contact kept, through merges in a row, with a message; the listing if that one is gone too. A
    link to the merge of an unknown contact (GET) is still "not found"."""
    kept = kept_contact(pk)
    if kept is None:
        messages.warning(request, _("This contact no longer exists: nothing was merged."))
        return redirect("wagtailsnippets_contacts_contact:list")
    messages.warning(
        request,
        _("This contact was already merged into %(kept)s: there is nothing left to merge.") % {"kept": kept},
    )
    return redirect(person_url(kept))


def person_url(contact):
    return reverse("wagtailsnippets_contacts_contact:inspect", args=[contact.pk])


class MergeViewSet(ViewSet):
    """`contacts_merge:merge` for a contact: reached from its person page."""

    name = "contacts_merge"
    url_prefix = "engagement-log/merge"

    def get_urlpatterns(self):
        return [path("<int:pk>/", MergeView.as_view(), name="merge")]


merge_viewset = MergeViewSet()
