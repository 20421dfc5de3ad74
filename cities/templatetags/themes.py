from django import template

from ..themes import request_theme_labels

register = template.Library()


@register.simple_tag(takes_context=True)
def theme_name(context, theme):
    """A theme's name in the active language (the original's until someone translates it)."""
    label = request_theme_labels(context.get("request")).get(theme.pk)
    return label.name if label else theme.name
