"""Company, role, location and work mode of a pasted posting: the facts on the card.

Each fact is tried with several independent patterns (labels, title lines, prose) and
"Unknown …" is preferred to a wrong guess.
"""

from __future__ import annotations

import re

from bot.generation.lexicon import find_hard_skills, find_titles, title_heads
from bot.generation.places import place_of
from bot.generation.text import (
    split_sentences,
    strip_markdown,
    word_list,
)

_BAD_COMPANY: frozenset[str] = word_list("bad_company")
UNKNOWN_COMPANY = "Unknown company"
UNKNOWN_ROLE = "Unknown role"


def known_name(value: str | None) -> str | None:
    """Placeholders such as "Unknown company" never reach a document an employer reads."""
    return None if not value or value in (UNKNOWN_COMPANY, UNKNOWN_ROLE) else value


LABEL_RE = re.compile(r"^\s*([A-Za-z][A-Za-z /'&-]{1,40}?)\s*[:\-–]\s*(.+?)\s*$")


COMPANY_LABELS = {"company", "employer", "organization", "organisation", "company name", "client"}


ROLE_LABELS = {
    "job title",
    "title",
    "position",
    "role",
    "job",
    "vacancy",
    "opening",
    "position title",
    "job role",
}


LOCATION_LABELS = {"location", "locations", "office", "based in", "where", "job location"}


_NAME = r"[A-Z][\w&'.-]*(?:\s+(?:&\s+)?[A-Z][\w&'.-]*){0,4}"


_COMPANY_PATTERNS = [
    re.compile(
        rf"(?:^|[.!?]\s+|\n)(?P<c>{_NAME})\s+(?:is|are)\s+(?:currently\s+|now\s+)?"
        r"(?:hiring|looking\s+for|seeking|searching\s+for|recruiting|growing)",
    ),
    re.compile(rf"(?:^|\n)\s*#*\s*About\s+(?P<c>{_NAME})\s*:?\s*(?:\n|$)"),
    re.compile(rf"\b(?:Join|At|Welcome to)\s+(?P<c>{_NAME})(?:\s*[,!:]|\s+we\b|\s+you\b)"),
    re.compile(
        rf"(?:^|[.!?]\s+|\n)(?P<c>{_NAME})\s+is\s+(?:an?|the)\s+(?:[\w-]+\s+){{0,5}}?"
        r"(?:company|startup|start-up|leader|provider|platform|agency|firm|hospital|bank|"
        r"organi[sz]ation|business|retailer|manufacturer|group|consultancy|network|clinic|"
        r"fintech|marketplace|studio|brand|nonprofit|non-profit|insurer|scale-up|scaleup)\b",
    ),
]


_ROLE_INTRO_RE = re.compile(
    r"(?:hiring|looking\s+for|seeking|searching\s+for|recruiting|need)\s+(?:an?\s+|our\s+|the\s+)?"
    r"(?:new\s+|talented\s+|experienced\s+|motivated\s+|passionate\s+|driven\s+|skilled\s+)*"
    r"(?P<r>[^.,;\n!?]{3,80})",
    re.I,
)


_ROLE_AS_RE = re.compile(r"\bas\s+(?:an?|our)\s+(?P<r>[^.,;\n!?]{3,80})", re.I)


_GENDER_TAG_RE = re.compile(r"\((?:m|f|w|d|x|all)(?:\s*/\s*(?:m|f|w|d|x))+\)|\(all genders\)", re.I)


TITLE_SPLIT_RE = re.compile(r"\s+[—–|@·•-]\s+|\s+at\s+|\s*\|\s*|\s+@\s+")


_REMOTE_RE = re.compile(r"\b(?:fully\s+|100%\s+)?remote(?:-first| first)?\b", re.I)


_NO_REMOTE_RE = re.compile(r"\b(?:no|not)\s+(?:fully\s+)?remote\b|\bremote\s+(?:is\s+)?not\b", re.I)


_HYBRID_RE = re.compile(r"\bhybrid\b", re.I)


_ONSITE_RE = re.compile(
    r"\bon[\s-]?site\b|\bin[\s-]office\b|\bin[\s-]person\b|\bon\s+location\b", re.I
)


def _clean_name(raw: str) -> str:
    name = _GENDER_TAG_RE.sub("", raw)
    name = re.sub(r"\s*\(.*?\)\s*", " ", name)
    name = re.sub(r"[*_`#]", "", name)
    return name.strip(" \t-–—|,.:;!\"'")


