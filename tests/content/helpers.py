"""Form data for Wagtail's real admin URLs."""

from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from content.models import Audience


def guide_form_data(*, title, slug, topics=(), extra=None):
    data = nested_form_data(
        {
            "title": title,
            "slug": slug,
            "summary": "What to do when someone is unkind online.",
            "review_by": "2031-01-01",
            "mentor": "",
            "body": streamfield(
                [
                    ("heading", "What to do"),
                    ("paragraph", rich_text("<p>Tell someone you trust.</p>")),
                ]
            ),
            "comments": inline_formset([]),
            "seo_title": "",
            "search_description": "",
        }
    )
    data["audiences"] = [str(Audience.objects.get(key="pupils").pk)]
    data["topics"] = [str(topic.pk) for topic in topics]
    data.update(extra or {})
    return data
