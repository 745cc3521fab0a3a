"""The asker's script: which one a reply is written in, and the Taiwan and Hong Kong forms of traditional."""

from __future__ import annotations

import pytest

from qa.chat.voice import Voice, choose_script, script_of_language
from qa.models import Script, TraditionalStandard


@pytest.mark.parametrize(
    ("message", "last", "language", "expected"),
    [
        ("梧州发放了多少份调查问卷?", Script.TRADITIONAL, "zh-hant", Script.SIMPLIFIED),  # the message decides
        ("梧州發放了多少份調查問卷?", Script.SIMPLIFIED, "zh-hans", Script.TRADITIONAL),
        ("全市法院立案率是多少?", Script.TRADITIONAL, "zh-hans", Script.TRADITIONAL),  # ambiguous: the chat's last
        ("全市法院立案率是多少?", None, "zh-hant", Script.TRADITIONAL),  # then Telegram's language
        ("全市法院立案率是多少?", None, "zh-TW", Script.TRADITIONAL),
        ("全市法院立案率是多少?", None, "zh_HK", Script.TRADITIONAL),
        ("/start", None, "zh-Hant-TW", Script.TRADITIONAL),
        ("/start", None, "zh-hans", Script.SIMPLIFIED),
        ("/start", None, "en", Script.SIMPLIFIED),  # then simplified
        ("/start", None, None, Script.SIMPLIFIED),
        ("/start", Script.UNKNOWN, "", Script.SIMPLIFIED),
    ],
)
def test_script_choice(message: str, last: Script | None, language: str | None, expected: Script) -> None:
    assert choose_script(message, last, language) is expected


def test_languages_that_are_not_chinese_say_nothing_about_the_script() -> None:
    assert script_of_language("en-US") is None
    assert script_of_language("zh") is Script.SIMPLIFIED
    assert script_of_language("zh-cn") is Script.SIMPLIFIED


def test_taiwan_and_hong_kong_forms_differ_where_readers_expect() -> None:
    taiwan = Voice(Script.TRADITIONAL, TraditionalStandard.TAIWAN)
    hong_kong = Voice(Script.TRADITIONAL, TraditionalStandard.HONG_KONG)
    assert taiwan.say("为了高峰里面的群众") == "為了高峰裡面的群眾"
    assert hong_kong.say("为了高峰里面的群众") == "為了高峯裏面的羣眾"
    assert taiwan.say("这个项目") == "這個項目"  # characters only: no Taiwan vocabulary (專案) inside quotations


def test_simplified_voice_leaves_phrases_alone_and_folds_report_text() -> None:
    voice = Voice()
    assert voice.say("还有呢") == "还有呢"
    assert voice.show("黑龍江政法隊伍", Script.TRADITIONAL) == "黑龙江政法队伍"
    assert voice.show_any("黑龍江") == "黑龙江"


def test_traditional_voice_keeps_traditional_reports_as_written() -> None:
    voice = Voice(Script.TRADITIONAL)
    assert voice.show("政法干警", Script.TRADITIONAL) == "政法干警"  # not 「幹警」
    assert voice.show("政法干警", Script.UNKNOWN) == "政法干警"
    assert voice.show("海港市", Script.SIMPLIFIED) == "海港市"
    assert voice.show("为民服务", Script.SIMPLIFIED) == "為民服務"
    assert voice.show("爲民服務", Script.SIMPLIFIED) == "為民服務"  # OpenCC's generic form, re-written in Taiwan's