def _valid_company(name: str) -> bool:
    if not name or len(name) > 60 or len(name.split()) > 6 or not name[0].isupper():
        return False
    low = name.lower()
    if find_hard_skills(name) and len(find_hard_skills(name)[0].surface) == len(name):
        return False
    if low in _BAD_COMPANY or low.split()[0] in {
        "we",
        "our",
        "the",
        "this",
        "you",
        "your",
        "a",
        "an",
    }:
        return False
    heads = title_heads()
    return not any(w.lower().rstrip("s") in heads for w in name.split())


def _valid_role(role: str) -> bool:
    if not role or len(role) > 80 or len(role.split()) > 9:
        return False
    if re.search(r"\b(?:is|are|we|our|hiring|looking|seeking|join|you)\b", role, re.I):
        return False
    heads = title_heads()
    return any(
        w.lower().strip("(),.").rstrip("s") in heads or w.lower() in heads for w in role.split()
    )


def _first_lines(text: str, n: int = 4) -> list[str]:
    return [strip_markdown(line) for line in text.split("\n") if line.strip()][:n]


def _label_value(text: str, labels: set[str]) -> str | None:
    for line in text.split("\n"):
        m = LABEL_RE.match(strip_markdown(line))
        if m and m.group(1).strip().lower() in labels:
            return m.group(2).strip()
    return None


def _split_title_line(line: str) -> tuple[str | None, str | None]:
    """ "Senior Backend Engineer — Acme Corp (Berlin, hybrid)" -> (role, company)."""
    base = _GENDER_TAG_RE.sub("", line)
    base = re.sub(r"\s*\([^)]*\)\s*$", "", base).strip()
    parts = [p.strip() for p in TITLE_SPLIT_RE.split(base) if p.strip()]
    if len(parts) < 2:
        return (_clean_name(base) if _valid_role(_clean_name(base)) else None), None
    role = next((_clean_name(p) for p in parts if _valid_role(_clean_name(p))), None)
    company = next(
        (
            _clean_name(p)
            for p in parts
            if _clean_name(p) != role and _valid_company(_clean_name(p))
        ),
        None,
    )
    return role, company


def extract_company(text: str) -> str:
    labelled = _label_value(text, COMPANY_LABELS)
    if labelled and _valid_company(_clean_name(labelled)):
        return _clean_name(labelled)
    first = _first_lines(text, 2)
    for line in first:
        _role, company = _split_title_line(line)
        if company:
            return company
    if len(first) == 2 and _split_title_line(first[0])[0]:
        second = _clean_name(first[1])
        if (
            len(second.split()) <= 6
            and not re.search(r"[.!?]$", first[1])
            and _valid_company(second)
        ):
            return second
    for pattern in _COMPANY_PATTERNS:
        for m in pattern.finditer(text):
            name = _clean_name(m.group("c"))
            if _valid_company(name):
                return name
    return UNKNOWN_COMPANY


def _role_from_phrase(phrase: str) -> str | None:
    titles = find_titles(phrase)
    if titles and titles[0][0] <= 2:
        return _clean_name(titles[0][2])
    words_ = phrase.split()
    heads = title_heads()
    for i, w in enumerate(words_[:7]):
        if w.lower().rstrip("s,.") in heads:
            cand = _clean_name(" ".join(words_[: i + 1]))
            if _valid_role(cand) and cand[:1].isupper():
                return cand
    return None


def extract_role(text: str) -> str:
    labelled = _label_value(text, ROLE_LABELS)
    if labelled and _valid_role(_clean_name(labelled)):
        return _clean_name(labelled)
    for line in _first_lines(text, 2):
        role, _company = _split_title_line(line)
        if role:
            return role
    for pattern in (_ROLE_INTRO_RE, _ROLE_AS_RE):
        for m in pattern.finditer(text):
            role = _role_from_phrase(m.group("r"))
            if role:
                return role
    for line in _first_lines(text, 6):
        if len(line.split()) <= 10:
            role = _role_from_phrase(line)
            if role:
                return role
    return UNKNOWN_ROLE


def extract_remote(text: str) -> str | None:
    if _HYBRID_RE.search(text):
        return "hybrid"
    if _REMOTE_RE.search(text) and not _NO_REMOTE_RE.search(text):
        return "remote"
    if _ONSITE_RE.search(text) or _NO_REMOTE_RE.search(text):
        return "onsite"
    return None


_LOCATION_NOISE = re.compile(
    r"\b(?:fully\s+)?remote\b|\bhybrid\b|\bon[\s-]?site\b|\bin[\s-]office\b|\bfull[\s-]time\b"
    r"|\bpart[\s-]time\b|\bcontract\b|\bpermanent\b|\bflexible\b|\d+\s*days?.*$",
    re.I,
)


