"""Wagtail's own interface strings that its Spanish or Portuguese catalogue lacks or gets wrong.

Nothing calls this module: the marks below make `makemessages` keep these msgids (exactly Wagtail's) in
our catalogues (locale/), and Django prefers our catalogues to the apps' own. A string missing from
Wagtail's es catalogue shows in English; one missing only from its pt_BR catalogue shows in Spanish (the
site's default language). tests/test_admin_language.py reads these lists and checks the screens and
e-mails where these strings appear; tests/test_admin_addresses_usted.py checks the INFORMAL ones (Wagtail's
"tú") in our catalogues.

Why this module is long: it is three lists of data, Wagtail's msgids grouped by the screen that shows them;
it does one job, and the tests read each list from this one file.
"""

from django.utils.translation import gettext_noop, ngettext_lazy

MISSING = (
    # Dashboard, menus and every admin page
    gettext_noop("Search all pages…"),
    gettext_noop("Shortcuts"),
    gettext_noop("Page types usage"),
    gettext_noop("Wagtail %(current_version)s editor guide"),
    gettext_noop("Edit account avatar"),
    gettext_noop("Your pages and snippets in a workflow"),
    gettext_noop("Privacy and access"),
    gettext_noop("Toggle breadcrumbs"),
    gettext_noop("Actions (footer)"),
    gettext_noop(
        "JavaScript is required to use Wagtail, but it is currently disabled.<br /> Here are the "
        '<a href="https://www.enable-javascript.com/" target="_blank" rel="noreferrer">instructions how '
        "to enable JavaScript in your web browser</a>."
    ),
    ngettext_lazy(
        '%(total)s Page <span class="w-sr-only">created in %(site_name)s</span>',
        '%(total)s Pages <span class="w-sr-only">created in %(site_name)s</span>',
    ),
    ngettext_lazy(
        '%(total)s Image <span class="w-sr-only">created in %(site_name)s</span>',
        '%(total)s Images <span class="w-sr-only">created in %(site_name)s</span>',
    ),
    ngettext_lazy(
        '%(total)s Document <span class="w-sr-only">created in %(site_name)s</span>',
        '%(total)s Documents <span class="w-sr-only">created in %(site_name)s</span>',
    ),
    # The keyboard shortcuts dialog of every admin page (Help › Shortcuts, or the "?" key)
    gettext_noop("All keyboard shortcuts"),
    gettext_noop("Section"),
    gettext_noop("Keyboard shortcut"),
    gettext_noop("Application"),
    gettext_noop("Show keyboard shortcuts"),
    gettext_noop("Toggle minimap"),
    gettext_noop("Close modal dialogs (like this one)"),
    gettext_noop("Add or show comments"),
    gettext_noop("Text editing"),
    gettext_noop("Cut"),
    gettext_noop("Paste"),
    gettext_noop("Paste without formatting"),
    gettext_noop("Text formatting"),
    gettext_noop("Insert or edit a link"),
    gettext_noop("Monospace (code)"),
    gettext_noop("Strike-through"),
    gettext_noop("Keyboard shortcuts are currently enabled; manage your %(account_link)s to disable them."),
    # Listings: pages, snippets, reports
    gettext_noop("Search…"),
    gettext_noop("Exploring"),
    gettext_noop("item"),
    gettext_noop("items"),
    gettext_noop("Filter by"),
    gettext_noop("Show filters"),
    gettext_noop("There are no %(model_name)s to display."),
    gettext_noop("There are no results."),
    gettext_noop("More options for '%(title)s'"),
    gettext_noop("Sort by '%(label)s' in ascending order."),
    gettext_noop("Sort by '%(label)s' in descending order."),
    gettext_noop("%(start_index)s-%(end_index)s of %(items_count)s %(model_name)s"),
    gettext_noop(
        "%(start_index)s-%(end_index)s of %(items_count)s %(model_name)s in "
        "'<span class=\"w-title-ellipsis\">%(title)s</span>'."
    ),
    gettext_noop("No results in '<span class=\"w-title-ellipsis\">%(title)s</span>'."),
    gettext_noop("Search the whole site"),
    gettext_noop("Date updated"),
    gettext_noop("Edited by"),
    gettext_noop("Has child pages"),
    gettext_noop("Any"),
    gettext_noop("Page type"),
    gettext_noop("Locking: "),
    gettext_noop("First published"),
    gettext_noop("Available in %(translations_total)s locales"),
    ngettext_lazy("Referenced %(count)s time", "Referenced %(count)s times"),
    gettext_noop("Go to the first error"),
    gettext_noop("To be created by %(user)s"),
    # The explorer's bulk actions on pages
    ngettext_lazy(
        "%(num_parent_objects)d page has been published", "%(num_parent_objects)d pages have been published"
    ),
    ngettext_lazy(
        "%(num_parent_objects)d page has been unpublished",
        "%(num_parent_objects)d pages have been unpublished",
    ),
    # The explorer's search of the whole site
    gettext_noop("%(start_index)s-%(end_index)s of %(items_count)s %(model_name)s across entire site."),
    gettext_noop("No results across entire site."),
    gettext_noop("Search in '<span class=\"w-title-ellipsis\">%(title)s</span>'"),
    # The page editor, when another page under the same parent has the slug, and a page that does not
    # validate, being edited or created
    gettext_noop("The slug '%(page_slug)s' is already in use within the parent page."),
    gettext_noop("The page could not be saved due to validation errors."),
    gettext_noop("The page could not be created due to validation errors."),
    # Reports and workflow screens
    gettext_noop("By task"),
    gettext_noop("By workflow"),
    gettext_noop("No pages/snippets have been submitted for moderation yet"),
    gettext_noop("Anyone"),
    gettext_noop("Locked by"),
    gettext_noop("App"),
    gettext_noop("Last edit"),
    gettext_noop("Last edited page"),
    gettext_noop("Is commenting action"),
    gettext_noop("Compare"),
    gettext_noop("Locked by workflow"),
    gettext_noop("Only reviewers can edit and approve the %(model_name)s"),
    gettext_noop("Only reviewers for this task can edit the %(model_name)s."),
    gettext_noop("This %(model_name)s is currently awaiting moderation."),
    gettext_noop("Reviewers can edit this %(model_name)s – lock it to prevent other reviewers from editing"),
    gettext_noop("Anyone can edit this %(model_name)s – lock it to prevent others from editing"),
    gettext_noop('The page "%(title)s" has been submitted for approval in moderation stage "%(task)s"'),
    # The page editor's status panel and content checks
    gettext_noop("Saved"),
    gettext_noop("Autosave is paused"),
    gettext_noop("Autosave is <span>paused</span>"),
    gettext_noop("Checks"),
    gettext_noop("Toggle checks"),
    gettext_noop("Show issue"),
    gettext_noop("Content metrics"),
    gettext_noop("Words"),
    gettext_noop("Reading time"),
    gettext_noop("Readability"),
    gettext_noop("This data explained"),
    gettext_noop("Button text is empty"),
    gettext_noop("Use meaningful text for screen reader users"),
    gettext_noop("Empty heading found"),
    gettext_noop("Table header text is empty"),
    gettext_noop("Empty frame title found"),
    gettext_noop("Use a meaningful title for screen reader users"),
    gettext_noop("Incorrect heading hierarchy"),
    gettext_noop("Avoid skipping levels"),
    gettext_noop("Input button text is empty"),
    gettext_noop("Link text is empty"),
    gettext_noop("Misusing paragraphs as headings"),
    gettext_noop("Use proper heading tags"),
    gettext_noop("Image alt text has inappropriate pattern"),
    gettext_noop("Use meaningful text"),
    gettext_noop("Meta description is empty"),
    gettext_noop("Add a concise description for search engines"),
    # The page editor's dialogs: content metrics explained, the publishing schedule, a lost connection; and
    # the warning of an editor left with unsaved changes
    gettext_noop("How we calculate our metrics"),
    gettext_noop(
        "We extract the main content from the page preview, remove all formatting, and calculate the number "
        "of words."
    ),
    gettext_noop(
        "We calculate reading time from word count, using different reading speeds for different languages."
    ),
    gettext_noop(
        "We use a readability formula based on length of words and sentences. Long sentences and words "
        "result in a worse readability score."
    ),
    gettext_noop(
        'See our <a href="%(guide_link)s" target="_blank">content checks guide</a> for more information on '
        "how content metrics are calculated."
    ),
    gettext_noop("Schedule to publish"),
    gettext_noop(
        'This publishing schedule will only take effect after you select the "Schedule to publish" option'
    ),
    gettext_noop("A network error occurred"),
    gettext_noop(
        "Troubleshoot your connection to the site before proceeding. Open the editor in a separate tab to "
        "view the last saved version."
    ),
    gettext_noop("View latest version"),
    gettext_noop("Save your changes before leaving"),
    # The page editor's header, when someone else (or the reader in another window) has the page open
    gettext_noop("%(user_name)s has unsaved changes"),
    gettext_noop("%(user_name)s saved a new version"),
    gettext_noop("Proceeding will overwrite the changes made by %(user_name)s."),
    gettext_noop("Alternatively, you can view the latest version in a new tab."),
    gettext_noop("You have unsaved changes in another window"),
    gettext_noop("Currently viewing"),
    # Account settings
    gettext_noop("Use server language: %(language_name)s"),
    gettext_noop("Use server time zone"),
    gettext_noop("admin theme"),
    gettext_noop("System default"),
    gettext_noop("Light"),
    gettext_noop("Dark"),
    gettext_noop("contrast"),
    gettext_noop("More contrast"),
    gettext_noop("density"),
    gettext_noop("Snug"),
    gettext_noop("Keyboard shortcuts"),
    gettext_noop("Enable custom keyboard shortcuts specific to Wagtail."),
    # Images and documents
    gettext_noop("Layout"),
    gettext_noop("Grid layout"),
    gettext_noop("List layout"),
    gettext_noop("Minimum"),
    gettext_noop("Maximum"),
    gettext_noop("Usage count"),
    gettext_noop("Usage count: (low to high)"),
    gettext_noop("Usage count: (high to low)"),
    gettext_noop("Maximum filesize: %(max_upload_size)s."),
    gettext_noop("The file could not be found. Please change the source or delete the document."),
    gettext_noop("Please provide an image description to comply with best practices for accessibility."),
    gettext_noop(
        'Why not <a class="upload-one-now" href="#tab-upload" data-action="w-tabs#select:prevent" '
        'data-w-tabs-target="trigger" data-w-tabs-focus-param="true">upload one now</a>?'
    ),
    # The privacy dialog of a page or a collection
    gettext_noop("Private, accessible with a shared password"),
    gettext_noop("Private, accessible to any logged-in users"),
    gettext_noop("shared password"),
    gettext_noop(
        "Shared passwords should not be used to protect sensitive content. Anyone who has this password "
        "will be able to view the content."
    ),
    # Settings › Locales: deleting a locale (wagtail-localize's views, which replace Wagtail's)
    gettext_noop("Delete locale"),
    gettext_noop("This locale cannot be deleted because there are pages and/or other objects using it."),
    gettext_noop("Are you sure you want to delete this locale?"),
    gettext_noop("Locale '{0}' deleted."),
    # Settings › Locales (wagtail-localize's views)
    gettext_noop("Add a locale"),
    gettext_noop("Add locale"),
    gettext_noop("Locale '{0}' created."),
    gettext_noop("Locale '{0}' updated."),
    # Deleting a record that others protect (a segment that mailings use)
    gettext_noop("One or more references to this %(model_name)s prevent it from being deleted."),
)

