"""Demo pupil voice and mentor recognition: a survey with answers, a poll, badges for Sky.

Called by `seed_demo` at its end (or run alone after it). Idempotent: what exists is kept,
and answers are only added to a survey or poll that has none. The answers are made up
and chosen by a fixed random seed, so every demo shows the same charts: one year group
is small on purpose, so the results page shows suppression at work.
"""

import random
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone
from wagtail.models import Site

from content import demo_content as words
from content.models import (
    AgeBand,
    Audience,
    AudienceHubPage,
    Badge,
    BadgeAward,
    MentorProfile,
    PollPage,
    SurveyPage,
    SurveyResponse,
)
from content.voice.recognition import badge_award
from content.voice.services import response_submit

SURVEY_SLUG = "how-safe-do-you-feel-online"
POLL_SLUG = "question-of-the-week"
# (year group or None for "rather not say", how many answers): Year 11 is small on purpose.
YEAR_MIX = [(7, 8), (8, 7), (9, 6), (10, 6), (11, 2), (None, 3)]
POLL_ANSWERS = 27
FREE_TEXT = [
    "Please make a guide about group chats where people get left out on purpose.",
    "I didn't know you could report without giving your name. That's good.",
    "Some people in my year share screenshots of private messages to embarrass people.",
    "Can the mentors do something about Roblox? People are rude in the chat a lot.",
    "More about what to do if someone is blackmailed online, because a friend was worried about it.",
    "The drop-in on Tuesdays is really helpful <3",
    "I feel safer online since the assembly about privacy settings.",
    "A guide for parents about TikTok would help, my mum doesn't get it.",
]
BADGES = [
    ("Trained mentor", "Finished the school's peer mentor training.", 10),
    ("First guide published", "Wrote a guide that staff approved and published.", 20),
    ("10 guides", "Ten published guides: a real library of advice.", 30),
    ("Video maker", "Made a video with captions and a transcript.", 40),
    ("Podcaster", "Hosted or co-hosted an episode of the school podcast.", 50),
    ("Upstander of the term", "Stood up for others and helped them feel safe.", 60),
]


def publish(page):
    page.save_revision().publish()
    page.refresh_from_db()
    return page


