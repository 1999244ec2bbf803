"""Every hop from a handler to a service is typed: go-to-definition works from a button to
its SQL, and mypy checks each call (no `Any` lookups like the old `extras` dict)."""

from __future__ import annotations

import typing

from handlers.context import JobForgeContext, Services


def _mentions_any(hint: object) -> bool:
    if hint is typing.Any:
        return True
    return any(_mentions_any(arg) for arg in typing.get_args(hint))


def test_services_and_the_context_carry_no_any() -> None:
    hints = typing.get_type_hints(Services)
    assert len(hints) >= 9  # db, resumes, postings, generation, applications, search, …
    assert not [name for name, hint in hints.items() if _mentions_any(hint)]
    services = typing.get_type_hints(JobForgeContext.services.fget)  # type: ignore[union-attr]
    user_id = typing.get_type_hints(JobForgeContext.user_id.fget)  # type: ignore[union-attr]
    assert services["return"] is Services
    assert not _mentions_any(user_id["return"])
