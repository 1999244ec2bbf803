"""How well a resume fits a posting, in the one sense that changes what we write: when
most essentials are missing, a confident letter would mislead, so the letter speaks of
transferable experience and names the main gaps, and the card says so before generating."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from bot.generation.evidence import Evidence

MIN_ESSENTIALS = 3  # with fewer, one gap would decide it
WEAK_BELOW = 0.5  # share of essentials shown (in any words, or confirmed)


@dataclass(frozen=True)
class Fit:
    essentials: int
    shown: int
    missing: tuple[str, ...]  # essential requirement names, in the posting's order

    @property
    def weak(self) -> bool:
        return self.essentials >= MIN_ESSENTIALS and self.shown < WEAK_BELOW * self.essentials


def fit_of(evidence: Iterable[Evidence]) -> Fit:
    essentials = [e for e in evidence if e.requirement.essential]
    return Fit(
        essentials=len(essentials),
        shown=sum(e.met for e in essentials),
        missing=tuple(e.requirement.name for e in essentials if not e.met),
    )
