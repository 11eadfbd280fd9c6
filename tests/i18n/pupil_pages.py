"""The pupil's most important path, walked in one language: every page of it, as HTML.

Used by the i18n tests to render the same pages in English and in Welsh. The answers
are typed by the test, so they are the same in both languages; everything else on
the page is the interface.
"""

from __future__ import annotations

import re

from reporting import receipts

ANSWERS = {
    "danger_now": "no",
    "reporter_role": "me",
    "categories": ["nasty_messages"],
    "platform": "snapchat",
    "where_detail": "",
    "when_happened": "",
    "what_happened": "zzq typed by the pupil zzq",
    "people_involved": "",
    "say_who": "",
    "reporter_identity": "",
    "website": "",
}


def _hidden(html: str, name: str) -> str:
    return re.search(rf'<input type="hidden" name="{name}" value="([^"]*)"', html).group(1)


def walk(client, prefix: str) -> dict[str, str]:
    """Each page of reporting and following up, keyed by a name, under `prefix` ("" or "/cy")."""
    pages: dict[str, str] = {}
    report_url = f"{prefix}/report/"
    first = client.get(report_url).content.decode()
    pages["report step 1"] = first
    base = {
        "submission_token": _hidden(first, "submission_token"),
        "receipt_words": _hidden(first, "receipt_words"),
        "form_stamp": _hidden(first, "form_stamp"),
    }
    pages["report step 1 with errors"] = client.post(
        report_url, {**base, "step": "0", "nav": "next"}
    ).content.decode()
    pages["report step 1, someone in danger"] = client.post(
        report_url,
        {**base, **ANSWERS, "danger_now": "yes", "step": "0", "nav": "next"},
    ).content.decode()
    for step in range(0, 4):
        pages[f"report step {step + 2}"] = client.post(
            report_url, {**base, **ANSWERS, "step": str(step), "nav": "next"}
        ).content.decode()
    pages["report, nude image path"] = client.post(
        report_url,
        {**base, **ANSWERS, "categories": ["sexual_image"], "step": "2", "nav": "next"},
    ).content.decode()
    receipt = client.post(report_url, {**base, **ANSWERS, "step": "4", "nav": "send"}, follow=True)
    assert receipt.status_code == 200, receipt.content.decode()[:500]
    pages["receipt"] = receipt.content.decode()
    reference = re.search(r'id="receipt-reference">([^<]+)<', pages["receipt"]).group(1)
    pages["receipt opened again"] = client.get(receipt.redirect_chain[-1][0]).content.decode()
    pages["report sent again, other words"] = client.post(
        report_url,
        {
            **base,
            **ANSWERS,
            "receipt_words": receipts.generate_passphrase(),
            "step": "4",
            "nav": "send",
        },
    ).content.decode()
    pages["report filled in by a bot"] = client.post(
        report_url, {**base, **ANSWERS, "website": "spam", "step": "4", "nav": "send"}
    ).content.decode()
    pages["how anonymous"] = client.get(f"{report_url}how-anonymous/").content.decode()

    follow_up_url = f"{prefix}/report/follow-up/"
    pages["follow-up sign in"] = client.get(follow_up_url).content.decode()
    pages["follow-up, wrong words"] = client.post(
        follow_up_url,
        {"reference": reference, "passphrase": receipts.generate_passphrase(), "nav": "open"},
    ).content.decode()
    case_page = client.post(
        follow_up_url, {"reference": reference, "passphrase": base["receipt_words"], "nav": "open"}
    ).content.decode()
    pages["follow-up, the pupil's report"] = case_page
    token = _hidden(case_page, "followup_token")
    pages["follow-up, empty reply"] = client.post(
        follow_up_url, {"followup_token": token, "nav": "reply", "message": ""}
    ).content.decode()
    return pages
