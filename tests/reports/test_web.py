"""Saved web pages: encodings, the article text without page furniture, the header from the page."""

from __future__ import annotations

import quopri
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText
from pathlib import Path

import pytest
from opencc import OpenCC

from qa.answers.answer import answer
from qa.models import SkipReason
from qa.reports import UnreadableReport
from qa.reports.corpus import load_corpus
from qa.reports.encoding import declared_charset, decode_page
from qa.reports.web import read_web_page
from qa.search.index import ReportIndex
from tests.conftest import FORMATS

FURNITURE = ("首页", "新闻中心", "客户端", "相关新闻", "热点排行", "广告", "Copyright", "ICP", "扫码", "分享到", "图为")


def _text(name: str) -> str:
    return read_web_page((FORMATS / name).read_bytes()).text


def test_utf8_page_keeps_the_article_and_drops_the_furniture() -> None:
    document = read_web_page((FORMATS / "news-utf8.html").read_bytes())
    assert document.lines[0] == "浦江区人民法院发布2023年审判工作报告"
    assert (
        "报告显示，2023年全院共受理各类案件5,872件，审结5,641件，结案率达96.1%，法官人均结案213件。" in document.lines
    )
    for word in FURNITURE:
        assert word not in document.text, word
    assert "_hmt" not in document.text
    assert document.headings == {"诉源治理成效明显", "审判质效稳步提升"}


def test_utf8_page_header_comes_from_meta_tags_and_the_info_line() -> None:
    info = read_web_page((FORMATS / "news-utf8.html").read_bytes()).info
    assert info.title == "浦江区人民法院发布2023年审判工作报告"
    assert info.date == "2024-01-18"
    assert info.publisher == "东方新闻网"
    assert info.authors == ("李明",)


def test_gbk_page_in_layout_tables_is_decoded_and_cleaned() -> None:
    data = (FORMATS / "news-gbk.html").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    assert declared_charset(data) == "gb18030"
    document = read_web_page(data)
    assert document.lines[0] == "江州市召开2024年政府工作报告新闻发布会"
    assert "全年新增城镇就业4.2万人，城镇调查失业率控制在5%以内，居民人均可支配收入增长5.8%。" in document.lines
    for word in ("网站首页", "当前位置", "打印本页", "关闭窗口", "农商银行", "相关新闻", "赣ICP备", "网站标识码"):
        assert word not in document.text, word
    # 「记者：陈静　点击数：1208」: the unknown label does not end up in the name.
    assert (document.info.date, document.info.publisher, document.info.authors) == ("2024-02-05", "江州日报", ("陈静",))


def test_big5_page_is_decoded_from_its_meta_charset() -> None:
    # The UTF-8 page in traditional characters, saved as Big5 (what Big5 lacks as character references).
    page = OpenCC("s2t").convert((FORMATS / "news-utf8.html").read_text(encoding="utf-8"))
    data = page.replace('charset="utf-8"', 'charset="big5"').encode("big5", errors="xmlcharrefreplace")
    document = read_web_page(data)
    assert (
        "報告顯示，2023年全院共受理各類案件5,872件，審結5,641件，結案率達96.1%，法官人均結案213件。" in document.lines
    )
    assert "相關新聞" not in document.text
    assert document.info.publisher == "東方新聞網"


def test_a_page_lying_about_its_charset_is_decoded_by_its_bytes() -> None:
    page = (
        '<html><head><meta charset="utf-8"></head>'
        "<body><p>全市新增就业岗位一万二千个，城镇调查失业率为百分之五。</p></body></html>"
    )
    assert decode_page(page.encode("gb18030")) == page


@pytest.mark.parametrize(
    "page",
    [b"<html><body></body></html>", b"<html><body><script>var a = 1;</script></body></html>", b"\x00\x01 junk"],
)
def test_a_page_without_an_article_is_skipped_with_a_reason(page: bytes) -> None:
    with pytest.raises(UnreadableReport) as caught:
        read_web_page(page)
    assert caught.value.reason is SkipReason.NO_TEXT
    assert "no article text" in str(caught.value)


def test_a_page_of_links_only_is_listed_as_having_no_sentences(tmp_path: Path) -> None:
    (tmp_path / "menu.html").write_text(
        "<html><body><ul><li><a href='/'>首页</a></li><li><a href='/news'>新闻</a></li></ul></body></html>",
        encoding="utf-8",
    )
    (tmp_path / "good.txt").write_text("好消息\n全市新建公园12座。\n", encoding="utf-8")
    (_, status) = load_corpus(tmp_path).files
    assert (status.name, status.skipped) == ("menu.html", SkipReason.NO_TEXT)


