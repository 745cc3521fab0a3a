"""Reports laid out unlike the format fixtures (tests/data/layouts): what a user should see of each.

Each file was written down first — title, date, publisher, authors, editor, sentences and headings a
reader of the page sees, and the page furniture that must not become an answer — and then read.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from qa.answers.answer import answer
from qa.models import Article
from qa.reports.cleaning import LineKind, classify_line, strip_end_mark
from qa.reports.corpus import load_corpus
from qa.reports.listing import Corpus
from qa.reports.markdown import read_markdown
from qa.reports.metadata import Metadata, read_issuer_line
from qa.reports.tables import table_sentences
from qa.search.index import ReportIndex, build_index
from tests.conftest import DATA

LAYOUTS = DATA / "layouts"  # see make_layouts.py there


@dataclass(frozen=True)
class Expected:
    """What a user should see of one file."""

    title: str
    date: str
    publisher: str | None
    authors: tuple[str, ...]
    editor: str | None
    sentences: tuple[str, ...]
    headings: tuple[str, ...] = ()
    absent: tuple[str, ...] = ()


EXPECTED = {
    "gov-notice": Expected(
        title="关于印发《临川市2024年城乡居民基本医疗保险实施方案》的通知",
        date="2024-03-12",
        publisher="临川市医疗保障局",
        authors=(),
        editor=None,
        sentences=("2024年城乡居民医保个人缴费标准为每人每年380元，各级财政补助标准为每人每年不低于670元。",),
        headings=("一、参保范围", "二、筹资标准", "三、待遇保障"),
        absent=("索引号", "浏览次数", "字号", "分享到", "打印", "相关链接", "版权所有", "ICP", "无障碍", "网站地图"),
    ),
    "gov-table": Expected(
        title="青川县人民政府关于公布2024年度县级非物质文化遗产代表性项目名录的通知",
        date="2024-05-20",
        publisher="青川县人民政府",
        authors=(),
        editor=None,
        sentences=("其中，传统技艺类6项，包括青川竹编、木鱼山茶制作技艺等；",),
        absent=(
            "索引号",
            "索 引 号",
            "信息分类",
            "有效性",
            "青府发",
            "当前位置",
            "打印",
            "收藏",
            "ICP",
            "此件公开发布",
        ),
    ),
    "portal-news": Expected(
        title="广茂铁路完成电气化改造 广州至茂名动车组列车开通",
        date="2024-06-28",
        publisher="茂名日报",
        authors=("黄志强", "林晓"),
        editor="陈美玲",
        sentences=("改造完成后，广州至茂名最快旅行时间由4小时40分钟压缩至2小时58分钟，每日开行动车组列车12对。",),
        absent=("评论", "网友", "终于通动车", "票价", "热点排行", "客户端", "首付", "责任编辑", "Copyright"),
    ),
    "taoyuan-big5": Expected(
        title="桃園市政府公布112年度交通建設成果",
        date="2024-01-22",
        publisher="北台灣新聞網",  # the site name the <title> ends with
        authors=("張嘉文",),
        editor=None,
        sentences=("市府交通局表示，桃園捷運綠線工程進度已達百分之四十二，預計民國115年完成通車。",),
        absent=("首頁", "相關新聞", "列印", "關閉視窗", "著作權", "報導"),
    ),
    "statistics": Expected(
        title="云溪县2023年国民经济和社会发展统计公报",
        date="2024-03-20",
        publisher="云溪县统计局",
        authors=(),
        editor=None,
        sentences=("茶叶：产量 1.36万吨，比上年增长 4.8%。",),
        headings=("一、综合", "二、农业", "三、工业和建筑业"),
        absent=("第 1 页", "云溪县统计局发布"),
    ),
    "rule-of-law": Expected(
        title="青石市2023年度法治政府建设情况报告",
        date="2024-02-28",
        publisher="青石市人民政府",
        authors=(),
        editor=None,
        sentences=(
            "全市行政执法机关共办理行政处罚案件4,127件，行政执法案卷评查合格率为96.2%，"
            "行政复议案件办结率达到100%，行政机关负责人出庭应诉率连续三年保持100%。",
        ),
        headings=("一、推进政府职能转变", "二、严格规范公正文明执法", "三、下一步工作安排"),
        absent=("公报", "第 1 页", "印发"),
    ),
    "renovation": Expected(
        title="关于开展2024年度城镇老旧小区改造项目申报工作的通知",
        date="2024-02-26",
        publisher="江宁市住房和城乡建设局",
        authors=(),
        editor=None,
        sentences=("全市计划改造老旧小区132个，涉及居民4.6万户，总投资约18.5亿元。",),
        absent=("扫一扫", "打印本页", "关闭窗口", "返回顶部"),
    ),
    "environment": Expected(
        title="南湖区2023年生态环境状况公报",
        date="2024-06-05",
        publisher="南湖区生态环境局",
        authors=(),
        editor=None,
        sentences=(
            "2023年，南湖区环境空气质量优良天数为318天，优良率为87.1%，较上年提高2.3个百分点。",
            "考核断面优良比例：2022年 83.3%，2023年 91.7%。",
            "道路交通声环境昼间平均等效声级为66.8分贝。",
        ),
        headings=("一、空气质量", "二、水环境质量", "三、声环境质量"),
        absent=("#", "**", "](", "http", "aqi.png", "---", "> "),
    ),
    "job-fair": Expected(
        title="石桥镇举办2024年春季农民工专场招聘会",
        date="2024-03-05",
        publisher="石桥镇人民政府",
        authors=("周海燕", "刘伟"),
        editor="吴佳",
        sentences=("镇人力资源和社会保障所负责人介绍，今年镇里还将开展技能培训12期，帮助农村劳动力就近就业。",),
        absent=("首页", "当前位置", "浏览量", "分享到", "上一篇", "下一篇", "（完）"),
    ),
    "sanitation": Expected(
        title="梅溪县2023年农村人居环境整治工作总结",
        date="2024-01-16",
        publisher="梅溪县农业农村局",
        authors=(),
        editor=None,
        sentences=("全年新建改建农村户用卫生厕所3,416户，农村卫生厕所普及率达到93.5%。",),
        absent=("信息公开", "公开方式", "打印", "关闭", "版权所有", "ICP"),
    ),
}


@pytest.fixture(scope="module")
def layouts() -> Corpus:
    return load_corpus(LAYOUTS)


@pytest.fixture(scope="module")
def layouts_index(layouts: Corpus) -> ReportIndex:
    return build_index(layouts)


def _article(corpus: Corpus, article_id: str) -> tuple[Article, list[str], set[str | None]]:
    number = next(n for n, article in enumerate(corpus.articles) if article.id == article_id)
    sentences = [s for s in corpus.sentences if s.article == number]
    return corpus.articles[number], [s.text for s in sentences], {s.heading for s in sentences}


def test_every_layout_file_is_read(layouts: Corpus) -> None:
    assert {article.id for article in layouts.articles} == set(EXPECTED)
    assert all(status.skipped is None for status in layouts.files)


@pytest.mark.parametrize("article_id", sorted(EXPECTED))
def test_the_header_is_what_the_page_shows(layouts: Corpus, article_id: str) -> None:
    article, _, _ = _article(layouts, article_id)
    expected = EXPECTED[article_id]
    assert (article.title, article.date, article.publisher, article.authors, article.editor) == (
        expected.title,
        expected.date,
        expected.publisher,
        expected.authors,
        expected.editor,
    )


@pytest.mark.parametrize("article_id", sorted(EXPECTED))
def test_the_sentences_are_the_article_without_page_furniture(layouts: Corpus, article_id: str) -> None:
    _, sentences, headings = _article(layouts, article_id)
    expected = EXPECTED[article_id]
    for sentence in expected.sentences:
        assert sentence in sentences
    text = "\n".join(sentences) + "\n".join(heading or "" for heading in headings)
    for word in expected.absent:
        assert word not in text, word
    assert set(expected.headings) <= headings
    # The date, info and issuer lines under the title are header, never a section heading.
    assert not any(heading and any(ch.isdigit() for ch in heading[:4]) for heading in headings)


@pytest.mark.parametrize(
    ("question", "article_id", "words"),
    [
        ("临川市城乡居民医保个人每年缴费多少？", "gov-notice", "380元"),
        ("广茂铁路全长多少公里？", "portal-news", "364.6公里"),
        ("桃園捷運綠線何時通車？", "taoyuan-big5", "民國115年"),
        ("云溪县茶叶产量是多少？", "statistics", "1.36万吨"),
        ("青石市办理行政处罚案件多少件？", "rule-of-law", "4,127件"),
        ("南湖区考核断面优良比例是多少？", "environment", "91.7%"),
        ("石桥镇招聘会提供多少个岗位？", "job-fair", "1,280个"),
        ("梅溪县农村卫生厕所普及率是多少？", "sanitation", "93.5%"),
        ("青川县第五批县级非物质文化遗产代表性项目有多少项？", "gov-table", "14项"),
    ],
)
def test_a_question_is_answered_from_the_layout_file(
    layouts_index: ReportIndex, question: str, article_id: str, words: str
) -> None:
    result = answer(layouts_index, question)
    assert result is not None
    best = result.items[0]
    assert best.article.id == article_id
    assert words in best.text


def test_a_question_the_files_do_not_answer_is_refused(layouts_index: ReportIndex) -> None:
    result = answer(layouts_index, "火星上有多少座城市？")
    assert result is None or not result.items


@pytest.mark.parametrize(
    ("line", "publisher", "date", "authors"),
    [
        ("青石市人民政府　2024年2月28日", "青石市人民政府", "2024-02-28", []),
        ("云溪县统计局", "云溪县统计局", None, []),
        ("2024/01/22　記者 張嘉文／桃園報導", None, "2024-01-22", ["張嘉文"]),
    ],
)
def test_an_issuer_or_dated_byline_under_the_title_is_header(
    line: str, publisher: str | None, date: str | None, authors: list[str]
) -> None:
    metadata = Metadata()
    assert read_issuer_line(line, metadata)
    assert (metadata.publisher, metadata.date, metadata.authors) == (publisher, date, authors)


@pytest.mark.parametrize("line", ["一、综合", "2024年工作安排", "全面推进乡村振兴", "2024-01-22 新的一年"])
def test_headings_and_prose_are_no_issuer_lines(line: str) -> None:
    assert not read_issuer_line(line, Metadata())


@pytest.mark.parametrize(
    "line",
    [
        "分享到：微信 微博 QQ空间",
        "上一篇：石桥镇召开安全生产工作会议",
        "扫一扫在手机打开当前页",
        "【打印本页】【关闭窗口】【返回顶部】",
        "版权所有：临川市人民政府　赣ICP备12003456号-1",
        "本網站著作權屬北台灣新聞網所有　Copyright (C) 2024",
    ],
)
def test_page_furniture_lines_are_no_text(line: str) -> None:
    assert classify_line(line) is LineKind.PAGE


def test_the_end_mark_of_a_story_leaves_its_last_sentence() -> None:
    assert strip_end_mark("帮助农村劳动力就近就业。（完）") == "帮助农村劳动力就近就业。"
    assert strip_end_mark("全文到此。(END)") == "全文到此。"
    assert strip_end_mark("工作完成情况") == "工作完成情况"


def test_markdown_markup_is_not_text() -> None:
    document = read_markdown(
        "# 标题\n\n正文**加粗**和[链接](http://a.cn)。\n\n小节\n----\n\n- 条目一。\n\n"
        "| 项 | 值 |\n|--|--|\n| 甲 | 1 |\n".encode()
    )
    assert document.lines[0] == "标题"
    assert "正文加粗和链接。" in document.lines
    assert "条目一。" in document.lines
    assert "甲：值 1。" in document.lines
    assert document.headings == {"小节"}


def test_a_table_of_labels_and_values_gives_header_lines_and_facts() -> None:
    rows = [
        ["索 引 号：", "000014349/2024-00087", "发文机关：", "青川县人民政府"],
        ["成文日期：", "2024年05月20日", "项目名称：", "青川竹编"],
    ]
    assert table_sentences(rows) == [
        "索引号：000014349/2024-00087",
        "发文机关：青川县人民政府",
        "成文日期：2024年05月20日",
        "项目名称：青川竹编。",
    ]
