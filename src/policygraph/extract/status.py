"""Whether a text reports a draft released for comment.

>>> is_draft("MIIT released draft measures for public comment")
True
>>> is_draft("《数据出境安全评估办法（征求意见稿）》")
True
>>> is_draft("The final version of the measures, first drafted in 2021, was released")
False
>>> is_draft("The Ministry of Water Resources drafted the Regulation, which the State Council issued")  # its author
False
"""

from __future__ import annotations

import re

DRAFT = re.compile(
    r"\bdrafts?\b(?!\s+(?:in|last|earlier))|\b(?:for|seeking|solicit(?:s|ing|ed)?)\s+(?:public\s+)?"
    r"(?:comments?|opinions?|feedback)\b|\bexposure draft\b|征求意见|草案",
    re.I,
)
FINAL = re.compile(r"\bfinal (?:version|text|measures|rules)\b|\bformally (?:issued|released|adopted)\b|"
                   r"\bfirst drafted\b", re.I)


def is_draft(text: str) -> bool:
    """True when ``text`` says the document is a draft or released for comment, and not that it is final."""
    return bool(DRAFT.search(text)) and not FINAL.search(text)
