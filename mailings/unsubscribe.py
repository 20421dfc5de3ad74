"""Unsubscribing from the network's mailings: a signed link in every message, and its public page.

The link carries the contact's id signed with the site's secret (no expiry: a link in an old message
must still work). Opening it shows a button; pressing it (a POST) records the wish on the contact, in
the audit log, and leaves the person out of every later mailing. Mail programs that offer their own
"unsubscribe" button post to the same URL (RFC 8058 one-click), without the form's CSRF token, which
is why the view does not ask for one: the signature is what proves the link came from a mailing.
The page names nobody and shows no address, so a forwarded link reveals nothing. A genuine link whose
person is no longer among the contacts (deleted) gets a page saying the address receives no mailings,
not one calling the link invalid; HEAD is answered as GET, and neither unsubscribes.
"""

from django.core import signing
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone, translation
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods
from wagtail.log_actions import log

from contacts.merge import kept_contact
from network.links import absolute_url

SALT = "mailings.unsubscribe"
UNSUBSCRIBE_ACTION = "mailings.unsubscribe"


def unsubscribe_link(contact_id, language):
    token = signing.dumps(contact_id, salt=SALT, compress=True)
    with translation.override(language):
        return absolute_url(reverse("mailings_unsubscribe", args=[token]))


def unsubscribe_headers(link):
    return {"List-Unsubscribe": f"<{link}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}


NOT_VALID = object()


def contact_of(token):
    """The contact a link stands for; None when the link is genuine but its person is no longer among the
    contacts (deleted, or merged into a contact deleted since); NOT_VALID when it is not genuine."""
    try:
        contact_id = signing.loads(token, salt=SALT)
    except signing.BadSignature:
        return NOT_VALID
    if not isinstance(contact_id, int):
        return NOT_VALID
    # A link sent before the person's record was merged into another still stands for them.
    return kept_contact(contact_id)


@never_cache
@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
def unsubscribe(request, token):
    """GET and HEAD show the page and change nothing; only POST (the button, or one click) unsubscribes."""
    contact = contact_of(token)
    if contact is NOT_VALID:
        return TemplateResponse(request, "mailings/unsubscribe.html", {"not_valid": True}, status=400)
    if contact is None:
        # Nobody to leave out: no mailing goes to a contact that does not exist.
        return TemplateResponse(request, "mailings/unsubscribe.html", {"no_contact": True})
    done = False
    if request.method == "POST":
        done = True
        if contact.unsubscribed_at is None:
            contact.unsubscribed_at = timezone.now()
            contact.save(update_fields=["unsubscribed_at"])
            log(instance=contact, action=UNSUBSCRIBE_ACTION)
    return TemplateResponse(
        request,
        "mailings/unsubscribe.html",
        {"done": done or contact.unsubscribed_at is not None, "action": request.path},
    )
