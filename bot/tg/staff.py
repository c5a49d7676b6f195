"""Staff commands in Telegram (/reload, /gaps, /stats, /broadcast), the policy-update opt-in,
the daily question-log purge and the SIGHUP reload — attached by `register_staff_handlers`.

Staff are the user ids in QUALBOT_ADMIN_IDS. Their commands are not in the public command
menu; staff get them in their own chat's menu (BotCommandScopeChat). For anybody else a staff
command is an unknown command (the face says so, as for any typo), and the refusal is logged
with the user id only — never the message text. With no ids configured, no staff handler is
registered at all.

Handler groups: the flood guard runs first (group -10); staff handlers in group -2 (before the face in
0, whose catch-all command handler would otherwise answer first); the blocked-user observer
in -3; the opt-in question after the face's own reply, in group 1.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import re
import secrets
import signal
import weakref
from collections.abc import Coroutine, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from markupsafe import escape
from telegram import BotCommand, BotCommandScopeChat, Chat, Update
from telegram.error import TelegramError
from telegram.ext import (
    Application,
    ApplicationHandlerStop,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    TypeHandler,
    filters,
)

from bot.callbacks import PROFILE, STAFF, UPDATES
from bot.core import Assistant
from bot.lifecycle import hold_reload_signal, take_held_reloads
from bot.reply import Button, Reply
from bot.settings import Settings
from bot.staff import control
from bot.staff.gaps import find_gaps, gap_lines, gaps_csv
from bot.staff.reload import (
    ReloadListener,
    ReloadResult,
    dialogs_dir_of,
    reload_knowledge,
    remember_dialog_files,
    run_listeners,
)
from bot.staff.retention import PURGE_AT, purge_old_questions
from bot.staff.stats import stats_lines, usage_stats
from bot.store import Store

if TYPE_CHECKING:
    from typing import TypeAlias

    AnyApplication: TypeAlias = Application[Any, Any, Any, Any, Any, Any]
from bot.tg.broadcast import (
    Audience,
    BroadcastReport,
    BroadcastUsageError,
    notice_html,
    parse_broadcast,
    recipients,
    send_broadcast,
)
from bot.tg.delivery import keyboard, send_reply
from bot.tg.reminder_wiring import notify_reload

log = logging.getLogger("qualbot.staff")
PTBContext = ContextTypes.DEFAULT_TYPE
STAFF_COMMANDS: dict[str, str] = {
    "reload": "（工作人员）检查并重新加载知识库",
    "gaps": "（工作人员）没答上来的问题",
    "stats": "（工作人员）使用和反馈统计",
    "broadcast": "（工作人员）发送政策更新通知",
}
STAFF_GROUP, OBSERVER_GROUP, AFTER_FACE_GROUP = -2, -3, 1
OPT_IN_QUESTION = (
    "🔔 有重要的政策更新时，要我发消息告诉您吗？\n（只发政策变化通知，不发广告；随时可以在 /profile 中修改。）"
)
BROADCAST_USAGE = (
    "用法：/broadcast [身份=毕业生|用人单位|人社工作人员] [地区=浙江] 通知正文\n"
    "例如：/broadcast 地区=浙江 浙江省2026年职称评审通知已发布，详情请问我“职称评审”。"
)

_TOOLS: weakref.WeakKeyDictionary[AnyApplication, StaffTools] = weakref.WeakKeyDictionary()


def staff_tools_of(application: AnyApplication) -> StaffTools | None:
    return _TOOLS.get(application)


@dataclass
class PendingBroadcast:
    audience: Audience
    text: str
    staff_id: int


@dataclass
class StaffTools:
    assistant: Assistant
    storage: Store
    settings: Settings
    # After a good reload, in order (bot.staff.reload.run_listeners): a cluster tells its other
    # workers first, then exam change notices go out.
    listeners: list[ReloadListener] = field(default_factory=list)
    pending: dict[str, PendingBroadcast] = field(default_factory=dict)
    tasks: list[asyncio.Task[Any]] = field(default_factory=list)  # broadcasts and signal reloads in progress
    # The reload running now, and the one more run that serves every request made meanwhile.
    _reloading: asyncio.Future[ReloadResult] | None = field(default=None, init=False, repr=False)
    _reload_next: asyncio.Future[ReloadResult] | None = field(default=None, init=False, repr=False)

    def __post_init__(self) -> None:
        self.listeners.insert(0, self.notify_exam_subscribers)

    @property
    def enabled(self) -> bool:
        return bool(self.settings.admin_ids)

    def is_staff(self, user_id: int | None) -> bool:
        return user_id is not None and user_id in self.settings.admin_ids

    def background(self, coroutine: Coroutine[Any, Any, Any]) -> asyncio.Task[Any]:
        """Run without blocking update processing; keep a reference so the task is not collected."""
        self.tasks[:] = [t for t in self.tasks if not t.done()]
        task = asyncio.get_running_loop().create_task(coroutine)
        self.tasks.append(task)
        return task

    # ---- gate -----------------------------------------------------------------------------
    async def staff_command(self, update: Update, context: PTBContext) -> None:
        user, chat, message = update.effective_user, update.effective_chat, update.effective_message
        name = (message.text or "").split(maxsplit=1)[0].lstrip("/").split("@")[0].lower()
        if not self.is_staff(user.id if user else None) or chat.type != Chat.PRIVATE:
            # Logged without the text: a stranger's message may contain anything personal.
            log.warning(
                "refused staff command /%s from user %s in a %s chat", name, user.id if user else "-", chat.type
            )
            return  # not stopped: the face answers it as an unknown command, so it stays invisible
        parts = re.split(r"\s", message.text or "", maxsplit=1)  # "/broadcast\n正文" too
        argument = parts[1].strip() if len(parts) > 1 else ""
        handler = {"reload": self.reload, "gaps": self.gaps, "stats": self.stats, "broadcast": self.broadcast}[name]
        await handler(update, context, argument)
        raise ApplicationHandlerStop

    async def say(
        self,
        context: PTBContext,
        chat_id: int,
        lines: list[str],
        *,
        attachments: Iterable[dict[str, Any]] = (),
        buttons: tuple[tuple[Button, ...], ...] = (),
    ) -> None:
        text = "\n".join(str(escape(line)) for line in lines)
        await send_reply(context.bot, chat_id, Reply(text, buttons=buttons, attachments=tuple(attachments)))

    # ---- /reload ----------------------------------------------------------------------------
    async def run_reload(self) -> ReloadResult:
        """One reload at a time. A request made while one runs is served by one more run after it
        (which sees the edits made meanwhile), shared by every such request — never a queue of
        threads each reloading in turn while holding the loop's worker threads."""
        if self._reloading is None or self._reloading.done():
            self._reloading = asyncio.ensure_future(self._reload_once())
            return await asyncio.shield(self._reloading)
        if self._reload_next is None or self._reload_next.done():
            running = self._reloading

            async def after_it() -> ReloadResult:
                await asyncio.wait([running])
                self._reloading, self._reload_next = self._reload_next, None  # this run is now the current one
                return await self._reload_once()

            self._reload_next = asyncio.ensure_future(after_it())
        return await asyncio.shield(self._reload_next)

    async def _reload_once(self) -> ReloadResult:
        # CPU-bound for seconds: a worker thread keeps the bot answering meanwhile.
        result = await asyncio.to_thread(reload_knowledge, self.assistant, self.settings)
        await run_listeners(result, tuple(self.listeners))
        return result

    async def notify_exam_subscribers(self, result: ReloadResult) -> None:
        """Change notices to exam subscribers and re-planned reminders."""
        if result.old_kb is None or result.new_kb is None:
            return
        sent = await notify_reload(self.assistant, result.old_kb, result.new_kb)
        if sent:
            log.info("reload: %d exam change notice(s) sent to subscribers", sent)

    async def reload(self, update: Update, context: PTBContext, argument: str) -> None:
        chat_id, user_id = update.effective_chat.id, update.effective_user.id
        await context.bot.send_message(
            chat_id, "⏳ 正在检查知识库和引导对话……检查通过才会替换，期间仍用原来的版本答复。"
        )
        # In the background: PTB handles updates one at a time, and users keep asking meanwhile.
        self.background(self.reload_and_report(context, chat_id, user_id))

    async def reload_and_report(self, context: PTBContext, chat_id: int, user_id: int) -> ReloadResult:
        try:
            result = await self.run_reload()
        except Exception:
            log.exception("staff /reload by user %s crashed; the old knowledge is still served", user_id)
            await context.bot.send_message(chat_id, "❌ 重新加载时出现内部错误，仍在使用原来的知识库，详见日志。")
            raise
        log.info("staff /reload by user %s: %s", user_id, "ok" if result.ok else "refused")
        await self.say(context, chat_id, result.lines())
        return result

    async def reload_from_signal(self) -> None:
        nonce = control.pending_request(self.settings.data_dir)
        result = await self.run_reload()
        for line in result.lines():
            log.info("SIGHUP reload: %s", line)
        control.write_status(self.settings.data_dir, result, nonce)

    # ---- /gaps, /stats ------------------------------------------------------------------------
    async def gaps(self, update: Update, context: PTBContext, argument: str) -> None:
        groups = find_gaps(self.storage.questions(), self.assistant.brain)
        attachment = {
            "kind": "document",
            "filename": "qualbot-gaps.csv",
            "data": gaps_csv(groups).encode("utf-8"),
            "caption": "全部分组（CSV，可用表格软件打开编辑）",
        }
        await self.say(
            context, update.effective_chat.id, gap_lines(groups, limit=15), attachments=[attachment] if groups else []
        )

    async def stats(self, update: Update, context: PTBContext, argument: str) -> None:
        # ASCII digits only: '²'.isdigit() is True but int('²') fails (M1)
        days = int(argument) if argument.isascii() and argument.isdigit() and 0 < int(argument) <= 3660 else 30
        since = self.assistant.clock() - dt.timedelta(days=days - 1)
        stats = usage_stats(self.storage.questions(), self.storage.feedback(), since)
        titles = {e.id: e.title for e in self.assistant.kb.entries.values()}
        await self.say(
            context, update.effective_chat.id, [f"最近 {days} 天（/stats 天数 可改）", *stats_lines(stats, titles)]
        )

    # ---- /broadcast ---------------------------------------------------------------------------
    async def broadcast(self, update: Update, context: PTBContext, argument: str) -> None:
        chat_id = update.effective_chat.id
        try:
            audience, text = parse_broadcast(argument, self.assistant.profile_words)
        except BroadcastUsageError as exc:
            await self.say(context, chat_id, [str(exc), BROADCAST_USAGE])
            return
        count = len(recipients(self.storage.profiles(), audience))
        key = secrets.token_hex(4)
        self.pending[key] = PendingBroadcast(audience, text, update.effective_user.id)
        preview = (
            f"<b>预览</b>（将发送给 {count} 位订阅了政策更新的用户；范围：{escape(audience.describe(self.assistant.profile_words))}）\n\n"
            f"{notice_html(text)}"
        )
        buttons = ((Button("✅ 确认发送", STAFF("bc", "go", key)), Button("取消", STAFF("bc", "no", key))),)
        await send_reply(context.bot, chat_id, Reply(preview, buttons=buttons))

    async def staff_button(self, update: Update, context: PTBContext) -> None:
        query = update.callback_query
        user_id = update.effective_user.id if update.effective_user else None
        if not self.is_staff(user_id):
            log.warning("refused a staff button from user %s", user_id)
            await query.answer()
            raise ApplicationHandlerStop
        kind, verdict, key = [*(STAFF.fields(query.data or "") or "").split(":"), "", "", ""][:3]
        pending = self.pending.pop(key, None) if kind == "bc" else None
        if pending is None:
            await query.answer("这个确认按钮已过期，请重新发送 /broadcast。")
        elif verdict != "go":
            await query.answer("已取消")
            await query.edit_message_reply_markup(None)
            await context.bot.send_message(query.message.chat.id, "已取消，没有发送任何通知。")
        else:
            await query.answer("开始发送")
            await query.edit_message_reply_markup(None)
            # In the background: a large audience at ~30 messages/s must not hold up everyone's answers.
            self.background(self.deliver(context.application, query.message.chat.id, pending))
        raise ApplicationHandlerStop

    async def deliver(self, application: AnyApplication, staff_chat: int, pending: PendingBroadcast) -> BroadcastReport:
        # Chosen again at sending time: whoever opted out or blocked since the preview is skipped.
        targets = recipients(self.storage.profiles(), pending.audience)
        try:
            report = await send_broadcast(application.bot, self.storage, targets, pending.text)
        except Exception:  # a background task: nobody else would see the failure
            log.exception("broadcast by user %s failed", pending.staff_id)
            await application.bot.send_message(staff_chat, "❌ 发送通知时出错，详见日志。")
            raise
        log.info("broadcast by user %s to %d user(s): %s", pending.staff_id, len(targets), report.line())
        await application.bot.send_message(
            staff_chat,
            f"📢 通知已发送（{escape(pending.audience.describe(self.assistant.profile_words))}）：{report.line()}。",
        )
        return report

    # ---- policy-update opt-in (asked once after the profile, changeable in /profile) -------------
    @staticmethod
    def opt_in_reply(current: bool | None = None) -> Reply:
        state = "" if current is None else f"当前：{'已开启' if current else '未开启'}。\n"
        return Reply(
            state + OPT_IN_QUESTION,
            buttons=((Button("🔔 接收更新通知", UPDATES("on")), Button("不用了", UPDATES("off"))),),
        )

    async def ask_opt_in_once(self, update: Update, context: PTBContext) -> None:
        user = update.effective_user
        chat = update.effective_chat  # None for a button whose message Telegram no longer sends
        if user is None or (chat is not None and chat.type != Chat.PRIVATE):
            return
        profile = self.storage.profile(user.id)
        if profile and profile.get("region") and not profile.get("updates_asked"):
            self.storage.set_profile_flag(user.id, "updates_asked", True)
            await send_reply(context.bot, chat.id if chat else user.id, self.opt_in_reply())

    async def opt_in_in_profile(self, update: Update, context: PTBContext) -> None:
        profile = self.storage.profile(update.effective_user.id) or {}
        await send_reply(context.bot, update.effective_chat.id, self.opt_in_reply(bool(profile.get("updates"))))

    async def opt_in_button(self, update: Update, context: PTBContext) -> None:
        query = update.callback_query
        wanted = query.data == UPDATES("on")
        self.storage.save_profile(update.effective_user.id, updates=wanted)  # durable before confirming
        self.storage.set_profile_flag(update.effective_user.id, "updates_asked", True)
        await query.answer("已保存")
        text = (
            "✅ 好的，有政策更新时我会通知您。" if wanted else "好的，不发送政策更新通知。"
        ) + "随时可在 /profile 修改。"
        try:
            await query.edit_message_text(text, reply_markup=keyboard(Reply(text)))
        except TelegramError:
            await context.bot.send_message(update.effective_chat.id, text)
        raise ApplicationHandlerStop

    async def observe(self, update: Update, context: PTBContext) -> None:
        """A user who writes to the bot again has unblocked it: include them in broadcasts again."""
        user = update.effective_user
        if user is not None and (self.storage.profile(user.id) or {}).get("blocked"):
            self.storage.set_profile_flag(user.id, "blocked", False)

    # ---- lifecycle ----------------------------------------------------------------------------
    async def purge(self, context: PTBContext | None = None) -> int:
        return purge_old_questions(self.storage, self.settings.question_retention_days)

    async def set_staff_menus(self, application: AnyApplication) -> None:
        from bot.tg.app import bot_commands  # lazy: bot.tg.app imports this module

        commands = [*bot_commands(self.assistant), *(BotCommand(n, d) for n, d in STAFF_COMMANDS.items())]
        for admin_id in sorted(self.settings.admin_ids):
            try:
                await application.bot.set_my_commands(commands, scope=BotCommandScopeChat(admin_id))
            except TelegramError as exc:  # e.g. the staff member has not started a chat with the bot yet
                log.warning("could not set the staff command menu for user %s: %s", admin_id, exc)


