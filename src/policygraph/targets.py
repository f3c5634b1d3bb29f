"""Read numeric objectives (targets) from "At a glance" bullets and sentences.

>>> [t.target.value for t in read_targets("Increase 5G user penetration from 15 to 56 percent", 1, bullet=True)]
[56.0]
>>> t = read_targets("Grow investment from CNY 2.5 trillion to CNY 3.7 trillion", 1, bullet=True)[0]
>>> (t.baseline.value, t.target.value, t.unit)
(2500000000000.0, 3700000000000.0, 'CNY')
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from .model import Quantity, Target

WORD_NUMBERS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20, "thirty": 30, "forty": 40,
    "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100, "half": 0.5,
}
SCALES = {"thousand": 1e3, "k": 1e3, "million": 1e6, "mn": 1e6, "m": 1e6, "billion": 1e9, "bn": 1e9,
          "trillion": 1e12, "tn": 1e12}
CURRENCIES = {"cny": "CNY", "rmb": "CNY", "yuan": "CNY", "¥": "CNY", "usd": "USD", "us$": "USD", "$": "USD",
              "dollars": "USD", "eur": "EUR", "€": "EUR", "euros": "EUR", "euro": "EUR"}
QUALIFIERS = [
    (r"at least|no less than|not less than|a minimum of", "at least"),
    (r"more than|over|exceed(?:s|ing)?|above|in excess of", "more than"),
    (r"roughly|about|around|approximately|nearly|almost|some|close to", "about"),
    (r"at most|no more than|up to|less than|below|under|a maximum of", "at most"),
]
UNIT_WORDS = r"percentage points|percent|per cent|%|exaflops|eflops|gw|gwh|twh|kwh|mw|tonnes|tons|mt"

_NUM = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"
_WORDNUM = "|".join(sorted(WORD_NUMBERS, key=len, reverse=True))
_SCALE = r"thousand|million|billion|trillion|bn|tn|mn"
_CUR_PRE = r"CNY|RMB|USD|EUR|US\$|\$|€|¥"
_CUR_POST = r"CNY|RMB|yuan|USD|EUR|dollars|euros"
QTY = re.compile(
    rf"(?:(?P<cur>{_CUR_PRE})\s?)?(?<![\w.,])(?P<num>{_NUM}|(?:{_WORDNUM})\b)(?![\w])"
    rf"(?:\s?(?P<scale>{_SCALE})\b)?(?:\s?(?P<unit>{UNIT_WORDS}|{_CUR_POST})(?![\w]))?",
    re.I,
)
PER_CAPITA = re.compile(r"\bper\s+(?:10,000|10 000|ten thousand|100,000|1,000|100)\s+(?:people|persons|inhabitants|"
                        r"residents|population)\b", re.I)
YEAR = re.compile(r"^(?:19[5-9]\d|20\d\d|21\d\d)$")
DURATION = re.compile(r"^\s*(?:days?|weeks?|months?|years?|hours?|times|working days)\b", re.I)
DURATION_BEFORE = re.compile(r"\b(?:within|every|each|once|per|past)\s*$", re.I)
BY_YEAR = re.compile(r"\b(?:by|until|before|through)\s+(?:the\s+end\s+of\s+)?(20\d\d)\b", re.I)
#: a year that opens or closes a bullet or sentence applies to every clause in it
OPENING_YEAR = re.compile(r"^\W*(?:by|until|before|through)\s+(?:the\s+end\s+of\s+)?(20\d\d)\b", re.I)
CLOSING_YEAR = re.compile(r"\b(?:by|until|before|through)\s+(?:the\s+end\s+of\s+)?(20\d\d)\W*$", re.I)
#: a rank or position ("top 50", "No. 1", "Fortune Global 500"), never a quantity to reach
RANK_BEFORE = re.compile(r"(?:\btop|\bNo\.|\bnumber|\branks?|\branked|\branking|\bFortune(?:\s+Global)?|#)[\s-]*$",
                         re.I)
#: how many firms are to reach a position ("six to eight firms into the global top 50"): a rank, not an amount
INTO_RANK_AFTER = re.compile(r"^\s*(?:[\w-]+\s+){0,3}?(?:into|in|among|to\s+join|to\s+enter)\s+(?:the\s+)?"
                             r"(?:world['’]?s?\s+|global\s+|international\s+)?(?:top|fortune)\b", re.I)
#: the size of a whole set ("in all 31 provinces", "each of the 45 clusters"), a scope rather than an objective
SCOPE_BEFORE = re.compile(r"\b(?:all|each\s+of\s+the|every\s+one\s+of\s+the|all\s+of\s+the)\s*$", re.I)
_ENTITIES = (r"(?:enterprises|companies|firms|businesses|groups|clusters|parks|bases|zones|champions|players|"
             r"manufacturers|producers|makers|suppliers|brands|projects|hospitals|universities|institutions)")
_MEASURE = (r"(?:annual\s+|operating\s+|main\s+business\s+|total\s+|output\s+)?(?:revenues?|sales|output|"
            r"turnover|income|value|assets|scale|capacity|market\s+(?:value|capitali[sz]ation)|valuation|profits?)")
_ABOVE = r"(?:over|more\s+than|above|exceeding|at\s+least|no\s+less\s+than|in\s+excess\s+of|of|worth)"
#: a threshold that describes the things counted ("15 enterprises to reach revenue of over CNY 100 billion",
#: "firms with annual revenue above CNY 20 million"): the counted things may be the target, the threshold is not
THRESHOLD_OF_COUNTED = re.compile(
    rf"(?:(?:\b\d[\d,.]*|\b(?:several|a\s+number\s+of|a\s+batch\s+of|some|dozens\s+of|hundreds\s+of))\s+"
    rf"(?:[\w-]+\s+){{0,4}}?{_ENTITIES}\s+(?:to\s+(?:reach|achieve|exceed|have)|reaching|achieving|each\s+with|"
    rf"with|that\s+(?:reach|have|exceed)|whose)|\b{_ENTITIES}\s+(?:each\s+)?with)\s+(?:an?\s+)?{_MEASURE}"
    rf"(?:\s+of)?(?:\s+{_ABOVE})*\s*(?:CNY|RMB|USD|EUR|US\$|\$|€|¥)?\s*$",
    re.I,
)
BASE_YEAR = re.compile(r"\b(20\d\d|19\d\d)\s+(?:levels?|figures?|baseline)\b|\bcompared (?:with|to) (20\d\d)\b", re.I)
BASELINE_BEFORE = re.compile(
    r"(?:\b(?:up|increased|increasing|rising|growing|down)\s+from|,\s*from|\bcompared\s+(?:with|to)|\bagainst|"
    r"\bversus|\bvs\.?)\s*(?:CNY|RMB|USD|EUR|US\$|\$|€|¥)?\s*$",
    re.I,
)
THRESHOLD_BEFORE = re.compile(r"\b(?:on|of|for|with|involving|by|affecting)\s+(?:more than|over|at least|fewer than|"
                              r"less than|above|below)\s*$", re.I)
THRESHOLD_AFTER = re.compile(r"\s*(?:million\s+|thousand\s+|billion\s+)?(?:people|users|persons|customers|"
                             r"individuals|employees|subscribers|residents)\b", re.I)
ANNUAL = re.compile(r"^\s*(?:annually|per year|a year|per annum|each year|every year|year[- ]on[- ]year)\b", re.I)
GOAL_WORDS = re.compile(r"\b(?:aim|aims|goal|goals|target|targets|plan(?:s)? to|seeks?|by 20\d\d|increase|raise|"
                        r"reach|expand|grow|boost|cut|reduce|lift|double|triple)\b", re.I)
#: read at most this many numbers in one clause (a clause of a real digest holds a handful)
MAX_QUANTITIES = 25
#: how far before or after a number the context patterns look (keeps long lines linear)
WINDOW = 80
DESCRIPTIVE_OK = {"focus", "access", "progress", "process", "address", "harness", "stress", "bus", "discuss",
                  "assess", "express", "witness"}


@dataclass(frozen=True)
class _Qty:
    start: int
    end: int
    value: float
    scaled: bool
    unit: str | None
    is_year: bool
    text: str


def read_targets(text: str, line: int, *, bullet: bool, target_year: int | None = None,
                 baseline_year: int | None = None) -> list[Target]:
    """All targets in one bullet or sentence; ``target_year``/``baseline_year`` come from the lead-in.

    A year that opens or closes the bullet ("..., and raise Y to 30 percent by 2027") is the target year of
    every clause in it that names no year of its own.

    >>> [(t.target.value, t.target.year) for t in read_targets("Train 500 engineers, and raise the share of "
    ...  "smart factories to 30 percent by 2027", 1, bullet=True)]
    [(500.0, 2027), (30.0, 2027)]
    """
    if bullet and _is_descriptive(text):
        return []
    if not bullet and not GOAL_WORDS.search(text):
        return []
    year = bullet_year(text) or target_year
    targets: list[Target] = []
    for clause in _clauses(text):
        targets.extend(_clause_targets(clause, text, line, bullet, year, baseline_year))
    return targets


def bullet_year(text: str) -> int | None:
    """The year that opens or closes a bullet or sentence ("By 2025, ..." / "... by 2027"), else None."""
    m = OPENING_YEAR.search(text) or CLOSING_YEAR.search(text.rstrip())
    return int(m.group(1)) if m else None


def lead_in_years(text: str) -> tuple[int | None, int | None]:
    """Target and baseline years announced in a lead-in ("targets for 2025, taking 2020 as the baseline")."""
    text = re.sub(r"\s+", " ", text)
    target = re.search(r"\b(?:targets?|goals?|objectives?)\b[^.]{0,30}?\b(?:for|by|until)\s+(20\d\d)\b", text,
                       re.I) or re.search(
        r"\bby\s+(20\d\d)\b", text, re.I
    )
    base = re.search(r"\b(20\d\d)\s+as\s+(?:the\s+)?base(?:line)?(?:\s+year)?\b", text, re.I) or re.search(
        r"\bbaseline\s+(?:year\s+)?(?:of\s+)?(20\d\d)\b|\bcompared (?:with|to) (20\d\d)\b", text, re.I
    )
    base_year = next((int(g) for g in base.groups() if g), None) if base else None
    return (int(target.group(1)) if target else None, base_year)


def _is_descriptive(text: str) -> bool:
    """A bullet that describes a document ("Clarifies ...", "Requires ...") rather than setting an objective."""
    first = re.match(r"\W*([A-Za-z]+)", text)
    if not first:
        return False
    word = first.group(1).lower()
    return word.endswith("s") and not word.endswith("ss") and word not in DESCRIPTIVE_OK and len(word) > 3


def _clauses(text: str) -> list[str]:
    return [c for c in re.split(r";\s+|,\s+and\s+(?=[a-z])|,\s+while\s+", text) if c.strip()]


def _quantities(clause: str) -> list[_Qty]:
    out: list[_Qty] = []
    for m in QTY.finditer(clause):
        qty = _quantity(clause, m)
        if qty is None:
            continue
        out.append(qty)
        if len(out) == MAX_QUANTITIES:
            break
    return _without_range_starts(clause, out)


def _quantity(clause: str, m: re.Match[str]) -> _Qty | None:
    """The quantity ``m`` found in ``clause``, or None for a number word alone, a duration, a threshold, a rank,
    a position or the size of a whole set."""
    raw, unit_word = m["num"].lower(), (m["unit"] or "").lower()
    cur = m["cur"] or (m["unit"] if unit_word in {"cny", "rmb", "yuan", "usd", "eur", "dollars", "euros"} else None)
    measured = bool(m["scale"] or unit_word or cur)
    is_word = raw in WORD_NUMBERS
    if is_word and not measured:
        return None
    after, before = _after(clause, m.end()), _before(clause, m.start())
    is_year = bool(YEAR.match(raw)) and not measured
    if _not_an_objective(before, after, is_year):
        return None
    value = float(WORD_NUMBERS[raw]) if is_word else float(raw.replace(",", ""))
    scale = SCALES.get((m["scale"] or "").lower(), 1.0)
    unit = _unit(unit_word, cur)
    if unit == "percent" and ANNUAL.match(after):
        unit = "percent per year"
    return _Qty(m.start(), m.end(), value * scale, scale != 1.0, unit, is_year, m.group(0))


def _not_an_objective(before: str, after: str, is_year: bool) -> bool:
    """A duration ("for 5 years"), a threshold of the things counted, a rank, a position or a whole set."""
    if not is_year and (DURATION.match(after) or DURATION_BEFORE.search(before)):
        return True
    return bool(THRESHOLD_BEFORE.search(before) and THRESHOLD_AFTER.match(after)) or _rank_scope_or_threshold(
        before, after)


def _without_range_starts(clause: str, qtys: list[_Qty]) -> list[_Qty]:
    """A range "6 to 8 firms" / "6-8 firms" is one objective, read at its upper end; "from X to Y" is kept whole."""
    out: list[_Qty] = []
    for q in qtys:
        prev = out[-1] if out else None
        if (prev and not prev.is_year and not q.is_year and prev.unit in {None, q.unit}
                and re.fullmatch(r"\s*(?:to|-|–|—)\s*", clause[prev.end:q.start])
                and not re.search(r"\b(?:from|between)\s*$", _before(clause, prev.start))):
            out[-1] = replace(q, start=prev.start)
            continue
        out.append(q)
    return out


def _rank_scope_or_threshold(before: str, after: str) -> bool:
    """A rank or position, the size of a whole set, or a threshold that describes the things counted."""
    return bool(RANK_BEFORE.search(before) or INTO_RANK_AFTER.match(after) or SCOPE_BEFORE.search(before)
                or THRESHOLD_OF_COUNTED.search(before))


def _before(text: str, at: int, width: int = WINDOW) -> str:
    return text[max(0, at - width): at]


def _after(text: str, at: int, width: int = WINDOW) -> str:
    return text[at: at + width]


def _unit(unit_word: str, cur: str | None) -> str | None:
    if cur:
        return CURRENCIES.get(cur.lower(), cur.upper())
    if unit_word in {"percent", "per cent", "%"}:
        return "percent"
    if unit_word in {"exaflops", "eflops"}:
        return "EFLOPS"
    return unit_word or None


def _qualifier(before: str) -> str | None:
    window = before[-30:].lower()
    for pattern, name in QUALIFIERS:
        if re.search(rf"\b(?:{pattern})\s*(?:{_CUR_PRE})?\s*$", window, re.I):
            return name
    return None


def _clause_targets(clause: str, full: str, line: int, bullet: bool, target_year: int | None,
                    baseline_year: int | None) -> list[Target]:
    per_capita = PER_CAPITA.search(clause)
    work = PER_CAPITA.sub(lambda m: " " * len(m.group(0)), clause)
    qtys = _quantities(work)
    if not [q for q in qtys if not q.is_year]:
        return []
    year, base_year_hint = _clause_years(work, target_year)
    pairs = _pairs(work, qtys)
    strict = pairs or any(_qualifier(_before(work, q.start)) for q in qtys if not q.is_year)
    if not bullet and not strict and not re.search(r"\bto\s+(?:reach\s+|exceed\s+)?$", work[: qtys[0].start]):
        return []
    used = {id(q) for base, tgt, _ in pairs for q in (base, tgt)}
    targets = [_target(work, full, line, tgt, base, year, base_year or baseline_year or base_year_hint, per_capita)
               for base, tgt, base_year in pairs]
    for q in qtys:
        if id(q) in used or q.is_year:
            continue
        targets.append(_target(work, full, line, q, None, year, None, per_capita))
        if not bullet:
            break
    return targets


def _clause_years(work: str, target_year: int | None) -> tuple[int | None, int | None]:
    """The clause's own target year ("by 2027", else ``target_year``) and the baseline year it names."""
    by = BY_YEAR.search(work)
    base = BASE_YEAR.search(work)
    return (int(by.group(1)) if by else target_year,
            int(next(g for g in base.groups() if g)) if base else None)


