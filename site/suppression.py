"""Small-number suppression for published figures (survey results, governors' dashboard).

A count small enough to point at a child is hidden, and so are enough others that the
hidden ones cannot be worked out from the total (complementary suppression, as the ONS
and DfE do for published statistics).
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
