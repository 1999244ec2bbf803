"""Spoken languages and their levels ("fluent German (C1)", "verhandlungssichere
Englischkenntnisse"): asked for by postings, listed by resumes, claimed by letters."""

from __future__ import annotations

import re
from dataclasses import dataclass

from babel import Locale
from babel.core import get_global

from bot.generation.places import is_place

LANGUAGES = {
    "english": "English",
    "englisch": "English",
    "german": "German",
    "deutsch": "German",
    "deutschkenntnisse": "German",
    "englischkenntnisse": "English",
    "french": "French",
    "französisch": "French",
    "spanish": "Spanish",
    "spanisch": "Spanish",
    "dutch": "Dutch",
    "niederländisch": "Dutch",
    "italian": "Italian",
    "italienisch": "Italian",
    "portuguese": "Portuguese",
    "polish": "Polish",
    "polnisch": "Polish",
    # Other languages as German postings and CVs name them ("Tschechisch von Vorteil").
    "tschechisch": "Czech",
    "ukrainisch": "Ukrainian",
    "rumänisch": "Romanian",
    "kroatisch": "Croatian",
    "ungarisch": "Hungarian",
    "griechisch": "Greek",
    "chinesisch": "Chinese",
    "japanisch": "Japanese",
    "arabisch": "Arabic",
    "schwedisch": "Swedish",
    "dänisch": "Danish",
    "norwegisch": "Norwegian",
    "finnisch": "Finnish",
    "portugiesisch": "Portuguese",
    "koreanisch": "Korean",
    "swedish": "Swedish",
    "norwegian": "Norwegian",
    "danish": "Danish",
    "finnish": "Finnish",
    "russian": "Russian",
    "russisch": "Russian",
    "turkish": "Turkish",
    "türkisch": "Turkish",
    "arabic": "Arabic",
    "mandarin": "Mandarin",
    "chinese": "Chinese",
    "japanese": "Japanese",
    "korean": "Korean",
    "hindi": "Hindi",
    "welsh": "Welsh",
    "czech": "Czech",
    "greek": "Greek",
    "romanian": "Romanian",
    "ukrainian": "Ukrainian",
    "hungarian": "Hungarian",
    # Short names CLDR's filter below leaves out, common among applicants in the UK and EU.
    "urdu": "Urdu",
    "thai": "Thai",
    "farsi": "Farsi",
    "zulu": "Zulu",
    "igbo": "Igbo",
}


def _cldr_languages() -> dict[str, str]:
    """Every language official somewhere (CLDR via Babel, in English): "Irish", "Welsh",
    "Tamil"… so a letter claiming one the resume lacks is noticed. Short names and names of
    places ("Nauru") are left out: they collide with ordinary words."""
    territories = get_global("territory_languages")
    official = {"official", "de_facto_official", "official_regional"}
    codes = {
        code.split("_")[0]
        for languages in territories.values()
        for code, info in languages.items()
        if info.get("official_status") in official
    }
    names = Locale("en").languages
    found = {names[c] for c in codes if c in names}
    return {n.lower(): n for n in found if " " not in n and len(n) >= 5 and not is_place(n)}


LANGUAGES |= {k: v for k, v in _cldr_languages().items() if k not in LANGUAGES}
_LEVEL = (
    r"(?:[ABC][12]\+?|native|mother tongue|fluent|fluency|business|professional|proficient"
    r"|conversational|basic|good|excellent|strong|working|advanced|intermediate|full"
    r"|verhandlungssicher\w*|fließend\w*|sehr gut\w*|gut\w*|muttersprach\w*|grundkenntnisse"
    r"|bilingual)"
)
# "Tschechischkenntnisse" is Czech: German glues "knowledge" to the language's name.
_LANGUAGE_RE = re.compile(
    r"\b(" + "|".join(sorted(LANGUAGES, key=len, reverse=True)) + r")(?:kenntnisse)?\b",
    re.IGNORECASE,
)
_LANGUAGE_CONTEXT_RE = re.compile(
    r"\b(?:speak|spoken|written|verbal|language|languages|fluent|fluency|native|level|proficien"
    r"|kenntnisse|sprach|in wort und schrift|[ABC][12]\b|verhandlungssicher|fließend|bilingual"
    r"|mother tongue|business)",
    re.I,
)
_LEVEL_RE = re.compile(_LEVEL, re.I)


@dataclass(frozen=True)
class LanguageHit:
    start: int
    end: int
    name: str
    level: str | None

    @property
    def label(self) -> str:
        return f"{self.name} ({self.level})" if self.level else self.name


_LEVEL_NAMES = {
    "sehr gut": "very good",
    "verhandlungssicher": "business fluent",
    "fließend": "fluent",
    "muttersprach": "native",
    "gut": "good",
    "grundkenntnisse": "basic",
    "mother tongue": "native",
    "fluency": "fluent",
}


def _level_name(raw: str) -> str:
    low = raw.lower()
    if re.fullmatch(r"[abc][12]\+?", low):
        return raw.upper()
    for key, name in _LEVEL_NAMES.items():
        if low.startswith(key):
            return name
    return low


def find_languages(text: str) -> list[LanguageHit]:
    """Each mention in a language context, with the level stated in the same clause; a
    CEFR level written apart ("German (C1)") is reported as a hit too, so it is not a term."""
    out: list[LanguageHit] = []
    for m in _LANGUAGE_RE.finditer(text):
        # A clause never crosses a line: "PowerPoint Grundkenntnisse)" above is not the
        # level of "Sprachen: Deutsch (Muttersprache)".
        left = max(text.rfind(sep, 0, m.start()) for sep in (",", ";", " and ", " und ", "(", "\n"))
        rights = [
            i for sep in (",", ";", " and ", " und ", "\n") if (i := text.find(sep, m.end())) != -1
        ]
        clause = text[left + 1 : min(rights, default=len(text))]
        # "A community language spoken in the borough e.g. Urdu, Punjabi, Polish, Romanian":
        # the line's own words before the list are its context, however long the list.
        line_start = text.rfind("\n", 0, m.start()) + 1
        window = text[min(line_start, max(0, m.start() - 45)) : m.end() + 45]
        surface = m.group(1)
        knowledge = m.group(0).lower().endswith("kenntnisse")  # itself a language context
        if not surface[0].isupper() and not knowledge:
            continue
        if not _LANGUAGE_CONTEXT_RE.search(window) and not knowledge:
            continue
        name = LANGUAGES[surface.lower()]
        level_m = re.search(r"\b([ABC][12])\b", clause) or _LEVEL_RE.search(clause)
        level = _level_name(level_m.group(0)) if level_m else None
        out.append(LanguageHit(m.start(), m.end(), name, level))
        for lm in re.finditer(r"\(?\b[ABC][12]\+?\b\)?", clause):
            pos = left + 1 + lm.start()
            out.append(LanguageHit(pos, pos + len(lm.group(0)), name, level))
    return out


def language_name_in(name: str, locale: str) -> str:
    """A language's English name ("English") as `locale` writes it ("Englisch"), from CLDR;
    the name itself when CLDR does not know it."""
    codes = {v: k for k, v in Locale("en").languages.items()}
    code = codes.get(name)
    return str(Locale.parse(locale).languages.get(code, name)) if code else name
