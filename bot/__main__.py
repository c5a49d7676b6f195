import sys

if "run" in sys.argv[1:]:  # before anything else is imported: SIGHUP must not kill a starting bot
    from bot.lifecycle import hold_reload_signal

    hold_reload_signal()

from bot.cli import main

raise SystemExit(main())
