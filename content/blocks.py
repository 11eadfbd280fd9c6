"""StreamField blocks for advice pages: one shared body block, reused by the page types.

Every block renders through a template in components/blocks/, and every piece of
editor HTML goes through `upstander.sanitize.clean_html` there (see site/sanitize.py).
"""

from django.core.exceptions import ValidationError
from django.utils.safestring import mark_safe
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageChooserBlock
from wagtail.rich_text import RichText, expand_db_html
from wagtailmedia.blocks import AudioChooserBlock, VideoChooserBlock

from upstander.sanitize import clean_html, safe_url

# Editors get the features a guide needs; no embeds, no raw HTML.
RICH_TEXT_FEATURES = ["bold", "italic", "link", "ol", "ul", "h3", "h4"]


class SafeRichText(RichText):
    """A rich text value whose HTML is always cleaned, however a template outputs it."""

    def __html__(self):
        return mark_safe(clean_html(expand_db_html(self.source or "")))  # noqa: S308 - cleaned by the sanitiser

    def __str__(self):
        return self.__html__()


class SafeRichTextBlock(blocks.RichTextBlock):
    """Rich text that is cleaned by the allow-list when it renders, whatever is stored."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("features", RICH_TEXT_FEATURES)
        super().__init__(*args, **kwargs)

    def to_python(self, value):
        return SafeRichText(value)

    def normalize(self, value):
        if isinstance(value, SafeRichText):
            return value
        return SafeRichText(getattr(value, "source", value))

    def value_from_form(self, value):
        return SafeRichText(value)

    def render_basic(self, value, context=None):
        source = getattr(value, "source", value) or ""
        return mark_safe(clean_html(expand_db_html(source)))  # noqa: S308 - cleaned by the sanitiser


class HeadingBlock(blocks.CharBlock):
    class Meta:
        icon = "title"
        template = "components/blocks/heading.html"
        form_classname = "title"


class StepsBlock(blocks.StructBlock):
    title = blocks.CharBlock(required=False, max_length=120)
    items = blocks.ListBlock(blocks.TextBlock(label="Step"), min_num=1)

    class Meta:
        icon = "list-ol"
        label = "Numbered steps"
        template = "components/blocks/steps.html"


class DoDontBlock(blocks.StructBlock):
    do = blocks.ListBlock(blocks.TextBlock(label="Do"), label="Do", min_num=1)
    dont = blocks.ListBlock(blocks.TextBlock(label="Don't"), label="Don't", min_num=1)

    class Meta:
        icon = "tasks"
        label = "Do and don't"
        template = "components/blocks/do_dont.html"


class CalloutBlock(blocks.TextBlock):
    def __init__(self, *args, kind="tip", **kwargs):
        self.kind = kind
        super().__init__(*args, **kwargs)

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        context["kind"] = self.kind
        return context

    def deconstruct(self):
        path, args, kwargs = super().deconstruct()
        kwargs["kind"] = self.kind
        return path, args, kwargs

    class Meta:
        template = "components/blocks/callout.html"


class QuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock()
    attribution = blocks.CharBlock(required=False, max_length=120)

    class Meta:
        icon = "openquote"
        template = "components/blocks/quote.html"


class ImageBlock(blocks.StructBlock):
    image = ImageChooserBlock()
    alt_text = blocks.CharBlock(
        required=True,
        max_length=250,
        help_text="Describe what the picture shows for someone who cannot see it. Required.",
    )
    caption = blocks.CharBlock(required=False, max_length=250)

    def clean(self, value):
        value = super().clean(value)
        if not (value.get("alt_text") or "").strip():
            raise blocks.StructBlockValidationError(
                block_errors={"alt_text": ValidationError("Every image needs alt text.")}
            )
        return value

    class Meta:
        icon = "image"
        template = "components/blocks/image.html"


class VideoBlock(blocks.StructBlock):
    """A self-hosted video: captions (WebVTT) and a transcript are part of the block."""

    video = VideoChooserBlock()
    captions = DocumentChooserBlock(help_text="A WebVTT (.vtt) captions file. Required.")
    transcript = SafeRichTextBlock(help_text="Everything said and shown, in words. Required.")

    def clean(self, value):
        value = super().clean(value)
        captions = value.get("captions")
        if captions is not None and not captions.file.name.lower().endswith(".vtt"):
            raise blocks.StructBlockValidationError(
                block_errors={"captions": ValidationError("Captions must be a .vtt file.")}
            )
        return value

    class Meta:
        icon = "media"
        template = "components/blocks/video.html"


class AudioBlock(blocks.StructBlock):
    audio = AudioChooserBlock()
    transcript = SafeRichTextBlock(help_text="Everything said, in words. Required.")

    class Meta:
        icon = "media"
        template = "components/blocks/audio.html"


class FaqItemBlock(blocks.StructBlock):
    question = blocks.CharBlock(max_length=200)
    answer = SafeRichTextBlock()


class FaqBlock(blocks.ListBlock):
    def __init__(self, **kwargs):
        super().__init__(FaqItemBlock(), **kwargs)

    class Meta:
        icon = "help"
        label = "Questions and answers"
        template = "components/blocks/faq.html"


class RelatedLinkBlock(blocks.StructBlock):
    title = blocks.CharBlock(max_length=120)
    page = blocks.PageChooserBlock(required=False)
    url = blocks.URLBlock(
        required=False, help_text="Use either a page on this site or a web address."
    )

    def clean(self, value):
        value = super().clean(value)
        if not value.get("page") and not value.get("url"):
            raise blocks.StructBlockValidationError(
                block_errors={"url": ValidationError("Choose a page or give a web address.")}
            )
        if value.get("url") and not safe_url(value["url"]):
            raise blocks.StructBlockValidationError(
                block_errors={"url": ValidationError("Only http and https links are allowed.")}
            )
        return value


class RelatedLinksBlock(blocks.ListBlock):
    def __init__(self, **kwargs):
        super().__init__(RelatedLinkBlock(), **kwargs)

    class Meta:
        icon = "link"
        label = "Related links"
        template = "components/blocks/related_links.html"


class BodyBlock(blocks.StreamBlock):
    """The body of guides (and the help page)."""

    heading = HeadingBlock()
    paragraph = SafeRichTextBlock(icon="pilcrow")
    steps = StepsBlock()
    do_dont = DoDontBlock()
    tip = CalloutBlock(kind="tip", icon="help", label="Tip")
    warning = CalloutBlock(kind="warning", icon="warning", label="Warning")
    quote = QuoteBlock()
    image = ImageBlock()
    video = VideoBlock()
    audio = AudioBlock()
    faq = FaqBlock()
    related_links = RelatedLinksBlock()


class CommitmentBlock(blocks.StructBlock):
    title = blocks.CharBlock(max_length=150)
    text = blocks.TextBlock()

    class Meta:
        icon = "tick"
        label = "Commitment"
