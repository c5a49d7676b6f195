"""`qualbot` command line: ask, chat, kb check/export, eval, run — all on the same core."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from bot import __version__
from bot.lifecycle import hold_reload_signal
from bot.settings import Settings, SettingsError

if TYPE_CHECKING:
    from bot.core import Assistant
    from bot.reply import Reply

EXIT_CONFIG = 2  # a setting is missing or wrong (systemd: RestartPreventExitStatus=2, no restart loop)
EXIT_BROKEN_PIPE = 141  # 128 + SIGPIPE, as a shell reports a writer whose reader went away


def missing_content(settings: Settings, args: argparse.Namespace) -> str | None:
    """A clear error when the knowledge or dialogs folder is not where the settings point."""
    command = args.command if args.command != "kb" else f"kb {args.kb_command}"
    needed = []
    if command in ("ask", "chat", "run", "eval", "kb check", "kb export", "gaps", "stats"):
        needed.append(("QUALBOT_KNOWLEDGE_DIR", "--knowledge", settings.knowledge_dir))
    if command in ("ask", "chat", "run", "kb check", "dialogs"):
        needed.append(("QUALBOT_DIALOGS_DIR", "--dialogs", settings.dialogs_dir))
    for variable, option, folder in needed:
        if not Path(folder).is_dir():
            what = "knowledge" if "KNOWLEDGE" in variable else "dialogs"
            return (
                f"qualbot: the {what} folder {folder} does not exist; set {variable} "
                f"(or pass {option}) to the folder that holds it"
            )
    return None


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


def unknown_audience(args: argparse.Namespace, assistant: Assistant) -> str | None:
    """The --audience choices are the knowledge's own (knowledge/lexicon/profile.yaml)."""
    known = assistant.profile_words.audiences
    if args.audience is None or args.audience in known:
        return None
    return (
        f"qualbot {args.command}: argument --audience: invalid choice: '{args.audience}' "
        f"(choose from {', '.join(known)})"
    )


def cmd_ask(args: argparse.Namespace, settings: Settings) -> int:
    assistant = build_assistant(settings)
    if (problem := unknown_audience(args, assistant)) is not None:
        print(problem, file=sys.stderr)
        return 2
    if args.batch:
        from bot.evaluation import conversations

        with open(args.batch, encoding="utf-8") as handle:
            records = [json.loads(line) for line in handle if line.strip()]
        for conversation in conversations(records):
            session: dict = {}  # "after": asked in the same conversation, right after that line
            for record in conversation:
                ctx = assistant.context(audience=args.audience or record.get("audience"), region=args.region)
                reply = assistant.ask(record["q"], ctx, session)
                print(
                    json.dumps(
                        {
                            "id": record.get("id"),
                            "q": record["q"],
                            "reply": reply.plain_text,
                            "outcome": reply.outcome,
                            "entry": reply.entry_id,
                            "score": reply.score,
                            "citations": list(reply.citations),
                        },
                        ensure_ascii=False,
                    )
                )
        return 0
    if not args.question:
        print('usage: qualbot ask "问题"  (or --batch FILE.jsonl)', file=sys.stderr)
        return 2
    reply = assistant.ask(" ".join(args.question), assistant.context(audience=args.audience, region=args.region))
    _print_reply(reply)
    return 0


def cmd_chat(args: argparse.Namespace, settings: Settings) -> int:
    from bot.chat import TerminalChat

    assistant = build_assistant(settings)
    if (problem := unknown_audience(args, assistant)) is not None:
        print(problem, file=sys.stderr)
        return 2
    return TerminalChat(assistant, sys.stdin, sys.stdout, audience=args.audience, region=args.region).run()


def cmd_kb_check(args: argparse.Namespace, settings: Settings) -> int:
    from bot.checks import run_check

    report = run_check(settings.knowledge_dir, today=settings.today, dialogs_dir=settings.dialogs_dir)
    for error in report.errors:
        print(error)
    for warning in report.warnings:
        print(f"{warning.file}:{warning.line}: warning: {warning.message}")
    if report.kb is not None and report.stats:
        s = report.stats
        print(
            f"{s['documents']} documents, {s['clauses']} clauses, {s['entries']} entries, "
            f"{s['phrasings']} phrasings, {s['synonyms']} synonyms; knowledge version {report.kb.version}"
        )
        for name, pct in report.coverage.items():
            print(f"coverage {name}: {pct:.1f}%")
        print(f"coverage overall: {report.overall_coverage:.1f}%")
    warned = f", {len(report.warnings)} warning(s)" if report.warnings else ""
    print(f"kb check: OK{warned}" if report.ok else f"kb check: {len(report.errors)} error(s){warned}")
    return 0 if report.ok else 1


