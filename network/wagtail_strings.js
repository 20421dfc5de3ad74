/*
 * Wagtail's JavaScript strings that its Spanish or Portuguese catalogue (wagtail/admin/locale/<language>/
 * LC_MESSAGES/djangojs.po) lacks, gets wrong, or words as "tú": the JavaScript twin of
 * network/wagtail_strings.py.
 *
 * No page loads this file, and it is not a static file (it lies outside every static/ folder, so
 * collectstatic leaves it out): the gettext() and ngettext() calls below are only marks that make
 * `makemessages -d djangojs` keep these msgids (exactly Wagtail's) in our catalogues,
 * locale/<language>/LC_MESSAGES/djangojs.po. Wagtail's admin pages load their translations from
 * /admin/jsi18n/ (Django's JavaScriptCatalog), which merges ours (LOCALE_PATHS) over Wagtail's, so ours
 * win. tests/test_admin_javascript_usted.py reads the arrays below and fetches that catalogue.
 */
/* global gettext, ngettext */

// Shown in English: Wagtail's Spanish catalogue lacks them (its Portuguese lacks some; those would show
// in Spanish, the site's default language).
const MISSING = [
  // The minimap's and the side panels' error counts, the preview's sizes
  ngettext("%(num)s error", "%(num)s errors"),
  ngettext("%(num)s pixel", "%(num)s pixels"),
  // The content metrics of the checks panel
  ngettext("%(num)s min", "%(num)s mins"),
  gettext("Complex"),
  gettext("Fair"),
  gettext("Good"),
  // Autosave
  gettext("Autosave in progress…"),
  gettext("Changes have been autosaved."),
  gettext("A network error occurred."),
  gettext("A server error occurred."),
  // The rich text editor and the block chooser
  gettext("Pin toolbar"),
  gettext("Unpin toolbar"),
  gettext("Search options…"),
  // Account settings: the time zone list
  gettext("%(time_zone_option)s: %(localized_time_zone_label)s"),
];

// Translated by Wagtail, but wrongly: the comments' "Delete error" and "Save error" (a failure, in
// Spanish an order to delete or save an error; "Remover erro", "Salvar erro" in Portuguese), a typo
// ("Recagar la página"), and "Linea de quiebre" for a line break.
const CORRECTED = [
  gettext("Delete error"),
  gettext("Save error"),
  gettext("Reload the page"),
  gettext("Line break"),
];

// Translated by Wagtail, but speaking to the reader as "tú" ("¿Estás seguro?", "Introduce tus
// comentarios..."), where the rest of our Spanish says "usted": the page editor's comments and its rich
// text editor. Our pt_BR catalogue repeats Wagtail's Portuguese where it is right ("você").
const INFORMAL = [
  gettext("Are you sure?"),
  gettext("Enter your comments..."),
  gettext("Enter your reply..."),
  gettext("Write something or type ‘/’ to insert a block"),
];
