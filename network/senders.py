"""Who the network's e-mails come from, in the language of the person who reads them.

DEFAULT_FROM_EMAIL names the network ("Learning Cities Network <…>") unless the site's operator gave it
another name: a person reading Spanish or Portuguese sees the network's name in their language
("Red de Ciudades del Aprendizaje"), as the message itself speaks it. Another name is the operator's
choice and stays as it is.
"""

from email.utils import formataddr, parseaddr

from django.conf import settings
from django.utils.translation import gettext, gettext_noop

NETWORK_NAME = gettext_noop("Learning Cities Network")


def sender():
    """DEFAULT_FROM_EMAIL, the network's name in the active language."""
    name, address = parseaddr(settings.DEFAULT_FROM_EMAIL)
    if name != NETWORK_NAME:
        return settings.DEFAULT_FROM_EMAIL
    return formataddr((gettext(NETWORK_NAME), address))
