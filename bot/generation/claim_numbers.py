"""Numbers in a claim and in the resume, read with their context: values ("five",
"twenty-four", "$2M", "40 %"), the words around them, phone numbers and years that must not
support a quantity, and the years the resume's jobs span. The guard asks these whether a
number in a generated sentence is one the resume states."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from bot.generation.text import STOPWORDS, WORD_NUMBERS, content_tokens, normalize

# Not a version or model glued to a name ("C++17", "C#10", "HY-8"): a product, not a quantity.
NUMBER_RE = re.compile(
    r"(?<![\w.,/])(?<!\w\+)(?<!\+\+)(?<!\w#)(?<![A-Za-z]-)(?P<cur>[$€£])?\s?(?P<num>\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)"
    r"(?P<mult>\s?(?:k|K|m|M|bn|b|B|million|billion|thousand))?(?P<plus>\+)?(?P<pct>\s?%)?"
    r"(?![\w])",
)
WORD_NUMBER_RE = re.compile(r"\b(" + "|".join(WORD_NUMBERS) + r")\b", re.I)
# German number words ("fünf Jahre", "zwölf Auszubildende"); "ein/eine" is an article first.
GERMAN_NUMBERS = {"zwei": 2, "drei": 3, "vier": 4, "fünf": 5, "sechs": 6, "sieben": 7,
                  "acht": 8, "neun": 9, "zehn": 10, "elf": 11, "zwölf": 12, "fünfzehn": 15,
                  "zwanzig": 20, "dreißig": 30, "vierzig": 40, "fünfzig": 50, "sechzig": 60,
                  "siebzig": 70, "achtzig": 80, "neunzig": 90, "hundert": 100}  # fmt: skip
GERMAN_NUMBER_RE = re.compile(r"(?<![\w-])(" + "|".join(GERMAN_NUMBERS) + r")(?![\w-])", re.I)
MULTIPLIERS = {
    "k": 1e3,
    "thousand": 1e3,
    "m": 1e6,
    "million": 1e6,
    "b": 1e9,
    "bn": 1e9,
    "billion": 1e9,
}
YEAR_RE = re.compile(r"\b(19[5-9]\d|20[0-4]\d)\b")


def parse_number(cur: str | None, num: str, mult: str | None) -> float:
    value = float(num.replace(",", ""))
    if mult:
        value *= MULTIPLIERS.get(mult.strip().lower(), 1.0)
    return round(value, 6)


TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
         "eighty": 80, "ninety": 90}  # fmt: skip
UNITS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
          "eight": 8, "nine": 9}  # fmt: skip
COMPOUND_NUMBER_RE = re.compile(rf"\b({'|'.join(TENS)})[- ]({'|'.join(UNITS)})\b", re.I)


_SMALL_WORDS = {
    **UNITS,
    **TENS,
    **{"ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
       "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "a": 1},
}  # fmt: skip
_SMALL = rf"(?:(?:{'|'.join(TENS)})[- ](?:{'|'.join(UNITS)})|{'|'.join(_SMALL_WORDS)})"
# "two hundred and fifty", "a hundred", "three thousand": one number, not two or three.
SCALED_NUMBER_RE = re.compile(
    rf"\b(?:(?P<frac>half|a quarter of|quarter of) )?(?P<n>{_SMALL}) (?P<scale>hundred|thousand"
    rf"|million|billion|dozen)"
    rf"(?:(?: and)? (?P<rest>{_SMALL}))?\b",
    re.I,
)


_SCALES = {"hundred": 100, "thousand": 1000, "million": 1_000_000, "billion": 1_000_000_000}
_SCALES["dozen"] = 12
_FRACTIONS = {"half": 0.5, "a quarter of": 0.25, "quarter of": 0.25}


def _small_value(words: str) -> int:
    parts = re.split(r"[- ]", words.lower())
    return sum(_SMALL_WORDS[w] for w in parts)


_MONTH_YEAR_RE = re.compile(r"(?<![\w/.])(0?[1-9]|1[0-2])/((?:19|20)\d\d)\b")


def numbers(text: str) -> list[tuple[str, float, int, int]]:
    """(surface, value, start, end) for every number, including "five", "twenty-four" and
    "$2M"."""
    out: list[tuple[str, float, int, int]] = []
    # "10/2024": a month and a year, the year being what a date range or claim names
    months = {m.start(): m for m in _MONTH_YEAR_RE.finditer(text)}
    out += [(m.group(2), float(m.group(2)), m.start(2), m.end(2)) for m in months.values()]
    for m in NUMBER_RE.finditer(text):
        if m.start() in months or m.start() - 1 in months:
            continue
        value = parse_number(m.group("cur"), m.group("num"), m.group("mult"))
        out.append((m.group(0).strip(), value, m.start(), m.end()))
    scaled = [
        (
            m.group(0),
            float(
                _small_value(m.group("n"))
                * _SCALES[m.group("scale").lower()]
                * _FRACTIONS.get((m.group("frac") or "").lower(), 1.0)
                + (_small_value(m.group("rest")) if m.group("rest") else 0)
            ),
            *m.span(),
        )
        for m in SCALED_NUMBER_RE.finditer(text)
    ]
    compounds = scaled + [
        (m.group(0), float(TENS[m.group(1).lower()] + UNITS[m.group(2).lower()]), *m.span())
        for m in COMPOUND_NUMBER_RE.finditer(text)
        if not any(c[2] <= m.start() < c[3] for c in scaled)
    ]
    out += compounds
    for m in WORD_NUMBER_RE.finditer(text):
        if any(c[2] <= m.start() < c[3] for c in compounds):
            continue  # "twenty-four" is one number, not twenty and four
        out.append((m.group(0), float(WORD_NUMBERS[m.group(0).lower()]), m.start(), m.end()))
    for m in GERMAN_NUMBER_RE.finditer(text):
        out.append((m.group(0), float(GERMAN_NUMBERS[m.group(0).lower()]), m.start(), m.end()))
    # "one" counts only in a ratio ("one in six"): elsewhere it is "one of", "the one who".
    out += [("one", 1.0, m.start(), m.start() + 3) for m in _ONE_IN_RE.finditer(text)]
    return sorted(out, key=lambda n: n[2])


_ONE_IN_RE = re.compile(r"\bone(?=[\s-]+in[\s-]+(?:\d|[a-z]+\b))", re.I)


def number_values(text: str) -> set[float]:
    """Every number's value in `text` ("two", "2", "£2bn" and "2,000,000" alike)."""
    return {n[1] for n in numbers(normalize(text))}


