"""Pupil voice services: taking an anonymous answer, results with small-group suppression, CSV.

Used by the public answer endpoint and the staff results views (content/voice/views.py). Nothing here sees the request: an answer is stored from what
the pupil chose and wrote, so no IP address, user agent, cookie or account can reach it.
"""

import csv
import html
import io
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.db.models import Count

from reporting.services.anonymous_concerns import survey_concern_raise
from upstander import danger, sanitize
from upstander.spreadsheets import formula_safe
from upstander.suppression import suppressed_groups

from .models import (
    FREE_TEXT_MAX_LENGTH,
    Question,
    QuestionKind,
    SurveyAnswer,
    SurveyResponse,
    VoicePage,
)

NOT_GIVEN = "none"


def min_group_size() -> int:
    return max(1, int(getattr(settings, "VOICE_MIN_GROUP_SIZE", 5)))


# --- Taking an answer -------------------------------------------------------------------


def clean_free_text(text: str) -> str:
    """Plain text only: every tag stripped (the sanitiser's plain-text profile), control characters removed.

    Entities are decoded after each pass so "&lt;script&gt;" typed by a pupil is stripped
    too, while "I <3 this" survives as written; it is escaped again wherever it is shown.
    """
    text = (text or "")[: FREE_TEXT_MAX_LENGTH * 2]
    for _ in range(5):
        cleaned = html.unescape(sanitize.text_of(text))
        if cleaned == text:
            break
        text = cleaned
    text = "".join(
        ch for ch in text if ch in "\n\t" or not unicodedata.category(ch).startswith("C")
    )
    return text.strip()[:FREE_TEXT_MAX_LENGTH]


@dataclass
class AnswerForm:
    """The pupil's answers read from a POST, with errors in plain words."""

    page: VoicePage
    data: object
    answers: dict = field(default_factory=dict)
    errors: dict = field(default_factory=dict)
    year_group: int | None = None

    def is_valid(self) -> bool:
        self.answers, self.errors = {}, {}
        for question in self.page.question_list():
            raw = [
                value.strip() for value in self.data.getlist(question.field_name) if value.strip()
            ]
            if question.is_text:
                value = clean_free_text(raw[0] if raw else "")
                if value:
                    self.answers[question.id] = value
            elif question.kind == QuestionKind.MULTIPLE:
                chosen = [value for value in question.choices if value in raw]
                if len(chosen) != len(set(raw)):
                    self.errors[question.id] = "Choose from the list."
                elif chosen:
                    self.answers[question.id] = chosen
            else:
                if len(raw) > 1 or (raw and raw[0] not in question.choices):
                    self.errors[question.id] = "Choose one answer from the list."
                elif raw:
                    self.answers[question.id] = raw[0]
            if (
                question.required
                and question.id not in self.answers
                and question.id not in self.errors
            ):
                self.errors[question.id] = "Please answer this question."
        if self.page.asks_year_group:
            year = (self.data.get("year") or "").strip()
            if year and year != NOT_GIVEN:
                if not year.isdigit() or int(year) not in self.page.year_choices():
                    self.errors["year"] = "Choose your year from the list."
                else:
                    self.year_group = int(year)
        return not self.errors

    def is_spam(self) -> bool:
        # People never see this field (hidden by CSS and from screen readers); bots fill it in.
        return bool((self.data.get("website") or "").strip())


