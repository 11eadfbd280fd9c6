"""Property-based fuzzing (hypothesis) of the two public forms: the report and the follow-up.

Random unicode, huge strings, missing and duplicated fields, invalid choices, random
steps and buttons, random file bytes under random names. Whatever is sent:
never a server error; never a half-saved case (the number of cases grows by 0 or 1,
by 1 only for a valid, sent report, and every case has its report and its receipt);
the follow-up form creates no case and adds at most one event, only for a valid
token. Rate limits are switched off here (RATELIMIT_ENABLE=False) so that a run of
examples tests the forms, not the throttle.
"""

from __future__ import annotations

import re
import secrets

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from reporting import receipts
from reporting.choices import Category, EventKind, Platform, ReporterRole
from reporting.forms import ReportForm
from reporting.models import Case, CaseEvent, EvidenceFile, Receipt, Report

from .helpers import followup_token, sign_in, submit_report

pytestmark = pytest.mark.django_db

FUZZ = settings(
    max_examples=50,
    deadline=None,
    database=None,  # no example database written into the working tree
    # The same examples on every run and machine: a failure is reproducible, never "flaky".
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

huge = st.sampled_from(["x" * 25_000, "é" * 6_000, "<" * 21_000, "\u202e" * 600, "🔪" * 5_001])
text = st.one_of(st.text(max_size=300), huge, st.just(""), st.just("   "))


def choice(valid: list[str]):
    return st.one_of(st.sampled_from(valid), text)


def values(strategy):
    """A field left out (None), sent once, or sent several times."""
    return st.one_of(st.none(), strategy, st.lists(strategy, min_size=2, max_size=3))


file_names = st.one_of(
    st.text(max_size=40),
    st.sampled_from(["../../etc/passwd.png", "a" * 300 + ".jpg", "x\x00y.txt", "s.svg"]),
)
file_bytes = st.one_of(
    st.binary(max_size=2_000),
    st.sampled_from(
        [
            b"\xff\xd8\xff\xe0" + b"\x00" * 50,  # a JPEG header and nothing else
            b"\x89PNG\r\n\x1a\n" + b"\x00" * 30,
            b"%PDF-1.4\n%%EOF",
            b"plain words\n",
            b"<svg onload=alert(1)>",
        ]
    ),
)
uploads = st.lists(st.tuples(file_names, file_bytes), max_size=2)

REPORT_STRATEGIES = {
    "danger_now": values(choice(["yes", "no", "not_sure"])),
    "reporter_role": values(choice(ReporterRole.values)),
    "categories": values(choice(Category.values)),
    "platform": values(choice(Platform.values)),
    "where_detail": values(text),
    "when_happened": values(text),
    "what_happened": values(text),
    "people_involved": values(text),
    "say_who": values(choice(["yes", "no"])),
    "reporter_identity": values(text),
    "nav": values(choice(["next", "back", "send"])),
    "step": values(st.one_of(st.integers(-5, 10).map(str), text)),
    "submission_token": values(
        st.one_of(st.just(None), st.text(max_size=60)).map(
            lambda t: t if t is not None else secrets.token_urlsafe(32)
        )
    ),
    "receipt_words": values(
        st.one_of(st.builds(receipts.generate_passphrase), st.text(max_size=80))
    ),
    "held_files": values(st.text(max_size=60)),
    "remove_held": values(st.text(max_size=60)),
    "website": st.one_of(st.none(), st.just(""), st.just("http://spam.example")),
}
report_fields = st.fixed_dictionaries(REPORT_STRATEGIES)


def _post_data(fields: dict, files) -> dict:
    data = {name: value for name, value in fields.items() if value is not None}
    if files:
        data["evidence"] = [SimpleUploadedFile(name or "f", blob) for name, blob in files]
    return data


def _as_querydict(data: dict):
    from django.http import QueryDict

    query = QueryDict(mutable=True)
    for name, value in data.items():
        if name == "evidence":
            continue
        for item in value if isinstance(value, list) else [value]:
            query.appendlist(name, item)
    return query


def _no_half_saved_cases():
    assert not Case.objects.filter(report__isnull=True).exists()
    assert Report.objects.count() == Case.objects.count()
    assert Receipt.objects.count() + 0 <= Case.objects.count()
    assert not Case.objects.exclude(pk__in=Receipt.objects.values("case_id")).exists()
    assert not EvidenceFile.objects.exclude(case_id__in=Case.objects.values("pk")).exists()


def _printable(data: dict) -> str:
    return re.sub(r"(.{200}).*", r"\1…", repr({k: v for k, v in data.items() if k != "evidence"}))


def _valid_report() -> dict:
    from tests.reporting.conftest import report_data

    return report_data()


# Half the examples start from a complete, valid report and fuzz only some fields,
# so sent reports (and the write path) are exercised, not only refusals.
fuzzed_names = st.sets(st.sampled_from(sorted(REPORT_STRATEGIES)), max_size=3)


@FUZZ
@given(
    fields=report_fields,
    files=uploads,
    start_valid=st.sampled_from([True, True, False]),
    fuzzed=fuzzed_names,
)
def test_fuzzed_report_posts_never_fail_and_never_half_save(
    school, settings, fields, files, start_valid, fuzzed
):
    settings.RATELIMIT_ENABLE = False
    if start_valid:
        fields = {**_valid_report(), **{name: fields[name] for name in fuzzed}}
    data = _post_data(fields, files)
    before = Case.objects.count()
    response = Client().post("/report/", data, follow=True)
    assert response.status_code < 500, _printable(data)
    created = Case.objects.count() - before
    event(f"status {response.status_code}, cases created: {created}")
    assert created in (0, 1)
    if created:
        form = ReportForm(_as_querydict(data))
        last = lambda name: data[name][-1] if isinstance(data[name], list) else data[name]  # noqa: E731
        assert form.is_valid(), (form.errors, _printable(data))
        assert last("nav") == "send" and not form.is_bot
        assert response.status_code == 200
        assert Case.objects.order_by("-created_at").first().reference in response.content.decode()
    _no_half_saved_cases()


@pytest.fixture
def open_case(school):
    client = Client()
    case, words, _ = submit_report(client)
    token = followup_token(sign_in(client, case.reference, words).content.decode())
    return {"case": case, "words": words, "token": token}


followup_fields = st.fixed_dictionaries(
    {
        "reference": values(text),
        "passphrase": values(text),
        "nav": values(choice(["open", "reply", "refresh"])),
        "message": values(text),
        "held_files": values(st.text(max_size=60)),
        "remove_held": values(st.text(max_size=60)),
        "use_token": st.sampled_from(["none", "valid", "mangled", "random"]),
        "use_reference": st.booleans(),
        # Half the examples are a reply from a signed-in reporter, fuzzed in its words and files.
        "as_reply": st.booleans(),
    }
)


@FUZZ
@given(fields=followup_fields, files=uploads)
def test_fuzzed_follow_up_posts_never_fail_and_write_only_with_a_valid_token(
    open_case, settings, fields, files
):
    settings.RATELIMIT_ENABLE = False
    case = open_case["case"]
    use_token, use_reference = fields.pop("use_token"), fields.pop("use_reference")
    if fields.pop("as_reply"):
        use_token, fields["nav"], fields["remove_held"] = "valid", "reply", None
        fields["message"] = fields["message"] or "and one more thing"
    data = _post_data(fields, files)
    if use_reference:
        data["reference"] = case.reference
    if use_token == "valid":
        data["followup_token"] = open_case["token"]
    elif use_token == "mangled":
        data["followup_token"] = open_case["token"][:-3] + "abc"
    elif use_token == "random":
        data["followup_token"] = secrets.token_urlsafe(40)
    # The reporter's own events: an alert to the team adds a chronology entry of its own.
    reporter_events = CaseEvent.objects.exclude(kind=EventKind.ALERT_SENT)
    cases, events = Case.objects.count(), reporter_events.count()
    response = Client().post("/report/follow-up/", data)
    assert response.status_code < 500, _printable(data)
    assert Case.objects.count() == cases
    added = reporter_events.count() - events
    event(f"status {response.status_code}, events added: {added}")
    assert added in (0, 1)
    if added:
        assert use_token == "valid"
        nav = data.get("nav")
        assert (nav[-1] if isinstance(nav, list) else nav) == "reply"
        assert reporter_events.order_by("-created_at").first().case_id == case.pk
    _no_half_saved_cases()
