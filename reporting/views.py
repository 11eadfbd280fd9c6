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

import logging
import re
import secrets
from functools import wraps

from django.conf import settings
from django.db import DatabaseError
from django.db.models import Q
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape, linebreaks
from django.utils.safestring import mark_safe
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET
from django_ratelimit.core import get_usage
from wagtail.models import Site

from upstander import danger
from upstander.ratelimit import hashed_client_key, wait_in_words, whole_seconds
from upstander.sanitize import clean_message

from . import receipts
from .choices import Category, EventKind, ReporterRole, Risk, Status
from .evidence.validate import limits_in_words, request_too_large
from .form_stamps import stamp_age, stamp_issue
from .forms import EVIDENCE_STEP, STEPS, FollowUpSignInForm, ReplyForm, ReportForm
from .models import Case, CaseEvent, EvidenceFile, ReportingSettings
from .receipt_page import receipt_page_hold, receipt_page_take
from .school_calendar import reading_time
from .services.links import conversation_home, reporter_events
from .services.submission import (
    CheckOutcome,
    FileProblem,
    HeldFile,
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
from .throttles import followup_record_right, followup_record_wrong, followup_wait, report_send_wait
from .upload_spool import tolerate_spool_failures

# Limits are settings, read when a request is checked (site/settings/base.py;
# set from the environment); reporting/throttles.py holds the rules for sending
# a report and signing in to follow up, sized for a school behind one address.

TOKEN_PATTERN = re.compile(r"[A-Za-z0-9_-]{43}")
REPORTER_VISIBLE_KINDS = (
    EventKind.MESSAGE_TO_REPORTER,
    EventKind.MESSAGE_FROM_REPORTER,
    EventKind.REPORTER_ADDITION,
)
STATUS_WORDS = {
    Status.NEW: (
        _("We have your report"),
        _("It has arrived safely. A member of staff who keeps pupils safe will read it soon."),
    ),
    Status.TRIAGED: (
        _("Someone is looking at your report"),
        _("A member of staff has read it and is working out how to help."),
    ),
    Status.IN_PROGRESS: (
        _("The school is working on it"),
        _("Staff are doing something about what you told us."),
    ),
    Status.CLOSED: (
        _("This report is closed"),
        _(
            "The school has finished working on it. Thank you for telling us: it was the right "
            "thing to do. If it starts again, or you are still worried, write to us below or "
            "make a new report."
        ),
    ),
}


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
        if request.method == "POST":
            tolerate_spool_failures(request)
        return protected(request, *args, **kwargs)

    return csrf_exempt(guard)


def public_report_view(view):
    return report_page(sensitive_post_parameters()(refuse_oversized(view)))


# --- Helpers ------------------------------------------------------------------------------

SPOOL_FULL = FileProblem(
    name="",
    message=(
        "We could not take the files you just added: the space for files on our server is "
        "full. None of them was kept. Everything you wrote is still here: you can send it "
        "without the files, or add them again later."
    ),
)

_UNREAD = object()
logger = logging.getLogger(__name__)


def _school(request) -> Site:
    site = Site.find_for_request(request)
    if site is None:
        raise Http404("No school is set up for this address.")
    return site


def _render(
    request, template: str, context: dict, status: int = 200, *, school_settings=_UNREAD
) -> HttpResponse:
    """Render a report page; with the school's settings already read, no query is needed.

    When the database cannot be reached, the page still renders without the
    school's own contact (999 and Childline are in the template itself).
    """
    if school_settings is _UNREAD:
        school_settings = _school_settings(request)
    site = getattr(request, "_wagtail_site", None)  # found (and kept) by Site.find_for_request
    context = {
        "school": site,
        "school_settings": school_settings,
        "urgent_contact": school_settings.urgent_contact if school_settings else "",
        "not_taken": getattr(request, "_reporting_database_down", False),
        **context,
    }
    return render(request, template, context, status=status)


def _school_settings(request):
    try:
        site = Site.find_for_request(request)
        return ReportingSettings.for_site(site) if site is not None else None
    except DatabaseError:
        logger.warning("School settings unavailable: the database cannot be reached")
        request._reporting_database_down = True
        return None


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
    try:
        return _report(request)
    except DatabaseError:
        # Before the case is committed (after it, _report shows the receipt itself):
        # the pupil's words come back in the form, with help and a plain reason.
        logger.warning("Report not taken: the database cannot be reached")
        return _report_not_taken(request)


def _report(request):
    school = _school(request)
    if request.method != "POST":
        return _render_step(
            request,
            form=ReportForm(),
            step=0,
            token=secrets.token_urlsafe(32),
            words=receipts.generate_passphrase(),
            held=[],
            extra={"form_stamp": stamp_issue()},
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
    # When the form was first shown, carried through every step (reporting.form_stamps).
    stamp = request.POST.get("form_stamp", "")
    if stamp_age(stamp) is None:
        stamp = stamp_issue()

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
                    message=gettext(
                        "You have added a lot of files in a short time. Please wait a while and try again."
                    ),
                )
            ]
        else:
            held, problems = pending_uploads_add(files=uploads, already_held=held)
    if getattr(request, "upload_spool_failed", False):
        problems = [*problems, SPOOL_FULL]
    context = {
        "files_refused_for_sexual_image": files_refused_for_sexual_image,
        "form_stamp": stamp,
    }

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
    wait = report_send_wait(request=request, stamp=stamp, submission_token=token)
    if wait is not None:
        response = _render(
            request,
            "reporting/report_rate_limited.html",
            {
                "carried": _carried(request.POST, exclude=set()),
                "held": held,
                "token": token,
                "words": words,
                "form_stamp": wait.stamp,
                "wait_words": wait_in_words(wait.seconds),
                "last_step": len(STEPS) - 1,
                "danger": form.danger_chosen,
            },
            status=429,
        )
        response["Retry-After"] = str(whole_seconds(wait.seconds))
        return response
    answers = form.answers()
    # Everything the receipt needs is read before the case commits: once it has,
    # a failing database must not stand between the pupil and their receipt.
    school_settings = ReportingSettings.for_site(school)
    reading = reading_time(settings=school_settings)
    next_open_words = reading.next_open_in_words(timezone.now())
    try:
        result = report_submit(
            school=school,
            answers=answers,
            submission_token=token,
            passphrase=words,
            pending_tokens=[item.token for item in held],
        )
    except OSError:
        # The evidence store failed while the held files were moved in: nothing
        # was committed; the words come back, and the files are still held.
        logger.error("Report not taken: the evidence store could not be written")
        return _report_not_taken(request, held=held)
    receipt = {
        "case": result.case,
        "words": words,
        "evidence": result.evidence,
        "reading": reading,
        "next_open_words": next_open_words,
        "danger": answers.danger_now,
        "act_now_first": answers.danger_now or result.case.risk == Risk.URGENT,
        "danger_help": _danger_help(result.case),
        "sexual_image": answers.sexual_image,
        "resent": not result.created,
    }
    try:
        if not result.created:
            if not receipt_matches(case=result.case, passphrase=words):
                return _render(
                    request,
                    "reporting/report_already_sent.html",
                    {"case": result.case},
                    school_settings=school_settings,
                )
            receipt["evidence"] = list(result.case.evidence.filter(event__kind=EventKind.REPORT))
        return _shown_once(
            _render(request, "reporting/report_done.html", receipt, school_settings=school_settings)
        )
    except DatabaseError:
        # The case is safe; only something shown beside the receipt could not be read.
        logger.warning("Receipt shown without its details: the database cannot be reached")
        return _shown_once(
            _render(
                request,
                "reporting/report_done.html",
                {**receipt, "evidence": result.evidence if result.created else []},
                school_settings=school_settings,
            )
        )


