"""Official document numbers: 工信部联电子〔2022〕159号, 国发〔2021〕7号, "Guo Ban Fa [2021] No. 7", "NFRA Order No. 4".

>>> find_doc_numbers("工业和信息化部 市场监管总局（工信部联电子〔2022〕159号）")
['工信部联电子〔2022〕159号']
>>> find_doc_numbers("the rules (NFRA Order No. 4 [2023]) take effect")
['NFRA Order No. 4 [2023]']
>>> find_doc_numbers("Guo Ban Fa [2021] No. 7 and MOFCOM Announcement No. 46 of 2023")
['Guo Ban Fa [2021] No. 7', 'MOFCOM Announcement No. 46 of 2023']
>>> find_doc_numbers("Article No. 5 of the plan; ranked No. 1 in the world")
[]
>>> find_doc_numbers("Li Keqiang signed No.682 Order of the State Council, announcing the Decision")
['No.682 Order of the State Council']
"""

from __future__ import annotations

import re

_CJK = r"\u3400-\u9fff"
_OPEN, _CLOSE = r"[〔\[［【（(]", r"[〕\]］】）)]"
CHINESE = re.compile(
    rf"[{_CJK}]{{1,16}}\s*(?:{_OPEN}\s*(?:19|20)\d\d\s*{_CLOSE}|(?:19|20)\d\d\s*年)\s*第?\s*\d{{1,4}}\s*号"
    rf"|[{_CJK}]{{2,16}}令\s*第\s*\d{{1,4}}\s*号"
)
PINYIN = re.compile(rf"\b(?:[A-Z][a-z]{{0,5}}\s){{1,6}}{_OPEN}\s*(?:19|20)\d\d\s*{_CLOSE}\s*No\.\s*\d{{1,4}}\b")
KINDS = r"Order|Decree|Announcement|Circular|Bulletin|Decision|Notice|Document|Interpretation"
ENGLISH = re.compile(
    rf"\b(?:[A-Z][A-Za-z&]{{1,9}}\s+)?(?:{KINDS})\s+No\.\s*\d{{1,4}}"
    rf"(?:\s*(?:{_OPEN}\s*(?:19|20)\d\d\s*{_CLOSE}|of\s+(?:19|20)\d\d|,\s*(?:19|20)\d\d))?"
)
#: the number before the kind, as law firms write it: "No.682 Order of the State Council", "No.32 President Order"
INVERTED = re.compile(
    rf"\bNo\.\s*\d{{1,4}}\s+(?:(?:President(?:ial)?|State\s+Council|Premier)\s+)?(?:{KINDS})\b"
    rf"(?:\s+of\s+the\s+(?:[A-Z][\w'’]*)(?:\s+(?:[A-Z][\w'’]*|of|for|and|the)){{0,8}}(?<![a-z]\s)(?<!\sthe)"
    rf"(?<!\sof)(?<!\sand)(?<!\sfor))?"
)
_NOT_ISSUER = {"the", "this", "its", "a", "an", "and", "of", "under", "in", "see", "with"}


def find_doc_numbers(text: str) -> list[str]:
    """Every document number in ``text``, in order, each once."""
    hits: list[tuple[int, str]] = []
    for pattern in (CHINESE, PINYIN, INVERTED, ENGLISH):
        for m in pattern.finditer(text):
            if any(start <= m.start() < start + len(found) for start, found in hits):
                continue
            hits.append((m.start(), _tidy(m.group(0))))
    return list(dict.fromkeys(found for _, found in sorted(hits)))


def _tidy(number: str) -> str:
    number = re.sub(r"\s+", " ", number).strip()
    first, _, rest = number.partition(" ")
    if rest and first.lower() in _NOT_ISSUER:
        return rest
    return number
