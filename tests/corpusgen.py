"""Write a corpus of small, distinct, valid digests for the crash-safety and resource tests."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

AGENCIES = ["MIIT", "NDRC", "NEA", "MOST", "MOFCOM", "SAMR", "MEE", "MOT"]
HANZI = "关于推进加快促进产业工业绿色数字发展建设管理办法规划意见通知方案智能制造能源交通"


def digest_text(n: int) -> str:
    """Digest number ``n``: its own date (one a month from January 2015) and its own titles."""
    day = dt.date(2015 + n // 12, n % 12 + 1, 10)
    month = day.strftime("%B")
    lines = [f"{month.upper()} {day.day}, {day.year}", "", "MERICS", "", "China Industries", "", "MERICS TOP 5", ""]
    for rank in range(1, 4):
        agency = AGENCIES[(n + rank) % len(AGENCIES)]
        zh = "".join(HANZI[(n * 7 + rank * 3 + k) % len(HANZI)] for k in range(8)) + str(n)
        lines += [
            f"{rank}. Plan {n}-{rank} for cleaner industry", "",
            f"At a glance: {agency} issued a plan. The plan sets targets for {day.year + 5}:",
            f"- Raise the share of clean power from {10 + rank} to {30 + n % 50} percent",
            f"- Grow investment in charging networks from CNY {rank}.5 billion to CNY {n + 5} billion", "",
            "MERICS comment: Local governments will carry most of the cost.", "",
            f"Article: Plan {n}-{rank} on Clean Industry ({zh}) ([Link](#))", "",
            f"Issuing body: {agency}", "",
            f"Date: {month} {rank + 1}, {day.year}", "",
        ]
    lines += ["NOTEWORTHY", "", "Policy news", "",
              f"- *{month} 5:* NDRC released a plan for power grids (NDRC notice)",
              f"- *{month} 6:* MIIT named pilot zones for industrial data (MIIT notice)", "",
              "Corporate news", "", f"- *{month} 7:* CATL opened a battery plant (Reuters article)", ""]
    return "\n".join(lines)


def write_corpus(folder: Path, count: int) -> list[Path]:
    """``count`` digests as ``folder/digest-NNN.txt``, sorted."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for n in range(count):
        path = folder / f"digest-{n:03d}.txt"
        path.write_text(digest_text(n), encoding="utf-8")
        paths.append(path)
    return paths
