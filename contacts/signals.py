"""A current "focal point" city role gives its contact's account the city's access
(contacts.focal_point_sync): every change of a role, of a contact's e-mail addresses (the accounts are
found by them) or deletion of a contact is passed on."""

from django.db.models.signals import post_delete, post_save, pre_delete, pre_save

from .focal_point_sync import revoke_contact_access, sync_city_focal_points, sync_contacts_focal_points
from .models import CityRole, Contact, ContactEmail


def connect():
    pre_save.connect(_remember_role, sender=CityRole, dispatch_uid="contacts-role-before")
    post_save.connect(_role_saved, sender=CityRole, dispatch_uid="contacts-focal-point-sync")
    post_delete.connect(_role_deleted, sender=CityRole, dispatch_uid="contacts-focal-point-sync-deleted")
    pre_delete.connect(_contact_deleted, sender=Contact, dispatch_uid="contacts-contact-deleted")
    pre_save.connect(_remember_address, sender=ContactEmail, dispatch_uid="contacts-address-before")
    post_save.connect(_address_saved, sender=ContactEmail, dispatch_uid="contacts-address-saved")
    post_delete.connect(_address_deleted, sender=ContactEmail, dispatch_uid="contacts-address-deleted")


def _remember_role(sender, instance, raw=False, **kwargs):
    """Keep what the role was, so that a change of kind or city also updates the old city."""
    previous = None
    if instance.pk and not raw:
        previous = CityRole.objects.filter(pk=instance.pk).select_related("city").first()
    instance._previous_role = previous


def _role_saved(sender, instance, raw=False, **kwargs):
    if raw:
        return
    previous = getattr(instance, "_previous_role", None)
    was_focal_point = previous is not None and previous.role == CityRole.Role.FOCAL_POINT
    if was_focal_point and (
        previous.city_id != instance.city_id or instance.role != CityRole.Role.FOCAL_POINT
    ):
        sync_city_focal_points(previous.city, removed_contact_ids={previous.contact_id})
    if instance.role == CityRole.Role.FOCAL_POINT:
        sync_city_focal_points(instance.city)


def _role_deleted(sender, instance, **kwargs):
    if instance.role == CityRole.Role.FOCAL_POINT:
        sync_city_focal_points(instance.city, removed_contact_ids={instance.contact_id})


def _contact_deleted(sender, instance, **kwargs):
    """Before the contact's e-mail addresses go, take away the access its roles gave."""
    revoke_contact_access(instance)


def _remember_address(sender, instance, raw=False, **kwargs):
    """Keep whose address it was and what it said, so that the account of an old address loses access."""
    previous = None
    if instance.pk and not raw:
        previous = ContactEmail.objects.filter(pk=instance.pk).values_list("contact_id", "address").first()
    instance._previous_address = previous


def _address_saved(sender, instance, raw=False, **kwargs):
    if raw:
        return
    previous = getattr(instance, "_previous_address", None)
    if previous is None:
        sync_contacts_focal_points({instance.contact_id})
        return
    contact_id, address = previous
    if contact_id != instance.contact_id or address.lower() != instance.address.lower():
        sync_contacts_focal_points({contact_id, instance.contact_id}, removed_addresses={address})


def _address_deleted(sender, instance, **kwargs):
    sync_contacts_focal_points({instance.contact_id}, removed_addresses={instance.address})