# --- numbers in context -----------------------------------------------------------------------

PHONE_RE = re.compile(
    r"(?<![\w+])(?:\+\d{1,3}[\s.-]?)?(?:\(\d{2,5}\)\s?|\d{2,5}[\s.-])(?:\d{2,5}[\s.-]){0,3}\d{2,6}"
    r"(?![\w])"
)
# "17 percentage points (23% to 6%)": a difference of two percentages is one too.
PCT_WORD_RE = re.compile(
    r"^\s*(?:percent(?:age)?\s+points?|pp\b|prozentpunkte?|percent|per cent|pct|prozent)\b",
    re.I,
)
CLAUSE_STOP_RE = re.compile(r"[,;:()\[\]]|\s[-–—]\s")
# A month before a year, in words or digits: "Apr 2015", "September 2016", "02/2019".
_MONTH = (
    r"(?:(?:jan(?:uary|uar)?|feb(?:ruary|ruar)?|mar(?:ch)?|märz|apr(?:il)?|ma[yi]|jun[ei]?"
    r"|jul[iy]?|aug(?:ust)?|sep(?:t(?:ember)?)?|o[ck]t(?:ober)?|nov(?:ember)?|de[cz](?:ember)?)"
    r"\.?\s+|(?:0?[1-9]|1[0-2])[/.]\s?)"
)
RANGE_RE = re.compile(
    rf"\b{_MONTH}?((?:19|20)\d\d)\s*(?:-|–|—|to|until|bis)\s*{_MONTH}?((?:19|20)\d\d|present"
    r"|current|now|today|date|heute|jetzt|dato|aktuell|laufend)\b",
    re.I,
)
# "from 38% to 22%", "von 71 % (2022) auf 86 %": the two ends of a change
FROM_TO_RE = re.compile(
    r"^\s*(?:%|percent|prozent|[a-z]+)?\s*(?:\((?:19|20)\d\d\)\s*)?(?:to|auf|bis)\s+$", re.I
)
HEDGE_RE = re.compile(
    r"\b(?:more than|over|nearly|almost|about|around|roughly|approximately|close to"
    r"|mehr als|über|rund|etwa|ca\.|fast|knapp)\s*$|~\s*$",
    re.I,
)
DURATION = {"year": 1.0, "yr": 1.0, "month": 1 / 12}
DURATION |= {"jahr": 1.0, "jahre": 1.0, "jahren": 1.0, "monat": 1 / 12, "monate": 1 / 12}
DURATION |= {"monaten": 1 / 12}
TIME_UNITS = frozenset(DURATION) | frozenset(
    "week day hour minute second woche wochen tag tage tagen stunde stunden minuten".split()  # noqa: SIM905
)


