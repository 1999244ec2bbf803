"""A local stand-in for an OpenAI-compatible server, for tests, the playground and benchmarks.

It speaks the wire format the real `openai` client expects (JSON bodies, SSE chunks with
`data: [DONE]`, OpenAI's error JSON) and writes realistic documents from the data blocks
in the prompt (via `bot.generation.offline.OfflineEngine` when available), so the whole
pipeline runs without network or keys. Failure knobs (injected statuses, latency, hangs,
broken streams, planted fabrications) exercise the client's retries and the guard.
Deterministic: token counts are chars/4, embeddings are hashed bags of words.
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import json
import math
import random
import re
import struct
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

from bot.llm.prompts import DATA_TAGS

DEFAULT_MODEL = "gpt-4o-mini"
EMBEDDING_DIMS = {
    "text-embedding-3-small": 1536,
    "text-embedding-3-large": 3072,
    "text-embedding-ada-002": 1536,
}
DEFAULT_FABRICATION = (
    "Certified Kubernetes Administrator (CKA) with 8 years at Google running Kubernetes "
    "clusters in production."
)
_LANG_CODES = {
    "english": "en",
    "german": "de",
    "french": "fr",
    "spanish": "es",
    "italian": "it",
    "dutch": "nl",
    "portuguese": "pt",
    "polish": "pl",
    "ukrainian": "uk",
    "russian": "ru",
    "turkish": "tr",
}


def count_tokens(text: str) -> int:
    """Deterministic token estimate: one token per 4 characters."""
    return max(1, math.ceil(len(text) / 4)) if text else 0


def error_body(
    message: str, type_: str, code: str | None = None, param: str | None = None
) -> dict[str, Any]:
    """OpenAI's error envelope."""
    return {"error": {"message": message, "type": type_, "param": param, "code": code}}


def standard_error(status: int, model: str, code: str | None = None) -> dict[str, Any]:
    """The body OpenAI sends for a status (and `code`, to tell quota from rate limits)."""
    if status == 401:
        return error_body(
            "Incorrect API key provided: sk-***. You can find your API key at "
            "https://platform.openai.com/account/api-keys.",
            "invalid_request_error",
            "invalid_api_key",
        )
    if status == 403:
        return error_body(
            f"You are not allowed to sample from model {model}.", "invalid_request_error"
        )
    if status == 404:
        return error_body(
            f"The model `{model}` does not exist or you do not have access to it.",
            "invalid_request_error",
            "model_not_found",
        )
    if status == 429 and code == "insufficient_quota":
        return error_body(
            "You exceeded your current quota, please check your plan and billing details.",
            "insufficient_quota",
            "insufficient_quota",
        )
    if status == 429:
        return error_body(
            f"Rate limit reached for {model} on tokens per min (TPM): Limit 30000, "
            "Used 30000, Requested 1200. Please try again in 1s.",
            "tokens",
            "rate_limit_exceeded",
        )
    if status == 400:
        return error_body("Invalid request.", "invalid_request_error", code)
    if status == 503:
        return error_body(
            "The engine is currently overloaded, please try again later", "server_error"
        )
    return error_body(
        "The server had an error while processing your request. Sorry about that!",
        "server_error",
    )


@dataclass
class Failure:
    status: int
    body: dict[str, Any] | None = None
    headers: dict[str, str] = field(default_factory=dict)
    code: str | None = None
    endpoint: str | None = None  # "chat" | "embeddings" | None for any


# ---- reading our own prompt format ------------------------------------------------------


def _unescape(text: str) -> str:
    tags = "|".join(DATA_TAGS)
    return re.sub(rf"&lt;(\s*/?\s*(?:{tags})\b)", r"<\1", text, flags=re.IGNORECASE)


def parse_blocks(prompt: str) -> tuple[dict[str, str], str]:
    """Data blocks by tag (unescaped), and the prompt text outside them (our instructions)."""
    blocks: dict[str, str] = {}
    outside = prompt
    for tag in DATA_TAGS:
        match = re.search(rf"<{tag}>\n?(.*?)\n?</{tag}>", outside, re.DOTALL)
        if match:
            blocks[tag] = _unescape(match.group(1).strip())
            outside = outside[: match.start()] + outside[match.end() :]
    return blocks, outside


