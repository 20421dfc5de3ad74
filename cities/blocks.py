"""StreamField blocks for the body of a city page."""

import re

from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageChooserBlock
from wagtail.snippets.blocks import SnippetChooserBlock


class LabelledRichTextBlock(blocks.RichTextBlock):
    """Rich text whose editor is named by the block's label.

    Wagtail 8.0.1's editor of rich text inside a StreamField, built in the browser, has no accessible name
    (Wagtail issue #14205): its label, drawn there, has no id, and the field's id is not known here to
    point at (network/rich_text.py's way for a page's rich-text fields). This gives the editor Draftail's
    `ariaLabel` option: the block's label, a lazy string that telepath translates into the reader's
    language when it serialises the block for the page editor.
    """

    @cached_property
    def field(self):
        from wagtail.admin.rich_text import DraftailRichTextArea  # needs the models loaded

        field = super().field
        if isinstance(field.widget, DraftailRichTextArea):
            field.widget.options = {**field.widget.options, "ariaLabel": self.label}
        return field


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("Heading"), max_length=120)
    level = blocks.ChoiceBlock(
        label=_("Level"),
        choices=[("h2", _("Section heading")), ("h3", _("Subheading"))],
        default="h2",
    )

    class Meta:
        icon = "title"
        label = _("Heading")
        template = "cities/blocks/heading.html"


class CaptionedImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("Image"))
    alt_text = blocks.CharBlock(
        label=_("Alternative text"),
        required=False,
        max_length=250,
        help_text=_("Describe the image for people who cannot see it. Leave empty for decorative images."),
    )
    caption = blocks.CharBlock(label=_("Caption"), required=False, max_length=250)

    class Meta:
        icon = "image"
        label = _("Image")
        template = "cities/blocks/image.html"


class QuoteBlock(blocks.StructBlock):
    quote = blocks.TextBlock(label=_("Quote"))
    attribution = blocks.CharBlock(label=_("Attribution"), required=False, max_length=200)

    class Meta:
        icon = "openquote"
        label = _("Quote")
        template = "cities/blocks/quote.html"


class KeyFigureBlock(blocks.StructBlock):
    value = blocks.CharBlock(label=_("Figure"), max_length=40, help_text=_("For example 12,000 or 85%"))
    label = blocks.CharBlock(label=_("What it counts"), max_length=120)


class KeyFiguresBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Title"), required=False, max_length=120)
    figures = blocks.ListBlock(KeyFigureBlock(), label=_("Figures"), min_num=1, max_num=8)

    class Meta:
        icon = "table"
        label = _("Key figures")
        template = "cities/blocks/key_figures.html"


# A heading in a text block's HTML (the editor offers h2 and h3).
HTML_HEADING = re.compile(r"<h([1-6])[\s>]", re.IGNORECASE)


def section_level(child):
    """The level of the last heading this block of the body renders, or None if it renders none."""
    if child.block_type == "heading":
        return int(child.value["level"][1])
    if child.block_type == "key_figures":
        return 2 if child.value["title"] else None
    if child.block_type == "text":
        levels = HTML_HEADING.findall(child.value.source)
        return int(levels[-1]) if levels else None
    return None


def heading_level_in(stream, value):
    """One level under the section `value` is placed in within `stream` (the page's h1 before any),
    or None when `value` is not one of the stream's blocks."""
    level = 1
    for child in stream:
        if child.value is value:
            return min(level + 1, 6)
        level = section_level(child) or level
    return None


class GoodPracticeBlock(blocks.StructBlock):
    """A good practice in the page's body. Its title is a heading one level under the section it is
    placed in (an h2 before any section heading), so that the page's outline never skips a level."""

    title = blocks.CharBlock(label=_("Title"), max_length=200)
    theme = SnippetChooserBlock("cities.Theme", label=_("Theme"))
    description = LabelledRichTextBlock(
        label=_("Description"), features=["bold", "italic", "link", "ol", "ul"]
    )
    link = blocks.URLBlock(label=_("More information"), required=False)

    class Meta:
        icon = "pick"
        label = _("Good practice")
        template = "cities/blocks/good_practice.html"

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        body = getattr((parent_context or {}).get("page"), "body", None)
        level = heading_level_in(body, value) if isinstance(body, blocks.StreamValue) else None
        context["heading_level"] = level or 2
        return context


class CityBodyBlock(blocks.StreamBlock):
    text = LabelledRichTextBlock(
        label=_("Text"), features=["h2", "h3", "bold", "italic", "link", "ol", "ul", "document-link"]
    )
    heading = HeadingBlock()
    image = CaptionedImageBlock()
    quote = QuoteBlock()
    key_figures = KeyFiguresBlock()
    good_practice = GoodPracticeBlock()
    embed = EmbedBlock(
        label=_("Embedded media"), help_text=_("A video or post URL, e.g. from YouTube or Vimeo")
    )
