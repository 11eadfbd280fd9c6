"""Generate the benchmark's data set in the configured database, quickly.

Pages are copies of the demo guides (so they render like real ones) placed
under the pupils' hub; cases are bulk-created with encrypted report text and
ONE precomputed receipt hash shared by all, since the deliberately slow hash
would take hours for 100,000 cases. Run inside the benchmark's environment:
    python -m bench.dataset --pages 2000 --cases 20000
It prints one JSON line with what the driver needs (URLs, ids, the receipt).
"""

import argparse
import contextlib
import json
import os
import random
from datetime import timedelta

import django


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pages", type=int, default=2000)
    parser.add_argument("--cases", type=int, default=20000)
    parser.add_argument(
        "--session-only",
        action="store_true",
        help="only sign a lead in again (a data set restored from var/bench-cache)",
    )
    args = parser.parse_args()

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "upstander.settings.base")
    django.setup()
    if args.session_only:
        from wagtail.models import Site

        print(
            "SESSION "
            + json.dumps({"lead_cookie": lead_session(Site.objects.get(is_default_site=True))})
        )
        return

    from django.db import connection, transaction
    from django.utils import timezone
    from wagtail.models import Page, Site

    from content.models import AudienceHubPage, GuidePage, VideoPage
    from reporting import receipts
    from reporting.choices import Category, Platform, Risk, Status
    from reporting.evidence import store
    from reporting.models import (
        Case,
        CaseEvent,
        EvidenceFile,
        Receipt,
        Report,
        new_case_reference,
    )

    school = Site.objects.get(is_default_site=True)
    home = school.root_page.specific
    hubs = list(AudienceHubPage.objects.live().descendant_of(home))
    hub = hubs[0]
    guides = list(GuidePage.objects.live().descendant_of(home))
    template_guides = guides[:]
    existing = GuidePage.objects.live().count()
    to_make = max(args.pages - Page.objects.live().count(), 0)
    # Copies through Wagtail (real StreamField bodies, taxonomy, search index, reference
    # index), but in transactions of 200 pages rather than a commit per write, and without
    # the page cache's purge for each one (nothing is cached yet): one purge at the end.
    with _page_cache_purges_paused():
        for start in range(0, to_make, 200):
            with transaction.atomic():
                for index in range(start, min(start + 200, to_make)):
                    source = template_guides[index % len(template_guides)]
                    source.copy(
                        to=hub,
                        update_attrs={
                            "title": f"{source.title} ({index + 1})",
                            "slug": f"{source.slug}-bench-{index + 1}",
                        },
                        keep_live=True,
                        copy_revisions=False,
                        log_action=None,
                        reset_translation_key=True,
                    )

    passphrase = receipts.generate_passphrase()
    shared_hash = receipts.hash_passphrase(passphrase)
    now = timezone.now()
    have = Case.objects.count()
    batch = []
    rng = random.Random(42)
    categories = [c for c, _ in Category.choices]
    platforms = [p for p, _ in Platform.choices]
    risks = [Risk.URGENT, Risk.HIGH, Risk.MEDIUM, Risk.MEDIUM, Risk.LOW, Risk.LOW]
    statuses = [Status.NEW, Status.TRIAGED, Status.IN_PROGRESS, Status.CLOSED]

    def flush(cases):
        with transaction.atomic():
            Case.objects.bulk_create(cases)
            Report.objects.bulk_create(
                [
                    Report(
                        case=c,
                        what_happened="Someone keeps sending me mean messages in a group chat.",
                    )
                    for c in cases
                ]
            )
            Receipt.objects.bulk_create(
                [Receipt(case=c, passphrase_hash=shared_hash) for c in cases]
            )
            CaseEvent.objects.bulk_create(
                [CaseEvent(case=c, kind="report", created_at=c.created_at) for c in cases]
            )

    # References are random (8 characters of 31): tens of thousands drawn at once can
    # repeat one, which the unique index refuses, so draw them here until each is new.
    taken = set(Case.objects.values_list("reference", flat=True))

    def unique_reference():
        while (reference := new_case_reference()) in taken:
            pass
        taken.add(reference)
        return reference

    for index in range(have, args.cases):
        risk = rng.choice(risks)
        status = rng.choice(statuses)
        created = now - timedelta(minutes=rng.randint(1, 60 * 24 * 365))
        batch.append(
            Case(
                school=school,
                reference=unique_reference(),
                risk=risk,
                suggested_risk=risk,
                status=status,
                category=rng.choice(categories),
                platform=rng.choice(platforms),
                created_at=created,
                last_activity_at=created,
                submission_key=f"bench-{index}",
                closed_at=created + timedelta(days=3) if status == Status.CLOSED else None,
                outcome="resolved" if status == Status.CLOSED else "",
            )
        )
        if len(batch) == 2000:
            flush(batch)
            batch = []
    if batch:
        flush(batch)

    if connection.vendor == "postgresql":
        # What autovacuum does within a minute or so of a bulk load in production:
        # without statistics the planner takes the new rows for a nearly empty table.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")

    # One case with evidence and a receipt the driver knows, for detail and follow-up.
    sample = Case.objects.order_by("risk_rank", "created_at").first()
    if not sample.evidence.exists():
        key, info = store.write_encrypted([os.urandom(1024) * 50])
        EvidenceFile.objects.create(
            case=sample,
            storage_key=key,
            detected_type="text/plain",
            extension="txt",
            plaintext_bytes=info.plaintext_bytes,
            stored_bytes=info.stored_bytes,
            stored_sha256=info.stored_sha256,
            key_id=info.key_id,
            cleaned=True,
        )

    guide = GuidePage.objects.live().descendant_of(home).first()
    video = VideoPage.objects.live().first()
    print(
        "DATASET "
        + json.dumps(
            {
                "pages": Page.objects.live().count(),
                "cases": Case.objects.count(),
                "guides_before": existing,
                "hub_url": hub.relative_url(school),
                "guide_url": guide.relative_url(school),
                "video_url": (video or guide).relative_url(school),
                "case_id": str(sample.pk),
                "case_reference": sample.reference,
                "passphrase": passphrase,
                "lead_cookie": lead_session(school),
            }
        )
    )


@contextlib.contextmanager
def _page_cache_purges_paused():
    from django.db.models.signals import post_save, pre_save

    from upstander import signals
    from upstander.pagecache import purge_all

    receivers = [
        (post_save, signals.purge_on_change, "pagecache_model_saved"),
        (pre_save, signals.remember_page_before_save, "pagecache_page_before_save"),
    ]
    for signal, _receiver, uid in receivers:
        signal.disconnect(dispatch_uid=uid)
    try:
        yield
    finally:
        for signal, receiver, uid in receivers:
            signal.connect(receiver, dispatch_uid=uid)
        purge_all()


def lead_session(school) -> str:
    """A logged-in, second-factor-verified lead session for the triage scenarios (its cookie)."""
    from django.contrib.sessions.backends.db import SessionStore
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from reporting.models import SafeguardingLead

    lead = SafeguardingLead.objects.filter(school=school).select_related("user").first().user
    session = SessionStore()
    session["_auth_user_id"] = str(lead.pk)
    session["_auth_user_backend"] = "django.contrib.auth.backends.ModelBackend"
    session["_auth_user_hash"] = lead.get_session_auth_hash()
    device = TOTPDevice.objects.filter(
        user=lead, confirmed=True
    ).first() or TOTPDevice.objects.create(user=lead, name="bench", confirmed=True)
    session["otp_device_id"] = device.persistent_id
    session.create()
    return f"sessionid={session.session_key}"


if __name__ == "__main__":
    main()