@dataclass
class ParsedPrompt:
    step: str
    blocks: dict[str, str]
    company: str = ""
    role: str = ""
    language: str = "en"
    candidate: str | None = None
    kind: str = ""


def parse_prompt(messages: list[dict[str, Any]]) -> ParsedPrompt:
    """Identify the step and its inputs from a JobForge prompt."""
    user = "\n\n".join(str(m.get("content") or "") for m in messages if m.get("role") != "system")
    blocks, outside = parse_blocks(user)
    step_match = re.search(r"#\s*Task:\s*(\w+)", outside)
    step = step_match.group(1) if step_match else "chat"
    parsed = ParsedPrompt(step=step, blocks={**blocks, "_text": outside})
    where = re.search(r"<job_posting> \((.+?) at (.+?)\)", outside)
    if where:
        parsed.role, parsed.company = where.group(1).strip(), where.group(2).strip()
        parsed.role = "" if parsed.role == "the role" else parsed.role
        parsed.company = "" if parsed.company == "the company" else parsed.company
    lang = re.search(r"Output language:\s*([^.\n]+)", outside)
    if lang:
        name = lang.group(1).strip()
        parsed.language = _LANG_CODES.get(name.lower(), name)
    signer = re.search(r"signed by (.+?)\.\n", outside)
    if signer and not signer.group(1).startswith("the candidate"):
        parsed.candidate = signer.group(1).strip()
    kind = re.search(r"Revise the (research report|optimized resume|cover letter)", outside)
    if kind:
        parsed.kind = kind.group(1).replace(" ", "_")
    return parsed


# ---- documents --------------------------------------------------------------------------


def _lines(text: str) -> list[str]:
    return [line.strip(" -*•\t") for line in text.splitlines() if line.strip(" -*•\t")]


def guess_job_facts(posting: str) -> dict[str, Any]:
    """Cheap extraction for when the offline engine is not available."""
    lines = _lines(posting)
    company = role = ""
    for line in lines:
        label, _, value = line.partition(":")
        if not company and label.lower() in ("company", "employer"):
            company = value.strip()
        if not role and label.lower() in ("role", "title", "position", "job title"):
            role = value.strip()
    if lines and (not role or not company):
        head = re.match(r"(.+?)\s+(?:at|@|-|–|—|\|)\s+(.+)", lines[0])
        if head:
            role = role or head.group(1).strip()
            company = company or head.group(2).strip()
        else:
            role = role or lines[0][:80]
    low = posting.lower()
    remote = next((v for v in ("hybrid", "remote") if v in low), None)
    if remote is None and ("on-site" in low or "onsite" in low):
        remote = "onsite"
    loc = re.search(r"(?im)^\s*location:\s*(.+)$", posting)
    return {
        "company": company,
        "role": role,
        "location": loc.group(1).strip() if loc else None,
        "remote": remote,
    }


_SECTION_HINTS = {
    "must": ("must have", "requirements", "required", "what you bring", "qualifications"),
    "nice": ("nice to have", "bonus", "preferred", "plus"),
    "duties": ("responsibilities", "what you will do", "your tasks", "you will"),
}


def posting_sections(posting: str) -> dict[str, list[str]]:
    """Bullets under the posting's own headings (must-haves, nice-to-haves, duties)."""
    found: dict[str, list[str]] = {key: [] for key in _SECTION_HINTS}
    current: str | None = None
    for raw in posting.splitlines():
        line = raw.strip()
        if not line:
            continue
        heading = line.rstrip(":").lower()
        match = next(
            (k for k, hints in _SECTION_HINTS.items() if any(heading.startswith(h) for h in hints)),
            None,
        )
        if match and (line.endswith(":") or len(line) < 40):
            current = match
            continue
        if current and line[0] in "-*•":
            found[current].append(line.strip(" -*•"))
        elif line.endswith(":"):
            current = None
    return found