def phone_spans(text: str) -> list[tuple[int, int, str]]:
    """Phone numbers (9+ digits, not a run of years): contact details, never achievements."""
    out: list[tuple[int, int, str]] = []
    for m in PHONE_RE.finditer(text):
        digits = re.sub(r"\D", "", m.group(0))
        if len(digits) >= 9 and not re.fullmatch(r"(?:(?:19|20)\d\d)+", digits):
            out.append((m.start(), m.end(), digits))
    return out


@dataclass(frozen=True)
class Num:
    """One number with what it counts: the words after it (or before it) in its clause."""

    surface: str
    value: float
    pct: bool
    year: bool  # a calendar year ("2019"), which supports only a year
    after: frozenset[str]
    before: frozenset[str]
    first_after: str
    after_initials: str  # "arr" for "annual recurring revenue"
    start: int
    end: int
    ranged: bool  # one end of "from X to Y"
    hedged: bool  # "more than 75%"
    tier: str = ""  # "stage" in "PEPS Stage 2": the number names a level, and only that one
    taken: bool = False  # "in 6 months", "within 3 weeks": how long something took
    hedged_up: bool = False  # "more than", "well over": the true figure is higher
    share: bool = False  # "45" in "45 of the 50": part of another figure


# "71-73 percent" and "71-73%" count the same thing: the word is the sign, not what is counted.
PCT_WORDS = frozenset(["percent", "per", "cent", "pct", "percentage", "points", "prozent"])
# "half a million dollars" and "$500K" count the same thing: the currency is a sign too.
PCT_WORDS |= frozenset(
    ["dollar", "dollars", "euro", "euros", "pound", "pounds", "sterling", "usd", "eur", "gbp"]
)


_UNIT_ABBREVIATIONS = {"std.": "Stunden", "std": "Stunden", "mon.": "Monate", "tsd.": "tausend"}
_UNIT_ABBREVIATION_RE = re.compile(r"\b(?:std\.?|mon\.|tsd\.)(?!\w)", re.I)


def clause_tokens(text: str) -> list[str]:
    """The words of a clause, without its numbers ("sechs", "zweiundzwanzig", "12"); German
    unit abbreviations spelled out ("300 Std." counts the "Stunden" of "300 Stunden")."""
    text = _UNIT_ABBREVIATION_RE.sub(lambda m: _UNIT_ABBREVIATIONS[m.group(0).lower()], text)
    for _s, _v, start, end in reversed(numbers(text)):
        text = text[:start] + " " + text[end:]
    return [
        t
        for t in content_tokens(text, drop_generic=False)
        if t not in WORD_NUMBERS and t not in PCT_WORDS
    ]


_HYPHENATED_RATIO_RE = re.compile(r"\b\w+-in-\w+\b")
RATIO_RE = re.compile(r"\s+(?:in|out of)\s+")