def _pairs(work: str, qtys: list[_Qty]) -> list[tuple[_Qty | None, _Qty, int | None]]:
    """(baseline, target, baseline year) from "from X to Y" and "Y, up from X in 2020"."""
    pairs: list[tuple[_Qty | None, _Qty, int | None]] = []
    taken: set[int] = set()
    for i, q in enumerate(qtys):
        if i in taken:
            continue
        found = _from_to(work, qtys, i) or (None if q.is_year else _up_from(work, qtys, i, taken))
        if found is not None:
            pair, j = found
            pairs.append(pair)
            taken.update({i, j})
    return pairs


def _from_to(work: str, qtys: list[_Qty], i: int) -> tuple[tuple[_Qty | None, _Qty, int | None], int] | None:
    """"from X (in 2020) to Y" starting at quantity ``i``: the pair and the index of Y."""
    q = qtys[i]
    j = next((k for k in range(i + 1, len(qtys)) if not qtys[k].is_year), None)
    if j is None or not re.search(r"\bfrom\s*$", _before(work, q.start), re.I):
        return None
    pair = re.fullmatch(r"\s*(?:levels?|figures?)?\s*(?:in\s+(?P<year>\d{4})\s*)?(?:to|up to)\s+"
                        r"(?:reach\s+|exceed\s+|be\s+)?(?:[a-z]+\s+){0,2}?", work[q.end: qtys[j].start], re.I)
    if not pair:
        return None
    year = int(pair["year"]) if pair["year"] else None
    return ((None, qtys[j], int(q.value)) if q.is_year else (q, qtys[j], year)), j