def test_paragraphs_broken_with_br_stay_apart(tmp_path: Path) -> None:
    page = (
        "<html><head><title>市政府常务会议</title></head><body><div class='nav'><a>首页</a></div><div id='content'>"
        "　　1月5日，市政府召开常务会议，研究部署今年重点工作。会议强调，要坚持稳中求进工作总基调。<br><br>"
        "　　会议指出，2023年全市经济运行总体平稳，主要指标好于预期，全年地区生产总值增长百分之六。<br><br>"
        "一、关于重点项目<br>　　会议要求，加快推进重点项目建设，确保全年完成投资三百亿元以上，新开工项目一百个。"
        "</div><div class='footer'>版权所有</div></body></html>"
    )
    (tmp_path / "meeting.html").write_text(page, encoding="utf-8")
    sentences = list(load_corpus(tmp_path).sentences)
    last = sentences[-1]
    assert last.text == "会议要求，加快推进重点项目建设，确保全年完成投资三百亿元以上，新开工项目一百个。"
    assert last.heading == "一、关于重点项目"
    assert len({s.paragraph for s in sentences}) == 3


def test_html_tables_in_the_article_become_row_sentences(tmp_path: Path) -> None:
    page = (
        "<html><head><title>全市教育统计公报</title></head><body><article><h1>全市教育统计公报</h1>"
        "<p>2023年全市教育事业继续保持平稳发展，各级各类学校办学条件进一步改善。</p>"
        "<table><tr><th>学段</th><th>学校数</th><th>在校生</th></tr>"
        "<tr><td>小学</td><td>412所</td><td>38.6万人</td></tr>"
        "<tr><td>初中</td><td>198所</td><td>17.2万人</td></tr></table>"
        "<p>全市专任教师总数达到4.1万人，比上年增加1,200人，师生比进一步优化。</p></article></body></html>"
    )
    (tmp_path / "edu.html").write_text(page, encoding="utf-8")
    assert "小学：学校数 412所，在校生 38.6万人。" in [s.text for s in load_corpus(tmp_path).sentences]


def test_questions_are_answered_from_both_pages(formats_index: ReportIndex) -> None:
    court = answer(formats_index, "浦江区人民法院2023年诉前调解成功调解了多少件纠纷?").items[0]
    assert "1,356件" in court.text
    assert court.article.publisher == "东方新闻网"
    economy = answer(formats_index, "江州市2023年地区生产总值是多少?").items[0]
    assert "3,268亿元" in economy.text
    assert economy.article.title == "江州市召开2024年政府工作报告新闻发布会"


def test_a_web_archive_is_read_as_the_page_inside(tmp_path: Path) -> None:
    # What Chrome's "save as single file" writes: a MIME message, the page quoted-printable in GBK.
    archive = MIMEMultipart("related")
    archive["Subject"] = "江州市召开2024年政府工作报告新闻发布会"
    page = MIMEText("", "html", "gb2312")
    page.replace_header("Content-Transfer-Encoding", "quoted-printable")
    page.set_payload(quopri.encodestring((FORMATS / "news-gbk.html").read_bytes()).decode("ascii"))
    archive.attach(page)
    archive.attach(MIMEText("body { color: red }", "css"))
    (tmp_path / "saved.mhtml").write_bytes(archive.as_bytes())
    corpus = load_corpus(tmp_path)
    (status,) = corpus.files
    assert (status.format, status.sentences) == ("mhtml", 4)
    assert corpus.articles[0].publisher == "江州日报"


def test_a_web_archive_without_a_page_is_corrupt() -> None:
    from qa.reports.mhtml import read_web_archive

    with pytest.raises(UnreadableReport) as caught:
        read_web_archive(b"MIME-Version: 1.0\nContent-Type: text/plain\n\nhello")
    assert caught.value.reason is SkipReason.CORRUPT


def test_a_site_name_after_the_headline_is_left_out() -> None:
    page = (
        "<html><head><title>全市秋粮收购进展顺利_要闻_江州新闻网</title>"
        '<meta property="og:title" content="全市秋粮收购进展顺利_要闻_江州新闻网"></head><body>'
        "<article><h1>全市秋粮收购进展顺利</h1>"
        "<p>截至10月底，全市累计收购秋粮46.3万吨，同比增加3.1万吨，收购进度快于上年同期。</p>"
        "<p>市粮食局表示，将继续加强收购资金保障，确保农民售粮不难、卖粮不亏。</p></article></body></html>"
    )
    document = read_web_page(page.encode("utf-8"))
    assert document.info.title == "全市秋粮收购进展顺利"
    assert document.lines[0] == "全市秋粮收购进展顺利"
