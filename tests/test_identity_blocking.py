"""The stored policies a digest's reports are compared with in full: :func:`identity.could_match`, which compares
titles all at once, finds exactly the ones :func:`identity.may_match` finds pair by pair."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from policygraph.identity import MIN_PREFIX, Report, could_match, may_match

#: few letters and words, so that equal, cut-short, one-off and similar titles are frequent
ZH = st.text(alphabet="电池产业发展规划通知办法（）年版", min_size=0, max_size=MIN_PREFIX + 4)
EN = st.lists(st.sampled_from(["notice", "on", "battery", "plan", "industry", "draft", "(2021", "edition)"]),
              max_size=6).map(" ".join)
NUMBERS = st.sampled_from(["", "工信部联电子〔2022〕159号", "工信部联电子[2022] 159号", "国发〔2021〕1号"])

REPORTS = st.builds(lambda n, zh, en: Report(n or None, zh or None, en or None, frozenset(), dt.date(2022, 1, 1)),
                    NUMBERS, ZH, EN)


@settings(max_examples=300, deadline=None)
@given(st.lists(REPORTS, max_size=5), st.dictionaries(st.integers(0, 20), st.lists(REPORTS, max_size=3), max_size=8))
def test_could_match_is_may_match_on_every_pair(mine: list[Report], stored: dict[int, list[Report]]) -> None:
    pairwise = {key for key, others in stored.items() for other in others for r in mine if may_match(r, other)}
    assert could_match(mine, stored) == pairwise


def test_it_finds_the_kinds_of_match_the_pairs_find() -> None:
    """Cut short, one character off, a document number written two ways and a reworded English title."""
    title = "锂离子电池行业规范条件实施细则"
    cases = {
        "short": Report(None, title[:MIN_PREFIX], None, frozenset(), None),
        "one-off": Report(None, title.replace("条件", "条例"), None, frozenset(), None),
        "number": Report("工信部联电子[2022] 159号", None, None, frozenset(), None),
        "reworded": Report(None, None, "Notice on Lithium-Battery Supply Chains", frozenset(), None),
        "other": Report(None, None, "Hydrogen Industry Plan", frozenset(), None),
    }
    mine = [Report(None, title, None, frozenset(), None),
            Report("工信部联电子〔2022〕159号", None, None, frozenset(), None),
            Report(None, None, "Notice on the Lithium Battery Supply Chain", frozenset(), None)]
    assert could_match(mine, {k: [r] for k, r in cases.items()}) == {"short", "one-off", "number", "reworded"}