def _up_from(work: str, qtys: list[_Qty], i: int, taken: set[int]
             ) -> tuple[tuple[_Qty | None, _Qty, int | None], int] | None:
    """"Y, up from X (in 2020)" with X the quantity ``i``: the pair and the index of Y."""
    q = qtys[i]
    if not BASELINE_BEFORE.search(_before(work, q.start)):
        return None
    prev = next((j for j in range(i - 1, -1, -1) if j not in taken and not qtys[j].is_year), None)
    if prev is None:
        return None
    yr = re.match(r"\s+in\s+(\d{4})", work[q.end: q.end + 12])
    return (q, qtys[prev], int(yr.group(1)) if yr else None), prev


def _target(work: str, full: str, line: int, tgt: _Qty, base: _Qty | None, year: int | None,
            base_year: int | None, per_capita: re.Match[str] | None) -> Target:
    unit = tgt.unit or (base.unit if base else None)
    if per_capita and unit is None:
        unit = re.sub(r"\s+", " ", per_capita.group(0)).lower()
    if unit is None:
        unit = _counted(_after(work, tgt.end))
    baseline = None
    if base is not None:
        value = base.value
        if tgt.scaled and not base.scaled:
            value = base.value * _scale_of(tgt)
        baseline = Quantity(value, base_year)
    own_year = re.match(r"\s+in\s+(20\d\d)\b", work[tgt.end: tgt.end + 12]) if base is not None else None
    return Target(
        metric=_metric(work, tgt, base),
        unit=unit,
        target=Quantity(tgt.value, int(own_year.group(1)) if own_year else year),
        baseline=baseline,
        qualifier=_qualifier(_before(work, tgt.start)),
        text=full.strip(),
        line=line,
    )


