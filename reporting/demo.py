"""Demo safeguarding data for `seed_demo`: the safeguarding team (the lead of both schools,
a deputy and a head of year at Northfield), a demo second factor, a few cases.

Idempotent: cases are made with fixed one-time form tokens, so a second run
finds them instead of making more.
"""

import io
import tomllib
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageDraw
from wagtail.models import Site

from .choices import ActionType, Agency, Category, Platform, ReporterRole, Status, TeamRole
from .demo_totp import DEMO_TOTP_KEY_BASE32, DEMO_TOTP_KEY_HEX
from .models import Case, SafeguardingLead, SchoolClosure
from .services.cases import (
    case_assign,
    case_escalate,
    case_record_action,
    case_transition,
    message_send,
)
from .services.submission import (
    ReportAnswers,
    pending_uploads_add,
    report_submit,
    submission_key_for,
)
from .services.team import team_appoint

# RFC 6238's published test key: a demo factor anyone can compute. Only with DEBUG on.
DEMO_PASSPHRASE = "maple otter lantern biscuit meadow"  # noqa: S105 - printed for the demo only

# The rest of Northfield's safeguarding team (the `lead` account, made by seed_demo, is
# the DSL of both schools). Passwords only with DEBUG on, as for the other demo accounts.
DEMO_TEAM = {
    "deputy": {
        "role": TeamRole.DEPUTY,
        "first_name": "Dee",
        "last_name": "Okafor",
        "password": "upstander-deputy-demo",
    },
    "pastoral": {
        "role": TeamRole.PASTORAL,
        "first_name": "Pat",
        "last_name": "Hughes",
        "password": "upstander-pastoral-demo",
    },
}

DEMO_REPORTS = [
    {
        "token": "demo-report-urgent",
        "answers": ReportAnswers(
            reporter_role=ReporterRole.SOMEONE_ELSE,
            danger_now=True,
            categories=[Category.THREATS, Category.CHAT_SOCIAL_GAMING],
            platform=Platform.SNAPCHAT,
            what_happened=(
                "Someone in Year 9 posted in the group chat that they are going to beat up my friend "
                "after school tomorrow at the bus stop. Loads of people replied with laughing faces."
            ),
            when_happened="Last night, about 9pm",
            people_involved="My friend, and a boy from the other tutor group",
        ),
        "screenshot": True,
    },
    {
        "token": "demo-report-messages",
        "answers": ReportAnswers(
            reporter_role=ReporterRole.ME,
            danger_now=False,
            categories=[Category.NASTY_MESSAGES, Category.LEFT_OUT],
            platform=Platform.WHATSAPP,
            what_happened=(
                "People in my class made a new group without me and they screenshot my messages and "
                "laugh about them. It makes me not want to come in <3 is what I used to send them."
            ),
            when_happened="Since half term",
        ),
        "message": (
            "<p>Thank you for telling us. You did the right thing. Would you like to talk to "
            "Ms Patel in the library at lunchtime on Tuesday? You don't have to say who you are "
            "unless you want to.</p>"
        ),
    },
    {
        "token": "demo-report-parent",
        "answers": ReportAnswers(
            reporter_role=ReporterRole.PARENT,
            danger_now=False,
            categories=[Category.IMPERSONATION],
            platform=Platform.INSTAGRAM,
            what_happened=(
                "Someone has made a fake Instagram account using my daughter's name and photo and is "
                "following her classmates."
            ),
        ),
        "close": True,
    },
]


def demo_screenshot() -> SimpleUploadedFile:
    image = Image.new("RGB", (360, 640), "#e8eef7")
    draw = ImageDraw.Draw(image)
    draw.rectangle((20, 40, 340, 110), fill="#ffffff")
    draw.text((30, 60), "you better watch out tmrw", fill="#111111")
    draw.rectangle((20, 130, 340, 200), fill="#dcf8c6")
    draw.text((30, 150), "haha", fill="#111111")
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return SimpleUploadedFile(
        "Screenshot_2026-11-20.png", buffer.getvalue(), content_type="image/png"
    )


DEMO_CALENDAR = Path(__file__).with_name("demo_calendar.toml")


def seed_demo_calendar(*, school) -> None:
    """The demo schools' holidays, so the receipt's "when will someone read this" is real."""
    closures = tomllib.loads(DEMO_CALENDAR.read_text(encoding="utf-8"))["closure"]
    for closure in closures:
        SchoolClosure.objects.get_or_create(
            school=school,
            name=closure["name"],
            first_day=closure["first_day"],
            defaults={"last_day": closure["last_day"]},
        )