def _clean_location(raw: str) -> str | None:
    loc = re.split(r"[.!?](?:\s|$)", raw, maxsplit=1)[0]
    loc = _LOCATION_NOISE.sub("", loc)
    loc = re.sub(r"[()\[\]]", " ", loc)
    loc = re.sub(r"\s*[/|,;]\s*(?=[/|,;]|$)", "", loc)
    loc = " ".join(loc.split()).strip(" ,;/|-–—.:")
    if not loc or len(loc) > 60 or not loc[0].isupper():
        return None
    return loc


def extract_location(text: str) -> str | None:
    labelled = _label_value(text, LOCATION_LABELS)
    if labelled:
        loc = _clean_location(labelled)
        if loc:
            return loc
    for line in _first_lines(text, 2):
        m = re.search(r"\(([^)]*)\)\s*$", line)
        if m:
            loc = _clean_location(m.group(1))
            if loc:
                return loc
        parts = TITLE_SPLIT_RE.split(line)
        if len(parts) >= 2 and (_LOCATION_NOISE.search(parts[-1]) or "," in parts[-1]):
            loc = _clean_location(parts[-1])
            if loc and not _valid_role(loc):
                return loc
    m = re.search(
        r"\b(?:based in|located in|office in|offices in|position in|role in)\s+"
        r"([A-Z][\w.-]*(?:[ ,]+[A-Z][\w.-]*){0,3})",
        text,
    )
    if m:
        return _clean_location(m.group(1))
    for m in _PROSE_PLACE_RE.finditer(text):
        place = m.group(1)
        if place_of(place) or place_of(place.split(",")[0]):
            return place
    return None


# "a twelve-person company in Dublin", "remote for anyone living in Ireland": a prose place,
# kept only when GeoNames knows it.
_PROSE_PLACE_RE = re.compile(
    r"\b(?:company|startup|start-up|business|firm|team|practice|agency|studio|headquartered"
    r"|living|resident|residing|anywhere|hub|HQ|offices?|clinic|hospital|school)\s+(?:based\s+)?in\s+"
    r"(?:the\s+)?([A-Z][\w.-]+(?:\s+[A-Z][\w.-]+)?(?:,\s+[A-Z][\w.-]+)?)"
)


_MONEY = r"(?:[$€£]\s?\d[\d,.]*\s?(?:k|K|m)?|\d[\d,.]*\s?(?:k|K)?\s?(?:€|(?:EUR|GBP|USD|CHF|CAD|AUD|SEK|NOK|DKK|PLN|Euro)\b))"
_SALARY_RE = re.compile(
    rf"{_MONEY}|\b(?:Band|Grade|Pay band|AfC Band)\s?\d[a-z]?\b|\bTV[\s-]?(?:L|ÖD|öD|H|AVH)\b[^\n]{{0,20}}?\b(?:E|EG)\s?\d{{1,2}}"
    r"|\b(?:EG|E)\s?\d{1,2}\s+TV[\s-]?(?:L|ÖD|öD)|\b(?:Entgeltgruppe|Besoldungsgruppe|Pay Grade)\s?[A-Z]{0,2}\s?\d{1,2}\b|\bMPS\b|\bUPS\b|\bM[1-6]\s*[-–]\s*U?[1-6]\b"
    r"|\bup to \d{2,3}\s?k\b|\b\d{2,3}\s?k\s*(?:-|–|to)\s*\d{2,3}\s?k\b"
    r"|\b\d{2,3}[.,]\d{3}\s*(?:-|–|bis|to)\s*\d{2,3}[.,]\d{3}\b"
    r"|\b(?:salary|gehalt|vergütung|compensation|pay|base|stundenlohn)\b[^.\n]{0,40}\d[\d,.]{2,}",
    re.I,
)
# Whole words ("Gymnasien" is no gym, "private equity" no stake in the company); German
# compounds may go on ("Urlaubstage", "Fahrtkostenzuschuss").
_BENEFIT_RE = re.compile(
    r"\b(?:vacation|holidays?|annual leave|paid time off|PTO|pension|401\(?k\)?|health insurance"
    r"|dental|life insurance|gyms?|wellbeing|well-being|learning budget|training budget"
    r"|stock options|(?<!private )equity|parental leave|childcare|cycle to work"
    r"|company car|car allowance|bonus scheme|annual bonus|performance bonus|relocation"
    r"|sabbatical|free lunch|snacks|employee discount|home office allowance"
    r"|flexible working hours|flexible hours|days off|days of leave|blue light card"
    r"|NHS discounts|salary sacrifice|eap)\b"
    r"|\b(?:jobrad|urlaub|betriebliche altersvorsorge|altersvorsorge|zuschuss"
    r"|deutschlandticket|jobticket|mitarbeiterrabatt|gleitzeit|weihnachtsgeld|13\. gehalt)",
    re.I,
)
# A requirement that names an amount or a band is still a requirement: "an annual quota of
# $1M+", "deals of $100K+ ACV", "budgets of £2m", "at least 2 years at Band 6 level".
_ASKED_AMOUNT_RE = re.compile(
    rf"\b(?:quotas?|budgets?|deals?|ACV|ARR|revenue|turnover|P&L|portfolios?|pipeline"
    rf"|book of business|spend|contracts?|contract values?|targets?|umsatz|budgetverantwortung)"
    rf"\b[^.;\n]{{0,25}}?{_MONEY}|{_MONEY}\+?(?:/\w+)?\s*(?:ACV|ARR|quota|deals?|budgets?"
    rf"|revenue|pipeline|portfolio|turnover|in (?:sales|revenue|new business|annual))\b"
    r"|\b(?:at|as a|as an|minimum|min\.?)\s+(?:Band|Grade|AfC Band)\s?\d[a-z]?\b"
    r"|\b(?:Band|Grade)\s?\d[a-z]?\s+(?:level|or above|or higher|experience)\b",
    re.I,
)
# ... and so is the time it asks for: "flexibility to work weekends and bank holidays".
_ASKED_TIME_RE = re.compile(
    r"\b(?:work|working|available|availability|cover)\b[^.;\n]{0,30}"
    r"\b(?:weekends?|bank holidays|public holidays|school holidays|evenings?|nights?)\b",
    re.I,
)
_LEAVE_DAYS_RE = re.compile(r"\d+\s*(?:days|weeks|tage)\b", re.I)


