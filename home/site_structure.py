"""Build the site's page tree: the home page at the root of the site and the directory under it."""

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils.translation import gettext as _
from wagtail.models import Page, Site, WorkflowPage

from cities.models import CityIndexPage

from .models import HomePage

DIRECTORY_SLUG = "cities"


@transaction.atomic
def ensure_site_structure():
    """Create the home page, the directory and the default site if missing; return (home, directory)."""
    home = HomePage.objects.first()
    if home is None:
        root = Page.get_first_root_node()
        _remove_wagtail_welcome_page(root)
        home = root.add_child(
            instance=HomePage(
                title=_("Learning Cities Network"),
                slug="home",
                tagline=_("The UNESCO Learning Cities of Latin America and the Caribbean"),
                intro=_(
                    "<p>Cities that make lifelong learning a reality for everyone: the members of the "
                    "UNESCO Global Network of Learning Cities in Latin America and the Caribbean, "
                    "supported by the UNESCO Institute for Lifelong Learning "
                    "and Tecnológico de Monterrey.</p>"
                ),
            )
        )
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(hostname="localhost", port=80, root_page=home, is_default_site=True)
    elif site.root_page_id != home.pk:
        site.root_page = home
        site.save()

    # Workflows are chosen in code: the city review workflow (cities.focal_points) and no other.
    WorkflowPage.objects.filter(page=Page.get_first_root_node()).delete()

    directory = CityIndexPage.objects.first()
    if directory is None:
        directory = home.add_child(
            instance=CityIndexPage(
                title=_("Learning Cities"),
                slug=DIRECTORY_SLUG,
                intro=_("<p>Every Learning City of the region: filter by country, theme or year joined.</p>"),
            )
        )
    return home, directory


def _remove_wagtail_welcome_page(root):
    """A new Wagtail database holds a 'Welcome' page of the base Page type; the home page replaces it."""
    base_page_type = ContentType.objects.get_for_model(Page)
    for page in root.get_children().filter(content_type=base_page_type):
        if page.is_leaf():
            page.delete()