def demo_team(school: Site) -> dict:
    """Northfield's deputy DSL and a pastoral head of year, appointed as the team screen does."""
    import secrets

    User = get_user_model()
    members = {}
    for username, spec in DEMO_TEAM.items():
        user = User.objects.filter(username=username).first()
        created = user is None
        if created:
            user = User(username=username)
        user.first_name, user.last_name = spec["first_name"], spec["last_name"]
        user.email = f"{username}@school.example"
        if settings.DEBUG:
            user.set_password(spec["password"])
        elif created:
            user.set_password(secrets.token_urlsafe(24))
        user.save()
        member = SafeguardingLead.objects.filter(user=user, school=school).first()
        if member is None or member.role != spec["role"]:
            team_appoint(actor=None, school=school, user=user, role=spec["role"])
        members[username] = user
    return members


def seed_reporting_demo(*, stdout=None) -> None:
    User = get_user_model()
    lead = User.objects.filter(username="lead").first()
    admin = User.objects.filter(username="admin").first()
    if lead is None:
        return
    for school in Site.objects.all():
        seed_demo_calendar(school=school)
    if lead.email == "":
        lead.email = "lead@school.example"
        lead.save(update_fields=["email"])
    for site in Site.objects.all():
        if not SafeguardingLead.objects.filter(user=lead, school=site).exists():
            team_appoint(actor=None, school=site, user=lead, role=TeamRole.DSL)
    team = demo_team(Site.objects.get(is_default_site=True))

    if settings.DEBUG:
        from upstander.staff_auth import otp_demo_device

        for user in (lead, admin, *team.values()):
            if user is not None:
                otp_demo_device(user, DEMO_TOTP_KEY_HEX)

    school = Site.objects.get(is_default_site=True)
    for demo in DEMO_REPORTS:
        if Case.objects.filter(submission_key=submission_key_for(demo["token"])).exists():
            continue
        tokens = []
        if demo.get("screenshot"):
            held, _problems = pending_uploads_add(files=[demo_screenshot()], already_held=[])
            tokens = [item.token for item in held]
        result = report_submit(
            school=school,
            answers=demo["answers"],
            submission_token=demo["token"],
            passphrase=DEMO_PASSPHRASE,
            pending_tokens=tokens,
        )
        if not result.created:
            continue
        case = result.case
        if demo.get("message"):
            case_transition(
                case=case, actor=lead, to_status=Status.TRIAGED, reason="Read and triaged."
            )
            message_send(case=case, actor=lead, body=demo["message"])
            # The head of year works this one: pastoral staff see only what is theirs.
            case_assign(case=case, actor=lead, assignee=team["pastoral"])
        if demo.get("close"):
            case_transition(
                case=case, actor=lead, to_status=Status.TRIAGED, reason="Read and triaged."
            )
            case_record_action(
                case=case,
                actor=lead,
                action_type=ActionType.REMOVAL_REQUESTED,
                details="Reported the account.",
            )
            case_escalate(
                case=case,
                actor=lead,
                agency=Agency.OTHER,
                reference_number="IG-DEMO-1",
                details="Instagram",
            )
            case_transition(
                case=case, actor=lead, to_status=Status.IN_PROGRESS, reason="Waiting for Instagram."
            )
            case_transition(
                case=case,
                actor=lead,
                to_status=Status.CLOSED,
                outcome="resolved",
                reason="Removed.",
            )
    if stdout is not None and settings.DEBUG:
        references = ", ".join(
            Case.objects.filter(school=school).values_list("reference", flat=True)[:5]
        )
        stdout.write(
            "Northfield's safeguarding team also has `deputy` (deputy DSL, password "
            f"{DEMO_TEAM['deputy']['password']}) and `pastoral` (head of year, password "
            f"{DEMO_TEAM['pastoral']['password']}).\n"
            "Second factor for `lead`, `deputy`, `pastoral` and `admin` (demo only): add the key "
            f"{DEMO_TOTP_KEY_BASE32} to an authenticator app, or print the current code with "
            "`.venv/bin/python -m reporting.demo_totp`.\n"
            f"Demo cases: {references}. Their follow-up passphrase is: {DEMO_PASSPHRASE}\n"
        )
