"""`python -m bot`: start the Telegram bot, or the local chat harness when no token is configured."""

from __future__ import annotations

import sys

from qa.cli import main as cli_main
from qa.errors import QaError
from qa.settings import load_settings

SETUP_NOTE = "（没有配置 Telegram 令牌：在 .env 里设置 QA_TELEGRAM_TOKEN 即可启动机器人；现在打开本地对话。）"


def main() -> int:
    """Run the bot when QA_TELEGRAM_TOKEN is set, else explain in one line and open `qa chat`."""
    try:
        settings = load_settings()
    except QaError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    if settings.telegram_token is None:
        print(SETUP_NOTE, file=sys.stderr)
        return cli_main(["chat"])
    from bot.app import run_bot

    return run_bot(settings)


if __name__ == "__main__":
    sys.exit(main())
