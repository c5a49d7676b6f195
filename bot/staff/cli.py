"""`qualbot kb reload`, `qualbot gaps [--csv]`, `qualbot stats` — the staff tools from a shell."""

from __future__ import annotations

import argparse
import datetime as dt
import sys

from bot.settings import Settings


def add_staff_commands(sub: argparse._SubParsersAction, kb_sub: argparse._SubParsersAction) -> None:
    """Called by bot.cli.parser(); each parser carries its handler as `handler`."""
    reload = kb_sub.add_parser("reload", help="ask the running bot to check and reload the knowledge (SIGHUP)")
    reload.add_argument("--timeout", type=float, default=120.0, help="seconds to wait for the bot's result")
    reload.set_defaults(handler=cmd_reload)

    gaps = sub.add_parser("gaps", help="questions the bot declined or answered unsurely, grouped")
    gaps.add_argument("--csv", action="store_true", help="all groups as CSV on stdout (for editing)")
    gaps.add_argument("--low-score", type=float, default=None, help="answers below this score count as gaps")
    gaps.set_defaults(handler=cmd_gaps)

    stats = sub.add_parser("stats", help="questions per day, outcomes, top entries, feedback")
    stats.add_argument("--days", type=int, default=30)
    stats.set_defaults(handler=cmd_stats)


def cmd_reload(args, settings: Settings) -> int:
    from bot.staff.control import ControlError, request_reload

    try:
        result = request_reload(settings.data_dir, timeout=args.timeout)
    except ControlError as exc:
        print(f"qualbot kb reload: {exc}", file=sys.stderr)
        print("(to check edits without a running bot: qualbot kb check)", file=sys.stderr)
        return 2
    print("\n".join(result.lines()))
    return 0 if result.ok else 1


def _brain(settings: Settings):
    from bot.core import Brain
    from bot.kb.knowledge import load_knowledge

    return Brain(load_knowledge(settings.knowledge_dir, today=settings.today), index_dir=settings.index_path)


def _read(settings: Settings, query):
    """Run `query` on the store opened for staff: never writing a running bot's files (bot.store)."""
    from bot.store import open_storage

    storage = open_storage(settings, staff=True)
    try:
        return query(storage)
    finally:
        storage.close()


def cmd_gaps(args, settings: Settings) -> int:
    from bot.staff.gaps import LOW_SCORE, find_gaps, gap_lines, gaps_csv

    questions = _read(settings, lambda storage: storage.questions())
    groups = find_gaps(questions, _brain(settings), low_score=LOW_SCORE if args.low_score is None else args.low_score)
    if args.csv:
        sys.stdout.write(gaps_csv(groups))
    else:
        print("\n".join(gap_lines(groups, limit=50)))
    return 0


def cmd_stats(args, settings: Settings) -> int:
    from bot.kb.knowledge import load_knowledge
    from bot.staff.stats import stats_lines, usage_stats

    questions, feedback = _read(settings, lambda storage: (storage.questions(), storage.feedback()))
    today = settings.clock()()
    since = today - dt.timedelta(days=max(1, args.days) - 1)
    kb = load_knowledge(settings.knowledge_dir, today=settings.today)
    titles = {e.id: e.title for e in kb.entries.values()}
    print("\n".join(stats_lines(usage_stats(questions, feedback, since), titles)))
    return 0
