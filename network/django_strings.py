"""Django's own strings that its catalogues word otherwise than our pages.

Nothing calls this module: the marks below make `makemessages` keep Django's msgids in our catalogues
(locale/), and Django prefers our catalogues to its own (as network/date_names.py does for month names).
Django's pt_BR catalogue writes a shortened text with a space before it (" Doce ciudades…": meta
descriptions, the library's abstracts, the sources of a city page), and calls an e-mail address an
"email" where our forms' labels say "e-mail"; its Spanish asks for the address with "Introduzca", where
ours asks with "Escriba" throughout (tests/test_translation_catalogues.py).
"""

from django.utils.translation import gettext_noop, pgettext_lazy

STRINGS = (
    pgettext_lazy("String to return when truncating text", "%(truncated_text)s…"),
    gettext_noop("Enter a valid email address."),
)
