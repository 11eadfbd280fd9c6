"""One line for each chronology event about pupil records and file transfers, from its data."""

import datetime as dt

from ..choices import EventKind, PersonRole


def _date(value: str) -> str:
    try:
        moment = dt.datetime.fromisoformat(value)
    except (TypeError, ValueError):
        return ""
    return f"{moment.day} {moment:%b %Y}"


def describe_pupil_event(event) -> str:
    data = event.data or {}
    if event.kind == EventKind.PUPIL_LINKED:
        try:
            return f"as {PersonRole(data.get('role')).label.lower()}"
        except ValueError:
            return ""
    if event.kind == EventKind.TRANSFER_SENT:
        due = _date(data.get("confirm_by", ""))
        return f"to {data.get('to') or 'the new school'}" + (
            f", receipt due by {due}" if due else ""
        )
    if event.kind == EventKind.TRANSFER_RECEIVED:
        if data.get("from"):
            return f"from {data['from']} (their reference {data.get('previous_reference', '—')})"
        if data.get("recorded_by_sender"):
            return "the new school confirmed it has the file"
        return f"by {data.get('received_by_school') or 'the new school'}"
    if event.kind == EventKind.TRANSFER_REMINDER:
        return f"{data.get('to') or 'the new school'} has not confirmed receipt"
    return ""
