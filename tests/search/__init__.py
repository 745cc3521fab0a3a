"""Tests of qa.search."""
