"""The curated skills lexicon, shipped as JSON so it can grow without code changes.

Surface-form syntax in the data files: a trailing ``!`` means "match case-sensitively" (``ML``
must not match "5 ml"); a trailing ``?`` additionally requires a skills context, because
"C", "R" and "Go" are also ordinary letters and words ("C-level", "Plan C", "let's go").

All ``find_*`` functions expect text already passed through `text.normalize`, so offsets
returned in `Hit` index that normalised text.
"""

from __future__ import annotations

import json
import re
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

_DATA = "data"
_LEFT = r"(?<![\w+#@.\-])"
_LEFT_AFTER_FIRST = r"(?<![\w+#@.\-].)"  # _LEFT, checked once the first character matched
_RIGHT = r"(?![\w+#@])(?!\.\w)"
_RIGHT_STRICT = r"(?![\w+#@&])(?!\.\w)(?!-\w)(?!'\w)"
_ITEM_SEP = re.compile(r"[,;/|()\[\]:•·*]|\s-\s|\band\b|\bor\b|\n")
_SKILL_LIST_LABEL = re.compile(
    r"\s*(?:[-*+]\s+)?(?:\*\*)?[A-Za-z &/]{0,30}(?:skills|languages|stack|technologies|tools"
    r"|tech|expertise|competencies)\s*(?:\*\*)?\s*:\s*(?:\*\*)?\s*",
    re.I,
)
_LINE_JOIN = "\n\x00\n"
_ITEM_PREFIX = re.compile(r"^.*\b(?:in|with|using|of|like|e\.g\.|including|incl\.)\s+", re.I)


@dataclass(frozen=True)
class Term:
    """One canonical concept (a skill, degree level or certification)."""

    canonical: str
    category: str
    kind: str  # "skill" | "tool" | "soft" | "degree" | "certification"
    rank: int = 0  # education level rank; 0 for everything else


@dataclass(frozen=True)
class Hit:
    term: Term
    surface: str
    start: int
    end: int


def _load(name: str) -> dict[str, Any]:
    raw = resources.files(__package__).joinpath(_DATA, name).read_text(encoding="utf-8")
    data: dict[str, Any] = json.loads(raw)
    return data


def _key(surface: str, case_sensitive: bool) -> str:
    collapsed = re.sub(r"[\s\-]+", " ", surface.strip())
    return collapsed if case_sensitive else collapsed.lower()


_Trie = dict[str, "_Trie"]
_END = ""  # trie key marking that a form ends here


def _trie(keys: Iterable[str]) -> _Trie:
    root: _Trie = {}
    for key in keys:
        node = root
        for ch in key:
            node = node.setdefault(ch, {})
        node[_END] = {}
    return root


def _trie_pattern(node: _Trie, *, top: bool = False) -> str:
    """One regex shaped like the trie of all forms: the engine tests a few first characters
    at each position instead of a thousand alternatives (the lexicon was the hot spot of
    matching), and greedy optional tails keep "longest form wins". A space in a key matches
    any run of spaces and hyphens, as "machine-learning" is written either way. At the top,
    the left boundary is checked after the first character, so the pattern starts with a
    literal and the engine skips positions that cannot start a form."""
    branches = []
    for ch in sorted(k for k in node if k != _END):
        head = r"[\s\-]+" if ch == " " else re.escape(ch)
        if top:
            head += _LEFT_AFTER_FIRST
        branches.append(head + _trie_pattern(node[ch]))
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if _END in node:
        return f"(?:{body})?"
    return body


LEGAL_FORMS = frozenset(
    [
        "SAS",
        "SA",
        "AG",
        "SE",
        "GmbH",
        "Ltd",
        "LLC",
        "Inc",
        "PLC",
        "plc",
        "BV",
        "NV",
        "SpA",
        "SRL",
        "SARL",
        "KG",
        "KGaA",
        "Oy",
        "AB",
        "AS",
        "ApS",
    ]
)
_NAME_BEFORE_RE = re.compile(r"[A-ZÀ-Þ][\w&'.-]*\s+$")
_NAME_END_RE = re.compile(r"\s*(?:$|[,;:)(·|\n]|[-–—]\s)")


