"""`qualbot` command line: ask, chat, kb check/export, eval, run — all on the same core."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from bot.settings import Settings

if TYPE_CHECKING:
    from bot.core import Assistant
    from bot.reply import Reply

AUDIENCES = ("graduate", "employer", "staff")


def build_assistant(settings: Settings) -> Assistant:
    from bot.assembly import build_assistant as build

    return build(settings)


def _print_reply(reply: Reply, out: TextIO | None = None) -> None:
    out = out or sys.stdout
    print(reply.plain_text, file=out)
    buttons = reply.all_buttons()
    if buttons:
        print("", file=out)
        for i, button in enumerate(buttons, 1):
            print(f"  [{i}] {button.text}", file=out)


def cmd_ask(args: argparse.Namespace, settings: Settings) -> int:
    assistant = build_assistant(settings)
    if args.batch:
        with open(args.batch, encoding="utf-8") as handle:
            for line in handle:
                if not line.strip():
                    continue
                record = json.loads(line)
                ctx = assistant.context(audience=args.audience or record.get("audience"), region=args.region)
                reply = assistant.ask(record["q"], ctx)
                print(json.dumps({
                    "id": record.get("id"), "q": record["q"], "reply": reply.plain_text, "outcome": reply.outcome,
                    "entry": reply.entry_id, "score": reply.score, "citations": list(reply.citations),
                }, ensure_ascii=False))
        return 0
    if not args.question:
        print("usage: qualbot ask \"问题\"  (or --batch FILE.jsonl)", file=sys.stderr)
        return 2
    reply = assistant.ask(" ".join(args.question), assistant.context(audience=args.audience, region=args.region))
    _print_reply(reply)
    return 0


def cmd_chat(args: argparse.Namespace, settings: Settings) -> int:
    from bot.chat import TerminalChat

    assistant = build_assistant(settings)
    return TerminalChat(assistant, sys.stdin, sys.stdout, audience=args.audience, region=args.region).run()


def cmd_kb(args: argparse.Namespace, settings: Settings) -> int:
    if args.kb_command == "check":
        from bot.kb.check import run_check

        report = run_check(settings.knowledge_dir, today=settings.today, dialogs_dir=settings.dialogs_dir)
        for error in report.errors:
            print(error)
        if report.kb is not None and report.stats:
            s = report.stats
            print(
                f"{s['documents']} documents, {s['clauses']} clauses, {s['entries']} entries, "
                f"{s['phrasings']} phrasings, {s['synonyms']} synonyms; knowledge version {report.kb.version}"
            )
            for name, pct in report.coverage.items():
                print(f"coverage {name}: {pct:.1f}%")
            print(f"coverage overall: {report.overall_coverage:.1f}%")
        print("kb check: OK" if report.ok else f"kb check: {len(report.errors)} error(s)")
        return 0 if report.ok else 1
    if args.kb_command == "export":
        from bot.kb import load_knowledge

        kb = load_knowledge(settings.knowledge_dir)
        rows = [
            {"doc_id": d.id, "title": d.title, "doc_no": d.doc_no, "clause_id": c.id, "label": c.label, "text": c.text}
            for d in kb.documents.values() for c in d.clauses
        ]
        json.dump(rows, sys.stdout, ensure_ascii=False, indent=1)
        print()
        return 0
    return 2


def cmd_eval(args: argparse.Namespace, settings: Settings) -> int:
    from bot.evaluation import judge, summary

    assistant = build_assistant(settings)
    results = []
    with open(args.file, encoding="utf-8") as handle:
        records = [json.loads(line) for line in handle if line.strip()]
    for record in records:
        reply = assistant.ask(record["q"], assistant.context(audience=record.get("audience")))
        verdict = judge(record, reply.plain_text)
        results.append((record, verdict))
        if not verdict.passed:
            print(f"FAIL {record['id']} {record['q']} -> {verdict.why} [{reply.outcome} {reply.entry_id} {reply.score}]")
            if args.verbose:
                print("    " + reply.plain_text[:400].replace("\n", "\n    "))
    print(summary(results))
    return 0


def cmd_run(args: argparse.Namespace, settings: Settings) -> int:
    if not settings.token:
        print(
            "TELEGRAM_BOT_TOKEN is not set: starting the terminal chat.\n"
            "To connect Telegram, export TELEGRAM_BOT_TOKEN=<token from @BotFather> and run `make run` again.\n",
            file=sys.stderr,
        )
        return cmd_chat(args, settings)
    from bot.telegram_app import run_bot

    return run_bot(settings)


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="qualbot", description="职业资格政策助手 Qualbot")
    p.add_argument("--today", help="pretend today is YYYY-MM-DD (same as QUALBOT_TODAY)")
    p.add_argument("--knowledge", help="knowledge folder (default: ./knowledge)")
    sub = p.add_subparsers(dest="command", required=True)

    ask = sub.add_parser("ask", help="answer one question, or a JSONL batch")
    ask.add_argument("question", nargs="*")
    ask.add_argument("--batch", metavar="FILE.jsonl")
    ask.add_argument("--audience", choices=AUDIENCES)
    ask.add_argument("--region")

    chat = sub.add_parser("chat", help="interactive terminal chat")
    chat.add_argument("--audience", choices=AUDIENCES)
    chat.add_argument("--region")

    kb = sub.add_parser("kb", help="knowledge tools")
    kb_sub = kb.add_subparsers(dest="kb_command", required=True)
    kb_sub.add_parser("check", help="validate all knowledge files")
    kb_sub.add_parser("export", help="all documents and clauses as JSON")

    ev = sub.add_parser("eval", help="score a question set")
    ev.add_argument("file")
    ev.add_argument("-v", "--verbose", action="store_true")

    run = sub.add_parser("run", help="start the bot (terminal chat without a token)")
    run.add_argument("--audience", choices=AUDIENCES)
    run.add_argument("--region")
    # staff tools (bot/staff): `kb reload`, `gaps`, `stats`
    from bot.staff.cli import add_staff_commands

    add_staff_commands(sub, kb_sub)
    from bot.store.cli import add_db_commands

    add_db_commands(sub)  # `qualbot db migrate|status` (PostgreSQL)
    from bot.engine.preview import add_parser as add_dialogs_parser

    add_dialogs_parser(sub)  # `qualbot dialogs preview NAME|all [--out DIR]`, `qualbot dialogs check`
    return p


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    settings = Settings.from_env()
    overrides = {}
    if args.today:
        overrides["today"] = dt.date.fromisoformat(args.today)
    if args.knowledge:
        overrides["knowledge_dir"] = Path(args.knowledge)
    if overrides:
        settings = Settings(**{**settings.__dict__, **overrides})
    from bot.engine.preview import cmd_dialogs
    from bot.kb import KbLoadFailed

    handlers = {"ask": cmd_ask, "chat": cmd_chat, "kb": cmd_kb, "eval": cmd_eval, "run": cmd_run, "dialogs": cmd_dialogs}
    try:
        if getattr(args, "staff_handler", None):  # staff tools (bot/staff/cli.py)
            return args.staff_handler(args, settings)
        return handlers[args.command](args, settings)
    except KbLoadFailed as exc:
        for error in exc.errors:
            print(error, file=sys.stderr)
        print(f"knowledge has {len(exc.errors)} error(s); run `qualbot kb check`", file=sys.stderr)
        return 1
