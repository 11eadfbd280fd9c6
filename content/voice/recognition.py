"""Mentor recognition services: what a mentor contributed, badges, and the certificate PDF.

Used by the staff admin views and the mentor's dashboard panel (content/voice/hooks.py).
The certificate carries the mentor's real name, which staff type in when they make it:
it goes into the PDF bytes and nowhere else (no model, no log, no log entry), so the
site itself only ever knows the mentor's pseudonym.
"""

import io
import logging
from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from wagtail.log_actions import log

from ..models import AdvicePage, MentorProfile
from .models import Badge, BadgeAward

logger = logging.getLogger(__name__)

CERTIFICATE_LOG_ACTION = "content.certificate_generated"
SKILLS = (
    ("Listening", "giving other pupils time and full attention, without judging"),
    ("Empathy", "understanding how bullying feels and answering with kindness"),
    ("Communication", "writing and speaking clear, friendly advice for different ages"),
    ("Digital safety", "privacy settings, blocking, reporting and keeping evidence online"),
)
DEFAULT_FONT_DIR = "/usr/share/fonts/truetype/dejavu"


# --- Contributions ------------------------------------------------------------------------


@dataclass
class Contributions:
    """A mentor's published work (pages bylined to them) with counts by kind, and their badges."""

    mentor: MentorProfile
    pages: list = field(default_factory=list)
    counts: list = field(default_factory=list)  # [(label, count)], e.g. [("Guide", 3)]
    badges: list = field(default_factory=list)
    drafts: list = field(default_factory=list)

    @property
    def total(self) -> int:
        return len(self.pages)

    @property
    def summary(self) -> str:
        """E.g. "3 guides, 1 video and 1 podcast episode"."""
        parts = [f"{count} {plural(label.lower(), count)}" for label, count in self.counts]
        if not parts:
            return ""
        return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


def plural(word: str, count: int) -> str:
    if count == 1:
        return word
    if word.endswith("y") and not word.endswith(("ay", "ey", "oy")):
        return word[:-1] + "ies"
    if word.endswith(("s", "x", "ch", "sh")):
        return word + "es"
    # "code of conduct" -> "codes of conduct"
    head, sep, tail = word.partition(" of ")
    return f"{head}s{sep}{tail}" if sep else word + "s"


def mentor_contributions(
    *,
    mentor: MentorProfile,
    start: date | None = None,
    end: date | None = None,
    with_drafts: bool = False,
) -> Contributions:
    """Live pages whose byline is `mentor` (first published between start and end, if given),
    counted by kind, and the badges awarded to them in the same period."""
    pages = (
        AdvicePage.objects.live()
        .filter(mentor=mentor)
        .select_related("content_type")
        .order_by("first_published_at", "pk")
    )
    badges = BadgeAward.objects.filter(mentor=mentor).select_related("badge", "awarded_by")
    if start:
        pages = pages.filter(first_published_at__date__gte=start)
        badges = badges.filter(awarded_on__gte=start)
    if end:
        pages = pages.filter(first_published_at__date__lte=end)
        badges = badges.filter(awarded_on__lte=end)
    pages = list(pages)
    counts = Counter(page.type_label for page in pages)
    result = Contributions(
        mentor=mentor,
        pages=pages,
        counts=sorted(counts.items(), key=lambda item: (-item[1], item[0])),
        badges=list(badges.order_by("awarded_on", "pk")),
    )
    if with_drafts:
        # Work in progress: bylined to them, or started by their own account, not yet live.
        drafts = AdvicePage.objects.filter(live=False, mentor=mentor)
        if mentor.user_id:
            drafts = drafts | AdvicePage.objects.filter(live=False, owner_id=mentor.user_id)
        result.drafts = list(drafts.distinct().order_by("-latest_revision_created_at", "-pk")[:20])
    return result


# --- Badges -------------------------------------------------------------------------------


@transaction.atomic
def badge_award(
    *,
    mentor: MentorProfile,
    badge: Badge,
    awarded_by,
    citation: str = "",
    awarded_on: date | None = None,
) -> BadgeAward:
    """Gives `badge` to `mentor`, recording who gave it; the admin's create view saves through here."""
    return BadgeAward.objects.create(
        mentor=mentor,
        badge=badge,
        awarded_by=awarded_by,
        citation=citation.strip()[:200],
        awarded_on=awarded_on or timezone.localdate(),
    )


# --- Certificate --------------------------------------------------------------------------


@dataclass
class CertificateDetails:
    """What staff type in when they make a certificate. Lives only for the request."""

    real_name: str
    period_start: date
    period_end: date
    signed_by: str
    signed_role: str = ""
    include_titles: bool = True


def default_period(mentor: MentorProfile) -> tuple[date, date]:
    """From the mentor's first published page or badge (or a year ago) to today."""
    today = timezone.localdate()
    dates = []
    first_page = (
        AdvicePage.objects.live()
        .filter(mentor=mentor, first_published_at__isnull=False)
        .order_by("first_published_at")
        .values_list("first_published_at", flat=True)
        .first()
    )
    if first_page:
        dates.append(timezone.localtime(first_page).date())
    first_badge = (
        BadgeAward.objects.filter(mentor=mentor)
        .order_by("awarded_on")
        .values_list("awarded_on", flat=True)
        .first()
    )
    if first_badge:
        dates.append(first_badge)
    start = min(dates) if dates else today.replace(year=today.year - 1)
    return min(start, today), today