def _report_not_taken(request, *, held=None) -> HttpResponse:
    """The form back at the step the pupil was on, with every answer, when a report cannot be taken now.

    Files the pupil had added stay held (they agreed to send them); when the
    database is down they cannot be listed, so their tokens are carried as they came.
    """
    form = ReportForm(request.POST) if request.method == "POST" else ReportForm()
    try:
        step = min(max(int(request.POST.get("step", 0)), 0), len(STEPS) - 1)
    except ValueError:
        step = 0
    if held is None:
        held = [
            HeldFile(token=token, name="A file you added", mime="", size=0, removed=[])
            for token in request.POST.getlist("held_files")
            if token
        ]
    token = request.POST.get("submission_token", "")
    words = request.POST.get("receipt_words", "")
    response = _render_step(
        request,
        form=form,
        step=step,
        token=token if TOKEN_PATTERN.fullmatch(token) else secrets.token_urlsafe(32),
        words=(
            receipts.normalise_passphrase(words)
            if receipts.is_well_formed(words)
            else receipts.generate_passphrase()
        ),
        held=held,
        show_errors=False,
        extra={
            "not_taken": True,
            "form_stamp": request.POST.get("form_stamp", "") or stamp_issue(),
        },
    )
    response.status_code = 503
    response["Retry-After"] = "60"
    return response


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
            labels.append((str(field.label).replace(gettext(" (optional)"), ""), shown))
    return labels


@report_page
def how_anonymous(request):
    return _render(request, "reporting/how_anonymous.html", {})


# --- Follow-up --------------------------------------------------------------------------------


@public_report_view
def follow_up(request):
    try:
        return _follow_up(request)
    except DatabaseError:
        logger.warning("Follow-up not possible: the database cannot be reached")
        return _follow_up_not_taken(request)