@transaction.atomic
def response_submit(
    *, page: VoicePage, answers: dict, year_group: int | None = None
) -> SurveyResponse:
    """Stores one anonymous response: the choices, the cleaned free text, the year if given, the day.

    `answers` maps question id to a choice, a list of choices or free text (as AnswerForm gives).
    """
    questions = {question.id: question for question in page.question_list()}
    response = SurveyResponse.objects.create(page=page, year_group=year_group)
    rows = []
    response.danger = danger.Recognition()
    for question_id, value in answers.items():
        question = questions.get(question_id)
        if question is None:
            continue
        if question.is_text:
            text = clean_free_text(value)
            if text:
                recognition = danger.recognise(text)
                response.danger = response.danger.merged(recognition)
                rows.append(
                    SurveyAnswer(
                        response=response,
                        question_id=question_id,
                        text=text,
                        mentions_crisis=bool(recognition),
                    )
                )
                if recognition:
                    # A case for the school's safeguarding leads, holding this answer alone.
                    survey_concern_raise(
                        school=page.get_site(),
                        survey_title=page.title,
                        question=question.text,
                        answer=text,
                    )
            continue
        values = value if isinstance(value, list | tuple) else [value]
        for choice in values:
            if choice in question.choices:
                rows.append(SurveyAnswer(response=response, question_id=question_id, value=choice))
    SurveyAnswer.objects.bulk_create(rows)
    response.crisis = bool(response.danger)
    return response


# --- Results ------------------------------------------------------------------------------


def group_label(key) -> str:
    return "Year not given" if key in (None, NOT_GIVEN) else f"Year {key}"


@dataclass
class ChoiceRow:
    label: str
    count: int
    percent: int
    earlier: bool = False  # a choice no longer offered, kept so no answer disappears


@dataclass
class QuestionResult:
    question: Question
    answered: int
    rows: list = field(default_factory=list)
    texts: list = field(default_factory=list)
    mean: float | None = None

    @property
    def chart(self) -> dict:
        """Geometry of a horizontal bar chart drawn as SVG on the server (no script, no styles):
        each row is the answer's words, then a bar as long as its share, then the count."""
        row_height, bar_max = 44, 320
        bars = []
        for index, row in enumerate(self.rows):
            top = index * row_height
            width = round(bar_max * row.percent / 100) if row.count else 0
            bars.append(
                {
                    "label": row.label,
                    "count": row.count,
                    "percent": row.percent,
                    "label_y": top + 14,
                    "bar_y": top + 20,
                    "width": max(width, 2) if row.count else 0,
                    "value_x": max(width, 2) + 8,
                    "value_y": top + 33,
                }
            )
        return {"bars": bars, "height": max(len(bars), 1) * row_height, "width": bar_max + 110}


@dataclass
class GroupRow:
    key: object
    label: str
    count: int
    hidden: bool

    @property
    def param(self) -> str:
        return NOT_GIVEN if self.key is None else str(self.key)


@dataclass
class SurveyResults:
    page: VoicePage
    minimum: int
    total: int
    groups: list
    selected: object = None  # a year group, NOT_GIVEN, or None for everyone
    shown: bool = True
    reason: str = ""
    questions: list = field(default_factory=list)

    @property
    def selected_label(self) -> str:
        return "All answers" if self.selected is None else group_label(self.selected)

    @property
    def selected_count(self) -> int:
        if self.selected is None:
            return self.total
        return next((row.count for row in self.groups if row.param == str(self.selected)), 0)


def _group_counts(page) -> dict:
    rows = SurveyResponse.objects.filter(page=page).values("year_group").annotate(n=Count("pk"))
    return {row["year_group"]: row["n"] for row in rows}