def _is_legal_form(text: str, hit: Hit) -> bool:
    """ "Café Crème Retail SAS" names a company: SAS there is a legal form, not the
    statistics package (which is listed, "Python, SAS", or used, "in SAS")."""
    return (
        hit.surface in LEGAL_FORMS
        and bool(_NAME_BEFORE_RE.search(text[: hit.start]))
        and bool(_NAME_END_RE.match(text[hit.end :]))
    )


class Matcher:
    """Finds lexicon terms in text; longest match wins, so "Google Cloud" beats "Google"."""

    def __init__(self, entries: Iterable[tuple[Term, list[str]]], context_after: Iterable[str]):
        self._ci: dict[str, Term] = {}
        self._cs: dict[str, Term] = {}
        self._ambiguous: dict[str, Term] = {}
        for term, forms in entries:
            for form in forms:
                if form.endswith("?"):
                    self._ambiguous[_key(form[:-1], True)] = term
                elif form.endswith("!"):
                    self._cs[_key(form[:-1], True)] = term
                else:
                    self._ci[_key(form, False)] = term
        self._context_after = frozenset(w.lower() for w in context_after)
        # Case-insensitive forms are matched in lowercased text: re.IGNORECASE makes the
        # engine several times slower. The folding regex is for text whose length changes
        # when lowercased (offsets must stay valid), which NFKC-normalised text rarely has.
        self._re_ci = self._compile(self._ci, 0, _RIGHT)
        self._re_ci_fold = self._compile(self._ci, re.IGNORECASE, _RIGHT)
        self._re_cs = self._compile(self._cs, 0, _RIGHT)
        self._re_amb = self._compile(self._ambiguous, 0, _RIGHT_STRICT)
        self.terms: tuple[Term, ...] = tuple(
            dict.fromkeys([*self._ci.values(), *self._cs.values(), *self._ambiguous.values()])
        )

    @staticmethod
    def _compile(forms: dict[str, Term], flags: int, right: str) -> re.Pattern[str] | None:
        if not forms:
            return None
        return re.compile(_trie_pattern(_trie(forms), top=True) + right, flags)

    def find(self, text: str, *, listed: bool = False) -> list[Hit]:
        """All non-overlapping hits in document order. `listed`: the text is one entry of a
        list of such things (a line of a resume's education section), so an ambiguous form
        that opens it ("BA Communications — SUNY") needs no other context."""
        candidates: list[Hit] = []
        low = text.lower()
        ci_text, ci_regex = (
            (low, self._re_ci) if len(low) == len(text) else (text, self._re_ci_fold)
        )
        for regex, haystack, table, cs in (
            (ci_regex, ci_text, self._ci, False),
            (self._re_cs, text, self._cs, True),
        ):
            if regex is None:
                continue
            for m in regex.finditer(haystack):
                surface = text[m.start() : m.end()]
                term = table.get(_key(surface, cs))
                if term is not None:
                    candidates.append(Hit(term, surface, m.start(), m.end()))
        plain = _resolve(candidates)
        if self._re_amb is not None:
            for m in self._re_amb.finditer(text):
                term = self._ambiguous.get(_key(m.group(0), True))
                if term is None or any(h.start < m.end() and m.start() < h.end for h in plain):
                    continue
                opens = listed and not text[: m.start()].strip(" -*+•")
                if opens or self._in_context(text, m.start(), m.end(), plain):
                    candidates.append(Hit(term, m.group(0), m.start(), m.end()))
        return [h for h in _resolve(candidates) if not _is_legal_form(text, h)]

    def find_lines(self, lines: Sequence[str]) -> list[list[Hit]]:
        """`find` on each line, in one pass: one scan of the joined lines costs far less than
        one call per line. Offsets index each line. The lines are joined with a NUL between
        newlines, which no context rule reads across."""
        text = _LINE_JOIN.join(lines)
        starts: list[int] = []
        offset = 0
        for line in lines:
            starts.append(offset)
            offset += len(line) + len(_LINE_JOIN)
        out: list[list[Hit]] = [[] for _ in lines]
        for hit in self.find(text):
            i = bisect_right(starts, hit.start) - 1
            base = starts[i]
            out[i].append(Hit(hit.term, hit.surface, hit.start - base, hit.end - base))
        return out

    def _in_context(self, text: str, start: int, end: int, others: list[Hit]) -> bool:
        after = text[end : end + 40]
        nxt = re.match(r"\s*(?:/\s*[\w.]+\s*)?([\w(]+)", after)
        if nxt and nxt.group(1).lower() in self._context_after:
            return True
        line_start = text.rfind("\n", 0, start) + 1
        line_end = text.find("\n", end)
        line_end = len(text) if line_end == -1 else line_end
        left = max(
            (m.end() for m in _ITEM_SEP.finditer(text, line_start, start)), default=line_start
        )
        right_m = _ITEM_SEP.search(text, end, line_end)
        right = right_m.start() if right_m else line_end
        item = _ITEM_PREFIX.sub("", text[left:right].strip()).strip(" .!")
        if item != text[start:end]:
            return False
        if re.search(r"\b(?:in|using|with)\s+$", text[line_start:start]) and not text[
            end:line_end
        ].strip(" .;,!)"):
            return True  # "... interventions in Epic." / "scripts written in Go"
        if _SKILL_LIST_LABEL.fullmatch(text[line_start:left]):
            return True  # an item of a "Skills:" / "Tech stack:" list
        if re.fullmatch(r"\s*(?:[-*+]\s+)?", text[line_start:left]) and not text[
            right:line_end
        ].strip(" .;,"):
            return True  # the whole line (or bullet) is just this skill
        return any(line_start <= h.start and h.end <= line_end for h in others)


