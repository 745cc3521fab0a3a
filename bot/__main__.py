"""`python -m bot` / `qa-bot`: start the Telegram bot; `--check` validates the set-up without the network.

Without QA_TELEGRAM_TOKEN this is an error (exit 1, one line naming the setting): under a
supervisor a missing token is a configuration mistake that must not look like a clean stop.
`--chat-if-no-token` (what `make run` uses) opens the local chat instead, but only for a person
at a terminal.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from qa.cli import main as cli_main
from qa.errors import QaError
from qa.settings import load_settings

NOT_CONFIGURED = (
    "QA_TELEGRAM_TOKEN is not set: put the token from @BotFather in .env or the environment"
    " (`qa chat` opens the local chat)"
)
SETUP_NOTE = "（没有配置 Telegram 令牌：在 .env 里设置 QA_TELEGRAM_TOKEN 即可启动机器人；现在打开本地对话。）"


def main(argv: Sequence[str] | None = None) -> int:
    """Run the bot (or `--check` it); 0 on a clean stop or a passed check, 1 with one line on stderr otherwise."""
    parser = argparse.ArgumentParser(prog="qa-bot", description="the report QA Telegram bot")
    parser.add_argument("--check", action="store_true", help="validate settings, token format, reports and cache")
    parser.add_argument(
        "--chat-if-no-token", action="store_true", help="without a token, open the local chat (on a terminal only)"
    )
    args = parser.parse_args(argv)
    try:
        settings = load_settings()
    except QaError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    if settings.telegram_token is None:
        if args.chat_if_no_token and sys.stdin.isatty() and not args.check:
            print(SETUP_NOTE, file=sys.stderr)
            return cli_main(["chat"])
        print(f"error: {NOT_CONFIGURED}", file=sys.stderr)
        return 1
    from bot.app import check, run_bot

    if args.check:
        try:
            for line in check(settings):
                print(line)
        except QaError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 1
        print("ok")
        return 0
    return run_bot(settings)


if __name__ == "__main__":
    sys.exit(main())
