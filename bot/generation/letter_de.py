"""The offline cover letter in German, for a German posting and a German CV (or when the
user asks for German): the same evidence, in the frame a German reader expects (Sie-Form,
"Mit freundlichen Grüßen"). German CV lines are noun phrases ("Betreuung von 450
Mitarbeitenden"), so each proof is quoted after its requirement instead of turned into "ich"."""

from __future__ import annotations

from bot.generation.engine import GenerationInput
from bot.generation.evidence import Evidence
from bot.generation.fit import fit_of
from bot.generation.letter import _current_role_parts, _proofs, leads_the_posting
from bot.generation.match import compute_match
from bot.generation.posting import UNKNOWN_COMPANY, UNKNOWN_ROLE, analyze_posting
from bot.generation.prose import signed_name
from bot.generation.relevance import parse_feedback
from bot.generation.resume_parsing import candidate_name, parse_resume
from bot.generation.resume_profile import analyze_resume
from bot.generation.text import strip_markdown


def _und(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " und " + items[-1]


def _proof(e: Evidence) -> str:
    line = strip_markdown(e.evidence or "").strip().rstrip(".")
    name = e.matched if e.status in ("stated", "alternative met") and e.matched else None
    return f"Zu {name or e.requirement.name}: {line}."


def german_cover_letter(inp: GenerationInput) -> str:
    a = analyze_posting(inp.posting)
    company = inp.company.strip() or a.company
    role = inp.role.strip() or a.role
    fb = parse_feedback(inp.feedback)
    resume = parse_resume(inp.resume)
    name = candidate_name(inp.resume, inp.candidate_name)
    known = company != UNKNOWN_COMPANY

    stelle = f"die Stelle als {role}" if role != UNKNOWN_ROLE else "die ausgeschriebene Stelle"
    opening = [f"hiermit bewerbe ich mich um {stelle}{f' bei {company}' if known else ''}."]
    current = _current_role_parts(analyze_resume(inp.resume))
    if current:
        title, employer, now = current
        where = f" bei {employer}" if employer else ""
        opening.append(
            f"Derzeit bin ich als {title}{where} tätig."
            if now
            else f"Zuletzt war ich als {title}{where} tätig."
        )

    header = {strip_markdown(line).strip() for line in resume.header if line.strip()}
    fit = fit_of(compute_match(inp.resume, a, inp.facts).evidence)
    proofs = _proofs(inp, a, header, soft=fit.weak, quoted=True)[: 2 if fb.shorter else 4]
    middle = " ".join(_proof(e) for e in proofs)
    paragraphs = ["Sehr geehrte Damen und Herren,", " ".join(opening)]
    if fit.weak:  # no list of gaps: see letter.py
        honest = (
            "Mein Werdegang deckt nicht jeden Punkt Ihrer Ausschreibung wörtlich ab; mitbringen "
            "würde ich vor allem übertragbare Erfahrung."
        )
        paragraphs.append(honest + " " + middle if middle else honest)
    elif middle:
        shown = [e for e in proofs if e.requirement.essential][:3]
        firsts = _und([e.matched or e.requirement.name for e in shown])
        lead = (
            f"Ihre Ausschreibung nennt {firsts} an erster Stelle. "
            if leads_the_posting(shown, a)
            else f"Ihre Ausschreibung verlangt unter anderem {firsts}. "
        )
        lead = lead if shown else ""
        paragraphs.append(lead + middle)
    paragraphs.append(
        "Über die Gelegenheit, mich Ihnen in einem persönlichen Gespräch vorzustellen, freue "
        "ich mich. Vielen Dank für Ihre Zeit."
    )
    paragraphs.append("Mit freundlichen Grüßen" + (f"\n{signed_name(name)}" if name else ""))
    return "\n\n".join(paragraphs).strip() + "\n"