def cmd_kb_export(args: argparse.Namespace, settings: Settings) -> int:
    from bot.kb.knowledge import load_knowledge

    kb = load_knowledge(settings.knowledge_dir)
    rows = [
        {"doc_id": d.id, "title": d.title, "doc_no": d.doc_no, "clause_id": c.id, "label": c.label, "text": c.text}
        for d in kb.documents.values()
        for c in d.clauses
    ]
    json.dump(rows, sys.stdout, ensure_ascii=False, indent=1)
    print()
    return 0


def cmd_kb_build(args: argparse.Namespace, settings: Settings) -> int:
    """Check the knowledge as `kb check` does, then build its index into the cache (QUALBOT_INDEX_DIR)."""
    import time

    from bot.checks import run_check
    from bot.core import Brain

    root = settings.index_path
    if root is None:
        print("qualbot kb build: QUALBOT_INDEX_DIR is off, so there is no index cache to build", file=sys.stderr)
        return 2
    report = run_check(settings.knowledge_dir, today=settings.today, dialogs_dir=settings.dialogs_dir)
    if not report.ok or report.kb is None:
        for error in report.errors:
            print(error)
        print(f"kb build: {len(report.errors)} error(s); nothing built (see qualbot kb check)")
        return 1
    from bot.index_cache import index_key

    started = time.perf_counter()
    Brain(report.kb, index_dir=root)  # loads the cached index, or builds and writes it
    folder = root / index_key(report.kb)
    if not (folder / "meta.json").is_file():
        print(f"qualbot kb build: the index could not be written to {root} (see the log above)", file=sys.stderr)
        return 1
    print(
        f"kb build: index of knowledge version {report.kb.version} in {folder} ({time.perf_counter() - started:.1f} s)"
    )
    return 0


def cmd_eval(args: argparse.Namespace, settings: Settings) -> int:
    from bot.evaluation import Scored, conversations, judge, kind_table, summary, totals

    assistant = build_assistant(settings)
    scored: list[Scored] = []
    with open(args.file, encoding="utf-8") as handle:
        records = [json.loads(line) for line in handle if line.strip()]
    for conversation in conversations(records):
        session: dict = {}  # a line with "after" is asked in the same conversation as that line
        for record in conversation:
            reply = assistant.ask(record["q"], assistant.context(audience=record.get("audience")), session)
            verdict = judge(record, reply.plain_text)
            scored.append(Scored(record, reply.outcome, verdict))
            if not verdict.passed:
                print(
                    f"FAIL {record['id']} {record['q']} -> {verdict.why} [{reply.outcome} {reply.entry_id} {reply.score}]"
                )
                if args.verbose:
                    print("    " + reply.plain_text[:600].replace("\n", "\n    "))
    if any("kind" in r for r in records):
        print("\n".join(kind_table(scored)))
    print(totals(scored))
    print(summary([(s.record, s.verdict) for s in scored]))
    return 0


def cmd_calibrate(args: argparse.Namespace, settings: Settings) -> int:
    from bot.calibrate import calibrate
    from bot.calibration import CALIBRATION_FILE, calibrated_policy
    from bot.kb.knowledge import load_knowledge

    kb = load_knowledge(settings.knowledge_dir, today=settings.today)
    data = calibrate(kb, calibrated_policy(), CALIBRATION_FILE if args.write else None)
    print(json.dumps(data, ensure_ascii=False, indent=1))
    return 0


def cmd_run(args: argparse.Namespace, settings: Settings) -> int:
    if not settings.token:
        if not sys.stdin.isatty():  # a service or container: a chat nobody can type into would just exit 0
            print(
                "qualbot run: TELEGRAM_BOT_TOKEN is not set, and there is no terminal for the local chat.\n"
                "Put the token from @BotFather into the environment (deploy/.env or /etc/qualbot/env) "
                "and start again; `qualbot chat` is the terminal chat.",
                file=sys.stderr,
            )
            return EXIT_CONFIG
        release_reload_signal()  # the terminal chat: a hangup ends it as usual
        print(
            "TELEGRAM_BOT_TOKEN is not set: starting the terminal chat.\n"
            "To connect Telegram, export TELEGRAM_BOT_TOKEN=<token from @BotFather> and run `make run` again.\n",
            file=sys.stderr,
        )
        return cmd_chat(args, settings)
    from bot.tg.app import run_bot

    return run_bot(settings)


