"""Text addressed to an AI model instead of a human reader: one pattern for both sides.

A posting may carry it (its sentences are dropped and the user is warned), and a generated
document may echo it (the check catches the echo). Written in lowercase, so a posting can be
searched lowercased without IGNORECASE, which is several times slower on long text.
"""

from __future__ import annotations

import re

INSTRUCTION_RE = re.compile(
    r"(?:ignore|disregard|forget)\s+(?:all\s+)?(?:of\s+)?(?:the\s+|your\s+)?"
    r"(?:previous|prior|above|earlier|preceding)\b"
    r"|ignorier\w*\s+(?:alle\s+)?(?:vorherigen|bisherigen|obigen)\s+(?:anweisungen|regeln)"
    r"|system\s+prompt|you\s+are\s+(?:now\s+)?(?:an?\s+)?(?:ai|assistant|language\s+model|chatgpt)"
    r"|(?:write|say|state|claim)\s+that\s+the\s+(?:candidate|applicant)"
    r"|mark\s+(?:this|the)\s+(?:application|candidate|applicant|cv|resume)\s+as"
    # "Note for the evaluation model:", "ATS note:", "Hinweis an die Bewerbermanagement-Software"
    r"|(?:note|message|instructions?|hinweis|anweisung|nachricht)\s+(?:to|for|an)\s+(?:the\s+|die\s+"
    r"|das\s+|den\s+)?(?:[\w-]+\s+)?[\w-]*(?:ai|ki|model|llm|screener|assistant|ats|software"
    r"|bot|evaluator|algorithm|algorithmus)\b"
    r"|\b(?:ats|ai|ki|llm|screening|recruiter ai)\s+(?:note|hinweis)\s*:"
    r"|\bas\s+an\s+ai\b|\blanguage\s+model\b|\bnew\s+instructions\b|\bpwned\b"
    r"|</?\s*(?:system|instructions?)\s*>",
    re.IGNORECASE,
)