_NOUN_END = ("of|on|in|by|for|to|from|at|with|a|per|each|and|that|which|who|as|into|across|within|under|"
             "annually|every|should|will|must")


def _counted(after: str) -> str | None:
    """The noun phrase a plain number counts ("50,000 fuel cell vehicles on the road" -> "fuel cell vehicles")."""
    m = re.match(r"\s+([A-Za-z][\w&-]*(?:\s[A-Za-z][\w&-]*){0,3}?)(?=\s+(?:" + _NOUN_END + r")\b|[,.;()]|$)",
                 after)
    if m and m.group(1).split()[0].lower() not in {"to", "from", "in", "by", "up", "and", "or", "of"}:
        return m.group(1).strip()
    return None


def _scale_of(q: _Qty) -> float:
    m = re.search(_SCALE, q.text, re.I)
    return SCALES[m.group(0).lower()] if m else 1.0


VERBS = {
    "increase", "grow", "boost", "expand", "strengthen", "raise", "reach", "double", "triple", "quadruple",
    "settle", "establish", "build", "develop", "cultivate", "foster", "sell", "cut", "reduce", "lower", "lift",
    "achieve", "encourage", "promote", "improve", "enhance", "spend", "invest", "add", "create", "support",
    "set", "keep", "maintain", "make", "deploy", "install", "train", "attract", "form", "lead", "ensure",
    "accelerate", "upgrade", "bring", "push", "help", "have", "exceed", "produce", "generate", "complete",
    "put", "mobilize", "mobilise", "sign", "close", "require", "get", "open", "launch", "hit",
    "connect", "cover", "serve", "recruit", "host", "renovate", "retrofit", "replace", "phase",
    "formulate", "revise", "select", "nurture", "draft", "issue", "release", "approve", "commission", "realise",
    "realize", "drive", "fund", "back", "list", "name", "designate", "certify",
}
_TRAILING = re.compile(
    r"(?:\s+(?:to|of|from|by|reach|an|a|the|at least|exceed|more than|over|roughly|about|so that|that|"
    r"and|with|in|up|is|are|should|will|for|worth|reaching|totalling|totaling))+\s*$", re.I
)