def _mentions(text: str, item: str) -> str:
    words = [w for w in re.findall(r"[A-Za-z][\w+#./-]+", item) if len(w) > 2]
    hits = sum(1 for w in words if w.lower() in text.lower())
    if not words or hits == 0:
        return "resume: no"
    return "resume: yes" if hits * 2 >= len(words) else "resume: partly"


def _keywords(posting: str, limit: int = 15) -> list[str]:
    seen: dict[str, None] = {}
    for word in re.findall(r"\b[A-Z][A-Za-z0-9+#./-]{1,}\b", posting):
        if word.lower() not in ("the", "we", "you", "our", "about", "must", "nice", "location"):
            seen.setdefault(word, None)
    return list(seen)[:limit]


def _fallback_research(p: ParsedPrompt, company: str, role: str) -> str:
    posting = p.blocks.get("job_posting", "")
    resume = p.blocks.get("resume", "")
    parts = posting_sections(posting)
    facts = guess_job_facts(posting)
    nothing = ["Not stated in the posting"]

    def bullets(items: list[str], tag: bool = False) -> list[str]:
        if not items:
            return nothing
        return [f"- {i} ({_mentions(resume, i)})" if tag else f"- {i}" for i in items]

    return "\n".join(
        [
            f"# Research: {role} at {company}",
            "## Company",
            company,
            "## Role",
            role,
            "## Seniority",
            "Senior" if "senior" in role.lower() else "Not stated in the posting",
            "## Location and remote",
            f"{facts['location'] or 'Not stated in the posting'} ({facts['remote'] or 'unclear'})",
            "## Must-haves",
            *bullets(parts["must"], tag=True),
            "## Nice-to-haves",
            *bullets(parts["nice"], tag=True),
            "## Responsibilities",
            *bullets(parts["duties"]),
            "## Tech stack",
            ", ".join(_keywords(posting, 8)) or nothing[0],
            "## Keywords",
            ", ".join(_keywords(posting)) or nothing[0],
            "## Questions to ask",
            "- How is the team split between new features and maintenance?",
            "- What would success look like after the first six months?",
            "- How are on-call duties organised?",
            "- What is the salary range for this role?",
            "## Red flags",
            "- The posting names no salary range." if "€" not in posting else "None found",
            "## General knowledge (not verified)",
            "Nothing to add",
        ]
    )


def _fallback_resume(p: ParsedPrompt, role: str) -> str:
    lines = _lines(p.blocks.get("resume", ""))
    if not lines:
        return "# Resume\n\nNo resume was provided."
    name, rest = lines[0], lines[1:]
    keywords = {k.lower() for k in _keywords(p.blocks.get("job_posting", ""), 30)}

    def relevance(line: str) -> int:
        return -sum(1 for w in re.findall(r"[\w+#]+", line.lower()) if w in keywords)

    bullets = sorted((ln for ln in rest if len(ln.split()) > 3), key=relevance)
    short = [ln for ln in rest if len(ln.split()) <= 3]
    return "\n".join(
        [
            f"# {name}",
            "## Profile",
            f"Candidate for the {role} role. Most relevant experience first.",
            "## Experience",
            *(f"- {ln}" for ln in bullets),
            "## Other",
            *(f"- {ln}" for ln in short),
        ]
    )


def _fallback_letter(p: ParsedPrompt, company: str, role: str) -> str:
    resume_lines = _lines(p.blocks.get("resume", ""))
    posting = p.blocks.get("job_posting", "")
    signer = p.candidate or (resume_lines[0] if resume_lines else "The candidate")
    evidence = [
        ln
        for ln in resume_lines[1:]
        if len(ln.split()) > 4 and not re.search(r"\b(19|20)\d\d\b", ln)
    ][:4] or ["worked on the projects described in my resume"]
    must = posting_sections(posting)["must"][:3]
    paragraphs = [
        f"Dear {company} hiring team,",
        f"I am writing to apply for the {role} position. Reading the posting, I recognised "
        "the kind of work I have been doing in my recent roles, and I would like to bring that "
        "experience to your team.",
        "In my work so far I have "
        + "; ".join(e[0].lower() + e[1:] for e in evidence)
        + ". These are the parts of my background that match your needs most closely, and "
        "they taught me to take ownership of what I build, to measure before I optimise and "
        "to explain technical trade-offs to colleagues outside engineering.",
        "Your posting asks for "
        + (", ".join(must) if must else "a reliable, hands-on engineer")
        + ". My resume shows where I meet these requirements, and where I do not yet, I am "
        "keen to learn quickly from the team and to share what I know in return.",
        f"I would welcome the chance to discuss how I could contribute to {company}. "
        "Thank you for considering my application; I look forward to hearing from you.",
        f"Kind regards,\n{signer}",
    ]
    return "\n\n".join(paragraphs)