def _long_date(value: date) -> str:
    return f"{value.day} {value:%B %Y}"


def _logo_bytes(branding) -> bytes | None:
    logo = getattr(branding, "logo", None)
    if logo is None:
        return None
    try:
        rendition = logo.get_rendition("max-600x240|format-png")
        with rendition.file.open("rb") as handle:
            return handle.read()
    except Exception:  # a broken or missing logo file must not stop the certificate
        logger.warning("School logo could not be added to a certificate", exc_info=True)
        return None


def certificate_pdf(
    *, mentor: MentorProfile, details: CertificateDetails, branding, generated_by
) -> bytes:
    """The certificate as PDF bytes. Records only that one was made (and by whom), never the name."""
    school = branding.display_name if branding is not None else "Our school"
    contributions = mentor_contributions(
        mentor=mentor, start=details.period_start, end=details.period_end
    )
    # Imported here: fpdf (with fontTools) adds ~37 MB to every web worker that
    # imports it, and only staff making a certificate need it.
    from .certificate_pdf import CertificatePDF

    pdf = CertificatePDF(getattr(settings, "CERTIFICATE_FONT_DIR", DEFAULT_FONT_DIR))
    if not getattr(settings, "CERTIFICATE_COMPRESS", True):
        pdf.set_compression(False)
    pdf.set_title(f"Peer mentor certificate, {school}")
    pdf.set_creator("Upstander")
    pdf.set_producer("Upstander")
    pdf.set_creation_date(timezone.now())
    pdf.add_page()
    pdf.border()

    logo = _logo_bytes(branding)
    if logo:
        try:
            pdf.image(
                io.BytesIO(logo), x=(pdf.w - 60) / 2, y=16, w=60, h=20, keep_aspect_ratio=True
            )
            pdf.set_y(38)
        except Exception:
            logger.warning("School logo could not be drawn on a certificate", exc_info=True)
    pdf.set_text_color(29, 79, 145)
    pdf.centred(school, 16, bold=True)
    pdf.ln(2)
    pdf.set_text_color(20, 20, 20)
    pdf.centred("Certificate of Peer Mentoring", 24, bold=True, height=11)
    pdf.ln(2)
    pdf.centred("This certifies that", 11)
    pdf.ln(1)
    pdf.centred(details.real_name, 22, bold=True, height=11)
    pdf.ln(1)
    pdf.centred(
        f"served as a trained peer mentor for online safety and anti-bullying at {school}, "
        f"from {_long_date(details.period_start)} to {_long_date(details.period_end)}.",
        11.5,
        height=6,
    )
    pdf.ln(3)

    pdf.para("Skills developed", 12, bold=True)
    for name, description in SKILLS:
        pdf.para(f"•  {name}: {description}.")
    pdf.ln(2)

    pdf.para("Contributions", 12, bold=True)
    if contributions.pages:
        pdf.para(
            f"Wrote and published {contributions.summary} of advice for pupils on the school's "
            "online safety website, each checked and approved by staff."
        )
        if details.include_titles:
            for page in contributions.pages[:8]:
                pdf.para(f"•  {page.type_label}: \u201c{page.title}\u201d", 10)
            if len(contributions.pages) > 8:
                pdf.para(f"   and {len(contributions.pages) - 8} more.", 10)
    else:
        pdf.para("Supported other pupils as a peer mentor, in person and online.")
    if contributions.badges:
        pdf.ln(2)
        pdf.para("Recognition", 12, bold=True)
        for award in contributions.badges:
            line = f"•  {award.badge.name} ({_long_date(award.awarded_on)})"
            if award.citation:
                line += f": {award.citation}"
            pdf.para(line, 10)

    # The signature block, kept together at the foot of the page.
    if pdf.get_y() > pdf.h - 40:
        pdf.add_page()
        pdf.border()
    pdf.set_y(max(pdf.get_y() + 6, pdf.h - 40))
    pdf.set_draw_color(20, 20, 20)
    pdf.set_line_width(0.3)
    left = pdf.l_margin
    pdf.line(left, pdf.get_y() + 8, left + 85, pdf.get_y() + 8)
    pdf.line(pdf.w - pdf.r_margin - 60, pdf.get_y() + 8, pdf.w - pdf.r_margin, pdf.get_y() + 8)
    pdf.set_y(pdf.get_y() + 9)
    pdf.font(10)
    signer = details.signed_by + (f", {details.signed_role}" if details.signed_role else "")
    pdf.cell(85, 5, pdf.text_for(signer))
    pdf.set_x(pdf.w - pdf.r_margin - 60)
    pdf.cell(
        60,
        5,
        pdf.text_for(f"Date: {_long_date(timezone.localdate())}"),
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.font(8)
    pdf.cell(0, 5, pdf.text_for(f"Signed for {school}"))

    data = bytes(pdf.output())
    # Who made a certificate for which pseudonym, and for which period: never the real name.
    log(
        instance=mentor,
        action=CERTIFICATE_LOG_ACTION,
        user=generated_by,
        data={
            "period_start": details.period_start.isoformat(),
            "period_end": details.period_end.isoformat(),
        },
    )
    return data