def _strip_verb(text: str) -> str:
    text = re.sub(r"^(?:by|in|until)\s+20\d\d,?\s*", "", text, flags=re.I)
    text = re.sub(r"^(?:more than|almost|nearly|at least|roughly)\s+", "", text, flags=re.I)
    first = text.split(" ", 1)
    if first and first[0].lower() in VERBS:
        text = first[1] if len(first) > 1 else ""
        text = re.sub(r"^(?:up|out|in)\s+", "", text)
    return re.sub(r"^(?:the|an?)\s+", "", text, flags=re.I)


def _metric(work: str, tgt: _Qty, base: _Qty | None) -> str:
    first = base if base is not None and base.start < tgt.start else tgt
    after = _after(work, tgt.end, 4 * WINDOW)
    of = re.match(r"\s+of\s+([^,;()]+?)(?:\s+and\s|,|;|\(|$)", after)
    noun = _counted(after)
    before = re.sub(r"\([^)]*\)", "", _metric_head(work, first.start))
    before = re.sub(r"\b(?:from|over|above|compared with)\s+20\d\d\s+levels?\b,?(?:\s+reaching)?", "", before,
                    flags=re.I)
    before = re.sub(r"\bfrom\s*$", "", before.strip(), flags=re.I)
    for qual, _ in QUALIFIERS:
        before = re.sub(rf"\b(?:{qual})\s*$", "", before.strip(), flags=re.I)
    before = _TRAILING.sub("", before.strip())
    before = re.sub(r"^\W+", "", before)
    before = re.split(r"\b(?:to reach|so that|(?:goal|aim|aims|target|plans?|seeks?) to)\s+", before)[-1]
    before = _strip_verb(before.strip())
    if all(w.lower() in VERBS or w.lower() in {"and", "or"} for w in before.split()):
        before = ""
    if tgt.unit in {"percent", "percent per year"} and of:
        return _clean(of.group(1))
    if not before and of:
        return _clean(of.group(1))
    if not before and noun:
        return _clean(noun)
    if before:
        return _clean(before)
    return _clean(of.group(1)) if of else ""


def _metric_head(work: str, at: int) -> str:
    """The text before a quantity, from the start of its list item when an earlier item of the clause has one."""
    head = work[:at]
    cuts = [m.end() for m in re.finditer(r",\s|;\s|\sand\s", head) if re.search(r"\d", head[:m.start()])]
    return head[cuts[-1]:] if cuts else head


def _clean(text: str) -> str:
    text = re.sub(r"\s+", " ", text).strip(" ,.;:")
    text = re.sub(r"\s+(?:by|in|until)\s+(?:the\s+end\s+of\s+)?20\d\d$", "", text, flags=re.I)
    text = re.sub(r"^(?:an?|the)\s+", "", text, flags=re.I)
    return text[:120]
