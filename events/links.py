"""The links in the e-mails to registrants, from the site's base URL (network/links.py)."""

from django.urls import reverse

from network.links import absolute_url


def manage_link(registration):
    """The person's own link to change or cancel their registration (its key is the only secret)."""
    return absolute_url(reverse("events_registration", args=[registration.manage_key]))


def verification_url(code):
    """Where anyone checks a certificate of attendance by its code."""
    return absolute_url(reverse("events_certificate", args=[code]))
