"""Tests of qa.chat."""
