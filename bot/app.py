"""The composition root: build the Application from Settings. The only place that registers
handlers (in a deliberate order), the error handler and the start/stop lifecycle."""

from __future__ import annotations

import logging
from typing import Any

from telegram import BotCommand, Update
from telegram.error import TelegramError
from telegram.ext import (
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    ChatMemberHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    TypeHandler,
    filters,
)

from bot.config import Settings, use_timedelta_durations
from bot.updates import PerChatUpdateProcessor
from delivery.bot_api_request import ObservedRequest
from delivery.budget import SharedBudget
from delivery.ratelimit import PriorityRateLimiter
from handlers.checkin import flow as checkin
from handlers.common import admin, buttons, router, sender_check
from handlers.common import fallbacks as misc
from handlers.common.context import BotContext, BotData, Clock, system_clock
from handlers.common.errors import on_error
from handlers.common.membership import on_my_chat_member
from handlers.data_rights import commands as data_rights
from handlers.preferences import commands as preferences
from handlers.prompts import builders
from handlers.reports import history
from handlers.reports import worker as reports_worker
from handlers.setup import onboarding
from handlers.stretch import routine as stretch
from handlers.water import intake as water
from handlers.water import undo as water_undo
from i18n import DEFAULT_LANGUAGE, available_languages, texts_for
from inbox.intake import Intake
from reminders.dispatcher import Dispatcher
from service.lifecycle import Lifecycle, database_problem
from storage.db import Database
from storage.migrate import upgrade_database
from storage.send_budget import PostgresSendBudget, RedisSendBudget

logger = logging.getLogger(__name__)

ALLOWED_UPDATES = [
    Update.MESSAGE,
    Update.EDITED_MESSAGE,
    Update.CALLBACK_QUERY,
    Update.MY_CHAT_MEMBER,
]

PRIVATE = filters.ChatType.PRIVATE

# (command, handler): every private command the bot answers.
COMMANDS: tuple[tuple[str, Any], ...] = (
    ("start", onboarding.start_command),
    ("help", misc.help_command),
    ("assess", checkin.assess_command),
    ("stretch", stretch.stretch_command),
    ("water", water.water_command),
    ("undo", water_undo.undo_command),
    ("settings", preferences.settings_command),
    ("pause", preferences.pause_command),
    ("resume", preferences.resume_command),
    ("cancel", misc.cancel_command),
    ("history", history.history_command),
    ("report", history.report_command),
    ("export", data_rights.export_command),
    ("delete", data_rights.delete_command),
    ("privacy", data_rights.privacy_command),
    ("stats", admin.stats_command),
)


DISPATCH_EVERY_SECONDS = 10.0
HOUSEKEEPING_EVERY_SECONDS = 6 * 3600.0


def build_application(
    settings_: Settings,
    *,
    clock: Clock = system_clock,
    dispatch_every: float | None = DISPATCH_EVERY_SECONDS,
    rate_limiter: PriorityRateLimiter | None = None,
    polling: bool = True,
) -> Application:  # type: ignore[type-arg]
    """An Application wired with every handler; resources open in post_init.

    `dispatch_every` None leaves the scheduled-prompt job off (tests tick it by hand);
    `rate_limiter` defaults to Telegram's limits (SEND_RATE messages a second, 1 a second per
    chat), shared by every instance on PostgreSQL or Redis (see `shared_budget`);
    `polling` False builds it for webhook mode (no Updater).
    """
    lifecycle = Lifecycle()
    use_timedelta_durations()
    share_budget = rate_limiter is None
    rate_limiter = rate_limiter or PriorityRateLimiter(
        overall_per_second=settings_.send_rate,
        paid_daily_cap=settings_.paid_broadcast_daily_cap,
    )
    builder = ApplicationBuilder()
    if not polling:
        builder = builder.updater(None)
    application = (
        builder.token(settings_.require_token())
        # Both request objects log failed calls and report a token the server stopped taking.
        .request(
            ObservedRequest(connection_pool_size=256, on_token_rejected=lifecycle.token_rejected)
        )
        .get_updates_request(
            ObservedRequest(connection_pool_size=1, on_token_rejected=lifecycle.token_rejected)
        )
        .base_url(settings_.bot_api_url)
        .base_file_url(settings_.bot_file_url)
        .context_types(ContextTypes(context=BotContext, bot_data=BotData))
        .rate_limiter(rate_limiter)
        .concurrent_updates(PerChatUpdateProcessor())
        .post_init(_post_init(settings_, clock, dispatch_every, share_budget=share_budget))
        .post_stop(_post_stop)
        .post_shutdown(_post_shutdown)
        .build()
    )
    application.bot_data.lifecycle = lifecycle
    register_handlers(application)
    return application


