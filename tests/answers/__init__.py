"""Tests of qa.answers."""
