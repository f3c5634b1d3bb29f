"""The policy a policy-news item reports: the item's first clause as its title, type and status from that title.

>>> news_policy_title("MIIT issued a plan on industrial robots, setting a 2027 target (source: MIIT)")
'MIIT issued a plan on industrial robots'
>>> without_closing_brackets("Rules on data (draft (second round)) ")
'Rules on data'
>>> without_closing_brackets("Rules (a (b (c)))")  # brackets nest one level deep at most
'Rules (a (b (c)))'
"""

from __future__ import annotations

import re
from dataclasses import replace

from ..doctypes import document_type, policy_status
from ..model import NewsItem, ReportedPolicy

_CLAUSE_END = re.compile(r",\s++(?=(?:setting|with|calling|aiming|including|which|to)\b)|;\s")


def news_policy_title(text: str) -> str:
    """A short English title for the policy a news item reports: its first clause."""
    clause = _CLAUSE_END.split(without_closing_brackets(text), maxsplit=1)[0]
    return clause.strip()[:200]


def without_closing_brackets(text: str) -> str:
    """``text`` without the bracketed part that ends it, if any (holding brackets one level deep at most),
    and the white space before it; found in one pass from the end, so a long line costs no backtracking."""
    body = text.rstrip()
    depth = 0
    for i in range(len(body) - 1, -1, -1):
        if i == len(body) - 1 and body[i] != ")":
            return text
        depth += {")": 1, "(": -1}.get(body[i], 0)
        if depth == 0:
            return body[:i].rstrip()
        if depth > 2:
            return text
    return text


def reported_policy(item: NewsItem) -> ReportedPolicy | None:
    """The policy a dated policy-news item that names its agencies reports; None for any other item."""
    if item.kind != "policy" or not item.agencies or item.date is None:
        return None
    title = news_policy_title(item.text)
    return ReportedPolicy(title, item.date, item.agencies, item.lead_agency,
                          document_type(title, None), policy_status(title, None))


def with_report(item: NewsItem) -> NewsItem:
    """``item`` with the policy it reports filled in (see :func:`reported_policy`)."""
    return replace(item, reports=reported_policy(item))
