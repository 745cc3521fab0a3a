"""Spoken words are read as the written words the reports use, only where the reports need it."""

from __future__ import annotations

from qa.answers.spoken import written_form


def test_a_spoken_word_no_report_holds_is_read_as_the_written_one_a_report_holds() -> None:
    reports = "全省共侦破刑事案件1237起。政府向每名市民发放消费券。"
    assert written_form("破了多少起案子", reports.__contains__) == "破了多少起案件"
    assert written_form("消费券每人发多少", reports.__contains__) == "消费券每名发多少"


def test_a_spoken_word_the_reports_use_is_kept_as_written() -> None:
    reports = "这个案子办了三年。案件已经审结。"
    assert written_form("这个案子办了多久", reports.__contains__) == "这个案子办了多久"


def test_without_a_written_form_in_the_reports_the_question_is_unchanged() -> None:
    assert written_form("破了多少起案子", "今天天气很好。".__contains__) == "破了多少起案子"