def _ratios_merged(
    text: str, raw: list[tuple[str, float, int, int]]
) -> tuple[list[tuple[str, float, int, int]], set[int]]:
    """ "nine in ten projects" is 90 % of them: one percentage, not a nine and a ten."""
    out: list[tuple[str, float, int, int]] = []
    ratios: set[int] = set()
    i = 0
    while i < len(raw):
        a = raw[i]
        b = raw[i + 1] if i + 1 < len(raw) else None
        if (
            b
            and RATIO_RE.fullmatch(text[a[3] : b[2]])
            and b[1] > a[1] > 0
            and b[1] <= 1000
            and a[0].isalnum()  # "112% in 2023" or "$5M in 2021" is no ratio
            and not YEAR_RE.fullmatch(b[0])
        ):
            ratios.add(len(out))
            out.append((text[a[2] : b[3]], round(100 * a[1] / b[1]), a[2], b[3]))
            i += 2
            continue
        out.append(a)
        i += 1
    return out, ratios


def nums_in(text: str) -> list[Num]:
    # "a 1-in-6 rota", "one-in-six": the ratio "1 in 6" (same length, so offsets hold)
    text = _HYPHENATED_RATIO_RE.sub(lambda m: m.group(0).replace("-", " "), text)
    skip = phone_spans(text)
    raw, ratios = _ratios_merged(
        text, [n for n in numbers(text) if not any(a <= n[2] < b for a, b, _ in skip)]
    )
    out: list[Num] = []
    for i, (surface, value, start, end) in enumerate(raw):
        left = text[:start]
        stops = [m.end() for m in CLAUSE_STOP_RE.finditer(left)]
        left = left[max(stops, default=0) :]
        right = text[end:]
        stop = CLAUSE_STOP_RE.search(right)
        right = right[: stop.start()] if stop else right
        pct_word = PCT_WORD_RE.match(right)
        pct = surface.endswith("%") or bool(pct_word) or i in ratios
        if pct_word:
            right = right[pct_word.end() :]
        after_tokens = clause_tokens(right)
        after_words = [
            w for w in re.findall(r"[A-Za-z][\w-]*", right) if w.lower() not in STOPWORDS
        ]
        before_tokens = clause_tokens(left)
        # "von 71 % (2022) auf 86 % (2024)": the years in brackets date the ends of a change
        prev = next((r for r in reversed(raw[:i]) if not YEAR_RE.fullmatch(r[0])), None)
        nxt = raw[i + 1] if i + 1 < len(raw) else None
        ranged = bool(
            re.search(r"\b(?:from|von)\s+$", text[:start], re.I)
            or (
                prev
                and FROM_TO_RE.match(text[prev[3] : start])
                and re.search(r"\b(?:from|von)\s+$", text[: prev[2]], re.I)
            )
        )
        if nxt and ranged and FROM_TO_RE.match(text[end : nxt[2]]):
            after_tokens = clause_tokens(text[nxt[3] :].split(",")[0]) or after_tokens
        out.append(
            Num(
                surface=surface,
                value=value,
                pct=pct,
                year=bool(YEAR_RE.fullmatch(surface)),
                after=frozenset(after_tokens[:3]),
                before=frozenset(before_tokens[-3:]),
                first_after=after_tokens[0] if after_tokens else "",
                after_initials="".join(w[0] for w in after_words[:4]).lower(),
                start=start,
                end=end,
                ranged=ranged,
                hedged=bool(HEDGE_RE.search(text[:start])),
                tier=_tier_before(text[:start]),
                taken=bool(_TAKEN_RE.search(text[:start])),
                hedged_up=bool(_HEDGED_UP_RE.search(text[:start])),
                share=bool(re.match(r"\s+(?:of|out of)\s+(?:the\s+)?\d", text[end:])),
            )
        )
    return out


_TIER_RE = re.compile(
    r"\b(stage|level|band|grade|phase|tier|step|part|stufe|niveau|key stage|ks)[\s-]*$", re.I
)


