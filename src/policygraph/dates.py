"""Dates as digests write them: "November 16, 2021", "16 November 2021", "Nov. 3", "2021-11-16".

>>> find_date("Date: November 16, 2021")
datetime.date(2021, 11, 16)
>>> find_month_day("*November 3:* NDRC releases a plan")
(11, 3)
>>> find_month_day("3 November: NDRC releases a plan")
(11, 3)
>>> find_period("REPORTING PERIOD: 25 October - 29 November", 2022)
(datetime.date(2022, 10, 25), datetime.date(2022, 11, 29))
"""

from __future__ import annotations

import datetime as dt
import re

MONTHS = {
    name: i
    for i, names in enumerate(
        [
            ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",),
            ("june", "jun"), ("july", "jul"), ("august", "aug"), ("september", "sep", "sept"),
            ("october", "oct"), ("november", "nov"), ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
_MONTH = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
MONTH_DAY_YEAR = re.compile(_MONTH + r"\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<year>\d{4})", re.I)
DAY_MONTH_YEAR = re.compile(r"(?P<day>\d{1,2})\s+" + _MONTH + r",?\s+(?P<year>\d{4})", re.I)
ISO = re.compile(r"(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})")
MONTH_DAY = re.compile(r"\b" + _MONTH + r"\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?\b", re.I)
DAY_MONTH = re.compile(r"\b(?P<day>\d{1,2})(?:st|nd|rd|th)?\s+" + _MONTH + r"(?![\w])", re.I)
PERIOD = re.compile(
    r"\b" + _MONTH.replace("month", "m1") + r"\s+(?P<d1>\d{1,2})\s*[-–—]+\s*"
    + _MONTH.replace("month", "m2") + r"\s+(?P<d2>\d{1,2})\b",
    re.I,
)
PERIOD_DM = re.compile(
    r"\b(?P<d1>\d{1,2})\s+" + _MONTH.replace("month", "m1") + r"\s*[-–—]+\s*(?P<d2>\d{1,2})\s+"
    + _MONTH.replace("month", "m2") + r"(?![\w])",
    re.I,
)


class BadDate(ValueError):
    """A date was written but does not exist (November 36, February 30)."""


def _month(value: str) -> int:
    return MONTHS[value.lower().rstrip(".")]


def _build(year: int, month: int, day: int, text: str) -> dt.date:
    try:
        return dt.date(year, month, day)
    except ValueError as exc:
        raise BadDate(f"impossible date {text.strip()!r}: {exc}") from exc


def find_date(text: str) -> dt.date | None:
    """The first full date in ``text``; raises :class:`BadDate` for an impossible one."""
    for pattern in (MONTH_DAY_YEAR, DAY_MONTH_YEAR, ISO):
        m = pattern.search(text)
        if m:
            month = int(m["month"]) if pattern is ISO else _month(m["month"])
            return _build(int(m["year"]), month, int(m["day"]), m.group(0))
    return None


def find_month_day(text: str) -> tuple[int, int] | None:
    """The first "Month Day" in ``text`` as (month, day), or None."""
    found = [m for m in (MONTH_DAY.search(text), DAY_MONTH.search(text)) if m]
    if not found:
        return None
    m = min(found, key=lambda x: x.start())
    return (_month(m["month"]), int(m["day"]))


def date_in_year(month: int, day: int, year: int, text: str = "") -> dt.date:
    """A month and day placed in ``year``; raises :class:`BadDate` when it does not exist."""
    return _build(year, month, day, text or f"{month}/{day}")


def find_period(text: str, year: int) -> tuple[dt.date, dt.date] | None:
    """A reporting period "OCTOBER 25 - NOVEMBER 29" in the year of the digest (start may be the year before)."""
    m = PERIOD.search(text) or PERIOD_DM.search(text)
    if not m:
        return None
    m1, m2 = _month(m["m1"]), _month(m["m2"])
    start_year = year - 1 if m1 > m2 else year
    return (_build(start_year, m1, int(m["d1"]), m.group(0)), _build(year, m2, int(m["d2"]), m.group(0)))
