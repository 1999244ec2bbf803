"""Which resume line may stand as proof of a requirement in a tailored document."""

from __future__ import annotations

import re

from bot.generation.resume_profile import DATE_RANGE_RE

# "Programmiersprachen: C, C++ …", "Tools: Jira, Confluence": a labelled list, no proof of use.
_LABELLED_LIST_RE = re.compile(r"^[^\W\d][\w /&-]{1,30}:\s+\S+(?:\s*\([^)]*\))?,")
# "Fish butchery · menu development · stock control · …": a list, whatever separates it.
_SEPARATOR_RE = re.compile(r"[,;·•|]")


def usable_proof(proof: str, *, header: set[str], summary: str) -> bool:
    """A line that shows the work: not a skills list, not the name line, not a job's header
    line, and not the summary's claims about oneself."""
    return bool(
        proof
        and len(_SEPARATOR_RE.findall(proof)) < 4
        and not _LABELLED_LIST_RE.match(proof)
        and proof not in header
        and not DATE_RANGE_RE.search(proof)
        and proof not in summary
    )
