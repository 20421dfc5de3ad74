"""Month names as Portuguese writes them: Django's pt_BR catalogue capitalises them ("6 de Dezembro").

Nothing calls this module: the marks below make `makemessages` keep Django's msgids in our catalogues
(locale/), and Django prefers our catalogues to its own, so dates read "6 de dezembro de 2026". Spanish
already writes them in lower case; its entries repeat Django's.
"""

from django.utils.translation import gettext_noop

MONTHS = (
    gettext_noop("January"),
    gettext_noop("February"),
    gettext_noop("March"),
    gettext_noop("April"),
    gettext_noop("May"),
    gettext_noop("June"),
    gettext_noop("July"),
    gettext_noop("August"),
    gettext_noop("September"),
    gettext_noop("October"),
    gettext_noop("November"),
    gettext_noop("December"),
)
