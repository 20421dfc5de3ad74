"""StreamField blocks of an event page: its programme, its materials and the sources of its facts."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock


class SessionBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Title"), max_length=200)
    starts_at = blocks.DateTimeBlock(label=_("Starts"), required=False)
    ends_at = blocks.DateTimeBlock(label=_("Ends"), required=False)
    speakers = blocks.ListBlock(blocks.CharBlock(max_length=200), label=_("Speakers"), default=[])
    description = blocks.TextBlock(label=_("Description"), required=False)

    class Meta:
        icon = "time"
        label = _("Session")
        template = "events/blocks/session.html"


class DocumentMaterialBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label=_("Document"))
    title = blocks.CharBlock(label=_("Title"), max_length=200, required=False)

    class Meta:
        icon = "doc-full"
        label = _("Document")


class LinkMaterialBlock(blocks.StructBlock):
    url = blocks.URLBlock(label=_("Address"))
    title = blocks.CharBlock(label=_("Title"), max_length=200)

    class Meta:
        icon = "link"
        label = _("Link")


class MaterialBlock(blocks.StreamBlock):
    document = DocumentMaterialBlock()
    recording = LinkMaterialBlock(label=_("Recording"), icon="media")
    link = LinkMaterialBlock()


class SourceBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Title"), max_length=255)
    url = blocks.URLBlock(label=_("Address"))

    class Meta:
        icon = "link-external"
        label = _("Source")
