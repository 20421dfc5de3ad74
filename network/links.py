"""Every link in every e-mail starts with the site's base URL, WAGTAILADMIN_BASE_URL.

Wagtail's notifications put it before admin paths and link pages by their Site (`page.full_url`), which
`setup_network` keeps at the base URL's host and port (`site_address`); the project's own e-mails build
their links with `absolute_url`. Never the host of the request that caused the e-mail: staff reaching
the admin by another name (an internal address, a proxy) would mail links the recipient cannot open.
"""

import ipaddress
from urllib.parse import urlsplit

from django.conf import settings
from django.http.request import validate_host

DEFAULT_PORTS = {"http": 80, "https": 443}
LOCAL_HOSTNAMES = {"localhost"}


def absolute_url(path):
    """The base URL followed by a path of this site ("/admin/…")."""
    return settings.WAGTAILADMIN_BASE_URL + path


def site_address(base_url):
    """The hostname and port of a Wagtail Site whose `root_url` is this base URL."""
    parts = urlsplit(base_url)
    return parts.hostname, parts.port or DEFAULT_PORTS[parts.scheme]


def is_loopback(hostname):
    """This machine only: no link to it ever reaches anyone else."""
    if hostname in LOCAL_HOSTNAMES:
        return True
    try:
        return ipaddress.ip_address(hostname).is_loopback
    except ValueError:
        return False


def production_base_url_problem(base_url, allowed_hosts):
    """Why production could not mail links to this base URL, or None.

    It must be an https address without a path (Wagtail's Site, which gives pages their full URL, holds
    a host and a port only, and gives https only on port 443), served by this site (ALLOWED_HOSTS).
    Plain http is accepted for this machine only (`make production`).
    """
    if not base_url:
        return (
            "Set WAGTAILADMIN_BASE_URL to the site's address, e.g. https://learningcities.example.org: "
            "every link in every e-mail starts with it."
        )
    example = "e.g. https://learningcities.example.org"
    parts = urlsplit(base_url)
    try:
        port = parts.port
    except ValueError:
        port = -1
    if (
        parts.scheme not in DEFAULT_PORTS
        or not parts.hostname
        or port == -1
        or parts.username is not None
        or parts.path
        or parts.query
        or parts.fragment
    ):
        return f"WAGTAILADMIN_BASE_URL must be the site's address alone ({example}), not {base_url!r}."
    if parts.scheme != "https" and not is_loopback(parts.hostname):
        return f"WAGTAILADMIN_BASE_URL must start with https:// ({example}), not {base_url!r}."
    if parts.scheme == "https" and port not in (None, 443):
        return (
            f"WAGTAILADMIN_BASE_URL may name no port but 443 with https (Wagtail links pages over https on "
            f"port 443 only), not {base_url!r}."
        )
    if not validate_host(parts.hostname, allowed_hosts):
        return (
            f"WAGTAILADMIN_BASE_URL's host {parts.hostname!r} is not in ALLOWED_HOSTS: the site would "
            "refuse every link in its e-mails."
        )
    return None
