"""The Telegram adapter: renders the shared conversation (qa.chat) as Telegram messages."""
