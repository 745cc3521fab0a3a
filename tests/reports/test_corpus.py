"""Loading reports: headers, metadata, body sentences, encodings and broken files."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from qa.errors import CorpusError
from qa.reports.corpus import load_corpus, parse_report
from tests.conftest import DATA, SEEDS


def test_bundled_reports_metadata() -> None:
    corpus = load_corpus(SEEDS)
    hk, wz = corpus.articles
    assert hk.id == "000_ac913a60e2e490e0"
    assert hk.title == "黑龍江政法隊伍「我為群眾辦實事」實踐活動見行見效"
    assert (hk.date, hk.publisher, hk.authors) == ("2021-06-25", "香港商报网", ("張曉磊",))
    assert wz.title == "續寫更多政法干警“春天的故事”"
    assert wz.subtitle is not None
    assert wz.subtitle.startswith("——市政法機關")
    assert (wz.date, wz.publisher, wz.editor) == ("2022-02-24", "梧州零距離網-梧州日報", "徐慧")
    assert wz.authors == ("李繼遠", "高寒", "廖敬生")


def test_every_bundled_report_yields_sentences() -> None:
    corpus = load_corpus(SEEDS)
    assert all(count > 0 for count in corpus.sentence_counts())


def test_boilerplate_never_becomes_a_sentence() -> None:
    texts = [s.text for s in load_corpus(SEEDS).sentences]
    for junk in ("福利", "APP", "/攝", "责任编辑", "記者 張曉磊", "> 正文"):
        assert not any(junk in text for text in texts), junk


def test_header_parsing_on_a_hand_written_report() -> None:
    corpus = load_corpus(DATA / "reports")
    harbor = next(a for a in corpus.articles if a.id == "harbor")
    assert harbor.title == "海港市发布会介绍港口建设成果"
    assert harbor.date == "2023-05-12"
    assert harbor.publisher == "海港日报"
    assert harbor.authors == ("王小明", "李华")
    assert harbor.editor == "陈静"
    sentences = [s for s in corpus.sentences if s.article == corpus.articles.index(harbor)]
    texts = [s.text for s in sentences]
    assert "海港市港口集团今天召开新闻发布会。" in texts
    assert not any("APP" in t or "/摄" in t or "责任编辑" in t for t in texts)
    assert "码头工人称赞说:“这里的条件越来越好!”" in texts
    dock = next(s for s in sentences if s.text.startswith("新建集装箱码头"))
    assert dock.heading == "港口建设"


def test_byline_gives_authors_and_is_not_a_sentence() -> None:
    corpus = load_corpus(DATA / "reports")
    orchard = next(a for a in corpus.articles if a.id == "orchard")
    assert orchard.authors == ("劉芳",)
    assert orchard.title == "果园镇推广节水灌溉"


def test_file_without_header_falls_back_to_first_line() -> None:
    article, body = parse_report(
        "plain", Path("plain.txt"), "今年全县新建乡村图书馆15座,藏书总量超过30万册,服务读者10万人次以上。"
    )
    assert article.title.startswith("今年全县新建乡村图书馆15座")
    assert len(body) == 1


def test_file_with_only_junk_title_falls_back_to_its_name() -> None:
    article, body = parse_report("junk", Path("junk.txt"), "99福利在线_xxxx影院_毛片网站免费\n")
    assert article.title == "junk"
    assert body == []


@pytest.mark.parametrize("codec", ["utf-8-sig", "gb18030", "big5"])
def test_other_encodings_are_decoded(tmp_path: Path, codec: str) -> None:
    text = "政府工作報告指出,全年新增就業崗位一千二百萬個,城鎮調查失業率為百分之五點二。"
    (tmp_path / "report.txt").write_bytes(text.encode(codec))
    corpus = load_corpus(tmp_path)
    assert corpus.sentences[0].text == text


def test_broken_files_are_skipped_with_a_warning(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "binary.txt").write_bytes(bytes(range(128, 256)) * 4)
    (tmp_path / "good.txt").write_text("好消息\n全市新建公园12座。\n", encoding="utf-8")
    (tmp_path / "notes.csv").write_text("ignored,file\n", encoding="utf-8")
    with caplog.at_level(logging.WARNING):
        corpus = load_corpus(tmp_path)
    assert [a.id for a in corpus.articles] == ["good"]
    assert "empty.txt" in caplog.text
    assert "binary.txt" in caplog.text


def test_empty_folder_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(CorpusError, match="no readable reports"):
        load_corpus(tmp_path)


def test_missing_folder_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(CorpusError, match="not found"):
        load_corpus(tmp_path / "nope")


@pytest.mark.parametrize(
    ("text", "date", "publisher", "authors", "editor"),
    [
        (
            "标题\n新华社北京3月18日电（记者 张三 李四）国务院新闻办公室18日举行发布会。",
            None,
            None,
            ("张三", "李四"),
            None,
        ),
        (
            "标题\n2026-03-18 10:20:30 来源：澎湃新闻\n正文第一句话。\n（完）\n编辑 | 王五",
            "2026-03-18",
            "澎湃新闻",
            (),
            "王五",
        ),
        ("标题\n文/赵六\n正文第一句话。", None, None, ("赵六",), None),
        ("标题\n记者｜钱七 实习生｜孙八\n正文第一句话。", None, None, ("钱七", "孙八"), None),
        ("標題\n2026年3月18日 星期三\n本報記者 吳十\n正文第一句話。", "2026-03-18", None, ("吳十",), None),
        ("标题\n□ 本报记者 郑一 通讯员 冯二\n正文第一句话。", None, None, ("郑一", "冯二"), None),
        ("标题\n来源：某某网 | 作者：王一 | 编辑：李二\n正文第一句话。", None, "某某网", ("王一",), "李二"),
        ("标题\n【来源：杭州日报】 2026年3月20日 09:30\n正文第一句话。", "2026-03-20", "杭州日报", (), None),
        (
            "标题\n发文机关：某省人民政府办公厅\n索引号：0024/2026-001\n文号：某政发〔2026〕1号\n正文第一句话。",
            None,
            "某省人民政府办公厅",
            (),
            None,
        ),
        ("標題\n記者 陳大文 香港報道\n正文第一句話。", None, None, ("陳大文",), None),
        ("標題\n〔記者林志明／台北報導〕台北市政府今日宣布新措施。", None, None, ("林志明",), None),
    ],
)
def test_header_and_byline_forms_of_real_pages_are_read_and_never_become_text(
    text: str, date: str | None, publisher: str | None, authors: tuple[str, ...], editor: str | None
) -> None:
    article, body = parse_report("x", Path("x.txt"), text)
    assert (article.date, article.publisher, article.authors, article.editor) == (date, publisher, authors, editor)
    assert len(body) == 1
    assert body[0].heading is None
    for credit in ("记者", "記者", "来源", "编辑", "索引号", "文号", "/", "｜", "〔", "星期"):
        assert credit not in body[0].text, credit


def test_a_heading_that_opens_with_a_role_word_is_no_byline() -> None:
    article, body = parse_report("x", Path("x.txt"), "标题\n正文第一句话。\n记者走进社区\n社区里很热闹。")
    assert article.authors == ()
    assert body[-1].heading == "记者走进社区"