def _fallback_document(p: ParsedPrompt) -> str:
    """A plain but realistic document built only from the prompt's data blocks."""
    company = p.company or "the company"
    role = p.role or "the role"
    if p.step == "research_report":
        return _fallback_research(p, company, role)
    if p.step == "optimized_resume":
        return _fallback_resume(p, role)
    if p.step == "cover_letter":
        return _fallback_letter(p, company, role)
    return f"This is the JobForge stand-in model. You wrote: {p.blocks.get('_text', '').strip()}"


def _remove_claims(draft: str, claims_block: str) -> str:
    claims = [re.sub(r"\s*\([^)]*\)\s*$", "", c) for c in _lines(claims_block)]
    kept = []
    for line in draft.splitlines():
        sentences = re.split(r"(?<=[.!?])\s+", line)
        sentences = [s for s in sentences if not any(c and c.lower() in s.lower() for c in claims)]
        if line.strip() and not sentences:
            continue
        kept.append(" ".join(sentences))
    return "\n".join(kept)


def _offline_engine() -> Any | None:
    try:
        from bot.generation.offline import OfflineEngine
    except Exception:
        return None
    try:
        return OfflineEngine()
    except Exception:
        return None


def _generation_input(p: ParsedPrompt) -> Any:
    from bot.generation.engine import GenerationInput

    b = p.blocks
    return GenerationInput(
        posting=b.get("job_posting", ""),
        resume=b.get("resume", ""),
        company=p.company,
        role=p.role,
        research=b.get("research"),
        optimized_resume=b.get("optimized_resume"),
        feedback=b.get("feedback"),
        previous=b.get("previous_version"),
        language=p.language,
        candidate_name=p.candidate,
        related_context=b.get("related_context"),
    )


async def build_document(p: ParsedPrompt, *, use_offline_engine: bool = True) -> str:
    """The answer for a parsed prompt: via OfflineEngine when importable, else a fallback."""
    engine = _offline_engine() if use_offline_engine else None
    if p.step == "job_facts":
        data = guess_job_facts(p.blocks.get("job_posting", ""))
        if engine is not None:
            try:
                facts = await engine.extract_job_facts(p.blocks.get("job_posting", ""))
                data = {
                    "company": facts.company,
                    "role": facts.role,
                    "location": facts.location,
                    "remote": facts.remote,
                }
            except Exception:  # noqa: S110 - the fallback above is good enough
                pass
        return json.dumps(data)
    if p.step == "revise":
        draft = p.blocks.get("draft", "")
        if engine is not None:
            try:
                from bot.generation.engine import Finding

                findings = [Finding(kind="claim", text=c) for c in _claims(p)]
                result = await engine.revise(
                    p.kind or "cover_letter", _generation_input(p), draft, findings
                )
                # Belt and braces: a revision must never keep a listed claim.
                return _remove_claims(str(result.text), p.blocks.get("unsupported_claims", ""))
            except Exception:  # noqa: S110
                pass
        return _remove_claims(draft, p.blocks.get("unsupported_claims", ""))
    if engine is not None and p.step in ("research_report", "optimized_resume", "cover_letter"):
        try:
            result = await engine.generate(p.step, _generation_input(p))
            return str(result.text)
        except Exception:  # noqa: S110
            pass
    return _fallback_document(p)


