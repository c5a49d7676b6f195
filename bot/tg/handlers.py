"""The Telegram conversation surface: translates updates to core calls and replies back.

Content comes from the core (`Assistant`) and `bot.pages`; this module only decides who
is asking (profile → `Context`), keeps the per-user session, stores what must be stored,
and shows the result. Anything the user is told has been saved is on disk before it is sent.
"""

from __future__ import annotations

import html
import logging
from typing import Any

from telegram import CallbackQuery, Chat, InlineKeyboardMarkup, Message, Update, User
from telegram.error import BadRequest
from telegram.ext import Application, ApplicationHandlerStop, ContextTypes

from bot import callbacks, pages
from bot.callbacks import FEEDBACK, FORGET, PROFILE
from bot.commands import read_command
from bot.core import Assistant, Context, Session
from bot.reply import Reply
from bot.store import Store
from bot.tg.delivery import keyboard, send_reply
from bot.tg.flood import FloodGuard

log = logging.getLogger("qualbot.telegram")
PTBContext = ContextTypes.DEFAULT_TYPE
PRIVATE_ONLY_COMMANDS = ("profile", "mydata", "forget")  # they show or delete personal data
GROUP_SESSIONS_KEY = "group_sessions"  # user_data: {chat id: session} for groups (see session_of)
MAX_GROUP_SESSIONS = 20
# Bounds on what a user can hand the bot (Telegram enforces the first two for genuine clients; a forged
# or future update must not get further): text and caption, callback data, command name and argument.
MAX_TEXT = 4096
FLOOD_GROUP = -10  # before every other handler, the staff tools' opt-in buttons included (review L4)


def bounded(text: str | None, limit: int) -> str:
    return (text or "")[:limit]


# the store could not be reached (bot.store.StorageUnavailable): nothing was saved, and we say so
STORAGE_RETRY = "抱歉，暂时无法保存或读取您的数据，刚才的操作没有完成，请稍后重试。"


