"""Mapping SQL rows onto the dataclasses in storage.models."""

from __future__ import annotations

from dataclasses import fields
from typing import Any, TypeVar

from sqlalchemy.engine import Row

T = TypeVar("T")


def columns_of(cls: type[Any], prefix: str = "") -> str:
    """The SELECT list for a model, so queries and dataclasses cannot drift apart."""
    return ", ".join(f"{prefix}{f.name}" for f in fields(cls))


def to_model(cls: type[T], row: Row[Any]) -> T:
    mapping = row._mapping
    return cls(**{f.name: mapping[f.name] for f in fields(cls)})  # type: ignore[arg-type]


def to_models(cls: type[T], rows: Any) -> list[T]:
    return [to_model(cls, row) for row in rows]