def _claims(p: ParsedPrompt) -> list[str]:
    return [
        re.sub(r"\s*\([^)]*\)\s*$", "", c) for c in _lines(p.blocks.get("unsupported_claims", ""))
    ]


def plant(document: str, claim: str) -> str:
    """Insert a fabricated claim after the first paragraph (where a model would boast)."""
    parts = document.split("\n\n", 1)
    if len(parts) == 1:
        return f"{document}\n\n{claim}"
    return f"{parts[0]}\n\n{claim}\n\n{parts[1]}"


def schema_document(schema: dict[str, Any], doc: str) -> str:
    """Coerce an answer to the requested JSON schema's keys (our job facts, or defaults)."""
    try:
        data = json.loads(doc)
    except json.JSONDecodeError:
        data = {}
    if not isinstance(data, dict):
        data = {}
    props = schema.get("properties", {}) if isinstance(schema, dict) else {}
    result: dict[str, Any] = {}
    for key, spec in props.items():
        kinds = spec.get("type") if isinstance(spec, dict) else None
        nullable = isinstance(kinds, list) and "null" in kinds
        value = data.get(key)
        if value is None and not nullable:
            value = ""
        result[key] = value
    return json.dumps(result or data)


def embedding(text: str, dims: int) -> list[float]:
    """Hashed bag of words, L2-normalised: texts sharing words get similar vectors."""
    vector = [0.0] * dims
    for word in re.findall(r"\w+", text.lower()):
        digest = hashlib.blake2b(word.encode(), digest_size=8).digest()
        index = int.from_bytes(digest[:4], "little") % dims
        vector[index] += 1.0 if digest[4] & 1 else -1.0
    norm = math.sqrt(sum(v * v for v in vector))
    if norm == 0:
        vector[0] = 1.0
        return vector
    return [v / norm for v in vector]


def _common_prefix(a: str, b: str) -> int:
    n = min(len(a), len(b))
    i = 0
    while i < n and a[i] == b[i]:
        i += 1
    return i


# ---- the server -------------------------------------------------------------------------


