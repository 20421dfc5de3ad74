from django import template

from ..themes import name_in, request_theme_labels

register = template.Library()


@register.simple_tag(takes_context=True)
def theme_name(context, theme):
    """A theme's name in the active language (the original's until someone translates it)."""
    return name_in(request_theme_labels(context.get("request")), theme)
