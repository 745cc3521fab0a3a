"""Tests of the Telegram adapter (bot/)."""