def _resolve(hits: list[Hit]) -> list[Hit]:
    """Drop hits overlapping a longer (then earlier) one. The kept hits never overlap, so
    only the neighbours of a new hit in start order can collide with it."""
    starts: list[int] = []
    chosen: list[Hit] = []
    for hit in sorted(hits, key=lambda h: (-(h.end - h.start), h.start)):
        i = bisect_right(starts, hit.start)
        if i > 0 and chosen[i - 1].end > hit.start:
            continue
        if i < len(chosen) and chosen[i].start < hit.end:
            continue
        starts.insert(i, hit.start)
        chosen.insert(i, hit)
    return chosen


@cache
def hard_matcher() -> Matcher:
    data = _load("skills.json")
    entries: list[tuple[Term, list[str]]] = []
    for group in data["groups"]:
        for forms in group["skills"]:
            canonical = forms[0].rstrip("!?")
            entries.append((Term(canonical, group["category"], group["kind"]), forms))
    return Matcher(entries, data["context_after"])


@cache
def soft_matcher() -> Matcher:
    data = _load("soft_skills.json")
    entries = [(Term(f[0].rstrip("!?"), "soft", "soft"), f) for f in data["skills"]]
    return Matcher(entries, ())


@cache
def certification_matcher() -> Matcher:
    data = _load("certifications.json")
    entries = [
        (Term(f[0].rstrip("!?"), "certification", "certification"), f)
        for f in data["certifications"]
    ]
    return Matcher(entries, ())


@cache
def education_matcher() -> Matcher:
    data = _load("education.json")
    entries = [
        (Term(lvl["level"], "education", "degree", int(lvl["rank"])), lvl["forms"])
        for lvl in data["levels"]
    ]
    return Matcher(entries, data["context_after"])


def find_hard_skills(text: str) -> list[Hit]:
    return hard_matcher().find(text)


def find_soft_skills(text: str) -> list[Hit]:
    return soft_matcher().find(text)


def find_certifications(text: str) -> list[Hit]:
    return certification_matcher().find(text)


