"""Django's own strings that its catalogues word otherwise than our pages.

Nothing calls this module: the marks below make `makemessages` keep Django's msgids in our catalogues
(locale/), and Django prefers our catalogues to its own (as network/date_names.py does for month names).
Django's pt_BR catalogue writes a shortened text with a space before it (" Doce ciudades…": meta
descriptions, the library's abstracts, the sources of a city page), and calls an e-mail address an
"email" where our forms' labels say "e-mail"; its Spanish asks for the address with "Introduzca", where
ours asks with "Escriba" throughout (tests/test_translation_catalogues.py).

The errors of a bad filter value follow: a shared or hand-edited link (?year=abc, ?kind=zz, ?theme=a b,
?date_from=abc) shows them next to the filter of a public list (directory, events, library, practices,
search) or of a staff listing or report. Django's Spanish asks with "Introduzca" and "Escoja" where ours
says "Escriba" and "Elija", and says a value of at most 2 characters must have "menos de 2"
(tests/test_filter_errors_wording.py).
"""

from django.utils.translation import gettext_noop, ngettext_lazy, pgettext_lazy

STRINGS = (
    pgettext_lazy("String to return when truncating text", "%(truncated_text)s…"),
    gettext_noop("Enter a valid email address."),
    # A select's value that is not one of its options, by its value (a country, a kind, a theme's slug) or by
    # its key (a city, a theme or a cycle of the staff's filters)
    gettext_noop("Select a valid choice. %(value)s is not one of the available choices."),
    gettext_noop("Select a valid choice. That choice is not one of the available choices."),
    # The directory's year joined, and the dates of the staff's filters
    gettext_noop("Enter a whole number."),
    gettext_noop("Enter a valid date."),
    # The directory's and the search's theme (a slug), country (two letters) and search text
    gettext_noop("Enter a valid “slug” consisting of letters, numbers, underscores or hyphens."),
    ngettext_lazy(
        "Ensure this value has at most %(limit_value)d character (it has %(show_value)d).",
        "Ensure this value has at most %(limit_value)d characters (it has %(show_value)d).",
    ),
    # A file of a type refused (a progress report's evidence, an image or a document): Django's Spanish
    # writes "esta" for "está", its Portuguese a space before the last full stop.
    gettext_noop(
        "File extension “%(extension)s” is not allowed. Allowed extensions are: %(allowed_extensions)s."
    ),
)
