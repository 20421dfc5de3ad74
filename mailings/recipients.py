"""Who of a segment's members a mailing goes to, and why not the others: the one set of rules behind the
figures staff see before sending (`audience`) and the list the worker takes (mailings.sending).

Each member is left out, with the first reason that holds, when they unsubscribed, have no legal basis
recorded, or no e-mail address; when their address is one through which someone asked to receive no
more mailings (a duplicate record of a person who unsubscribed); or when another member before them has
the same address (one message per mailbox). Addresses are compared without regard to case.
"""

from collections import Counter

from contacts.models import ContactEmail

from .models import Delivery


def recipients(members):
    """(contact id, preferred language, address, reason) of every member, by id; the address is the
    member's first, and the reason empty, when the mailing goes to them."""
    members = members.order_by("pk")
    first_address = {}
    for contact_id, address in (
        ContactEmail.objects.filter(contact__in=members.values("pk"))
        .order_by("contact_id", "sort_order", "pk")
        .values_list("contact_id", "address")
    ):
        first_address.setdefault(contact_id, address)
    unsubscribed_addresses = {
        address.lower()
        for address in ContactEmail.objects.filter(contact__unsubscribed_at__isnull=False).values_list(
            "address", flat=True
        )
    }
    taken = set()
    for contact_id, language, basis, unsubscribed_at in members.values_list(
        "pk", "preferred_language", "consent_basis", "unsubscribed_at"
    ):
        address = first_address.get(contact_id, "")
        reason = ""
        if unsubscribed_at or address.lower() in unsubscribed_addresses:
            reason = Delivery.Reason.UNSUBSCRIBED
        elif not basis:
            reason = Delivery.Reason.NO_CONSENT
        elif not address:
            reason = Delivery.Reason.NO_ADDRESS
        elif address.lower() in taken:
            reason = Delivery.Reason.SAME_ADDRESS
        if not reason:
            taken.add(address.lower())
        yield contact_id, language, address, reason


def audience(members):
    """How many of the members a mailing would reach now, and how many are left out for each reason."""
    reasons = Counter(reason for *_member, reason in recipients(members))
    return {
        "total": sum(reasons.values()),
        "reachable": reasons[""],
        "unsubscribed": reasons[Delivery.Reason.UNSUBSCRIBED],
        "no_consent": reasons[Delivery.Reason.NO_CONSENT],
        "no_address": reasons[Delivery.Reason.NO_ADDRESS],
        "same_address": reasons[Delivery.Reason.SAME_ADDRESS],
    }