_NOT_PAY_RE = re.compile(
    r"\b(?:budget|revenue|portfolio|customers|turnover|raised|funding|ARR|allowance|discount"
    r"|bonus of|sales|payments|worth|spends?|invest\w*)\b",
    re.I,
)
_PAY_CUE_RE = re.compile(
    r"\b(?:salary|salaries|we pay|pay(?:s|ing)? (?:is|of|from|between|starts?|ranges?)|per hour"
    r"|an hour|per annum|p\.a\.|brutto|gehalt|vergütung|verdienst|jahresgehalt"
    r"|compensation|base pay|wages?|hourly rate|starting rate|OTE|entgelt\w*|tarif\w*)\b",
    re.I,
)
_WEAK_PAY_CUE_RE = re.compile(r"\b(?:a year|per year|annually|pro jahr|jährlich)\b", re.I)


def _salary_units(text: str) -> list[tuple[int, str]]:
    """Lines and, inside prose paragraphs, sentences, ranked: a short line with an amount,
    then a prose sentence that says it is pay ("We pay £12.85 per hour"), then a band or
    grade on its own line, then a band or grade named in prose."""
    money = re.compile(_MONEY, re.I)
    units: list[tuple[int, str]] = []
    for raw in text.split("\n"):
        line = strip_markdown(raw)
        if not line:
            continue
        if len(line) <= 220:
            units.append((0 if money.search(line) else 2, line))
            continue
        for sentence in split_sentences(line):
            if money.search(sentence):
                if _PAY_CUE_RE.search(sentence) or _WEAK_PAY_CUE_RE.search(sentence):
                    units.append((1, sentence))
            elif _PAY_CUE_RE.search(sentence):
                units.append((3, sentence))
    return sorted(units, key=lambda u: u[0])


def extract_salary(text: str) -> str | None:
    """The posting's pay line, cleaned ("£43,742 – £50,056 per annum"), or None; a line
    with an amount wins over a bare band or grade, and prose pay sentences count too."""
    for _rank, line in _salary_units(text):
        if len(line) > 400 or not _SALARY_RE.search(line):
            continue
        sentence = next((s for s in split_sentences(line) if _SALARY_RE.search(s)), line)
        pieces = [p for p in re.split(r"\s+\|\s+|\s+·\s+", sentence) if _SALARY_RE.search(p)]
        sentence = pieces[0] if pieces else sentence
        if _NOT_PAY_RE.search(sentence) and not _PAY_CUE_RE.search(sentence):
            continue
        label = LABEL_RE.match(sentence)
        if label and _SALARY_RE.search(label.group(2)):
            sentence = label.group(2)
        return sentence.strip(" .")
    return None


def is_benefit_line(line: str) -> bool:
    """Pay and perks, which are never requirements of the job."""
    if _SALARY_RE.search(line) and not _ASKED_AMOUNT_RE.search(line):
        return True
    perks = [m.group(0).lower() for m in _BENEFIT_RE.finditer(line)]
    if perks and all(p.startswith("holiday") for p in perks) and _ASKED_TIME_RE.search(line):
        return bool(_LEAVE_DAYS_RE.search(line))
    return bool(perks)
