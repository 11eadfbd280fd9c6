# Pupil voice and recognition live in their own package; their models stay in this app.
from ..voice.models import (
    Badge,
    BadgeAward,
    PollPage,
    SurveyAnswer,
    SurveyPage,
    SurveyResponse,
    VoicePage,
)
from .feedback import PageFeedback
from .pages import (
    LISTED_ADVICE_MODELS,
    AdvicePage,
    AudienceHubPage,
    CodeOfConductPage,
    GuidePage,
    HelpPage,
    HomePage,
    PodcastPage,
    VideoPage,
    external_player,
)
from .snippets import AgeBand, Audience, Helpline, MentorProfile, Topic
from .workflows import SafeguardingReviewTask

__all__ = [
    "LISTED_ADVICE_MODELS",
    "AdvicePage",
    "AgeBand",
    "Audience",
    "AudienceHubPage",
    "CodeOfConductPage",
    "GuidePage",
    "HelpPage",
    "Helpline",
    "HomePage",
    "MentorProfile",
    "PageFeedback",
    "PodcastPage",
    "SafeguardingReviewTask",
    "Topic",
    "VideoPage",
    "external_player",
    "Badge",
    "BadgeAward",
    "PollPage",
    "SurveyAnswer",
    "SurveyPage",
    "SurveyResponse",
    "VoicePage",
]