def register_staff_handlers(
    application: AnyApplication,
    assistant: Assistant,
    storage: Store,
    settings: Settings,
    *,
    local_control: bool = False,
) -> StaffTools:
    """Attach the staff tools; `local_control` (production only) adds the pid file and SIGHUP reload."""
    tools = StaffTools(assistant, storage, settings)
    _TOOLS[application] = tools
    remember_dialog_files(assistant, dialogs_dir_of(assistant, settings))  # for the reload summary (L8)
    only_new = filters.UpdateType.MESSAGE  # an edited "/broadcast …" must not send again
    private = filters.ChatType.PRIVATE  # a profile setting is nobody else's business in a group
    application.add_handler(TypeHandler(Update, tools.observe), group=OBSERVER_GROUP)
    if tools.enabled:
        application.add_handler(
            CommandHandler(list(STAFF_COMMANDS), tools.staff_command, filters=only_new), group=STAFF_GROUP
        )
        application.add_handler(CallbackQueryHandler(tools.staff_button, pattern=STAFF.pattern()), group=STAFF_GROUP)
    application.add_handler(
        CallbackQueryHandler(tools.opt_in_button, pattern=UPDATES.pattern("(on|off)$")), group=STAFF_GROUP
    )
    application.add_handler(
        CallbackQueryHandler(tools.ask_opt_in_once, pattern=PROFILE.pattern("region:")), group=AFTER_FACE_GROUP
    )
    application.add_handler(
        CommandHandler("profile", tools.opt_in_in_profile, filters=only_new & private), group=AFTER_FACE_GROUP
    )
    if application.job_queue is not None:
        application.job_queue.run_daily(tools.purge, PURGE_AT, name="qualbot-question-retention")
        application.job_queue.run_once(tools.purge, 60, name="qualbot-question-retention-at-start")

    previous_init, previous_shutdown = application.post_init, application.post_shutdown

    async def post_init(app: AnyApplication) -> None:
        if previous_init is not None:
            await previous_init(app)
        if tools.enabled:
            await tools.set_staff_menus(app)
        if local_control:
            control.write_pid(settings.data_dir)
            asyncio.get_running_loop().add_signal_handler(
                signal.SIGHUP, lambda: tools.background(tools.reload_from_signal())
            )
            if take_held_reloads():  # a reload asked for while starting (bot.lifecycle): do it now, once
                log.info("a reload was requested during start-up; reloading now")
                tools.background(tools.reload_from_signal())
            log.info(
                "`qualbot kb reload` (SIGHUP to pid in %s) reloads the knowledge", settings.data_dir / control.PID_FILE
            )

    async def post_shutdown(app: AnyApplication) -> None:
        if local_control:
            asyncio.get_running_loop().remove_signal_handler(signal.SIGHUP)
            hold_reload_signal()  # still not fatal while shutting down (a reload then is simply dropped)
            control.remove_pid(settings.data_dir)
        if previous_shutdown is not None:
            await previous_shutdown(app)

    application.post_init = post_init
    application.post_shutdown = post_shutdown
    return tools
