"""StreamField blocks of a practice: its measured results and its photos (each with its alt text)."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.images.blocks import ImageBlock


class FigureBlock(blocks.StructBlock):
    value = blocks.DecimalBlock(label=_("Figure"))
    unit = blocks.CharBlock(label=_("Unit"), max_length=60, help_text=_("For example: people, %, courses."))
    label = blocks.CharBlock(label=_("What it measures"), max_length=200)
    year = blocks.IntegerBlock(label=_("Year measured"), min_value=1900, max_value=2100, required=False)

    class Meta:
        icon = "table"
        label = _("Figure")


class PhotoBlock(blocks.StructBlock):
    image = ImageBlock(label=_("Image"))
    caption = blocks.CharBlock(label=_("Caption"), max_length=255, required=False)

    class Meta:
        icon = "image"
        label = _("Photo")
