"""Resume lines as letter prose, without adding a fact: "Built X" → "I built X.", a summary
line "Registered Nurse with 4 years of ICU experience" → "I am a Registered Nurse with…".
"""

from __future__ import annotations

import re

from bot.generation.text import strip_markdown

PAST_IRREGULAR = frozenset(
    [
        "led",
        "built",
        "ran",
        "wrote",
        "grew",
        "cut",
        "won",
        "made",
        "drove",
        "sold",
        "set",
        "took",
        "kept",
        "brought",
        "taught",
        "oversaw",
        "held",
        "spoke",
        "began",
        "met",
        "gave",
        "found",
        "put",
        "chose",
        "became",
        "rebuilt",
        "undertook",
        "shipped",
    ]
)
PRESENT_VERBS = frozenset(
    [
        "provide",
        "perform",
        "administer",
        "document",
        "educate",
        "precept",
        "manage",
        "lead",
        "build",
        "design",
        "develop",
        "support",
        "maintain",
        "run",
        "write",
        "coordinate",
        "create",
        "own",
        "deliver",
        "monitor",
        "handle",
        "oversee",
        "train",
        "mentor",
        "teach",
        "work",
        "partner",
        "conduct",
        "prepare",
        "analyse",
        "analyze",
        "plan",
        "track",
        "care",
        "assess",
        "use",
        "close",
        "book",
        "negotiate",
        "present",
        "organise",
        "organize",
        "supervise",
        "schedule",
        "process",
        "review",
        "audit",
        "install",
        "repair",
        "serve",
        "cook",
        "source",
        "sell",
        "recruit",
        "advise",
        "answer",
        "resolve",
        "reconcile",
        "produce",
        "improve",
        "implement",
        "automate",
        "test",
        "ship",
        "prioritise",
        "prioritize",
    ]
)


# Words ending in -ed that open a noun phrase ("Registered Nurse with…"), not an action.
ADJECTIVES = frozenset(
    [
        "experienced",
        "registered",
        "certified",
        "qualified",
        "licensed",
        "skilled",
        "accomplished",
        "dedicated",
        "motivated",
        "seasoned",
        "talented",
        "detailed",
        "committed",
        "trained",
        "chartered",
    ]
)
_NOUN_PHRASE_RE = re.compile(
    r"^(?P<head>[A-Za-z][\w/&+().'-]*(?:\s+[\w/&+().'-]+){0,5}?)\s+"
    r"(?:with|who|focused on|specialising in|specializing in|passionate about)\b"
)


def first_person(bullet: str) -> str:
    """ "Built X" → "I built X." A line that does not start with a known verb stays as it is."""
    text = strip_markdown(bullet).rstrip(" .;")
    if not text:
        return ""
    first, _, rest = text.partition(" ")
    low = first.lower()
    is_verb = (
        low.isalpha()
        and low not in ADJECTIVES
        and (low.endswith("ed") or low in PAST_IRREGULAR or low in PRESENT_VERBS)
    )
    if is_verb and not first[1:2].isupper():
        return f"I {low} {rest}".rstrip() + "."
    return text + "."


_ADJECTIVE_END_RE = re.compile(r"(?:able|ible|ful|ous|ive|less)$", re.I)


def introduction(summary_sentence: str) -> str | None:
    """ "Registered Nurse with 4 years…" → "I am a Registered Nurse with 4 years…"; None
    when the sentence is not a "title with …" phrase (it would not read as a sentence)."""
    text = strip_markdown(summary_sentence).strip().rstrip(".")
    if re.match(r"(?:I|I'm|My)\b", text):
        return text + "."
    match = _NOUN_PHRASE_RE.match(text)
    if match is None or text[:1].isdigit():
        return None
    head = match.group("head")
    if head.split()[0].lower() in ("a", "an", "the"):
        return f"I am {text[:1].lower()}{text[1:]}."
    opener = head.split()[0].lower()
    if opener in PRESENT_VERBS or opener in PAST_IRREGULAR:
        return None
    if opener.endswith("ed") and opener not in ADJECTIVES:
        return None
    last = head.split()[-1]
    if _ADJECTIVE_END_RE.search(last) or (len(head.split()) == 1 and last.lower() in ADJECTIVES):
        return None  # "Comfortable with perio patients" is no "I am a comfortable …"
    article = "an" if head[:1].lower() in "aeio" or head.startswith(("HR", "RN", "SEO")) else "a"
    return f"I am {article} {lower_first(text)}."


def lower_first(text: str) -> str:
    """Lowercase a sentence-initial word, but not acronyms or the start of a Title Case name."""
    if text.startswith("I "):
        return text
    parts = text.split(" ", 2)
    if parts[0][1:2].isupper() or (len(parts) > 1 and parts[1][:1].isupper()):
        return text
    return text[:1].lower() + text[1:]


def in_sentence(name: str) -> str:
    """A requirement's name inside a sentence: "Critical care" → "critical care", while
    "Microsoft Excel", "IFRS" and a one-word product name ("Salesforce") keep their case."""
    parts = name.split()
    if (
        len(parts) > 1
        and parts[0].replace("-", "").isalpha()
        and parts[0][1:].replace("-", "").islower()
        and all(p[:1].islower() for p in parts[1:])
    ):
        return name[:1].lower() + name[1:]
    return name


def join_words(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


_NAME_PARTICLES = frozenset(["de", "van", "von", "der", "den", "da", "di", "du", "la", "le", "ter"])


def signed_name(name: str) -> str:
    """A name as it is signed: a resume header in capitals ("SANNE DE VRIES") becomes
    "Sanne de Vries"; any other spelling is the person's own and stays."""
    if not name.isupper():
        return name
    words = name.title().split()
    return " ".join(
        w.lower() if i and w.lower() in _NAME_PARTICLES else w for i, w in enumerate(words)
    )