# Translated by Wagtail, but wrongly for our screens: "Login" left in English, messages whose article
# or ending is masculine whatever the model ("El organización no puede ser creado", "A página … foi
# rejeitado"), where ours speak of a "registro" and agree with it; and a locale called "región" or
# "localidade", where ours is an "idioma".
CORRECTED = (
    gettext_noop("Login"),
    gettext_noop("New"),
    gettext_noop("New: %(model_name)s"),
    gettext_noop("%(model_name)s '%(object)s' created."),
    gettext_noop("%(model_name)s '%(object)s' updated."),
    gettext_noop("%(model_name)s '%(object)s' deleted."),
    gettext_noop("The %(model_name)s could not be created due to errors."),
    gettext_noop("The %(model_name)s could not be saved due to errors."),
    gettext_noop("Are you sure you want to delete this %(model_name)s?"),
    gettext_noop("Are you sure you want to delete this %(snippet_type_name)s?"),
    gettext_noop("No %(model_name)s match your query."),
    gettext_noop('There are no %(model_name)s to display. Why not <a href="%(add_url)s">add one</a>?'),
    ngettext_lazy(
        "This %(model_name)s is referenced %(usage_count)s time.",
        "This %(model_name)s is referenced %(usage_count)s times.",
    ),
    ngettext_lazy("%(count)d %(model_name)s deleted.", "%(count)d %(model_name)s deleted."),
    gettext_noop('The page "%(title)s" has been rejected during "%(workflow)s".'),
    # A live page's status tag shows "En vivo" in Spanish and "Online" in Portuguese: its label for assistive
    # technology must say it too (axe, label-content-name-mismatch).
    gettext_noop("Visible to all. Visit the live page"),
    gettext_noop("Private. Visit the live page"),
    # Copying a page to a slug in use: "marca" (es) and "página raíz" (pt_BR, the root page) for the slug
    # and the parent page.
    gettext_noop('This slug is already in use within the context of its parent page "%(parent_page_title)s"'),
    # Settings › Locales (wagtail-localize's views): the Spanish says "Sincronizar contentido desde otra
    # región", a typo, and "región" where our catalogues call locales "idiomas".
    gettext_noop("Synchronise content from another locale"),
    # The language of a page or a snippet, and the reader's: Wagtail's Spanish says "Región" ("Cambiar
    # región"), its Portuguese "Localidade" ("Alternar local"). "Locale": the section of account settings
    # that holds the preferred language (and time zone), the language column or filter of the explorer,
    # of the themes' listing and chooser and of the locked pages report, the page types usage report's
    # filter; "Locale: " (read by screen readers) and "Switch locales": the page editor's status panel;
    # "Locales": Settings › Locales (menu and heading) and the form that submits a page for translation;
    # "{} locales": the message after submitting one into several ("… para la traducción en 2 regiones").
    gettext_noop("Locale"),
    gettext_noop("Locale: "),
    gettext_noop("Switch locales"),
    gettext_noop("Locales"),
    gettext_noop("{} locales"),
    # The button that closes the side panels of the explorer and the page editor (status, preview, checks,
    # comments), for screen readers: Wagtail's Portuguese is in English, its Spanish calls the panel a
    # "menú". Ours say it as "Toggle breadcrumbs" and "Toggle checks" above.
    gettext_noop("Toggle side panel"),
    # The keyboard shortcuts dialog, and the rich text toolbar's buttons: Wagtail's Spanish says "Negrilla"
    # and "Italica" (no accent), where Spanish writes "Negrita" and "Cursiva".
    gettext_noop("Bold"),
    gettext_noop("Italic"),
    # The keyboard shortcuts dialog and the menu's button: Wagtail's Spanish names the menu's toggle as it
    # does the side panels' ("Alternar menú lateral"); ours tell them apart, and say it as the others.
    gettext_noop("Toggle sidebar"),
    # Deleting a page that has a translation (home/wagtail_hooks.py): Wagtail's Spanish says "se eliminarán
    # 1 traducciones", its Portuguese has no entry (the Spanish showed). Wagtail's plural adds a count of
    # child pages, which is always none where the sentence shows; ours leave it out.
    # The count above a listing's search results: Wagtail's Spanish says "Hay 1 concidencia", a typo.
    ngettext_lazy("There is %(counter)s match", "There are %(counter)s matches"),
    ngettext_lazy(
        "Deleting this page will also delete %(translation_count)s translation of this page.",
        "This will also delete %(descendant_count)s more child pages. Deleting this page will also delete "
        "%(translation_count)s translations of this page.",
    ),
    # The help text of the tags field (an image's or a document's form): Wagtail's Spanish says "Las
    # etiquedas multi-palabra", a typo.
    gettext_noop('Multi-word tags with spaces will automatically be enclosed in double quotes (").'),
    # The empty images listing, and a collection's: Wagtail's Spanish asks "Por qué no carga una ahora?",
    # without the opening "¿".
    gettext_noop(
        'You haven\'t uploaded any images. Why not <a href="%(wagtailimages_add_image_url)s">upload one '
        "now</a>?"
    ),
    gettext_noop(
        "You haven't uploaded any images in this collection. Why not <a "
        'href="%(wagtailimages_add_image_url)s">upload one now</a>?'
    ),
    # The explorer's root, to staff who cannot add sites: Wagtail's Spanish says "no será accesibles" and
    # "crealas".
    gettext_noop(
        "Pages created here will not be accessible at any URL. To add pages to an existing site, create them "
        "as children of the homepage."
    ),
    # More of Wagtail's Spanish on the same screens. The explorer: each row's checkbox, for screen readers,
    # is "Selecionar fila" (a typo); its filter of the date updated reads "Fecha de" and "Fecha a".
    gettext_noop("Select row"),
    gettext_noop("Date from"),
    gettext_noop("Date to"),
    # The page editor: the status panel's "Una vez en vivo calquiera puede verla" (a typo; the Portuguese
    # says "ao vivo" where the status tag says "Online"), the publishing schedule's "Fecha/hora ir en vivo".
    gettext_noop("Once live anyone can view"),
    gettext_noop("go live date/time"),
    # The images and documents listings' bulk action, for screen readers: "Añadir imágenes seleccionados a
    # colección" (the images' gender).
    gettext_noop("Add selected images to collection"),
    gettext_noop("Add selected documents to collection"),
    # The Reports menu of every admin page: "Páginas envejeciendo" (Wagtail's Portuguese says "Páginas
    # antigas"); the explorer's status of each page, for screen readers: "Estado actual de página:".
    gettext_noop("Aging pages"),
    gettext_noop("Current page status:"),
    # Moderation: the dashboard's and the editor's link to the changes, "Comparar con la versión públicada"
    # (a typo); the e-mail that tells administrators of a submission, "La página … ha sido enviado" and "A
    # página … foi submetido" (not agreeing with "página").
    gettext_noop("Compare with live version"),
    gettext_noop(
        'The page "%(title)s" has been submitted for moderation to workflow "%(workflow)s" by %(requester)s.'
    ),
)