class TelegramFace:
    """Handler callbacks bound to one assistant, one storage and one flood guard."""

    def __init__(self, assistant: Assistant, storage: Store, flood: FloodGuard | None = None):
        self.assistant = assistant
        self.storage = storage
        self.flood = flood

    # ---- who is asking -----------------------------------------------------------------
    def context_for(self, user: User | None) -> Context:
        profile = self.storage.profile(user.id) if user else None
        profile = profile or {}
        return self.assistant.context(profile.get("role"), profile.get("region"), user.id if user else None)

    @staticmethod
    def session_of(context: PTBContext, update: Update | None = None) -> Session:
        """The user's conversation state in this chat (a guided dialog, the last topic …).

        A private chat and each group have separate sessions, so a question asked in a group
        never answers, advances or shows a dialog the user has open in private (and the other
        way round). Group sessions live in the user's data too (/mydata, /forget cover them);
        only the most recently used MAX_GROUP_SESSIONS are kept.
        """
        if context.user_data is None:
            return {}
        chat = update.effective_chat if update is not None else None
        if chat is None or chat.type == Chat.PRIVATE:
            session: Session = context.user_data.setdefault("session", {})
            return session
        groups = context.user_data.setdefault(GROUP_SESSIONS_KEY, {})
        session = groups.pop(str(chat.id), None) or {}
        groups[str(chat.id)] = session  # most recent last
        while len(groups) > MAX_GROUP_SESSIONS:
            groups.pop(next(iter(groups)))
        return session

    async def save_session(self, update: Update, context: PTBContext) -> None:
        """Hand the session to the persistence now, not at PTB's next periodic update (10 s): it is on
        disk within `SESSION_FLUSH_SECONDS` (soft state, written behind: see bot.store.sessions)."""
        persistence = context.application.persistence
        if persistence and update.effective_user and context.user_data is not None:
            await persistence.update_user_data(update.effective_user.id, context.user_data)

    async def show(self, update: Update, context: PTBContext, reply: Reply) -> None:
        chat = update.effective_chat
        if chat is None:  # a button under a message Telegram no longer gives us: answer privately
            await send_reply(context.bot, update.effective_user.id, reply)
            return
        quote = update.effective_message.message_id if chat.type != Chat.PRIVATE and update.message else None
        await send_reply(context.bot, chat.id, reply, reply_to=quote)

    def menu(self, ctx: Context) -> Reply:
        return self.assistant.menu(ctx)  # the core's, as on every face

    # ---- incoming flood -----------------------------------------------------------------
    async def guard_flood(self, update: Update, context: PTBContext) -> None:
        """Runs before every other handler (group -1)."""
        user = update.effective_user
        if self.flood is None or user is None:
            return
        verdict = self.flood.check(user.id)
        if verdict == "ok":
            return
        if verdict == "notify" and update.effective_chat:
            await context.bot.send_message(update.effective_chat.id, pages.FLOOD)
        if update.callback_query:
            await update.callback_query.answer()  # stop the button's spinner even while ignoring
        raise ApplicationHandlerStop

    # ---- commands -----------------------------------------------------------------------
    async def start(self, update: Update, context: PTBContext) -> None:
        user = update.effective_user
        if update.effective_chat.type != Chat.PRIVATE:  # profile buttons belong in the private chat (L7)
            menu = self.menu(self.context_for(user))
            await self.show(
                update,
                context,
                Reply("设置身份和地区请在与我的私聊中发送 /start。\n\n" + menu.text, buttons=menu.buttons),
            )
            return
        profile = self.storage.profile(user.id) or {}
        if profile.get("role") and profile.get("region"):
            ctx = self.context_for(user)
            greeting = f"欢迎回来，{html.escape(user.first_name or '')}！{html.escape(pages.profile_summary(profile, self.assistant.profile_words))}（/profile 修改）"
            await context.bot.send_message(update.effective_chat.id, greeting)
            await self.show(update, context, self.menu(ctx))
            return
        await self.show(update, context, pages.role_question(self.assistant.profile_words, user.first_name))

    async def profile(self, update: Update, context: PTBContext) -> None:
        profile = self.storage.profile(update.effective_user.id)
        reply = pages.role_question(self.assistant.profile_words, returning=True)
        current = (
            f"当前{html.escape(pages.profile_summary(profile, self.assistant.profile_words))}。\n" if profile else ""
        )
        await self.show(update, context, Reply(current + reply.text, buttons=reply.buttons))

    async def show_menu(self, update: Update, context: PTBContext) -> None:
        await self.show(update, context, self.menu(self.context_for(update.effective_user)))

    async def help(self, update: Update, context: PTBContext) -> None:
        ctx = self.context_for(update.effective_user)
        commands = pages.command_list(self.assistant.specialists)
        await self.show(update, context, pages.help_page(self.assistant.kb, ctx.audience, commands))

    async def about(self, update: Update, context: PTBContext) -> None:
        await self.show(update, context, pages.about_page(self.assistant.kb))

    async def privacy(self, update: Update, context: PTBContext) -> None:
        await self.show(update, context, pages.privacy_page())

    async def my_data(self, update: Update, context: PTBContext) -> None:
        export = self.storage.export_user(update.effective_user.id)
        export["session"] = self.session_of(context, update)
        if context.user_data and context.user_data.get(GROUP_SESSIONS_KEY):
            export["group_sessions"] = context.user_data[GROUP_SESSIONS_KEY]
        await self.show(update, context, pages.my_data_page(export, self.assistant.profile_words))

    async def forget(self, update: Update, context: PTBContext) -> None:
        await self.show(update, context, pages.forget_confirmation())

    async def private_only(self, update: Update, context: PTBContext) -> None:
        """/profile, /mydata and /forget in a group: answering there would post personal data
        (or a 🗑 button) for everyone to see, so point to the private chat and stop."""
        name = read_command(update.effective_message.text or "/").name
        await self.show(update, context, Reply(f"为保护您的隐私，请在与我的私聊中使用 /{html.escape(name)}。"))
        raise ApplicationHandlerStop

    async def other_command(self, update: Update, context: PTBContext) -> None:
        """Commands owned by specialists (e.g. /exams); unknown ones get a hint and the menu."""
        message = update.effective_message
        command = read_command(bounded(message.text, MAX_TEXT))
        name = command.name
        if command.addressee and command.addressee.lower() != (context.bot.username or "").lower():
            return  # a command for another bot in the same group
        ctx = self.context_for(update.effective_user)
        reply = self.assistant.handle_command(name.lower(), command.argument, ctx, self.session_of(context, update))
        await self.save_session(update, context)
        if reply is None:
            reply = self.assistant.unknown_command(name, ctx)
        await self.show(update, context, reply)

    # ---- text ----------------------------------------------------------------------------
    async def text(self, update: Update, context: PTBContext) -> None:
        message = update.effective_message
        text = self.addressed_text(message, context.bot.username, context.bot.id)
        if text is None:
            return
        user = update.effective_user
        ctx = self.context_for(user)
        reply = self.assistant.ask(text, ctx, self.session_of(context, update))
        await self.save_session(update, context)
        await self.show(update, context, reply)
        if user:  # after answering: the log is for improving the knowledge, not for this user
            self.storage.log_question(user.id, text, reply.outcome, reply.entry_id, reply.score)

    @staticmethod
    def addressed_text(message: Message, bot_username: str | None, bot_id: int) -> str | None:
        """The question, or None when a group message is not meant for the bot."""
        text = bounded(message.text, MAX_TEXT)
        if message.chat.type == Chat.PRIVATE:
            return text
        mention = f"@{bot_username}" if bot_username else None
        if mention and mention.lower() in text.lower():
            start = text.lower().index(mention.lower())
            return (text[:start] + text[start + len(mention) :]).strip()
        replied = message.reply_to_message
        if replied and replied.from_user and replied.from_user.id == bot_id:
            return text
        return None

    async def non_text(self, update: Update, context: PTBContext) -> None:
        await context.bot.send_message(update.effective_chat.id, pages.NON_TEXT)

    # ---- buttons --------------------------------------------------------------------------
    async def button(self, update: Update, context: PTBContext) -> None:
        query = update.callback_query
        action = query.data or ""
        if callbacks.too_long(action):
            await self.expired_button(update, context)  # no button of ours carries more
        elif (choice := PROFILE.fields(action)) is not None:
            await self.profile_button(update, context, choice)
        elif FORGET.fields(action) is not None:
            await self.forget_button(update, context, action == FORGET("yes"))
        elif FEEDBACK.fields(action) is not None:
            await self.feedback_button(update, context, action)
        else:  # the core's and the specialists' (the menu and "expired" included: the same on every face)
            await query.answer()
            ctx = self.context_for(update.effective_user)
            reply = self.assistant.handle_action(action, ctx, self.session_of(context, update))
            await self.save_session(update, context)
            await self.show(update, context, reply)

    async def profile_button(self, update: Update, context: PTBContext, choice: str) -> None:
        query = update.callback_query
        user = update.effective_user
        field, _, value = choice.partition(":")
        words = self.assistant.profile_words
        chat = update.effective_chat
        if chat is not None and chat.type != Chat.PRIVATE:  # anyone may press a button in a group (review L7)
            await query.answer("为保护您的隐私，请在与我的私聊中设置身份和地区（私聊发送 /start）。", show_alert=True)
            return
        if field == "edit":
            await query.answer()
            await self.show(update, context, pages.role_question(self.assistant.profile_words, returning=True))
        elif field == "role" and value in words.audiences:
            self.storage.save_profile(user.id, role=value)
            await query.answer(f"身份：{words.audiences[value]}")
            await self.replace_message(query, pages.region_question(value, words))
        elif field == "region" and value in words.offered_regions:
            profile = self.storage.save_profile(user.id, region=value)  # durable before we confirm it
            await query.answer("已保存")
            await self.replace_message(query, Reply(pages.profile_saved(profile, words)))
            await self.show(update, context, self.menu(self.context_for(user)))
        else:
            await self.expired_button(update, context)

    async def forget_button(self, update: Update, context: PTBContext, confirmed: bool) -> None:
        query = update.callback_query
        await query.answer()
        if not confirmed:
            await self.replace_message(query, pages.forget_cancelled())
            return
        user_id = update.effective_user.id
        self.storage.forget_user(user_id)
        if context.application.job_queue is not None:  # e.g. exam reminders: jobs carry their user's id
            for job in context.application.job_queue.jobs():  # type: ignore[attr-defined]  # PTBContext leaves JobQueue unbound
                if job.user_id == user_id:
                    job.schedule_removal()
        # Emptied in place and dropped from disk now. Not Application.drop_user_data: its deferred
        # deletion would later also remove a session the user started again in the meantime.
        persistence = context.application.persistence
        context.user_data.clear()
        if persistence:
            await persistence.drop_user_data(user_id)
        if update.effective_chat and update.effective_chat.type == Chat.PRIVATE:
            context.chat_data.clear()
            if persistence:
                await persistence.drop_chat_data(update.effective_chat.id)
        await self.replace_message(query, pages.forgotten())

    async def feedback_button(self, update: Update, context: PTBContext, action: str) -> None:
        query = update.callback_query
        ctx = self.context_for(update.effective_user)
        reply = self.assistant.handle_action(action, ctx, self.session_of(context, update))
        if reply.outcome != "feedback" or action.split(":")[1] not in ("+", "-"):  # "fb:+-:…" is forged (M1)
            await self.expired_button(update, context)
            return
        self.storage.add_feedback(update.effective_user.id, reply.entry_id, action.split(":")[1])
        await query.answer(reply.plain_text[:200])
        # one vote per answer: keep 查看原文/相关问题, drop the 👍/👎 row
        markup = query.message.reply_markup if query.message else None  # type: ignore[attr-defined]  # ours, so accessible
        if markup:
            rows = [
                row
                for row in markup.inline_keyboard
                if not any(FEEDBACK.fields(str(b.callback_data or "")) is not None for b in row)
            ]
            try:
                await query.edit_message_reply_markup(InlineKeyboardMarkup(rows) if rows else None)
            except BadRequest:
                log.info("feedback stored; the old message's buttons could not be updated")

    async def expired_button(self, update: Update, context: PTBContext) -> None:
        await update.callback_query.answer()
        await self.show(update, context, self.assistant.expired(self.context_for(update.effective_user)))

    @staticmethod
    async def replace_message(query: CallbackQuery, reply: Reply) -> None:
        """Edit the pressed message in place (old messages can no longer be edited: then send)."""
        chat_id = query.message.chat.id if query.message else query.from_user.id
        if query.message is None:
            await query.get_bot().send_message(chat_id, reply.text, reply_markup=keyboard(reply))
            return
        try:
            await query.edit_message_text(reply.text, reply_markup=keyboard(reply))
        except BadRequest as exc:
            if "not modified" in str(exc).lower():
                return
            await query.get_bot().send_message(chat_id, reply.text, reply_markup=keyboard(reply))

    # ---- errors ---------------------------------------------------------------------------
    async def on_error(self, update: object, context: PTBContext) -> None:
        """Log with context, tell the user, keep running."""
        where = ""
        if isinstance(update, Update):
            chat, user = update.effective_chat, update.effective_user
            where = f" (update {update.update_id}, chat {chat.id if chat else '-'}, user {user.id if user else '-'})"
        log.error("error while handling an update%s", where, exc_info=context.error)
        if isinstance(update, Update) and update.effective_chat:
            from bot.store.protocol import StorageUnavailable

            text = STORAGE_RETRY if isinstance(context.error, StorageUnavailable) else pages.FAILURE
            try:
                await context.bot.send_message(update.effective_chat.id, text)
            except Exception:  # the failure may be the connection itself; already logged above
                log.warning("could not tell the user about the error%s", where)