_HEDGED_UP_RE = re.compile(
    r"\b(?:more than|over|above|in excess of|upwards of|mehr als|über)\s*$", re.I
)
_TAKEN_RE = re.compile(r"\b(?:in|within|inside|under|innerhalb|binnen)\s+(?:just\s+)?$", re.I)


def _tier_before(left: str) -> str:
    m = _TIER_RE.search(left)
    return m.group(1).lower() if m else ""


def abbreviates(a: Num, b: Num) -> bool:
    """ "$1.2M in new ARR" and "$1.2M in new annual recurring revenue" count the same thing,
    as do "eleven PLO cases" and "11 sets of Public Law Outline (PLO) proceedings"."""
    return any(
        x.after_initials.startswith(t) if len(t) == 2 else t in x.after_initials
        for x, other in ((a, b), (b, a))
        for t in other.after
        if 2 <= len(t) <= 4
    )


def near(a: Iterable[str], b: Iterable[str]) -> bool:
    """Some word of `a` is a word of `b` (or its longer form: "month" and "monthly")."""
    bs = set(b)
    for x in a:
        for y in bs:
            if x == y or (min(len(x), len(y)) >= 4 and (x.startswith(y) or y.startswith(x))):
                return True
    return False


def initialisms(text: str) -> set[str]:
    """ "ut", "uta" for "University of Texas at Austin": how names get shortened."""
    out: set[str] = set()
    for line in text.split("\n"):
        toks = [t for t in re.findall(r"[A-Za-z][\w'-]*", line) if t.lower() not in INITIAL_SKIP]
        for i in range(len(toks)):
            for j in range(i + 2, min(i + 6, len(toks)) + 1):
                out.add("".join(t[0] for t in toks[i:j]).lower())
    return out


INITIAL_SKIP = frozenset(["of", "and", "the", "at", "for", "in", "&"])


def work_span(resume: str) -> int:
    """Years covered by the resume's date ranges (its jobs), not by every year it names: a
    graduation year must not allow "8 years of experience" to someone who worked 6."""
    this_year = date.today().year
    ranges = [
        (int(m.group(1)), int(m.group(2)) if m.group(2).isdigit() else this_year)
        for m in RANGE_RE.finditer(resume)
    ]
    if ranges:
        return max(end for _, end in ranges) - min(start for start, _ in ranges)
    years = [int(y) for y in YEAR_RE.findall(resume)]
    return (max(years) - min(years)) if years else 0


# --- years of experience --------------------------------------------------------------------

# "6 years of ICU experience", "4 years in community pharmacy", "8 years' experience",
# "5 Jahre Berufserfahrung in der Kardiologie": a count of the candidate's own working years.
_EXPERIENCE_RE = re.compile(
    r"^\s*\+?\s*(?:years?|yrs?|jahre?n?|months?|monate?n?)(?:'s?|’s?)?\s+"
    r"(?=(?:of|in|as|at|working|experience|im|in der|als|erfahrung|berufserfahrung"
    r"|praxiserfahrung|berufspraxis|tätigkeit)\b"
    # "nine years' post-qualifying experience", "5 years hands-on clinical experience"
    r"|(?:[\w-]+\s+){1,2}(?:experience|erfahrung|berufserfahrung)\b)",
    re.I,
)
_FIELD_END_RE = re.compile(
    r"[,;.:()!?]|\s[-–—]\s|\s(?:and|or|und|oder|across|at|with|for|including|after|before|while"
    r"|who|which|where|to|from|bei|für|mit|seit|nach|as|als|that|so|since|under|within"
    r"|spanning|covering|in an?|in einer?m?)\s",
    re.I,
)
_LEADS = frozenset(["with", "as", "als", "mit", "doing", "leading", "running"])
# Words around a years figure that name no field ("of professional experience").
_NOT_FIELD = frozenset(
    """of in as at the a an my working work worked experience experiences experienced
    professional relevant proven hands-on practical industry total overall combined career
    solid extensive broad progressive post-qualification post-qualified post-qualifying
    year years
    im in der die das dem den des einer einem eine ein erfahrung berufserfahrung
    praxiserfahrung berufspraxis tätigkeit mehrjährige insgesamt gesamt""".split()  # noqa: SIM905
)


