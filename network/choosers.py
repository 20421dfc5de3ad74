"""Chooser widgets every app's choosers use: worded in each user's language, and tolerant of a tampered value.

Wagtail's chooser widgets look a posted value up as an id, failing (HTTP 500) on one that is not a number;
and AdminSnippetChooser words its buttons when the widget is made, which is once per process, since the
admin's form classes are built once: after a Spanish first request, English and Portuguese editors would
read Spanish buttons.
"""

from django.core.exceptions import ValidationError
from django.http import Http404
from wagtail.admin.widgets import BaseChooser
from wagtail.snippets.views import chooser as snippet_chooser
from wagtail.snippets.widgets import AdminSnippetChooser


class IgnoresMalformedIds:
    """A posted value that is no id chooses nothing, and the form says the field is required or invalid."""

    def get_instance(self, value):
        try:
            return super().get_instance(value)
        except (ValueError, TypeError, ValidationError):
            return None


class TolerantChooser(IgnoresMalformedIds, BaseChooser):
    pass


class TolerantSnippetChooser(IgnoresMalformedIds, AdminSnippetChooser):
    """The class's texts (lazy, set by a chooser viewset's `choose_one_text`…) rather than those worded when
    the widget was made, so that each user reads them in their language."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        chooser = type(self)
        self.choose_one_text = chooser.choose_one_text
        self.choose_another_text = chooser.choose_another_text
        self.link_to_chosen_text = chooser.link_to_chosen_text


class NamedChooseView(snippet_chooser.ChooseView):
    """A snippet chooser's modal whose title, the viewset's `choose_one_text`, names what it chooses
    ("Choose a segment"): without Wagtail's subtitle, the model's name, which repeated it ("Choose a segment
    segment")."""

    page_subtitle = None


def is_chosen_view(resolver_match):
    """Whether the request is for a chooser's "chosen" view (`chosen/<pk>/`, `chosen-multiple/?id=…`): named
    so by Wagtail's ChooserViewSet, which every chooser but the page chooser's is, and by that one."""
    name = resolver_match.url_name if resolver_match else ""
    return name == "chosen" or name.endswith("chosen_multiple")


class MalformedChooserIdsMiddleware:
    """A chooser's "chosen" view asked for something that is no id of its model finds nothing (HTTP 404).

    Wagtail's chosen views look up whatever their address holds and answer 404 only for a record that does
    not exist: "abc" raised ValueError, a server error, in every chooser (pages', images', documents', every
    snippet's and ours), for whoever may choose. They only read, so nothing is left half done.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, (ValueError, ValidationError)) and is_chosen_view(request.resolver_match):
            raise Http404(str(exception)) from exception
        return None
