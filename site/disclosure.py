"""Small-number suppression: figures about children that cannot be traced back to one child.

Who uses this: survey results (content.voice) and the governors' report
(reporting.records.governors). The rule is the one statistics offices use for
small counts: a group with fewer than `minimum` members is not shown, and enough
others are hidden with it that it cannot be worked out from a total.
"""


def suppressed_groups(counts: dict, minimum: int) -> set:
    """The groups whose results must not be shown.

    A group with fewer than `minimum` answers is hidden. Suppression is complementary:
    if the hidden groups together hold fewer than `minimum` answers (one hidden group
    always does), they could be worked out from the total and the shown groups, so the
    smallest shown groups are hidden too until the hidden ones together reach `minimum`.
    """
    hidden = {key for key, count in counts.items() if 0 < count < minimum}
    shown = sorted(
        ((count, str(key)) for key, count in counts.items() if key not in hidden and count > 0),
    )
    lookup = {str(key): key for key in counts}
    while hidden and (len(hidden) < 2 or sum(counts[key] for key in hidden) < minimum) and shown:
        _, key = shown.pop(0)
        hidden.add(lookup[key])
    return hidden