def experience_field(after: str) -> frozenset[str] | None:
    """The field an experience figure counts ("ICU" in "years of ICU experience"), as stems;
    empty for a whole career ("years of experience"); None when the figure is no experience
    count ("for 3 years, …", "3 years ago")."""
    m = _EXPERIENCE_RE.match(after)
    if m is None:
        return None
    rest = after[m.end() :]
    words_ = rest.split()
    i = 0
    while i < len(words_) and (words_[i].lower() in _NOT_FIELD or words_[i].lower() in _LEADS):
        i += 1
    rest = " ".join(words_[i:])
    # "of ICU experience caring for adults": the field is "ICU", before any second clause
    stop = _FIELD_END_RE.search(" " + rest)
    clause = rest[: max(0, stop.start() - 1)] if stop else rest
    tokens = [
        t
        for t in re.findall(r"[^\W\d_][\w&+#/-]*", clause)
        if t.lower() not in _NOT_FIELD and t.lower() not in STOPWORDS
    ]
    return frozenset(content_tokens(" ".join(tokens[:5]), drop_generic=False))


@dataclass(frozen=True)
class Stated:
    """An experience figure the resume gives: its years, the field it counts and, when it is
    the only figure of its sentence, who it describes ("Transport planner with 6 years …")."""

    years: float
    field: frozenset[str]
    subject: frozenset[str]


def stated_experience(lines: Iterable[str]) -> list[Stated]:
    """The resume's own experience figures, in years, with the field each counts."""
    out: list[Stated] = []
    for line in lines:
        for sentence in re.split(r"(?<=[.!?])\s+", line):
            found: list[tuple[float, frozenset[str], int]] = []
            for n in nums_in(sentence):
                unit = DURATION.get(n.first_after)
                if not unit or n.pct or n.year or n.ranged:
                    continue
                field = experience_field(sentence[n.end :])
                if field is not None:
                    found.append((n.value * unit, field, n.start))
            for years, field, start in found:
                subject = frozenset(
                    content_tokens(sentence[:start], drop_generic=False) if len(found) == 1 else ()
                )
                if not any(s.years == years and s.field == field for s in out):
                    out.append(Stated(years, field, subject))
    return out


def experience_cap(
    stated: list[Stated], field: frozenset[str], subject: frozenset[str] = frozenset()
) -> float | None:
    """The most a claim of experience in `field` may count, given what the resume states.

    A figure the resume gives for the same or a broader field caps it ("4 years of ICU
    experience" caps "6 years of ICU experience", and "5 years of experience" caps every
    field); a claim about a field the stated figures only share words with may add them up
    ("4 years in hospital pharmacy, after 4 years in community pharmacy" is 8 years in
    pharmacy); a figure describing the candidate by that field caps it ("Transport planner
    with 6 years in warehousing" caps "8 years of transport planning", and "Sous chef with
    5 years of experience in brasseries" caps "Sous chef with 7 years of experience"). None
    when no stated figure is about that field: the jobs' dates decide."""
    if not field:
        describing = [s.years for s in stated if _shares(subject, s.subject)]
        if describing:
            return max(describing)
    broader = [(len(s.field), s.years) for s in stated if s.field <= field]
    if broader:
        most_specific = max(n for n, _ in broader)
        return max(v for n, v in broader if n == most_specific)
    if any(_shares(s.field, field) for s in stated):
        return sum(s.years for s in stated)
    describing = [s.years for s in stated if _shares(field, s.subject)]
    return max(describing) if describing else None


def _shares(a: frozenset[str], b: frozenset[str]) -> bool:
    """A word in common, by stem or a shared start ("plan" and "planner")."""
    return any(
        x == y or (min(len(x), len(y)) >= 4 and (x.startswith(y) or y.startswith(x)))
        for x in a
        for y in b
    )
