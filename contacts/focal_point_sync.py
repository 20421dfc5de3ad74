"""A contact with a current focal-point role in a city, and a user account with one of the contact's
e-mail addresses, belongs to the city's focal-point group; when the role ends, the account leaves it.

Which accounts are the contact's is the engagement log's business; how they get or lose the city's
access is cities': cities.invitations.grant_to_account (an account with other access joins only once
its owner confirms) and cities.focal_points.remove_focal_point. Accounts invited by hand (without a
role in the log) are left alone. An address the contact no longer has (changed or removed) takes its
account out of the cities of the contact's focal-point roles, as an ended role would.
"""

from django.contrib.auth import get_user_model
from django.db.models import Q

from cities.focal_points import remove_focal_point
from cities.invitations import grant_to_account

from .models import CityRole, ContactEmail


def accounts_of(contact_ids):
    addresses = ContactEmail.objects.filter(contact__in=contact_ids).values_list("address", flat=True)
    return accounts_with(addresses)


def accounts_with(addresses):
    condition = Q()
    for address in addresses:
        condition |= Q(email__iexact=address)
    if not condition:
        return get_user_model().objects.none()
    return get_user_model().objects.filter(condition, is_active=True)


def sync_city_focal_points(city, removed_contact_ids=(), removed_addresses=()):
    """Add the accounts of current focal points; remove those whose roles ended or were removed, and
    those of addresses a focal point no longer has (unless still a current focal point's)."""
    roles = list(CityRole.objects.filter(city=city, role=CityRole.Role.FOCAL_POINT))
    removed = set(removed_contact_ids)
    current = {role.contact_id for role in roles if role.is_current} - removed
    ended = {role.contact_id for role in roles if not role.is_current} | removed
    current_accounts = set(accounts_of(current))
    for account in current_accounts:
        grant_to_account(city, account)
    leaving = set(accounts_of(ended - current)) | set(accounts_with(removed_addresses))
    for account in leaving - current_accounts:
        remove_focal_point(city, account)


def sync_contacts_focal_points(contact_ids, removed_addresses=()):
    """The contacts' addresses changed: the cities of their focal-point roles, ended or not, follow."""
    roles = CityRole.objects.filter(contact__in=contact_ids, role=CityRole.Role.FOCAL_POINT)
    for city in {role.city for role in roles.select_related("city")}:
        sync_city_focal_points(city, removed_addresses=removed_addresses)


def revoke_contact_access(contact):
    """The accounts of a contact about to be deleted leave the cities of its focal-point roles."""
    roles = CityRole.objects.filter(contact=contact, role=CityRole.Role.FOCAL_POINT).select_related("city")
    for city in {role.city for role in roles}:
        sync_city_focal_points(city, removed_contact_ids={contact.pk})


def sync_all_focal_points():
    """Apply every city's focal-point roles as they are today (the worker's start, contacts.role_dates,
    and `manage.py sync_focal_points`); returns how many cities."""
    cities = {
        role.city for role in CityRole.objects.filter(role=CityRole.Role.FOCAL_POINT).select_related("city")
    }
    for city in cities:
        sync_city_focal_points(city)
    return len(cities)
