"""Deleting a contact in the admin erases the person, exactly as `contact_data --erase` does.

Decision: deletion is erasure, not a refusal. Someone who deletes a person in a CRM wants the person
gone; a plain delete would also drop them from the engagements they took part in and leave their name
in the audit log, so every way Wagtail deletes a contact goes through `privacy.erase_contact` instead:

- `EraseContactAction` is the contact's "delete" action in Wagtail's action registry, which Wagtail's
  delete view (and the snippets API, were it enabled) executes;
- `ContactDeleteView` says on its confirmation page what the erasure will do, before anything changes;
- `EraseContactsBulkAction` replaces Wagtail's bulk delete for contacts with the same erasure.

Each erasure is one transaction, and a bulk one is a single transaction for all its contacts.
"""

from django.db.models import Count
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail import hooks
from wagtail.actions import DeleteAction
from wagtail.snippets.bulk_actions.delete import DeleteBulkAction
from wagtail.snippets.views.snippets import DeleteView

from .models import Contact, Engagement, Organisation
from .privacy import erase_contact, erasure_previews


class EraseContactAction(DeleteAction):
    """Wagtail's "delete" for a contact: erasure, audited by `erase_contact` itself."""

    def execute(self, skip_permission_checks=False):
        self.check(skip_permission_checks=skip_permission_checks)
        return erase_contact(self.instance, user=self.user)


@hooks.register("register_actions")
def register_contact_erasure(registry):
    registry.register(Contact, EraseContactAction)


class ContactDeleteView(DeleteView):
    """The contact's "Delete": the confirmation page tells truthfully what erasing the person does (how
    many engagements keep an anonymous participant in their place, their roles, e-mail addresses,
    accounts and history); confirming erases them through `EraseContactAction`.

    Wagtail's reference count ("referenced 0 times") is shown only when it is not zero: it does not
    count the engagements, whose participants are a many-to-many field the reference index skips.
    """

    template_name = "contacts/admin/contact_delete.html"

    def get_template_names(self):
        # The snippet viewset passes Wagtail's generic confirmation, which would not say any of this.
        return [type(self).template_name]

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        # Read before the erasure: the success message tells how many engagements kept the person.
        self.erasure = erasure_previews([self.object])[self.object.pk]

    @property
    def confirmation_message(self):
        # One msgid with the bulk confirmation's plural (contact_delete_bulk.html), said of one person.
        return ngettext(
            "Erase this person? This cannot be undone.",
            "Erase these %(counter)s people? This cannot be undone.",
            1,
        ) % {"counter": 1}

    def get_success_message(self):
        return erased_message([self.erasure])

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "erasure": self.erasure}


class EraseContactsBulkAction(DeleteBulkAction):
    """Wagtail's bulk "Delete" for contacts, with the same erasure and confirmation as the single view.

    Wagtail registers its own for every snippet model; the registry keeps the last one registered per
    model and action, so this one is registered after it (order 1).
    """

    models = [Contact]
    template_name = "contacts/admin/contact_delete_bulk.html"

    def annotate_items(self, items):
        items = super().annotate_items(items)
        self.erasures = erasure_previews(items)
        return items

    def object_context(self, contact):
        return {**super().object_context(contact), "erasure": self.erasures[contact.pk]}

    def get_execution_context(self):
        return {**super().get_execution_context(), "user": self.request.user}

    @classmethod
    def execute_action(cls, objects, user=None, **kwargs):
        # Wagtail checked the delete permission on each contact (check_perm) and runs this in a transaction.
        for contact in objects:
            EraseContactAction(contact, user=user).execute(skip_permission_checks=True)
        return len(objects), 0

    def get_success_message(self, num_parent_objects, num_child_objects):
        return erased_message(self.erasures.values())


hooks.register("register_bulk_action", EraseContactsBulkAction, order=1)


def erased_message(erasures):
    """The success message: who was erased, and what the engagements kept in their place."""
    erasures = list(erasures)
    kept = sum(erasure.engagements for erasure in erasures)
    if len(erasures) == 1:
        erased = _("Contact '%(name)s' erased.") % {"name": erasures[0].contact}
        kept_message = ngettext(
            "The engagement they took part in keeps an anonymous participant in their place.",
            "The %(count)d engagements they took part in keep an anonymous participant in their place.",
            kept,
        )
    else:
        erased = ngettext("%(count)d contact erased.", "%(count)d contacts erased.", len(erasures)) % {
            "count": len(erasures)
        }
        kept_message = ngettext(
            "Their engagements keep %(count)d anonymous participant in their place.",
            "Their engagements keep %(count)d anonymous participants in their place.",
            kept,
        )
    if not kept:
        return erased
    return f"{erased} {kept_message % {'count': kept}}"


def organisation_counts(organisations):
    """{organisation id: (its contacts, the engagements naming it)}: two queries for all of them."""
    ids = [organisation.pk for organisation in organisations]
    contacts = dict(
        Contact.objects.filter(organisation__in=ids)
        .values_list("organisation")
        .annotate(count=Count("pk"))
        .order_by()
    )
    through = Engagement.organisations.through
    engagements = dict(
        through.objects.filter(organisation__in=ids)
        .values_list("organisation")
        .annotate(count=Count("pk"))
        .order_by()
    )
    return {pk: (contacts.get(pk, 0), engagements.get(pk, 0)) for pk in ids}


def organisation_losses(organisation, counts=None):
    """What deleting the organisation clears, in sentences: its contacts and engagements stay, without it.
    Wagtail's reference count does not tell it (it skips the engagements' many-to-many field). `counts`:
    organisation_counts() read for several at once."""
    contacts, engagements = (counts or organisation_counts([organisation]))[organisation.pk]
    losses = []
    if contacts:
        losses.append(
            ngettext(
                "%(count)d contact works for this organisation: it is kept, without an organisation.",
                "%(count)d contacts work for this organisation: they are kept, without an organisation.",
                contacts,
            )
            % {"count": contacts}
        )
    if engagements:
        losses.append(
            ngettext(
                "%(count)d engagement names this organisation: it is kept, without it.",
                "%(count)d engagements name this organisation: they are kept, without it.",
                engagements,
            )
            % {"count": engagements}
        )
    return losses


class OrganisationDeleteView(DeleteView):
    """An organisation's "Delete": the confirmation says which contacts and engagements lose it."""

    template_name = "contacts/admin/organisation_delete.html"

    def get_template_names(self):
        return [type(self).template_name]

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "losses": organisation_losses(self.object)}


class OrganisationDeleteBulkAction(DeleteBulkAction):
    """Wagtail's bulk "Delete" for organisations, saying for each which contacts and engagements lose it.
    Registered after Wagtail's own (order 1), as for contacts."""

    models = [Organisation]
    template_name = "contacts/admin/organisation_delete_bulk.html"

    def annotate_items(self, items):
        items = super().annotate_items(items)
        self.counts = organisation_counts(items)
        return items

    def object_context(self, organisation):
        return {
            **super().object_context(organisation),
            "losses": organisation_losses(organisation, self.counts),
        }


hooks.register("register_bulk_action", OrganisationDeleteBulkAction, order=1)