class Command(BaseCommand):
    help = "Create the demo survey, poll, badges and Sky's badge awards (idempotent)."

    def handle(self, *args, **options):
        self.rng = random.Random(20260301)  # noqa: S311 - demo data, not security
        self.today = timezone.localdate()
        with transaction.atomic():
            hub = self.pupils_hub()
            if hub is None:
                self.stdout.write("No pupils' hub found: run seed_demo first. Skipping surveys.")
            else:
                survey = self.ensure_survey(hub)
                poll = self.ensure_poll(hub)
                self.answer_survey(survey)
                self.answer_poll(poll)
            self.ensure_badges()
        self.stdout.write(self.style.SUCCESS("Pupil voice and mentor recognition demo is ready."))

    def pupils_hub(self):
        hubs = AudienceHubPage.objects.filter(audience__key="pupils").order_by("path")
        site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
        if site is not None:
            in_default_site = hubs.descendant_of(site.root_page).first()
            if in_default_site is not None:
                return in_default_site
        return hubs.first()

    # --- pages ---------------------------------------------------------------------------
    def ensure_survey(self, hub) -> SurveyPage:
        existing = SurveyPage.objects.child_of(hub).filter(slug=SURVEY_SLUG).first()
        if existing is not None:
            return existing
        questions = []
        for item in words.SURVEY["questions"]:
            value = {"text": item["text"], "required": item["required"], "help_text": ""}
            if item["kind"] == "scale":
                value.update(
                    points=len(item["choices"]), low_label="Not safe at all", high_label="Very safe"
                )
            elif item["kind"] in ("single", "multiple"):
                value["choices"] = list(item["choices"])
            questions.append((item["kind"], value))
        page = SurveyPage(
            title=words.SURVEY["title"],
            slug=SURVEY_SLUG,
            intro=words.SURVEY["intro"],
            ask_year_group=True,
            opens_at=timezone.now() - timedelta(days=14),
            closes_at=timezone.now() + timedelta(days=28),
            questions=questions,
            live=False,
        )
        hub.add_child(instance=page)
        page.audiences.set(Audience.objects.filter(key="pupils"))
        page.age_bands.set(AgeBand.objects.filter(key="11-16"))
        return publish(page)

    def ensure_poll(self, hub) -> PollPage:
        existing = PollPage.objects.child_of(hub).filter(slug=POLL_SLUG).first()
        if existing is not None:
            return existing
        page = PollPage(
            title=words.POLL["title"],
            slug=POLL_SLUG,
            question=words.POLL["question"],
            choices="\n".join(words.POLL["choices"]),
            intro="One quick question. It's anonymous: we don't know who answers.",
            opens_at=timezone.now() - timedelta(days=3),
            closes_at=timezone.now() + timedelta(days=4),
            live=False,
        )
        hub.add_child(instance=page)
        page.audiences.set(Audience.objects.filter(key="pupils"))
        page.age_bands.set(AgeBand.objects.filter(key__in=["7-11", "11-16"]))
        return publish(page)

    # --- answers ---------------------------------------------------------------------------
    def answer_survey(self, survey):
        if SurveyResponse.objects.filter(page=survey).exists():
            return
        questions = survey.question_list()
        texts = iter(FREE_TEXT)
        people = [year for year, count in YEAR_MIX for _ in range(count)]
        self.rng.shuffle(people)
        for year in people:
            answers = {}
            for question in questions:
                if question.kind == "single":
                    # Earlier choices ("No", "Yes") are the most common, as in real surveys.
                    weights = [len(question.choices) - i for i in range(len(question.choices))]
                    answers[question.id] = self.rng.choices(question.choices, weights=weights)[0]
                elif question.kind == "multiple":
                    answers[question.id] = self.rng.sample(
                        question.choices[:-1], k=self.rng.randint(0, 3)
                    )
                elif question.kind == "scale":
                    answers[question.id] = self.rng.choices(
                        question.choices, weights=[1, 2, 4, 6, 4]
                    )[0]
                elif self.rng.random() < 0.35:
                    text = next(texts, None)
                    if text:
                        answers[question.id] = text
            response_submit(page=survey, answers=answers, year_group=year)

    def answer_poll(self, poll):
        if SurveyResponse.objects.filter(page=poll).exists():
            return
        question = poll.question_list()[0]
        for _ in range(POLL_ANSWERS):
            choice = self.rng.choices(question.choices, weights=[6, 3, 5, 7, 2])[0]
            response_submit(page=poll, answers={question.id: choice})

    # --- badges ----------------------------------------------------------------------------
    def ensure_badges(self):
        badges = {}
        for name, description, order in BADGES:
            badges[name], _ = Badge.objects.get_or_create(
                name=name, defaults={"description": description, "sort_order": order}
            )
        sky = MentorProfile.objects.filter(display_name="Sky").first()
        if sky is None or BadgeAward.objects.filter(mentor=sky).exists():
            return
        User = get_user_model()
        awarded_by = (
            User.objects.filter(username="lead").first()
            or User.objects.filter(username="moderator").first()
        )
        awards = [
            (
                "Trained mentor",
                200,
                "Completed all six training sessions, including listening skills.",
            ),
            ("First guide published", 120, "For a clear, kind guide that Year 7s actually read."),
            ("Upstander of the term", 30, "For running the Tuesday drop-in for Year 7 all term."),
        ]
        if sky.advice_pages.filter(live=True, content_type__model="videopage").exists():
            awards.append(("Video maker", 60, "For a captioned video on privacy settings."))
        for name, days_ago, citation in awards:
            badge_award(
                mentor=sky,
                badge=badges[name],
                awarded_by=awarded_by,
                citation=citation,
                awarded_on=self.today - timedelta(days=days_ago),
            )