# Translated by Wagtail, but speaking to the reader as "tú" ("¿Olvidaste la contraseña?", "No tienes permiso",
# "Tus ediciones más recientes"), where the rest of our Spanish says "usted": the strings of the screens staff
# and focal points see most (sign-in, dashboard, explorer, editor, listings, choosers, account, messages).
# Our pt_BR catalogue repeats Wagtail's Portuguese where it is right ("você"): without it, a Portuguese
# screen would show our Spanish. Most show only in a given situation (a confirmation, a refusal, an
# e-mail): tests/test_admin_addresses_usted.py checks them in the catalogues, and renders the screens.
INFORMAL = (
    # Sign-in, password reset, permission
    gettext_noop("Sorry, you do not have permission to access this area."),
    gettext_noop("Enter password"),
    gettext_noop("Enter your email address to reset your password"),
    gettext_noop("Set your new password"),
    gettext_noop("Check your email"),
    gettext_noop("Reset your password"),
    gettext_noop("Forgotten password?"),
    # Account settings
    gettext_noop("Your account settings have been changed successfully!"),
    gettext_noop("Enter the same password as above, for verification."),
    gettext_noop(
        "Receive notification when comments have been created, resolved, or deleted on a page that you "
        "have subscribed to receive comment notifications on"
    ),
    # Dashboard
    gettext_noop(
        "This is your dashboard on which helpful information about content you've created will be displayed."
    ),
    gettext_noop("Your locked pages"),
    gettext_noop("Your most recent edits"),
    gettext_noop("Awaiting your review"),
    gettext_noop(
        "Don't worry, we've got your back. Check out the <a class=\"w-whats-new__link\" "
        'href="%(editor_guide_link)s" target="_blank" rel="noreferrer">Wagtail Editor Guide</a> to get '
        "the low down on what's changed and some exciting new features!"
    ),
    # Explorer and page actions
    gettext_noop("Choose which type of page you'd like to create."),
    gettext_noop("Are you sure you want to delete these pages?"),
    gettext_noop("Are you sure you want to move these pages?"),
    gettext_noop("Are you sure you want to publish these pages?"),
    gettext_noop("Are you sure you want to unpublish these pages?"),
    ngettext_lazy(
        "You don't have permission to delete this page", "You don't have permission to delete these pages"
    ),
    ngettext_lazy(
        "You don't have permission to move this page", "You don't have permission to move these pages"
    ),
    ngettext_lazy(
        "You don't have permission to publish this page", "You don't have permission to publish these pages"
    ),
    ngettext_lazy(
        "You don't have permission to unpublish this page",
        "You don't have permission to unpublish these pages",
    ),
    gettext_noop("Are you sure you want to convert this alias into an ordinary page?"),
    gettext_noop("Are you sure you want to delete this page?"),
    gettext_noop("Are you sure you want to move this page into '%(title)s'?"),
    gettext_noop("Are you sure you want to move this page and all of its children into '%(title)s'?"),
    gettext_noop("Yes, move this page"),
    gettext_noop("Are you sure you want to unpublish this page?"),
    gettext_noop("Would you still like to publish this page?"),
    gettext_noop(
        "The root level is where you can add new sites to your Wagtail installation. Pages created here "
        "will not be accessible at any URL until they are associated with a site."
    ),
    gettext_noop(
        "If you just want to add pages to an existing site, create them as children of the homepage instead."
    ),
    gettext_noop('You do not have permission to copy to page "%(page_title)s"'),
    gettext_noop("You cannot copy a page into itself when copying subpages"),
    gettext_noop("Enter a search term above"),
    # Page editor
    gettext_noop("The page title as you'd like it to be seen by the public"),
    gettext_noop("This page is locked, by you, to further editing"),
    gettext_noop("Locked by <b>you</b> at <b>%(locking_date)s</b>"),
    gettext_noop("Choose when this page should go live and/or expire"),
    gettext_noop("Choose who can view the live version of this page"),
    gettext_noop("Edit schedule"),
    gettext_noop("Set schedule"),
    gettext_noop("Set publishing schedule"),
    gettext_noop("Correct the validation errors to resume preview (saving will highlight errors)"),
    gettext_noop("You have <span>unsaved edits</span>"),
    gettext_noop("You are viewing a previous version of this page from <b>%(created_at)s</b> by %(user)s"),
    gettext_noop(
        "You are viewing a previous version of this %(model_name)s from <b>%(created_at)s</b> by %(user)s"
    ),
    gettext_noop("You cannot edit another user's comment."),
    gettext_noop("Please add some alt text for your image or mark it as decorative"),
    gettext_noop("Please enter a valid URL"),
    gettext_noop("Choose a format"),
    # Workflow e-mails
    gettext_noop("You can edit the page here:"),
    gettext_noop("You can edit the %(model_name)s here:"),
    gettext_noop("You can preview the page here:"),
    # Snippets
    gettext_noop("Are you sure you want to unpublish this %(model_name)s?"),
    gettext_noop("Would you still like to publish this %(model_name)s?"),
    gettext_noop("You don't have permission to delete this %(snippet_type_name)s"),
    gettext_noop("You don't have permission to delete these %(snippet_plural_name)s"),
    gettext_noop(
        "You haven't created any %(snippet_type_name)s snippets. Why not <a "
        'href="%(wagtailsnippets_create_snippet_url)s" target="_blank" rel="noreferrer">create one '
        "now</a>?"
    ),
    # Images
    ngettext_lazy(
        "Are you sure you want to tag the following image?",
        "Are you sure you want to tag the following images?",
    ),
    ngettext_lazy(
        "You don't have permission to add tags to this image",
        "You don't have permission to add tags to these images",
    ),
    ngettext_lazy(
        "Are you sure you want to add the following image to the selected collection?",
        "Are you sure you want to add the following images to the selected collection?",
    ),
    ngettext_lazy(
        "You don't have permission to add this image to a collection",
        "You don't have permission to add these images to a collection",
    ),
    ngettext_lazy(
        "Are you sure you want to delete this image?", "Are you sure you want to delete these images?"
    ),
    ngettext_lazy(
        "You don't have permission to delete this image", "You don't have permission to delete these images"
    ),
    gettext_noop(
        "Upload successful. However, your new image seems to be a duplicate of an existing image. You may "
        "delete it if it wasn't required."
    ),
    gettext_noop(
        "Upload successful. However, your new image seems to be a duplicate of this existing image. You "
        "may delete it if it wasn't required."
    ),
    gettext_noop("You haven't uploaded any images in this collection."),
    gettext_noop("You haven't uploaded any images."),
    gettext_noop("The source image file could not be found. Please change the source or delete the image."),
    # The image permissions of a group: "Añadir/editar tus propias páginas" (pages, for images)
    gettext_noop("Add/edit images you own"),
    # Users and groups (settings)
    gettext_noop("Leave blank if not changing."),
    gettext_noop("You cannot have multiple permission records for the same page."),
    gettext_noop("Are you sure you want to assign this role to these users?"),
    gettext_noop("Are you sure you want to delete these users?"),
    gettext_noop("Are you sure you want to change the active state for these users?"),
    gettext_noop("You cannot change your own active status"),
    ngettext_lazy(
        "You don't have permission to edit this user", "You don't have permission to edit these users"
    ),
    ngettext_lazy(
        "You don't have permission to delete this user", "You don't have permission to delete these users"
    ),
    # Documents
    ngettext_lazy(
        "Are you sure you want to tag the following document?",
        "Are you sure you want to tag the following documents?",
    ),
    ngettext_lazy(
        "You don't have permission to add tags to this document",
        "You don't have permission to add tags to these documents",
    ),
    ngettext_lazy(
        "Are you sure you want to add the following document to the selected collection?",
        "Are you sure you want to add the following documents to the selected collection?",
    ),
    ngettext_lazy(
        "You don't have permission to add this document to a collection",
        "You don't have permission to add these documents to a collection",
    ),
    ngettext_lazy(
        "Are you sure you want to delete this document?", "Are you sure you want to delete these documents?"
    ),
    ngettext_lazy(
        "You don't have permission to delete this document",
        "You don't have permission to delete these documents",
    ),
    gettext_noop("You haven't uploaded any documents in this collection."),
    gettext_noop("You haven't uploaded any documents."),
    gettext_noop(
        "You haven't uploaded any documents in this collection. Why not <a "
        'href="%(wagtaildocs_add_document_url)s">upload one now</a>?'
    ),
    gettext_noop(
        'You haven\'t uploaded any documents. Why not <a href="%(wagtaildocs_add_document_url)s">upload '
        "one now</a>?"
    ),
    # wagtail-localize, in the page editor
    gettext_noop(
        "Are you sure you want to convert this page into an alias? This will overwrite the content of the "
        "page with the content of '%(source_page_title)s' (%(source_page_locale)s)"
    ),
    gettext_noop(
        "New validation errors were found when publishing '{object}' in {locale}. Please fix them or "
        "click publish again to ignore these translations for now."
    ),
    # Administrators' screens (Settings): a group's permissions, collections, workflows and tasks, redirects,
    # locales; and the errors of a group or a workflow saved with a collection or a page given twice
    gettext_noop("Add/edit pages you own"),
    gettext_noop("Add/edit documents you own"),
    gettext_noop("You cannot have multiple permission records for the same collection."),
    gettext_noop(
        "Select hierarchical position. Note: a collection cannot become a child of itself or one of its "
        "descendants."
    ),
    gettext_noop("Are you sure you want to delete this collection?"),
    gettext_noop("Give your workflow a name"),
    gettext_noop("Add tasks to your workflow"),
    gettext_noop("Assign your workflow to pages"),
    gettext_noop(
        "Workflows apply to child pages too. If you select a parent page here, its child pages will also use "
        'this workflow. See <a href="%(workflow_pages_url)s">the list of the pages</a> your workflow applies '
        "to."
    ),
    gettext_noop("You cannot assign this workflow to the same page multiple times."),
    gettext_noop("Are you sure you want to disable this workflow?"),
    gettext_noop("Are you sure you want to disable this task?"),
    gettext_noop("Are you sure you want to delete this redirect?"),
    gettext_noop(
        "<p>Select a file where redirects are separated into rows and contains the columns representing "
        "<code>from</code> and <code>to</code> (they can be named anything).</p> <p>After submitting you "
        "will be taken to a confirmation view where you can customize your redirects before import.</p>"
    ),
    gettext_noop(
        "Choose a locale to synchronise content from. Any existing and future content authored in the "
        "selected locale will be automatically copied to this one."
    ),
)
