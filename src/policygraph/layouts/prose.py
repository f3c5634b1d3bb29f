"""The "prose" layout: the fallback for any English prose about Chinese policy.

Every policy document the text names (see :mod:`policygraph.extract.mentions`) becomes a policy entry, ranked in
order of first appearance, with the issuers, dates, status, document number, targets and companies its sentences
and paragraph state. It recognises any text with a mention, but only faintly, so that every better layout wins.
"""

from __future__ import annotations

from ..doctypes import document_type
from ..errors import DigestSyntaxError
from ..extract.mentions import Mention, find_mentions
from ..extract.sectors import tag_sectors
from ..model import Digest, PolicyEntry, Problem, Span
from .article import body_lines, context, read_header
from .base import Document

ORDER = 90
#: how sure this reader is of any text that names a policy: less than every layout that knows its text
SCORE = 0.1
#: a little more for each further document named (at most this much), so that prose naming several documents
#: outranks a reader that finds one dated item in it
BONUS, MAX_BONUS = 0.01, 0.04


class Prose:
    """Reads every policy document named in English prose."""

    name = "prose"
    #: the highest score :meth:`recognise` gives (see :func:`policygraph.layouts.ranked`)
    ceiling = SCORE + MAX_BONUS
    summary = "the fallback for English prose about Chinese policy: every titled document it names is a policy"

    def recognise(self, doc: Document) -> float:
        """A faint yes when the text names at least one policy document (fainter for one than for several)."""
        header = read_header(doc.content[:40])
        found = find_mentions(body_lines(doc, header), doc.form, context(doc, header))
        if not found.mentions:
            return 0.0
        return round(SCORE + min(BONUS * (len(found.mentions) - 1), MAX_BONUS), 2)

    def read(self, doc: Document) -> Digest:
        """Every mention as a policy entry; raises DigestSyntaxError when the text names none."""
        header = read_header(doc.content[:40])
        ctx = context(doc, header)
        found = find_mentions(body_lines(doc, header), doc.form, ctx)
        if not found.mentions:
            raise DigestSyntaxError("no policy document is named in this text", doc.path)
        return Digest(
            source=doc.path.name,
            publisher=header.get("publisher"),
            title=None,
            date=ctx.today,
            period=None,
            authors=(),
            editors=(),
            policies=tuple(entry(m, rank) for rank, m in enumerate(found.mentions, start=1)),
            news=(),
            checksum=doc.checksum,
            problems=tuple(found.problems),
            layout=LAYOUT.name,
        )


LAYOUT = Prose()


def entry(m: Mention, rank: int) -> PolicyEntry:
    """One mention as a policy entry; what the text does not state stays None and becomes a problem."""
    problems = [] if m.date else [Problem(m.first_line, "no issue date is stated for this policy")]
    sectors = tag_sectors([("title", m.title_en or ""), ("title", m.title_zh or "")]
                          + [("target", t.text) for t in m.targets] + [("bullet", m.text)])
    return PolicyEntry(
        rank=rank, headline=None, title_en=m.title_en, title_zh=m.title_zh,
        span=Span(f"Mention {rank}", m.first_line, m.last_line), issuers=m.issuers, date=m.date,
        status="draft-for-comment" if m.draft else "issued", document_type=document_type(m.title_en, m.title_zh),
        sectors=sectors, companies=m.companies, targets=m.targets, summary=m.text, problems=tuple(problems),
        doc_number=m.doc_number, effective=m.effective, issuer_count=m.issuer_count,
    )