def survey_results(
    *, page: VoicePage, year_group=None, minimum: int | None = None
) -> SurveyResults:
    """Counts per question for everyone or one year group, with small groups suppressed.

    `year_group` is None (everyone), an int year, or NOT_GIVEN. Free text is included only
    when the group it would be shown for is not suppressed.
    """
    minimum = minimum or min_group_size()
    counts = _group_counts(page)
    total = sum(counts.values())
    groups = []
    if page.asks_year_group:
        hidden = suppressed_groups(counts, minimum)
        for key in [*page.year_choices(), None]:
            count = counts.get(key, 0)
            if count or key is None:
                groups.append(
                    GroupRow(key=key, label=group_label(key), count=count, hidden=key in hidden)
                )
        # Years given that are no longer offered (the age bands changed) still count.
        for key in sorted(k for k in counts if k is not None and k not in page.year_choices()):
            groups.append(
                GroupRow(key=key, label=group_label(key), count=counts[key], hidden=key in hidden)
            )
        if not counts.get(None):
            groups = [row for row in groups if row.key is not None]
    if year_group == NOT_GIVEN:
        selected_key = None
    elif year_group is not None and page.asks_year_group:
        selected_key = int(year_group)
    else:
        year_group = None
        selected_key = None
    results = SurveyResults(
        page=page, minimum=minimum, total=total, groups=groups, selected=year_group
    )
    if total < minimum:
        results.shown = False
        results.reason = (
            f"Fewer than {minimum} answers so far. Results are shown once there are at least "
            f"{minimum}, so no pupil can be singled out."
        )
        return results
    responses = SurveyResponse.objects.filter(page=page)
    if year_group is not None:
        row = next((row for row in groups if row.key == selected_key), None)
        if row is None or row.hidden or row.count == 0:
            results.shown = False
            results.reason = (
                f"Results for {group_label(year_group)} are hidden: there are fewer than {minimum} "
                "answers in this group, or they could be worked out from the other groups."
            )
            return results
        responses = responses.filter(year_group=selected_key)
    results.questions = _question_results(page, responses)
    return results


def _question_results(page, responses) -> list:
    answers = SurveyAnswer.objects.filter(response__in=responses)
    choice_counts = defaultdict(Counter)
    answered = Counter()
    for row in (
        answers.exclude(value="")
        .values("question_id", "value")
        .annotate(n=Count("response_id", distinct=True))
    ):
        choice_counts[row["question_id"]][row["value"]] = row["n"]
    for row in answers.values("question_id").annotate(n=Count("response_id", distinct=True)):
        answered[row["question_id"]] = row["n"]
    texts = defaultdict(list)
    for row in (
        answers.exclude(text="").values("question_id", "text", "mentions_crisis").order_by("pk")
    ):
        texts[row["question_id"]].append({"text": row["text"], "crisis": row["mentions_crisis"]})

    results = []
    for question in page.question_list():
        n = answered[question.id]
        result = QuestionResult(question=question, answered=n)
        if question.is_text:
            result.texts = texts[question.id]
        else:
            counts = choice_counts[question.id]
            labels = [*question.choices, *sorted(set(counts) - set(question.choices))]
            for label in labels:
                count = counts.get(label, 0)
                result.rows.append(
                    ChoiceRow(
                        label=label,
                        count=count,
                        percent=round(100 * count / n) if n else 0,
                        earlier=label not in question.choices,
                    )
                )
            if question.kind == QuestionKind.SCALE and n:
                total = sum(
                    int(label) * count for label, count in counts.items() if label.isdigit()
                )
                result.mean = round(total / n, 1)
        results.append(result)
    return results


# --- CSV ----------------------------------------------------------------------------------


# The name this module used before the helper moved to upstander.spreadsheets;
# tests/attacks/test_csv_injection.py still imports it from here.
csv_safe = formula_safe


def results_csv(*, results: SurveyResults) -> str:
    """The results as shown to staff (the same suppression), one table after another."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)

    def row(*cells):
        writer.writerow([formula_safe(cell) for cell in cells])

    row("Survey", results.page.title)
    row("Answers", results.selected_label)
    row("Groups with fewer answers than", results.minimum, "are not shown")
    row()
    if results.groups:
        row("Year group", "Responses")
        for group in results.groups:
            row(group.label, "hidden" if group.hidden else group.count)
        row("Total", results.total)
        row()
    if not results.shown:
        row(results.reason)
        return buffer.getvalue()
    row("Question", "Answer", "Count", "Percent of those who answered")
    for result in results.questions:
        if result.question.is_text:
            continue
        for choice in result.rows:
            row(result.question.text, choice.label, choice.count, choice.percent)
        row(result.question.text, "Answered by", result.answered, "")
    texts = [(result.question.text, item) for result in results.questions for item in result.texts]
    if texts:
        row()
        row("Question", "Free-text answer", "Mentions crisis words")
        for question_text, item in texts:
            row(question_text, item["text"], "yes" if item["crisis"] else "")
    return buffer.getvalue()
