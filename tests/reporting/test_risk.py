"""The suggested risk of a new report."""

import pytest

from reporting.choices import Risk
from reporting.risk import risk_rank, suggest_risk
from upstander import danger


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        ({"danger_now": True, "categories": ["left_out"]}, Risk.URGENT),
        ({"danger_now": False, "categories": ["self_harm"]}, Risk.URGENT),
        ({"danger_now": False, "categories": ["sexual_image"]}, Risk.URGENT),
        ({"danger_now": False, "categories": ["threats"]}, Risk.URGENT),
        (
            {
                "danger_now": False,
                "categories": ["other"],
                "recognition": danger.recognise("he said he will stab me"),
            },
            Risk.URGENT,
        ),
        (
            {
                "danger_now": False,
                "categories": ["other"],
                "recognition": danger.recognise("she wants to kill herself, suicide"),
            },
            Risk.URGENT,
        ),
        ({"danger_now": False, "categories": ["hate_groups"]}, Risk.HIGH),
        ({"danger_now": False, "categories": ["nasty_messages"]}, Risk.MEDIUM),
        (
            {
                "danger_now": False,
                "categories": ["left_out"],
                "recognition": danger.recognise("they have skills"),
            },
            Risk.LOW,
        ),
        ({"danger_now": False, "danger_unsure": True, "categories": ["left_out"]}, Risk.HIGH),
        ({"danger_now": False, "categories": ["left_out", "private_things"]}, Risk.HIGH),
    ],
)
def test_suggested_risk(kwargs, expected):
    assert suggest_risk(**kwargs) == expected


def test_risk_rank_sorts_urgent_first():
    assert [risk_rank(r) for r in (Risk.URGENT, Risk.HIGH, Risk.MEDIUM, Risk.LOW)] == [0, 1, 2, 3]