class OpenAIStandIn:
    """aiohttp server speaking OpenAI's Chat Completions, Embeddings and Models endpoints."""

    def __init__(self, *, seed: int = 1234, model: str = DEFAULT_MODEL) -> None:
        self.model = model
        self.delay_s = 0.0
        self.token_delay_s = 0.0
        self.hang_s = 0.0
        self.fail_rate = 0.0
        self.fabricate: str | None = None
        self.required_api_key: str | None = None
        self.known_models: set[str] | None = None  # None: every model name is accepted
        self.supports_json_schema = True
        self.supports_json_object = True
        self.send_usage = True
        self.supports_stream_options = True
        self.refuse_next = False  # answer the next chat call with finish_reason=content_filter
        self.use_offline_engine = True  # False: the built-in fallback documents only
        self.chunk_words = 1
        self.requests: Counter[str] = Counter()
        self.last_bodies: dict[str, dict[str, Any]] = {}
        self.bodies: list[tuple[str, dict[str, Any]]] = []
        self._failures: list[Failure] = []
        self._breaks: list[int] = []
        self._rng = random.Random(seed)
        self._seed = seed
        self._prompts: list[str] = []
        self._stopped = asyncio.Event()
        self._runner: web.AppRunner | None = None
        self.url = ""

    # -- control ----------------------------------------------------------------------

    def fail_next(
        self,
        status: int,
        count: int = 1,
        body: dict[str, Any] | None = None,
        headers: dict[str, str] | None = None,
        *,
        code: str | None = None,
        endpoint: str | None = None,
    ) -> None:
        """Answer the next `count` API calls with `status` (429 carries retry-after: 1)."""
        if headers is None:
            headers = {"retry-after": "1"} if status == 429 and code != "insufficient_quota" else {}
        for _ in range(count):
            self._failures.append(Failure(status, body, dict(headers), code, endpoint))

    def break_next_stream(self, after_chunks: int = 3, count: int = 1) -> None:
        """Drop the connection mid-stream after `after_chunks` content chunks."""
        self._breaks.extend([after_chunks] * count)

    def reset(self) -> None:
        """Back to a healthy, fast server with zeroed counters (keeps the address)."""
        self.delay_s = self.token_delay_s = self.hang_s = self.fail_rate = 0.0
        self.fabricate = self.required_api_key = self.known_models = None
        self.supports_json_schema = self.supports_json_object = self.send_usage = True
        self.supports_stream_options = True
        self.refuse_next = False
        self.use_offline_engine = True
        self.chunk_words = 1
        self.requests.clear()
        self.last_bodies.clear()
        self.bodies.clear()
        self._failures.clear()
        self._breaks.clear()
        self._prompts.clear()
        self._rng = random.Random(self._seed)

    def configure(self, settings: dict[str, Any]) -> None:
        """Apply a `POST /_control` JSON body: attributes plus fail_next/break_next_stream."""
        if settings.get("reset"):
            self.reset()
        for key in (
            "delay_s",
            "token_delay_s",
            "hang_s",
            "fail_rate",
            "fabricate",
            "required_api_key",
            "supports_json_schema",
            "supports_json_object",
            "send_usage",
            "supports_stream_options",
            "refuse_next",
            "use_offline_engine",
            "chunk_words",
        ):
            if key in settings:
                setattr(self, key, settings[key])
        if settings.get("fabricate") is True:
            self.fabricate = DEFAULT_FABRICATION
        if "known_models" in settings:
            models = settings["known_models"]
            self.known_models = set(models) if models is not None else None
        if "fail_next" in settings:
            spec = dict(settings["fail_next"])
            self.fail_next(
                int(spec.pop("status")),
                int(spec.pop("count", 1)),
                spec.pop("body", None),
                spec.pop("headers", None),
                code=spec.pop("code", None),
                endpoint=spec.pop("endpoint", None),
            )
        if "break_next_stream" in settings:
            self.break_next_stream(int(settings["break_next_stream"]))

    def state(self) -> dict[str, Any]:
        return {
            "url": self.url,
            "requests": dict(self.requests),
            "pending_failures": len(self._failures),
            "delay_s": self.delay_s,
            "token_delay_s": self.token_delay_s,
            "hang_s": self.hang_s,
            "fail_rate": self.fail_rate,
            "fabricate": self.fabricate,
        }

    # -- lifecycle --------------------------------------------------------------------

    async def start(self, host: str = "127.0.0.1", port: int = 0) -> str:
        """Start serving; returns the base URL (the client's base_url is `{url}/v1`)."""
        app = web.Application(client_max_size=32 * 1024 * 1024)
        app.router.add_post("/v1/chat/completions", self._chat)
        app.router.add_post("/v1/embeddings", self._embeddings)
        app.router.add_get("/v1/models", self._models)
        app.router.add_post("/_control", self._control)
        app.router.add_get("/_control", self._control_state)
        self._stopped.clear()
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=1.0)
        await self._runner.setup()
        site = web.TCPSite(self._runner, host, port)
        await site.start()
        bound_port = self._runner.addresses[0][1]
        self.url = f"http://{host}:{bound_port}"
        return self.url

    async def stop(self) -> None:
        self._stopped.set()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> OpenAIStandIn:
        await self.start()
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.stop()

    # -- shared request handling --------------------------------------------------------

    async def _pause(self, seconds: float) -> bool:
        """Sleep, but wake at shutdown; False when the server is stopping."""
        if seconds <= 0:
            return True
        try:
            await asyncio.wait_for(self._stopped.wait(), seconds)
        except TimeoutError:
            return True
        return False

    async def _gate(
        self, request: web.Request, endpoint: str
    ) -> tuple[dict[str, Any], web.Response | None]:
        """Count and record the request, then apply auth and failure knobs."""
        self.requests[endpoint] += 1
        try:
            body = await request.json() if request.can_read_body else {}
        except json.JSONDecodeError:
            return {}, self._error(400, error_body("Invalid JSON body.", "invalid_request_error"))
        self.last_bodies[endpoint] = body
        self.bodies.append((endpoint, body))
        model = str(body.get("model") or "")
        expected = f"Bearer {self.required_api_key}"
        if self.required_api_key is not None and request.headers.get("Authorization") != expected:
            return body, self._error(401, standard_error(401, model))
        for index, failure in enumerate(self._failures):
            if failure.endpoint in (None, endpoint):
                del self._failures[index]
                payload = failure.body or standard_error(failure.status, model, failure.code)
                return body, self._error(failure.status, payload, failure.headers)
        if self.fail_rate > 0 and self._rng.random() < self.fail_rate:
            return body, self._error(500, standard_error(500, model))
        if self.known_models is not None and model not in self.known_models:
            return body, self._error(404, standard_error(404, model))
        if self.hang_s > 0 and not await self._pause(self.hang_s):
            return body, self._error(503, standard_error(503, model))
        return body, None

    @staticmethod
    def _error(
        status: int, payload: dict[str, Any], headers: dict[str, str] | None = None
    ) -> web.Response:
        return web.json_response(payload, status=status, headers=headers or {})

    async def _control(self, request: web.Request) -> web.Response:
        self.configure(await request.json())
        return web.json_response(self.state())

    async def _control_state(self, request: web.Request) -> web.Response:
        return web.json_response(self.state())

    async def _models(self, request: web.Request) -> web.Response:
        self.requests["models"] += 1
        names = sorted(self.known_models or {self.model, *EMBEDDING_DIMS})
        data = [
            {"id": n, "object": "model", "created": 1700000000, "owned_by": "jobforge-standin"}
            for n in names
        ]
        return web.json_response({"object": "list", "data": data})

    # -- chat completions ---------------------------------------------------------------

    def _usage(self, prompt: str, completion: str) -> dict[str, Any]:
        cached = max((_common_prefix(prompt, old) for old in self._prompts), default=0)
        self._prompts = [*self._prompts[-7:], prompt]
        prompt_tokens = count_tokens(prompt)
        completion_tokens = count_tokens(completion)
        return {
            "prompt_tokens": prompt_tokens,
            "completion_tokens": completion_tokens,
            "total_tokens": prompt_tokens + completion_tokens,
            "prompt_tokens_details": {
                "cached_tokens": min(prompt_tokens, cached // 4),
                "audio_tokens": 0,
            },
            "completion_tokens_details": {
                "reasoning_tokens": 0,
                "audio_tokens": 0,
                "accepted_prediction_tokens": 0,
                "rejected_prediction_tokens": 0,
            },
        }

    def _check_format(self, body: dict[str, Any]) -> web.Response | None:
        if "stream_options" in body and not self.supports_stream_options:
            return self._error(
                400,
                error_body(
                    "Unrecognized request argument supplied: stream_options",
                    "invalid_request_error",
                    param="stream_options",
                ),
            )
        kind = (body.get("response_format") or {}).get("type")
        if (kind == "json_schema" and not self.supports_json_schema) or (
            kind == "json_object" and not self.supports_json_object
        ):
            return self._error(
                400,
                error_body(
                    f"Invalid parameter: 'response_format' of type '{kind}' is not supported "
                    "with this model.",
                    "invalid_request_error",
                    param="response_format",
                ),
            )
        return None

    async def _answer(self, body: dict[str, Any]) -> str:
        messages = body.get("messages") or []
        parsed = parse_prompt(messages)
        document = await build_document(parsed, use_offline_engine=self.use_offline_engine)
        fmt = body.get("response_format") or {}
        if fmt.get("type") == "json_schema":
            schema = (fmt.get("json_schema") or {}).get("schema") or {}
            return schema_document(schema, document)
        if parsed.step != "job_facts" and self.fabricate:
            document = plant(document, self.fabricate)
            self.fabricate = None
        return document

    async def _chat(self, request: web.Request) -> web.StreamResponse:
        body, failure = await self._gate(request, "chat")
        if failure is not None:
            return failure
        rejected = self._check_format(body)
        if rejected is not None:
            return rejected
        model = str(body.get("model") or self.model)
        prompt = "\n".join(
            f"{m.get('role')}: {m.get('content') or ''}" for m in body.get("messages") or []
        )
        text = await self._answer(body)
        finish = "stop"
        if self.refuse_next:
            self.refuse_next, text, finish = False, "", "content_filter"
        usage = self._usage(prompt, text)
        if not await self._pause(self.delay_s):
            return self._error(503, standard_error(503, model))
        ident = f"chatcmpl-{hashlib.sha1(prompt.encode()).hexdigest()[:24]}"  # noqa: S324
        created = int(time.time())
        if not body.get("stream"):
            return web.json_response(
                {
                    "id": ident,
                    "object": "chat.completion",
                    "created": created,
                    "model": model,
                    "system_fingerprint": "fp_standin",
                    "choices": [
                        {
                            "index": 0,
                            "message": {"role": "assistant", "content": text, "refusal": None},
                            "logprobs": None,
                            "finish_reason": finish,
                        }
                    ],
                    "usage": usage if self.send_usage else None,
                }
            )
        include_usage = bool((body.get("stream_options") or {}).get("include_usage"))
        return await self._stream(
            request, ident, created, model, text, usage, include_usage, finish
        )

    async def _stream(
        self,
        request: web.Request,
        ident: str,
        created: int,
        model: str,
        text: str,
        usage: dict[str, Any],
        include_usage: bool,
        finish: str = "stop",
    ) -> web.StreamResponse:
        response = web.StreamResponse(
            headers={"Content-Type": "text/event-stream", "Cache-Control": "no-cache"}
        )
        await response.prepare(request)
        with_usage = include_usage and self.send_usage
        break_after = self._breaks.pop(0) if self._breaks else None

        def chunk(delta: dict[str, Any], finish: str | None) -> dict[str, Any]:
            data: dict[str, Any] = {
                "id": ident,
                "object": "chat.completion.chunk",
                "created": created,
                "model": model,
                "system_fingerprint": "fp_standin",
                "choices": [
                    {"index": 0, "delta": delta, "logprobs": None, "finish_reason": finish}
                ],
            }
            if with_usage:
                data["usage"] = None
            return data

        async def send(data: dict[str, Any] | str) -> None:
            payload = data if isinstance(data, str) else json.dumps(data)
            await response.write(f"data: {payload}\n\n".encode())

        await send(chunk({"role": "assistant", "content": "", "refusal": None}, None))
        words = re.findall(r"\s*\S+\s*|\s+", text)
        step = max(1, int(self.chunk_words))
        for sent, start in enumerate(range(0, len(words), step)):
            if break_after is not None and sent >= break_after:
                if request.transport is not None:
                    request.transport.abort()
                return response
            if sent and not await self._pause(self.token_delay_s):
                return response
            await send(chunk({"content": "".join(words[start : start + step])}, None))
        await send(chunk({}, finish))
        if with_usage:
            final = chunk({}, None)
            final["choices"] = []
            final["usage"] = usage
            await send(final)
        await send("[DONE]")
        await response.write_eof()
        return response

    # -- embeddings ---------------------------------------------------------------------

    async def _embeddings(self, request: web.Request) -> web.Response:
        body, failure = await self._gate(request, "embeddings")
        if failure is not None:
            return failure
        model = str(body.get("model") or "text-embedding-3-small")
        raw = body.get("input", [])
        texts = [raw] if isinstance(raw, str) else [str(t) for t in raw]
        dims = int(body.get("dimensions") or EMBEDDING_DIMS.get(model, 1536))
        as_base64 = body.get("encoding_format") == "base64"
        data = []
        for index, text in enumerate(texts):
            vector = embedding(text, dims)
            value: Any = (
                base64.b64encode(struct.pack(f"<{dims}f", *vector)).decode()
                if as_base64
                else vector
            )
            data.append({"object": "embedding", "index": index, "embedding": value})
        tokens = sum(count_tokens(t) for t in texts)
        if not await self._pause(self.delay_s):
            return self._error(503, standard_error(503, model))
        return web.json_response(
            {
                "object": "list",
                "data": data,
                "model": model,
                "usage": {"prompt_tokens": tokens, "total_tokens": tokens},
            }
        )
