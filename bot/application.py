"""The composition root: services, the PTB Application, the worker and the scheduler."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from telegram import Bot
from telegram.ext import Application, ApplicationBuilder, ExtBot

from bot.config import Settings
from bot.engines import build_engine
from bot.generation.engine import Engine
from bot.inbound import InboundRequest, Inbox, bot_id_of
from bot.log_hygiene import quiet_payload_loggers
from bot.services.applications import ApplicationService
from bot.services.export import ExportService
from bot.services.gaps import GapService
from bot.services.generation import GenerationService
from bot.services.interview import InterviewService
from bot.services.notifier import CardPlaces, Notifier
from bot.services.postings import PostingService
from bot.services.resumes import ResumeService
from bot.services.scheduler import Scheduler, run_every
from bot.services.search import SearchService
from bot.services.settings import SettingsService
from bot.services.worker import JobWorker
from bot.update_processor import PerUserUpdateProcessor
from handlers.context import CONTEXT_TYPES, SERVICES_KEY, Services, forget_user
from handlers.outbound.rate_limit import ChatAwareRateLimiter
from handlers.outbound.telegram_notifier import TelegramNotifier, UserLocales
from handlers.registry import publish_commands, register
from storage.database import Database
from storage.inbox import InboxRepository
from storage.user_events import UserGoneListener

_log = logging.getLogger(__name__)


@dataclass
class Core:
    """Everything that does not depend on how updates arrive."""

    settings: Settings
    db: Database
    engine: Engine
    embedding_model: str
    close_engine: Callable[[], Awaitable[None]]
    background: list[asyncio.Task[None]] = field(default_factory=list)
    stop_event: asyncio.Event = field(default_factory=asyncio.Event)
    worker: JobWorker | None = None
    scheduler: Scheduler | None = None

    @classmethod
    def create(cls, settings: Settings, bot_db_url: str, *, pool_size: int = 10) -> Core:
        engine, embedding_model, close = build_engine(settings)
        return cls(
            settings=settings,
            db=Database(bot_db_url, pool_size=pool_size),
            engine=engine,
            embedding_model=embedding_model,
            close_engine=close,
        )

    def services(self, notifier: Notifier, *, allow_private_urls: bool = False) -> Services:
        generation = GenerationService(
            self.db,
            self.engine,
            notifier,
            embedding_model=self.embedding_model,
            daily_token_budget=self.settings.daily_token_budget,
            lease_s=self.settings.job_lease_s,
        )
        return Services(
            db=self.db,
            resumes=ResumeService(self.db),
            postings=PostingService(self.db, self.engine, allow_private_urls=allow_private_urls),
            generation=generation,
            applications=ApplicationService(self.db),
            search=SearchService(self.db, self.engine, self.embedding_model),
            settings=SettingsService(self.db),
            export=ExportService(self.db),
            gaps=GapService(self.db),
            interview=InterviewService(self.db),
        )

    def start_background(
        self, services: Services, notifier: Notifier, *, jobs: bool, schedule: bool
    ) -> None:
        if jobs:
            self.worker = JobWorker(
                self.db,
                services.generation,
                concurrency=self.settings.worker_concurrency,
                lease_s=self.settings.job_lease_s,
            )
            services.worker = self.worker
            self.background.append(asyncio.create_task(self.worker.run(), name="job-worker"))
        if schedule:
            self.scheduler = Scheduler(self.db, notifier, embedding_model=self.embedding_model)
            self.background.append(
                asyncio.create_task(
                    run_every(self.settings.scheduler_tick_s, self.scheduler.tick, self.stop_event),
                    name="scheduler",
                )
            )

    async def close(self) -> None:
        self.stop_event.set()
        if self.worker is not None:
            await self.worker.stop()
        for task in self.background:
            task.cancel()
        for task in self.background:
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await task
        await self.close_engine()
        await self.db.close()


def telegram_urls(api_root: str) -> tuple[str, str]:
    return f"{api_root}/bot", f"{api_root}/file/bot"


def build_bot(token: str, api_root: str) -> ExtBot:
    """A rate-limited bot for processes that send but do not receive (workers)."""
    base_url, base_file_url = telegram_urls(api_root)
    return ExtBot(
        token,
        base_url=base_url,
        base_file_url=base_file_url,
        rate_limiter=ChatAwareRateLimiter(),
    )


def build_application(
    core: Core,
    token: str,
    api_root: str,
    *,
    process_jobs: bool,
    run_scheduler: bool,
    allow_private_urls: bool = False,
    rate_limiter: ChatAwareRateLimiter | None = None,
) -> Application:
    base_url, base_file_url = telegram_urls(api_root)
    inbox = Inbox(InboxRepository(core.db.engine, bot_id_of(token)))
    user_gone = UserGoneListener(
        core.db.engine, lambda telegram_id: forget_user(application.bot_data, telegram_id)
    )

    async def post_init(application: Application) -> None:
        # Before polling starts or the webhook listens: what a killed process left
        # unfinished is queued ahead of anything new.
        await inbox.replay(application)
        notifier = TelegramNotifier(application.bot, CardPlaces(core.db), UserLocales(core.db))
        services = core.services(notifier, allow_private_urls=allow_private_urls)
        application.bot_data[SERVICES_KEY] = services
        try:
            await publish_commands(application.bot)  # each interface language
        except Exception:
            _log.warning("could not register bot commands", exc_info=True)
        core.start_background(services, notifier, jobs=process_jobs, schedule=run_scheduler)
        user_gone.start()  # another process's /delete_me empties this one's caches too

    async def post_shutdown(application: Application) -> None:
        await user_gone.stop()
        await core.close()

    builder: ApplicationBuilder = (
        Application.builder()
        .token(token)
        .context_types(CONTEXT_TYPES)  # handlers receive a JobForgeContext
        .base_url(base_url)
        .base_file_url(base_file_url)
        .rate_limiter(rate_limiter or ChatAwareRateLimiter())
        .concurrent_updates(PerUserUpdateProcessor(256, inbox=inbox))
        .post_init(post_init)
        .post_shutdown(post_shutdown)
        .connection_pool_size(16)
        .get_updates_request(InboundRequest(connection_pool_size=2, inbox=inbox))
    )
    application = builder.build()
    quiet_payload_loggers()  # also when embedded (tests, playground), not only from the CLI
    register(application)
    return application


async def run_worker(core: Core, token: str | None, api_root: str) -> None:
    """`jobforge worker`: jobs and scheduler, sending through the Bot API, no updates."""
    bot: Bot | None = None
    if token:
        bot = build_bot(token, api_root)
        await bot.initialize()
    notifier: Notifier = (
        TelegramNotifier(bot, CardPlaces(core.db), UserLocales(core.db)) if bot else _LogNotifier()
    )
    services = core.services(notifier)
    # Without a bot token nothing can be delivered, so only jobs run (results are stored).
    core.start_background(services, notifier, jobs=True, schedule=bot is not None)
    try:
        await core.stop_event.wait()
    finally:
        await core.close()
        if bot is not None:
            await bot.shutdown()


@contextlib.asynccontextmanager
async def running(application: Application, *, poll_timeout: int = 10) -> Any:
    """Run an Application inside an existing event loop (demo, chat, tests, benchmarks).

    `run_polling` owns the loop and calls post_init itself; here we do the same steps.
    """
    await application.initialize()
    if application.post_init is not None:
        await application.post_init(application)
    assert application.updater is not None
    await application.updater.start_polling(poll_interval=0.0, timeout=poll_timeout)
    await application.start()
    try:
        yield application
    finally:
        await application.updater.stop()
        await application.stop()
        await application.shutdown()
        if application.post_shutdown is not None:
            await application.post_shutdown(application)


class _LogNotifier:
    """A worker without a bot token still does the work; results stay in the database."""

    async def step_started(self, job: Any, application: Any, resumed: bool) -> Any:
        from bot.services.notifier import SilentStream

        return SilentStream()

    async def step_finished(self, outcome: Any) -> None:
        _log.info("job %s done: document %s", outcome.job.id, outcome.document.id)

    async def step_failed(self, job: Any, application: Any, message: Any, will_retry: bool) -> None:
        _log.info("job %s failed (%s): %s", job.id, "retrying" if will_retry else "final", message)

    async def step_cancelled(self, job: Any) -> None:
        _log.info("job %s cancelled: its user deleted their data", job.id)

    async def digest(self, digest: Any) -> None:
        _log.info("digest for %s (no bot token: not sent)", digest.user.id)

    async def reminder(self, user: Any, reminder: Any, application: Any) -> None:
        _log.info("reminder %s (no bot token: not sent)", reminder.id)