def register_handlers(application: Application) -> None:  # type: ignore[type-arg]
    """The order matters: the first matching handler in a group wins."""
    add = application.add_handler
    # 0. Before everything (group -1): in a private chat only the chat's person acts; a forged
    #    update from anyone else stops here, changing nothing and sending nothing.
    add(TypeHandler(Update, sender_check.only_the_chats_person), group=-1)
    # 1. Groups and channels: one polite line, nothing stored, nothing else runs.
    add(MessageHandler(~PRIVATE & filters.UpdateType.MESSAGE, misc.group_message))
    add(ChatMemberHandler(on_my_chat_member, ChatMemberHandler.MY_CHAT_MEMBER))
    # 2. Edits of earlier messages are never re-read as new answers.
    add(MessageHandler(PRIVATE & filters.UpdateType.EDITED_MESSAGE, misc.edited_message))
    # 3. Commands we know, then every other command.
    for name, callback in COMMANDS:
        add(CommandHandler(name, callback, filters=PRIVATE & filters.UpdateType.MESSAGE))
    add(MessageHandler(PRIVATE & filters.COMMAND, misc.unknown_command))
    # 4. Words go to the open flow or the free-text reader; a location sets the time zone.
    add(MessageHandler(PRIVATE & filters.TEXT & filters.UpdateType.MESSAGE, router.on_text))
    add(MessageHandler(PRIVATE & filters.LOCATION & filters.UpdateType.MESSAGE, router.on_location))
    # 5. Stickers, photos, voice, files: a short note.
    add(MessageHandler(PRIVATE & filters.UpdateType.MESSAGE, misc.non_text))
    # 6. Every button press, decoded strictly in one place.
    add(CallbackQueryHandler(buttons.on_button))
    application.add_error_handler(on_error)


def shared_budget(settings_: Settings, database: Database) -> SharedBudget | None:
    """Where the instances share their send budget: Redis if configured, else PostgreSQL;
    None on SQLite (one instance: SEND_RATE is its own)."""
    if settings_.redis_url:
        return RedisSendBudget(settings_.redis_url)
    if database.dialect == "postgresql":
        return PostgresSendBudget.open(settings_.database_url)
    return None


def _post_init(
    settings_: Settings, clock: Clock, dispatch_every: float | None, *, share_budget: bool
) -> Any:
    async def post_init(application: Application) -> None:  # type: ignore[type-arg]
        database = Database.from_url(
            settings_.database_url, store_raw_text=settings_.store_raw_text
        )
        data: BotData = application.bot_data
        data.database_or_none = database  # closed by post_shutdown, also after a failure here
        try:
            async with database.engine.connect():
                pass
        except Exception as error:
            raise database_problem(error, "connecting", settings_.database_url) from None
        try:
            await upgrade_database(database)
        except Exception as error:
            raise database_problem(error, "migrations", settings_.database_url) from None
        limiter = application.bot.rate_limiter
        if share_budget and isinstance(limiter, PriorityRateLimiter):
            budget = shared_budget(settings_, database)
            if budget is not None:
                limiter.share(budget)
        data.admin_ids = settings_.admin_ids
        data.store_raw_text = settings_.store_raw_text
        data.clock = clock
        # The inbox: updates are stored before they are acknowledged and settled after.
        intake = Intake(
            database,
            application,
            note=lambda language, text: texts_for(language).get(
                "common.lost_reply_note", reply=text
            ),
        )
        data.intake = intake
        data.instance_id = intake.instance_id
        processor = application.update_processor
        if isinstance(processor, PerChatUpdateProcessor):
            processor.around = intake.around
        await intake.pass_once()  # alive, and picks up what a stopped instance left
        intake.start()
        # Prompts plan for the send budget less the place kept for replies.
        dispatcher = Dispatcher(
            database,
            application.bot,
            clock,
            builders,
            claimant=intake.instance_id,
            send_rate=max(1, settings_.send_rate - 1),
        )
        dispatcher.start()
        data.dispatcher = dispatcher
        data.around_times = dispatcher.around_times
        if dispatch_every is not None and application.job_queue is not None:
            application.job_queue.run_repeating(
                dispatcher.tick, interval=dispatch_every, first=1.0, name="dispatcher"
            )
            application.job_queue.run_repeating(
                dispatcher.housekeeping, interval=HOUSEKEEPING_EVERY_SECONDS, first=60.0
            )
        await set_command_menu(application)
        # Charts and PDFs are drawn in a worker process: start it now, not at the first one.
        reports_worker.warm_up()

    return post_init


async def set_command_menu(application: Application) -> None:  # type: ignore[type-arg]
    """Set the command menu in each language we have a catalog for (English is also the menu
    of everyone whose language we lack); a failure here is logged, never fatal."""
    for language in sorted(available_languages()):
        texts = texts_for(language)
        commands = [
            BotCommand(key.removeprefix("command."), texts.lookup(key))
            for key in texts.keys_under("command.")
        ]
        code = None if language == DEFAULT_LANGUAGE else language
        try:
            await application.bot.set_my_commands(commands, language_code=code)
        except TelegramError as error:
            logger.warning("could not set the command menu: %s", type(error).__name__)


async def _post_stop(application: Application) -> None:  # type: ignore[type-arg]
    """Stop sending prompts; what was not claimed stays due in the database. Give back the
    updates not handled yet, so the next instance takes them at once."""
    data: BotData = application.bot_data
    if data.dispatcher is not None:
        await data.dispatcher.stop()
    if isinstance(data.intake, Intake):
        await data.intake.stop()


async def _post_shutdown(application: Application) -> None:  # type: ignore[type-arg]
    data: BotData = application.bot_data
    if data.dispatcher is not None:
        await data.dispatcher.stop()
    if isinstance(data.intake, Intake):
        await data.intake.stop()
    if data.database_or_none is not None:
        await data.database_or_none.close()
