"""A city's current mayor in the engagement log fills the mayor facts of its public page, so that staff
type the mayor's name and term once.

The current mayor is the city's current mayor role with the latest start date (as on the city's staff
page, contacts.city_summary). Its contact's given and family names (without honorific) become the page's
mayor's name, the contact's job title (when it has one) the mayor's title, and the role's dates the term.

The facts are written as a new revision of the city page, as an editor would: published when the page
is live with nothing unpublished; otherwise kept as a draft on top of the latest one, so that an
editor's draft is neither published nor overwritten. Nothing is written when the facts are already
there. When a city has no current mayor role any more, its page keeps the facts it has: a past term is
still true, and the log cannot know who came next. The invented mayors of the demo log (contacts.demo)
never reach a real city's page.
"""

from django.db.models import F
from django.db.models.signals import post_delete, post_save, pre_save

from cities.models import CityPage

from .demo import DEMO_NOTE
from .models import CityRole, Contact

MAYOR_CONTACT_FIELDS = {"given_name", "family_name", "job_title"}


def current_mayor_role(city):
    return (
        CityRole.objects.current()
        .filter(city=city, role=CityRole.Role.MAYOR)
        .exclude(contact__notes__startswith=DEMO_NOTE)
        .select_related("contact")
        .order_by(F("start_date").desc(nulls_last=True), "-pk")
        .first()
    )


def _fitted(field_name, value):
    return value[: CityPage._meta.get_field(field_name).max_length]


def mayor_facts(role):
    """The page fields that the role gives, by name."""
    contact = role.contact
    name = " ".join(part for part in (contact.given_name, contact.family_name) if part)
    facts = {
        "mayor_name": _fitted("mayor_name", name),
        "mayor_term_start": role.start_date,
        "mayor_term_end": role.end_date,
    }
    if contact.job_title:
        facts["mayor_title"] = _fitted("mayor_title", contact.job_title)
    return facts


def sync_city_mayor(city_id):
    """Give the city's page the facts of its current mayor role; return the new revision, or None."""
    page = CityPage.objects.filter(pk=city_id).first()
    role = page and current_mayor_role(page)
    if role is None:
        return None
    publish = page.live and not page.has_unpublished_changes
    # The live page when nothing waits, else the editor's latest draft, which the new revision extends.
    edited = page if publish else page.get_latest_revision_as_object()
    facts = mayor_facts(role)
    if all(getattr(edited, name) == value for name, value in facts.items()):
        return None
    for name, value in facts.items():
        setattr(edited, name, value)
    # clean=False: the page's other fields are the editors' and were checked when they saved them; they
    # must not make a contact's save fail. The facts written here are valid by construction.
    revision = edited.save_revision(log_action=True, clean=False)
    if publish:
        revision.publish()
    return revision


def connect():
    pre_save.connect(_remember_role, sender=CityRole, dispatch_uid="contacts-mayor-role-before")
    post_save.connect(_role_saved, sender=CityRole, dispatch_uid="contacts-mayor-sync")
    post_delete.connect(_role_deleted, sender=CityRole, dispatch_uid="contacts-mayor-sync-deleted")
    post_save.connect(_contact_saved, sender=Contact, dispatch_uid="contacts-mayor-sync-contact")


def _remember_role(sender, instance, raw=False, **kwargs):
    """Remember the city of a mayor role about to change, so that a role moved away from a city (or no
    longer a mayor's) lets that city's other current mayor role show again."""
    instance.mayor_sync_previous_city_id = None
    if instance.pk and not raw:
        previous = CityRole.objects.filter(pk=instance.pk, role=CityRole.Role.MAYOR).first()
        instance.mayor_sync_previous_city_id = previous and previous.city_id


def _role_saved(sender, instance, raw=False, **kwargs):
    if raw:
        return
    previous_city_id = getattr(instance, "mayor_sync_previous_city_id", None)
    if previous_city_id and (previous_city_id != instance.city_id or instance.role != CityRole.Role.MAYOR):
        sync_city_mayor(previous_city_id)
    if instance.role == CityRole.Role.MAYOR:
        sync_city_mayor(instance.city_id)


def _role_deleted(sender, instance, **kwargs):
    if instance.role == CityRole.Role.MAYOR:
        sync_city_mayor(instance.city_id)


def sync_mayors_among(contact_ids):
    """Bring the new names or job titles of these contacts to the pages of the cities they are the current
    mayor of. Saving a contact does it through a signal; a bulk write (an import) calls this after it."""
    roles = CityRole.objects.current().filter(contact_id__in=contact_ids, role=CityRole.Role.MAYOR)
    for city_id in set(roles.values_list("city_id", flat=True)):
        sync_city_mayor(city_id)


def _contact_saved(sender, instance, raw=False, update_fields=None, **kwargs):
    if raw or (update_fields is not None and not MAYOR_CONTACT_FIELDS & set(update_fields)):
        return
    sync_mayors_among([instance.pk])