def _follow_up_not_taken(request) -> HttpResponse:
    """What the pupil typed (their message, or their receipt to sign in), back with help."""
    response = _render(
        request,
        "reporting/followup_not_taken.html",
        {
            "not_taken": True,
            "message_not_taken": request.POST.get("nav") == "reply",
            "followup_token": request.POST.get("followup_token", ""),
            "message": request.POST.get("message", ""),
            "held_tokens": [token for token in request.POST.getlist("held_files") if token],
            "reference": request.POST.get("reference", ""),
            "passphrase": request.POST.get("passphrase", ""),
        },
        status=503,
        school_settings=None,
    )
    response["Retry-After"] = "60"
    return response


def _follow_up(request):
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
    reference = form.cleaned_data["reference"]
    wait = followup_wait(request=request, reference=reference)
    if wait:
        response = _render(
            request,
            "reporting/followup_throttled.html",
            {"wait_words": wait_in_words(wait)},
            status=429,
        )
        response["Retry-After"] = str(whole_seconds(wait))
        return response
    check = followup_check(
        school=school,
        reference=reference,
        passphrase=form.cleaned_data["passphrase"],
    )
    if check.outcome is CheckOutcome.WRONG:
        followup_record_wrong(request=request, reference=reference)
        return _render(
            request,
            "reporting/followup_sign_in.html",
            {
                "form": _sign_in_again(form),
                "wrong": True,
            },
            status=400,
        )
    followup_record_right(request=request, reference=reference)
    if check.outcome is CheckOutcome.EXPIRED:
        return _render(request, "reporting/followup_expired.html", {"case": check.case})
    return _render_case(request, check.case)


def _sign_in_again(form: FollowUpSignInForm) -> FollowUpSignInForm:
    """The sign-in form after a wrong try: the number kept, the words only if the
    pupil asked to see them (this page is never cached)."""
    initial = {"reference": form.cleaned_data["reference"]}
    if form.showing_words:
        initial |= {"show_words": True, "passphrase": form.data.get("passphrase", "")}
    return FollowUpSignInForm(initial=initial)


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
                    message=gettext(
                        "You have added a lot of files in a short time. Please wait a while and try again."
                    ),
                )
            ]
        else:
            held, problems = pending_uploads_add(files=uploads, already_held=held)
    if getattr(request, "upload_spool_failed", False):
        problems = [*problems, SPOOL_FULL]
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
        form.add_error("message", gettext("Please write something or add a file before you send."))
        return _render_case(request, case, reply_form=form, held=held, status=400)
    event = reporter_reply(case=case, message=message, pending_tokens=[item.token for item in held])
    return _render_case(
        request,
        case,
        sent=True,
        sent_evidence=list(event.evidence.all()),
        danger_help=danger.help_for(danger.recognise(message), audience=_reader_audience(case)),
    )


def _reader_audience(case: Case) -> str:
    adult = case.reporter_role in (ReporterRole.PARENT, ReporterRole.STAFF)
    return "adult" if adult else "pupil"


def _danger_help(case: Case) -> list:
    """The help for each kind of danger the report's words showed, for its reader."""
    recognition = danger.Recognition.from_data(case.danger_signals)
    return danger.help_for(recognition, audience=_reader_audience(case))


def _render_case(
    request, case: Case, *, reply_form=None, held=(), problems=(), status=200, **extra
) -> HttpResponse:
    case.refresh_from_db()
    # A report merged into another case shows that case's progress, and only this
    # reporter's own conversation.
    headline, explanation = STATUS_WORDS.get(
        conversation_home(case).status, STATUS_WORDS[Status.NEW]
    )
    events = (
        reporter_events(case=case)
        .filter(kind__in=REPORTER_VISIBLE_KINDS)
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
            "report_files": list(
                EvidenceFile.objects.filter(
                    Q(event__case=case) | Q(event__reporter_case=case), event__kind=EventKind.REPORT
                )
            ),
            "headline": headline,
            "explanation": explanation,
            "conversation": conversation,
            "followup_token": followup_token_make(case=case),
            "reply_form": reply_form or ReplyForm(),
            "held": held,
            "problems": problems,
            "no_files": Category.SEXUAL_IMAGE in (case.categories or []),
            "closed": conversation_home(case).status == Status.CLOSED,
            **limits_in_words(),
            **extra,
        },
        status=status,
    )


def _message_html(event: CaseEvent) -> str:
    """A lead's message may carry a small allow-list of HTML (cleaned again here); a pupil's is text."""
    if event.kind == EventKind.MESSAGE_TO_REPORTER and event.data.get("format") == "html":
        # Cleaned again with the very allow-list it was stored with.
        cleaned = clean_message(event.body)
        return mark_safe(cleaned.replace("<a ", '<a rel="noreferrer noopener" '))  # noqa: S308 - cleaned just above
    return mark_safe(linebreaks(escape(event.body or "")))  # noqa: S308 - escaped just here