def register(application: Application[Any, Any, Any, Any, Any, Any], face: TelegramFace) -> None:
    """Attach the face's handlers; see build_application."""
    from telegram.ext import CallbackQueryHandler, CommandHandler, MessageHandler, TypeHandler, filters

    application.add_handler(TypeHandler(Update, face.guard_flood), group=FLOOD_GROUP)
    private = filters.ChatType.PRIVATE
    commands = {
        "start": face.start,
        "profile": face.profile,
        "menu": face.show_menu,
        "help": face.help,
        "about": face.about,
        "privacy": face.privacy,
        "mydata": face.my_data,
        "forget": face.forget,
    }
    for name, callback in commands.items():
        if name in PRIVATE_ONLY_COMMANDS:  # first match in the group wins: groups get the pointer instead
            application.add_handler(CommandHandler(name, face.private_only, filters=~private))
        application.add_handler(CommandHandler(name, callback))
    application.add_handler(MessageHandler(filters.COMMAND, face.other_command))
    application.add_handler(MessageHandler(filters.TEXT & ~filters.COMMAND, face.text))
    media = (
        filters.PHOTO
        | filters.Sticker.ALL
        | filters.VOICE
        | filters.AUDIO
        | filters.VIDEO
        | filters.VIDEO_NOTE
        | filters.ANIMATION
        | filters.Document.ALL
        | filters.LOCATION
        | filters.CONTACT
        | filters.VENUE
    )
    application.add_handler(MessageHandler(media & private, face.non_text))
    # everything else a person can send in private (dice, polls, stories, games …) gets the same notice (L11)
    other = private & filters.UpdateType.MESSAGE & ~filters.StatusUpdate.ALL & ~filters.TEXT & ~filters.COMMAND
    application.add_handler(MessageHandler(other, face.non_text))
    application.add_handler(CallbackQueryHandler(face.button))
    application.add_error_handler(face.on_error)