def cmd_health(args: argparse.Namespace, settings: Settings) -> int:
    """For container health checks: 0 when the running bot's heartbeat is fresh."""
    from bot.lifecycle import HEARTBEAT_STALE, Heartbeat

    age = Heartbeat(settings.data_dir).age()
    if age is None:
        print(f"unhealthy: no heartbeat in {settings.data_dir} (is the bot running with this QUALBOT_DATA_DIR?)")
        return 1
    if age > HEARTBEAT_STALE:
        print(f"unhealthy: last heartbeat {age:.0f} s ago")
        return 1
    print(f"healthy: last heartbeat {age:.0f} s ago")
    return 0


def cmd_dialogs_check(args: argparse.Namespace, settings: Settings) -> int:
    """`qualbot dialogs check`: load-time checks of every dialog file."""
    from bot.engine.loader import check_dialogs
    from bot.kb.knowledge import load_knowledge

    errors = check_dialogs(settings.dialogs_dir, load_knowledge(settings.knowledge_dir, today=settings.today))
    for error in errors:
        print(error)
    print("dialogs check: OK" if not errors else f"dialogs check: {len(errors)} error(s)")
    return 1 if errors else 0


def cmd_dialogs_preview(args: argparse.Namespace, settings: Settings) -> int:
    """`qualbot dialogs preview NAME [--out DIR]`."""
    from bot.engine.loader import load_dialogs
    from bot.engine.preview import preview
    from bot.kb.knowledge import load_knowledge

    book = load_dialogs(settings.dialogs_dir, load_knowledge(settings.knowledge_dir, today=settings.today))
    names = sorted(book.dialogs) if args.name == "all" else [args.name]
    out_dir = Path(args.out) if args.out else None
    for name in names:
        try:
            diagram, text = preview(name, book)
        except KeyError as exc:
            print(exc.args[0], file=sys.stderr)
            return 2
        if out_dir is None:
            print(text)
            continue
        out_dir.mkdir(parents=True, exist_ok=True)
        dialog = book.dialogs.get(name) or book.by_command(name)
        assert dialog is not None  # preview() found it
        (out_dir / f"{dialog.id}.mmd").write_text(diagram, encoding="utf-8")
        (out_dir / f"{dialog.id}.md").write_text(text, encoding="utf-8")
        print(f"wrote {out_dir / (dialog.id + '.md')} and {out_dir / (dialog.id + '.mmd')}")
    return 0


