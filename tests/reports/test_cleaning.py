"""Page furniture of scraped reports is recognised by its shape, not by site."""

from __future__ import annotations

import pytest

from qa.reports.cleaning import LineKind, classify_line


@pytest.mark.parametrize(
    ("line", "kind"),
    [
        ("香港商报官网 > 黑龙江 > 时政要闻", LineKind.CRUMB),
        ("某某网 » 新闻 » 正文", LineKind.CRUMB),
        ("99福利在线_xxxx影院_毛片网站免费_777sesese", LineKind.SPAM),
        ("最新资讯|热门排行|免费下载|官方网站", LineKind.SPAM),
        ("梧州零距離APP梧州零距離", LineKind.PROMO),
        ("扫码下载客户端", LineKind.PROMO),
        ("黑龍江省委政法委常務副書記郝偉夫 孫英鑫/攝", LineKind.CAPTION),
        ("图为新建的集装箱码头", LineKind.CAPTION),
        ("[责任编辑:赵书琪 ]", LineKind.EDITOR),
        ("編輯:徐慧", LineKind.EDITOR),
        ("(記者 張曉磊)", LineKind.CREDIT),
        ("(李繼遠 高寒 廖敬生)", LineKind.CREDIT),
        ("全市法院當場立案率97.64%。", LineKind.TEXT),
        ("着力推出便民利民服務舉措 優服務供民需", LineKind.TEXT),
        ("   ", LineKind.BLANK),
        ("。。。", LineKind.BLANK),
    ],
)
def test_classify_line(line: str, kind: LineKind) -> None:
    assert classify_line(line) is kind


def test_a_sentence_mentioning_an_app_is_still_text() -> None:
    assert classify_line("公安機關推出了政務服務APP,方便群眾辦事。") is LineKind.TEXT
