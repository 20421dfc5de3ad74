"""Wagtail's own interface strings that its Spanish or Portuguese catalogue lacks or gets wrong.

Nothing calls this module: the marks below make `makemessages` keep these msgids (exactly Wagtail's) in
our catalogues (locale/), and Django prefers our catalogues to the apps' own. A string missing from
Wagtail's es catalogue shows in English; one missing only from its pt_BR catalogue shows in Spanish (the
site's default language). tests/test_admin_language.py reads this list and checks the screens and
e-mails where these strings appear.
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
    # The explorer's search of the whole site
    gettext_noop("%(start_index)s-%(end_index)s of %(items_count)s %(model_name)s across entire site."),
    gettext_noop("No results across entire site."),
    # The page editor, when another page under the same parent has the slug
    gettext_noop("The slug '%(page_slug)s' is already in use within the parent page."),
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
    gettext_noop(
        'Why not <a class="upload-one-now" href="#tab-upload" data-action="w-tabs#select:prevent" '
        'data-w-tabs-target="trigger" data-w-tabs-focus-param="true">upload one now</a>?'
    ),
)

# Translated by Wagtail, but wrongly for our screens: "Login" left in English, and messages whose article
# or ending is masculine whatever the model ("El organización no puede ser creado", "A página … foi
# rejeitado"); ours speak of a "registro" and agree with it.
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
    # A live page's status tag shows "Online" in Portuguese: its label for assistive technology must say it
    # too (axe, label-content-name-mismatch).
    gettext_noop("Visible to all. Visit the live page"),
    # Copying a page to a slug in use: "marca" (es) and "página raíz" (pt_BR, the root page) for the slug
    # and the parent page.
    gettext_noop('This slug is already in use within the context of its parent page "%(parent_page_title)s"'),
)