def release_reload_signal() -> None:
    import signal

    if hasattr(signal, "SIGHUP"):
        signal.signal(signal.SIGHUP, signal.SIG_DFL)


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="qualbot", description="职业资格政策助手 Qualbot")
    p.add_argument("--today", help="pretend today is YYYY-MM-DD (same as QUALBOT_TODAY)")
    p.add_argument("--knowledge", help="knowledge folder (default: QUALBOT_KNOWLEDGE_DIR, else the shipped one)")
    p.add_argument("--dialogs", help="dialogs folder (default: QUALBOT_DIALOGS_DIR, else the shipped one)")
    p.add_argument("--version", action="version", version=f"qualbot {__version__}")
    # One dispatch style: each sub-command's parser carries its function, `set_defaults(handler=…)`,
    # called as handler(args, settings) — here and in bot/staff/cli.py, bot/store/cli.py.
    sub = p.add_subparsers(dest="command", required=True)

    ask = sub.add_parser("ask", help="answer one question, or a JSONL batch")
    ask.add_argument("question", nargs="*")
    ask.add_argument("--batch", metavar="FILE.jsonl")
    ask.add_argument("--audience", help="graduate, employer, staff … (knowledge/lexicon/profile.yaml)")
    ask.add_argument("--region")
    ask.set_defaults(handler=cmd_ask)

    chat = sub.add_parser("chat", help="interactive terminal chat")
    chat.add_argument("--audience", help="graduate, employer, staff … (knowledge/lexicon/profile.yaml)")
    chat.add_argument("--region")
    chat.set_defaults(handler=cmd_chat)

    kb = sub.add_parser("kb", help="knowledge tools")
    kb_sub = kb.add_subparsers(dest="kb_command", required=True)
    kb_sub.add_parser("check", help="validate all knowledge files").set_defaults(handler=cmd_kb_check)
    kb_sub.add_parser("export", help="all documents and clauses as JSON").set_defaults(handler=cmd_kb_export)
    kb_sub.add_parser(
        "build", help="check the knowledge and build its index into the cache (QUALBOT_INDEX_DIR)"
    ).set_defaults(handler=cmd_kb_build)

    ev = sub.add_parser("eval", help="score a question set")
    ev.add_argument("file")
    ev.add_argument("-v", "--verbose", action="store_true")
    ev.set_defaults(handler=cmd_eval)

    cal = sub.add_parser("calibrate", help="measure the confidence thresholds on held-out data, and fit them")
    cal.add_argument("--write", action="store_true", help="store the fitted thresholds in bot/data/calibration.json")
    cal.set_defaults(handler=cmd_calibrate)

    run = sub.add_parser("run", help="start the bot (terminal chat without a token)")
    run.add_argument("--audience", help="graduate, employer, staff … (knowledge/lexicon/profile.yaml)")
    run.add_argument("--region")
    run.set_defaults(handler=cmd_run)
    sub.add_parser(
        "health", help="exit 0 when the running bot's heartbeat is fresh (container health check)"
    ).set_defaults(handler=cmd_health)
    # staff tools (bot/staff): `kb reload`, `gaps`, `stats`
    from bot.staff.cli import add_staff_commands

    add_staff_commands(sub, kb_sub)
    from bot.store.cli import add_db_commands

    add_db_commands(sub)  # `qualbot db migrate|status` (PostgreSQL)
    dialogs = sub.add_parser("dialogs", help="guided dialogs: preview for staff, check")
    dialogs_sub = dialogs.add_subparsers(dest="dialogs_command", required=True)
    prev = dialogs_sub.add_parser("preview", help="Mermaid diagram + Markdown walk-through of a dialog")
    prev.add_argument("name", help="dialog id or command, or 'all'")
    prev.add_argument("--out", help="write NAME.md and NAME.mmd into this folder instead of printing")
    prev.set_defaults(handler=cmd_dialogs_preview)
    dialogs_sub.add_parser("check", help="load-time checks of every dialog file").set_defaults(
        handler=cmd_dialogs_check
    )
    return p


def main(argv: Sequence[str] | None = None) -> int:
    if argv is None and "run" in sys.argv[1:]:
        hold_reload_signal()  # first thing: a `systemctl reload` during start-up must not kill the bot (H3)
    args = parser().parse_args(argv)
    if argv is None and args.command != "run":
        release_reload_signal()
    try:
        settings = Settings.from_env()
        overrides: dict[str, Any] = {}
        if args.today:
            try:
                overrides["today"] = dt.date.fromisoformat(args.today)
            except ValueError:
                raise SettingsError("--today", args.today, "must be a date written YYYY-MM-DD") from None
        if args.knowledge:
            overrides["knowledge_dir"] = Path(args.knowledge)
        if args.dialogs:
            overrides["dialogs_dir"] = Path(args.dialogs)
    except SettingsError as exc:
        print(f"qualbot: setting {exc}", file=sys.stderr)
        return EXIT_CONFIG
    if overrides:
        settings = Settings(**{**settings.__dict__, **overrides})
    if args.command == "health":
        return cmd_health(args, settings)
    problem = missing_content(settings, args)
    if problem:
        print(problem, file=sys.stderr)
        return EXIT_CONFIG
    from bot.kb import KbLoadFailed

    try:
        return args.handler(args, settings)  # every sub-command's parser names its handler
    except KbLoadFailed as exc:
        for error in exc.errors:
            print(error, file=sys.stderr)
        print(f"knowledge has {len(exc.errors)} error(s); run `qualbot kb check`", file=sys.stderr)
        return 1
    except BrokenPipeError:
        # `qualbot ask … | head`: the reader has gone; say nothing more (Python's own advice:
        # point stdout at devnull so the flush at exit does not raise again).
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_BROKEN_PIPE