def find_degrees(text: str, *, listed: bool = False) -> list[Hit]:
    return education_matcher().find(text, listed=listed)


def canonicals(hits: Iterable[Hit]) -> list[str]:
    """Canonical names in first-seen order, without duplicates."""
    return list(dict.fromkeys(h.term.canonical for h in hits))


# --- job titles -------------------------------------------------------------------------


@cache
def _titles() -> dict[str, Any]:
    return _load("titles.json")


def title_heads() -> frozenset[str]:
    return frozenset(_titles()["heads"])


def title_modifiers() -> frozenset[str]:
    return frozenset(_titles()["modifiers"])


def addressee_titles() -> frozenset[str]:
    """Titles a letter may address (e.g. "Hiring Manager") without claiming them."""
    return frozenset(_titles()["addressees"])


def normalize_title(title: str) -> str:
    """Comparable form: "Sr. Backend Developer" and "Senior Back-end Engineer" become equal."""
    data = _titles()
    low = title.lower().replace("&", " & ")
    for src, dst in data["synonyms"].items():
        if " " in src or "-" in src:
            low = low.replace(src, dst)
    out: list[str] = []
    for token in re.findall(r"[a-z0-9+#.&/-]+", low):
        token = token.strip(".-/")
        token = data["abbreviations"].get(token, token)
        token = data["synonyms"].get(token, token)
        if token:
            out.append(token)
    return " ".join(out)


def title_core(title: str) -> str:
    """The title without seniority words, for "is this the same kind of job" comparisons."""
    levels = _titles()["seniority"]
    tokens = [t for t in normalize_title(title).split() if t not in levels]
    return " ".join(tokens)


def seniority_of(text: str) -> str | None:
    """Canonical seniority level named in a title, if any (longest phrase wins)."""
    norm = f" {normalize_title(text)} "
    levels: dict[str, str] = _titles()["seniority"]
    for phrase in sorted(levels, key=lambda p: (-len(p), p)):
        if f" {phrase} " in norm:
            return levels[phrase]
    return None


_TITLE_TOKEN = r"(?:Sr\.|Jr\.|[A-Z][A-Za-z+#&/-]*(?:\.[A-Za-z]+)*|[A-Z]{2,}|of)"


@cache
def _title_regex() -> re.Pattern[str]:
    heads = sorted(title_heads(), key=lambda h: (-len(h), h))
    head_alt = "|".join(re.escape(h.capitalize()) + "|" + re.escape(h.upper()) for h in heads)
    return re.compile(
        rf"(?<![\w-])((?:{_TITLE_TOKEN}\s+){{0,4}})(?:{head_alt})s?"
        rf"(?:\s+of\s+[A-Z][A-Za-z&]*(?:\s+[A-Z][A-Za-z&]*){{0,2}})?(?![\w-])"
    )


def find_titles(text: str) -> list[tuple[int, int, str]]:
    """Capitalised job-title phrases such as "Senior Data Engineer" or "Head of Sales".

    Leading words that are not title vocabulary ("Dear", "Hiring", a sentence-initial verb)
    are trimmed; a bare head noun ("Manager") is too vague to count as a title.
    """
    modifiers = title_modifiers() | {"of"}
    heads = title_heads()
    out: list[tuple[int, int, str]] = []
    for m in _title_regex().finditer(text):
        phrase = m.group(0)
        tokens = phrase.split()
        head_idx = len(m.group(1).split())
        keep_from = head_idx
        for i in range(head_idx - 1, -1, -1):
            tok = tokens[i].lower().rstrip(".,")
            if tok in modifiers or tok in heads or _is_skill_word(tokens[i]):
                keep_from = i
            else:
                break
        kept = tokens[keep_from:]
        if kept and kept[0] == "of":
            kept = kept[1:]
        if len(kept) < 2:
            continue
        surface = " ".join(kept)
        start = m.start() + phrase.find(kept[0])
        out.append((start, m.end(), surface))
    return out


@cache
def _is_skill_word(token: str) -> bool:
    return bool(find_hard_skills(token))
