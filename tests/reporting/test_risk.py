"""The suggested risk of a new report."""

import pytest

from reporting.choices import Risk
from reporting.models import Case
from reporting.risk import suggest_risk
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


@pytest.mark.django_db
def test_the_database_ranks_each_case_by_its_risk_and_follows_every_change(school):
    cases = {risk: Case.objects.create(school=school, risk=risk) for risk in Risk}
    assert [case.risk for case in Case.objects.order_by("risk_rank")] == [
        Risk.URGENT,
        Risk.HIGH,
        Risk.MEDIUM,
        Risk.LOW,
    ]
    # A write that names only the risk (a queryset update, as the follow-up does) moves the rank.
    Case.objects.filter(pk=cases[Risk.LOW].pk).update(risk=Risk.URGENT)
    assert Case.objects.get(pk=cases[Risk.LOW].pk).risk_rank == 0
