from django.templatetags.static import static
from django.views.generic import RedirectView


class FaviconView(RedirectView):
    """/favicon.ico leads to the site's icon (its hashed static URL is known only once collected)."""

    permanent = True

    def get_redirect_url(self, *args, **kwargs):
        return static("img/favicon.svg")
