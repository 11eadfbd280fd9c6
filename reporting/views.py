"""The public report pages: the report form, the receipt, the follow-up page.

Thin views: the rules live in reporting.services.submission and the evidence
pipeline. What these views add is the web's part of anonymity:

- nothing here reads or stores the client's address, user agent or referrer;
  rate limits key on upstander.ratelimit's rotating HMAC, kept only in the cache;
- every response is `Cache-Control: no-store` and `Referrer-Policy: same-origin` (see report_page);
- POST parameters are hidden from error reports (sensitive_post_parameters);
- answers, held files and the follow-up "sign-in" travel only in POST bodies:
  no session, no lasting cookie, never the passphrase in a URL;
- a request bigger than any honest report is refused before its body is read.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from functools import wraps

import bleach
from django.conf import settings
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape, linebreaks
from django.utils.safestring import mark_safe
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET
from django_ratelimit.core import get_usage
from wagtail.models import Site

from upstander.crisis import mentions_crisis
from upstander.ratelimit import everyone_key, hashed_client_key

from . import receipts
from .choices import Category, EventKind, Status
from .evidence.validate import limits_in_words, request_too_large
from .forms import EVIDENCE_STEP, STEPS, FollowUpSignInForm, ReplyForm, ReportForm
from .models import Case, CaseEvent, ReportingSettings
from .receipt_page import receipt_page_hold, receipt_page_take
from .school_hours import reading_time
from .services.submission import (
    CheckOutcome,
    FileProblem,
    followup_check,
    followup_token_make,
    followup_token_open,
    pending_uploads_add,
    pending_uploads_discard,
    pending_uploads_held,
    receipt_matches,
    report_submit,
    reporter_reply,
)

# Rates (django-ratelimit syntax) are settings, read when a request is checked
# (site/settings/base.py; set from the environment): REPORT_RATE_PER_CLIENT,
# REPORT_RATE_OVERALL and REPORT_UPLOAD_RATE_PER_CLIENT for the report form;
# FOLLOWUP_RATE_PER_REFERENCE and FOLLOWUP_RATE_PER_CLIENT for wrong receipts.
# Their windows end (15 minutes), so the real reporter is never locked out for
# good, while guessing 53 bits at 40 tries an hour would take longer than the
# universe has existed.

TOKEN_PATTERN = re.compile(r"[A-Za-z0-9_-]{43}")
REPORTER_VISIBLE_KINDS = (
    EventKind.MESSAGE_TO_REPORTER,
    EventKind.MESSAGE_FROM_REPORTER,
    EventKind.REPORTER_ADDITION,
)
STATUS_WORDS = {
    Status.NEW: (
        "We have your report",
        "It has arrived safely. A member of staff who keeps pupils safe will read it soon.",
    ),
    Status.TRIAGED: (
        "Someone is looking at your report",
        "A member of staff has read it and is working out how to help.",
    ),
    Status.IN_PROGRESS: (
        "The school is working on it",
        "Staff are doing something about what you told us.",
    ),
    Status.CLOSED: (
        "This report is closed",
        "The school has finished working on it. Thank you for telling us: it was the right "
        "thing to do. If it starts again, or you are still worried, write to us below or "
        "make a new report.",
    ),
}
LEAD_MESSAGE_TAGS = ["p", "br", "ul", "ol", "li", "a", "strong", "em"]


# --- Decorators -----------------------------------------------------------------------


def report_page(view):
    """Headers every public report page sends: not stored, no referrer to other sites, not indexed.

    `same-origin`, not `no-referrer`: under `no-referrer` browsers send
    `Origin: null` with the form's POST, and Django's CSRF protection (rightly)
    refuses it, so no pupil could send a report. `same-origin` still sends
    nothing to any other site (the quick-exit link adds rel="noreferrer"
    itself), and this site never stores or logs a referrer.
    """

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        response["Cache-Control"] = "no-store"
        response["Referrer-Policy"] = "same-origin"
        response["X-Robots-Tag"] = "noindex, nofollow"
        return response

    return wrapped


def refuse_oversized(view):
    """Refuse a too-large POST before anything reads its body.

    CSRF checking reads the body, so it runs only after the size check (the
    view is CSRF-protected all the same, by csrf_protect inside).
    """
    protected = csrf_protect(view)

    @wraps(view)
    def guard(request, *args, **kwargs):
        if request.method == "POST" and request_too_large(request.META.get("CONTENT_LENGTH")):
            response = _render(
                request, "reporting/report_too_large.html", {**limits_in_words()}, status=413
            )
            response["Connection"] = "close"
            return response
        return protected(request, *args, **kwargs)

    return csrf_exempt(guard)


def public_report_view(view):
    return report_page(sensitive_post_parameters()(refuse_oversized(view)))


# --- Helpers ------------------------------------------------------------------------------


def _school(request) -> Site:
    site = Site.find_for_request(request)
    if site is None:
        raise Http404("No school is set up for this address.")
    return site


def _render(request, template: str, context: dict, status: int = 200) -> HttpResponse:
    site = Site.find_for_request(request)
    school_settings = ReportingSettings.for_site(site) if site is not None else None
    context = {
        "school": site,
        "school_settings": school_settings,
        "urgent_contact": school_settings.urgent_contact if school_settings else "",
        **context,
    }
    return render(request, template, context, status=status)


def _limited(request, *, group: str, key, rate_setting: str, increment: bool = True) -> bool:
    """Whether this request is over the rate held by the setting named `rate_setting`."""
    usage = get_usage(
        request,
        group=group,
        key=key,
        rate=getattr(settings, rate_setting),
        method="POST",
        increment=increment,
    )
    if usage is None:
        return False
    return usage["count"] > usage["limit"] if increment else usage["count"] >= usage["limit"]


def _reference_key(group, request) -> str:
    """Rate-limit key for one receipt: an HMAC of the reference, never the reference."""
    reference = receipts.normalise_reference(request.POST.get("reference", "")) or "unreadable"
    return hmac.new(
        settings.SECRET_KEY.encode(), f"followup:{reference}".encode(), hashlib.sha256
    ).hexdigest()[:32]


def _carried(data, exclude: set[str]) -> list[tuple[str, str]]:
    """The answers not on screen, as (name, value) pairs for hidden fields."""
    carried = []
    for name in ReportForm.base_fields:
        if name in exclude or name == "website":
            continue
        for value in data.getlist(name):
            carried.append((name, value))
    return carried


# --- The report form --------------------------------------------------------------------------


@public_report_view
def report(request):
    school = _school(request)
    if request.method != "POST":
        return _render_step(
            request,
            form=ReportForm(),
            step=0,
            token=secrets.token_urlsafe(32),
            words=receipts.generate_passphrase(),
            held=[],
        )

    form = ReportForm(request.POST)
    if form.is_bot:
        return _render(request, "reporting/report_not_sent.html", {}, status=400)
    token = request.POST.get("submission_token", "")
    if not TOKEN_PATTERN.fullmatch(token):
        token = secrets.token_urlsafe(32)
    words = request.POST.get("receipt_words", "")
    words = (
        receipts.normalise_passphrase(words)
        if receipts.is_well_formed(words)
        else receipts.generate_passphrase()
    )
    try:
        step = min(max(int(request.POST.get("step", 0)), 0), len(STEPS) - 1)
    except ValueError:
        step = 0
    nav = request.POST.get("nav", "next")

    removed_tokens = set(request.POST.getlist("remove_held"))
    if removed_tokens:
        pending_uploads_discard(tokens=removed_tokens)
    held_tokens = [t for t in request.POST.getlist("held_files") if t not in removed_tokens]
    uploads = request.FILES.getlist("evidence")
    files_refused_for_sexual_image = False
    if form.sexual_image_chosen:
        # The nude-image path: no picture is ever kept, not even one added earlier.
        files_refused_for_sexual_image = bool(held_tokens or uploads)
        pending_uploads_discard(tokens=held_tokens)
        held_tokens, uploads = [], []
    held = pending_uploads_held(tokens=held_tokens)
    problems: list[FileProblem] = []
    if uploads:
        if _limited(
            request,
            group="report-uploads",
            key=hashed_client_key,
            rate_setting="REPORT_UPLOAD_RATE_PER_CLIENT",
        ):
            problems = [
                FileProblem(
                    name="",
                    message="You have added a lot of files in a short time. Please wait a while and try again.",
                )
            ]
        else:
            held, problems = pending_uploads_add(files=uploads, already_held=held)
    context = {"files_refused_for_sexual_image": files_refused_for_sexual_image}

    if problems or removed_tokens:
        # Show this step again: which files were accepted, which were not and why.
        return _render_step(
            request,
            form=form,
            step=step,
            token=token,
            words=words,
            held=held,
            problems=problems,
            show_errors=False,
            extra=context,
        )
    if nav == "back":
        return _render_step(
            request,
            form=form,
            step=max(step - 1, 0),
            token=token,
            words=words,
            held=held,
            show_errors=False,
            extra=context,
        )
    if nav != "send":
        if form.step_is_valid(step):
            return _render_step(
                request,
                form=form,
                step=min(step + 1, len(STEPS) - 1),
                token=token,
                words=words,
                held=held,
                show_errors=False,
                extra=context,
            )
        return _render_step(
            request, form=form, step=step, token=token, words=words, held=held, extra=context
        )

    if not form.is_valid():
        return _render_step(
            request,
            form=form,
            step=form.first_step_with_errors() or 0,
            token=token,
            words=words,
            held=held,
            extra=context,
        )
    limited = _limited(
        request,
        group="report-submit-client",
        key=hashed_client_key,
        rate_setting="REPORT_RATE_PER_CLIENT",
    ) or _limited(
        request, group="report-submit-all", key=everyone_key, rate_setting="REPORT_RATE_OVERALL"
    )
    if limited:
        return _render(
            request,
            "reporting/report_rate_limited.html",
            {
                "carried": _carried(request.POST, exclude=set()),
                "held": held,
                "token": token,
                "words": words,
                "last_step": len(STEPS) - 1,
                "danger": form.danger_chosen,
            },
            status=429,
        )
    answers = form.answers()
    result = report_submit(
        school=school,
        answers=answers,
        submission_token=token,
        passphrase=words,
        pending_tokens=[item.token for item in held],
    )
    if not result.created and not receipt_matches(case=result.case, passphrase=words):
        return _render(request, "reporting/report_already_sent.html", {"case": result.case})
    case = result.case
    evidence = (
        result.evidence
        if result.created
        else list(case.evidence.filter(event__kind=EventKind.REPORT))
    )
    school_settings = ReportingSettings.for_site(school)
    reading = reading_time(settings=school_settings)
    return _shown_once(
        _render(
            request,
            "reporting/report_done.html",
            {
                "case": case,
                "words": words,
                "evidence": evidence,
                "reading": reading,
                "next_open_words": reading.next_open_in_words(timezone.now()),
                "danger": answers.danger_now,
                "worrying_words": any(mentions_crisis(text) for text in answers.texts()),
                "sexual_image": answers.sexual_image,
                "resent": not result.created,
            },
        )
    )


def _shown_once(receipt: HttpResponse) -> HttpResponse:
    """Send the browser to a one-time address for the receipt (reporting.receipt_page).

    If the receipt cannot be held, it is shown in this response instead.
    """
    token = receipt_page_hold(html=receipt.content)
    if token is None:
        return receipt
    # 303 See Other: the browser follows with a GET, and a reload repeats the GET, not the POST.
    response = HttpResponseRedirect(reverse("reporting:receipt", args=[token]))
    response.status_code = 303
    return response


@report_page
@require_GET
def receipt(request, token):
    """The receipt, once. A reload, or the address opened again, says it was already shown."""
    html = receipt_page_take(token=token)
    if html is None:
        # 200, not 410: a kind page saying what to do next, not an error.
        return _render(request, "reporting/receipt_already_shown.html", {})
    return HttpResponse(html, content_type="text/html; charset=utf-8")


def _render_step(
    request, *, form, step, token, words, held, problems=(), show_errors=True, extra=None
) -> HttpResponse:
    bound = form.is_bound
    visible = set(STEPS[step].fields)
    fields = form.fields_for(step)
    errors = []
    if bound and show_errors:
        form.is_valid()
        errors = [
            (form[name], form.errors[name]) for name in STEPS[step].fields if name in form.errors
        ]
    elif bound:
        # Show the answers without complaining about steps not reached yet.
        form._errors = {}
    summary = None
    if step == len(STEPS) - 1 and bound:
        summary = _answer_summary(request.POST)
    return _render(
        request,
        "reporting/report_form.html",
        {
            "form": form,
            "fields": fields,
            "step": step,
            "step_info": STEPS[step],
            "step_number": step + 1,
            "step_count": len(STEPS),
            "is_first": step == 0,
            "is_last": step == len(STEPS) - 1,
            "is_evidence_step": step == EVIDENCE_STEP,
            "carried": _carried(request.POST, exclude=visible) if bound else [],
            "held": held,
            "problems": problems,
            "errors": errors,
            "token": token,
            "words": words,
            "danger": form.danger_chosen if bound else False,
            "sexual_image": form.sexual_image_chosen if bound else False,
            "summary": summary,
            **limits_in_words(),
            **(extra or {}),
        },
        status=400 if errors or problems else 200,
    )


def _answer_summary(data) -> list[tuple[str, str]]:
    form = ReportForm(data)
    form.is_valid()
    labels = []
    for name in (
        "danger_now",
        "reporter_role",
        "categories",
        "platform",
        "where_detail",
        "when_happened",
        "what_happened",
        "people_involved",
    ):
        field = form.fields[name]
        values = data.getlist(name)
        choices = dict(getattr(field, "choices", []) or [])
        shown = ", ".join(str(choices.get(value, value)) for value in values if value)
        if shown:
            labels.append((field.label.replace(" (optional)", ""), shown))
    return labels


@report_page
def how_anonymous(request):
    return _render(request, "reporting/how_anonymous.html", {})


# --- Follow-up --------------------------------------------------------------------------------


@public_report_view
def follow_up(request):
    school = _school(request)
    if request.method != "POST":
        return _render(request, "reporting/followup_sign_in.html", {"form": FollowUpSignInForm()})

    token = request.POST.get("followup_token", "")
    if token:
        case = followup_token_open(token=token, school=school)
        if case is None:
            return _render(
                request,
                "reporting/followup_sign_in.html",
                {"form": FollowUpSignInForm(), "timed_out": True},
            )
        if request.POST.get("nav") == "reply":
            return _reply(request, case)
        return _render_case(request, case)

    form = FollowUpSignInForm(request.POST)
    if not form.is_valid():
        return _render(request, "reporting/followup_sign_in.html", {"form": form}, status=400)
    throttled = _limited(
        request,
        group="followup-reference",
        key=_reference_key,
        rate_setting="FOLLOWUP_RATE_PER_REFERENCE",
        increment=False,
    ) or _limited(
        request,
        group="followup-client",
        key=hashed_client_key,
        rate_setting="FOLLOWUP_RATE_PER_CLIENT",
        increment=False,
    )
    if throttled:
        return _render(request, "reporting/followup_throttled.html", {}, status=429)
    check = followup_check(
        school=school,
        reference=form.cleaned_data["reference"],
        passphrase=form.cleaned_data["passphrase"],
    )
    if check.outcome is CheckOutcome.WRONG:
        _limited(
            request,
            group="followup-reference",
            key=_reference_key,
            rate_setting="FOLLOWUP_RATE_PER_REFERENCE",
        )
        _limited(
            request,
            group="followup-client",
            key=hashed_client_key,
            rate_setting="FOLLOWUP_RATE_PER_CLIENT",
        )
        return _render(
            request,
            "reporting/followup_sign_in.html",
            {
                "form": FollowUpSignInForm(initial={"reference": form.cleaned_data["reference"]}),
                "wrong": True,
            },
            status=400,
        )
    if check.outcome is CheckOutcome.EXPIRED:
        return _render(request, "reporting/followup_expired.html", {"case": check.case})
    return _render_case(request, check.case)


def _reply(request, case: Case) -> HttpResponse:
    form = ReplyForm(request.POST)
    removed_tokens = set(request.POST.getlist("remove_held"))
    if removed_tokens:
        pending_uploads_discard(tokens=removed_tokens)
    held_tokens = [t for t in request.POST.getlist("held_files") if t not in removed_tokens]
    uploads = request.FILES.getlist("evidence")
    no_files = Category.SEXUAL_IMAGE in (case.categories or [])
    if no_files:
        pending_uploads_discard(tokens=held_tokens)
        held_tokens, uploads = [], []
    held = pending_uploads_held(tokens=held_tokens)
    problems: list[FileProblem] = []
    if uploads:
        if _limited(
            request,
            group="report-uploads",
            key=hashed_client_key,
            rate_setting="REPORT_UPLOAD_RATE_PER_CLIENT",
        ):
            problems = [
                FileProblem(
                    name="",
                    message="You have added a lot of files in a short time. Please wait a while and try again.",
                )
            ]
        else:
            held, problems = pending_uploads_add(files=uploads, already_held=held)
    if not form.is_valid() or problems or removed_tokens:
        return _render_case(
            request,
            case,
            reply_form=form,
            held=held,
            problems=problems,
            status=400 if problems else 200,
        )
    message = form.cleaned_data["message"]
    if not message.strip() and not held:
        form.add_error("message", "Please write something or add a file before you send.")
        return _render_case(request, case, reply_form=form, held=held, status=400)
    event = reporter_reply(case=case, message=message, pending_tokens=[item.token for item in held])
    return _render_case(
        request,
        case,
        sent=True,
        sent_evidence=list(event.evidence.all()),
        worrying_words=mentions_crisis(message),
    )


def _render_case(
    request, case: Case, *, reply_form=None, held=(), problems=(), status=200, **extra
) -> HttpResponse:
    case.refresh_from_db()
    headline, explanation = STATUS_WORDS.get(case.status, STATUS_WORDS[Status.NEW])
    events = (
        CaseEvent.objects.filter(
            case=case, visible_to_reporter=True, kind__in=REPORTER_VISIBLE_KINDS
        )
        .prefetch_related("evidence")
        .order_by("created_at")
    )
    conversation = [
        {
            "from_school": event.kind == EventKind.MESSAGE_TO_REPORTER,
            "when": event.created_at,
            "body": _message_html(event),
            "files": [file.original_name for file in event.evidence.all()],
        }
        for event in events
    ]
    return _render(
        request,
        "reporting/followup_case.html",
        {
            "case": case,
            "report": getattr(case, "report", None),
            "report_files": list(case.evidence.filter(event__kind=EventKind.REPORT)),
            "headline": headline,
            "explanation": explanation,
            "conversation": conversation,
            "followup_token": followup_token_make(case=case),
            "reply_form": reply_form or ReplyForm(),
            "held": held,
            "problems": problems,
            "no_files": Category.SEXUAL_IMAGE in (case.categories or []),
            "closed": case.status == Status.CLOSED,
            **limits_in_words(),
            **extra,
        },
        status=status,
    )


def _message_html(event: CaseEvent) -> str:
    """A lead's message may carry a small allow-list of HTML (cleaned again here); a pupil's is text."""
    if event.kind == EventKind.MESSAGE_TO_REPORTER and event.data.get("format") == "html":
        cleaned = bleach.clean(
            event.body or "",
            tags=LEAD_MESSAGE_TAGS,
            attributes={"a": ["href"]},
            protocols=["http", "https", "mailto"],
            strip=True,
        )
        return mark_safe(cleaned.replace("<a ", '<a rel="noreferrer noopener" '))  # noqa: S308 - cleaned by bleach just above
    return mark_safe(linebreaks(escape(event.body or "")))  # noqa: S308 - escaped just here
