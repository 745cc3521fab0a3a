"""Write the layout fixtures of tests/data/layouts: reports laid out unlike tests/data/formats.

    python tests/data/layouts/make_layouts.py [--font PATH]

Each file is a kind of page or document users drop into the folder (a government portal page, a
news portal page, a Big5 page, a Word file without styles, a two-page PDF, plain text with page
buttons, Markdown). The UTF-8 files (gov-notice.html, portal-news.html, environment.md) are ordinary
text files and are edited as such; this script writes the rest (other encodings, a BOM, MHTML, Word,
PDF), so each is reproducible; the outputs are committed. Needs the dev extra (python-docx, fpdf2) and a CJK font for the PDF.
"""

from __future__ import annotations

import argparse
import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import docx
from docx.shared import Pt
from fpdf import FPDF

HERE = Path(__file__).resolve().parent
DEFAULT_FONT = Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")

BIG5_PAGE = """<html>
<head>
<meta http-equiv="Content-Type" content="text/html; charset=big5">
<title>桃園市政府公布112年度交通建設成果 - 北台灣新聞網</title>
</head>
<body>
<div class="menu"><a href="/">首頁</a>｜<a href="/local/">地方新聞</a>｜<a href="/politics/">政治</a>｜<a href="/life/">生活</a></div>
<div class="path">首頁 &gt; 地方新聞 &gt; 桃園</div>
<div class="news">
<h1>桃園市政府公布112年度交通建設成果</h1>
<p class="meta">2024/01/22　記者 張嘉文／桃園報導</p>
<div class="text">
<p>桃園市政府今日公布112年度交通建設成果，全年完成道路拓寬工程27處，新設公車候車亭156座。</p>
<p>市府交通局表示，桃園捷運綠線工程進度已達百分之四十二，預計民國115年完成通車。</p>
<p>此外，市區公車路線新增11條，全年公車搭乘人次達到5,830萬人次，較前一年成長百分之八點五。</p>
<p>交通局長指出，明年將持續推動智慧號誌，在主要幹道設置320處路口的適應性號誌系統。</p>
</div>
<div class="tags">相關新聞：<a href="/1">桃園捷運綠線最新進度</a>　<a href="/2">中壢公車轉運站啟用</a></div>
<div class="btns">【列印】【轉寄】【關閉視窗】</div>
</div>
<div class="copy">本網站著作權屬北台灣新聞網所有，未經授權不得轉載　Copyright (C) 2024</div>
</body>
</html>
"""

NOTICE_TXT = """\u3000\u3000关于开展2024年度城镇老旧小区改造项目申报工作的通知
【发布时间：2024年2月26日】【来源：江宁市住房和城乡建设局】
\u3000\u3000各区住房和城乡建设局：
\u3000\u3000为做好2024年度城镇老旧小区改造工作，现就项目申报有关事项通知如下。
\u3000\u3000申报范围为2000年底前建成、失养失修失管、市政配套设施不完善的住宅小区。
\u3000\u3000各区应于2024年3月31日前将申报材料报送市住房和城乡建设局城市更新处，逾期不予受理。
\u3000\u3000全市计划改造老旧小区132个，涉及居民4.6万户，总投资约18.5亿元。
\u3000\u3000联系人：王立新，联系电话：0551-62001234。

江宁市住房和城乡建设局
2024年2月26日

扫一扫在手机打开当前页
【打印本页】【关闭窗口】【返回顶部】
"""

# Text copied out of a browser window: menu, crumb, share bar and the 上一篇/下一篇 links come along.
COPIED_TXT = """首页 | 新闻中心 | 政务公开 | 办事服务 | 互动交流
当前位置：首页 > 新闻中心 > 部门动态
石桥镇举办2024年春季农民工专场招聘会
时间：2024-03-05 10:32:18　来源：石桥镇人民政府　浏览量：865
　　本报讯（记者 周海燕 通讯员 刘伟）3月4日，石桥镇在镇文化广场举办2024年春季农民工专场招聘会。
　　本次招聘会共有本地及周边企业56家参加，提供电子装配、物流仓储、家政服务等岗位1,280个。
　　现场共有2,100余名求职者入场咨询，初步达成就业意向632人。
　　镇人力资源和社会保障所负责人介绍，今年镇里还将开展技能培训12期，帮助农村劳动力就近就业。（完）
分享到：微信 微博 QQ空间
上一篇：石桥镇召开安全生产工作会议
下一篇：石桥镇开展植树节义务植树活动
责任编辑：吴佳
"""

GOV_ARCHIVE_HTML = """<html><head>
<meta http-equiv="Content-Type" content="text/html; charset=gb2312">
<title>梅溪县2023年农村人居环境整治工作总结</title>
<meta name="ArticleTitle" content="梅溪县2023年农村人居环境整治工作总结">
</head><body>
<div class="head"><a href="/">梅溪县人民政府</a> <a href="/xxgk/">信息公开</a> <a href="/zcjd/">政策解读</a></div>
<div class="crumbs">首页 &raquo; 信息公开 &raquo; 工作总结</div>
<div class="xxgk">
<dl><dt>发布机构：</dt><dd>梅溪县农业农村局</dd><dt>生成日期：</dt><dd>2024-01-16</dd><dt>公开方式：</dt><dd>主动公开</dd></dl>
</div>
<div class="art">
<h1>梅溪县2023年农村人居环境整治工作总结</h1>
<div class="TRS_Editor">
<p>2023年，梅溪县扎实推进农村人居环境整治提升行动，村容村貌明显改善。</p>
<p><strong>一是推进农村改厕。</strong>全年新建改建农村户用卫生厕所3,416户，农村卫生厕所普及率达到93.5%。</p>
<p><strong>二是治理生活污水。</strong>新建农村生活污水处理设施48处，生活污水治理率提高到41.2%。</p>
<p><strong>三是整治生活垃圾。</strong>全县配备保洁员1,050名，农村生活垃圾收运处置体系覆盖所有行政村。</p>
</div>
<div class="bottom">【<a href="javascript:print()">打印</a>】【<a href="javascript:close()">关闭</a>】</div>
</div>
<div class="foot">梅溪县人民政府办公室主办　版权所有 不得复制　闽ICP备10012345号</div>
</body></html>
"""

DOCX_PARAGRAPHS: list[tuple[str, str]] = [
    ("bold-center", "云溪县2023年国民经济和社会发展统计公报"),
    ("center", "云溪县统计局"),
    ("center", "2024年3月20日"),
    (
        "plain",
        "2023年，面对复杂多变的外部环境，全县上下坚持稳中求进工作总基调，经济运行总体平稳、稳中有进。",
    ),
    ("bold", "一、综合"),
    ("plain", "初步核算，全年全县地区生产总值完成286.4亿元，按不变价格计算，比上年增长5.9%。"),
    ("plain", "年末全县户籍人口为52.38万人，常住人口为47.12万人，城镇化率为58.6%。"),
    ("bold", "二、农业"),
    ("plain", "全年粮食播种面积42.6万亩，粮食总产量17.8万吨，比上年增长1.2%。"),
    ("table", ""),
    ("bold", "三、工业和建筑业"),
    ("plain", "全年规模以上工业增加值比上年增长7.4%，其中高新技术产业增加值增长11.3%。"),
]
DOCX_TABLE = [
    ["产品名称", "产量", "比上年增长"],
    ["茶叶", "1.36万吨", "4.8%"],
    ["水果", "9.72万吨", "3.1%"],
    ["蔬菜", "21.5万吨", "2.6%"],
]

PDF_HEADER = "青石市人民政府公报　2024年第4期"
PDF_TITLE = "青石市2023年度法治政府建设情况报告"
# Each page: (kind, text); a "para" is wrapped at the measure; an "open" one has OPEN_LINES lines on its page, the rest overleaf.
OPEN_LINES = 2
PDF_PAGES: list[list[tuple[str, str]]] = [
    [
        ("title", PDF_TITLE),
        ("plain", "青石市人民政府　2024年2月28日"),
        ("para", "2023年，青石市深入推进依法行政，法治政府建设各项任务有效落实，现将有关情况报告如下。"),
        ("plain", "一、推进政府职能转变"),
        (
            "para",
            "全年取消和调整行政许可事项23项，政务服务事项网上可办率达到98.6%，企业开办时间压缩至1个工作日以内。",
        ),
        ("plain", "二、严格规范公正文明执法"),
        (
            "open",
            "全市行政执法机关共办理行政处罚案件4,127件，行政执法案卷评查合格率为96.2%，"
            "行政复议案件办结率达到100%，行政机关负责人出庭应诉率连续三年保持100%。",
        ),
    ],
    [
        ("plain", "三、下一步工作安排"),
        (
            "para",
            "2024年，青石市将制定出台政府立法计划，完成《青石市城市绿化条例》等5部地方性法规草案的起草工作。",
        ),
    ],
]


MEIXI_URL = "http://www.meixi.gov.cn/xxgk/gzzj/202401/t20240116_123.html"
OLD_BR_PAGE = """<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312"><title>丰川县农业农村局</title></head>
<body><table width="960" align="center"><tr><td class="title" align="center"><b>丰川县秋粮收购工作全面启动</b></td></tr>
<tr><td align="center" class="info">时间：2025年8月9日&nbsp;&nbsp;&nbsp;来源：丰川县农业农村局&nbsp;&nbsp;&nbsp;点击：<span>288</span></td></tr>
<tr><td class="content">&nbsp;&nbsp;&nbsp;&nbsp;8月8日，丰川县秋粮收购工作全面启动，全县共设立收购网点36个。<br>
&nbsp;&nbsp;&nbsp;&nbsp;今年全县秋粮播种面积52.3万亩，预计总产量24.6万吨，比上年增长2.1%。<br>
&nbsp;&nbsp;&nbsp;&nbsp;县农业农村局要求各收购网点严格执行国家最低收购价政策，不得压级压价。<br>
&nbsp;&nbsp;&nbsp;&nbsp;收购期间，县市场监管局将开展计量器具专项检查，保护种粮农民利益。</td></tr>
<tr><td align="center">【<a href="javascript:window.print()">打印</a>】【<a href="javascript:window.close()">关闭</a>】</td></tr></table>
<div align="center">丰川县农业农村局　主办</div></body></html>
"""
# A WeChat article saved as a single file: the account's name, the author line, the editor and
# reviewer under the text, 「在看」 and 「阅读原文」.
WECHAT_PAGE = """<!DOCTYPE html><html><head><meta charset="utf-8"><meta property="og:title" content="清溪河绿道全线贯通">
<meta property="og:site_name" content="微信公众平台"><title>清溪河绿道全线贯通</title></head><body id="activity-detail">
<div class="rich_media_area_primary"><h1 class="rich_media_title" id="activity-name">清溪河绿道全线贯通</h1>
<div id="meta_content" class="rich_media_meta_list"><span class="rich_media_meta rich_media_meta_text">文丨周雨桐</span>
<span class="rich_media_meta rich_media_meta_nickname" id="profileBt"><a id="js_name">丰川发布</a></span>
<em id="publish_time" class="rich_media_meta rich_media_meta_text">2025-10-12 18:30</em></div>
<div class="rich_media_content" id="js_content">
<section><p>清溪河绿道全长46.8公里，串联沿线8个乡镇、23个村。</p></section>
<section><p>绿道沿线新建驿站12处、停车场9个，配套建设公厕15座。</p></section>
<section><p style="text-align:center"><span>▼</span></p></section>
<section><p>预计每年可吸引游客超过200万人次，带动沿线农家乐和民宿发展。</p></section>
<section><p>来源：丰川发布</p><p>编辑：林小满</p><p>审核：赵一</p></section>
<section><p>喜欢就点个“在看”吧</p></section>
</div><div class="rich_media_tool"><a id="js_view_source">阅读原文</a></div></div></body></html>"""


# The four files of the reader round's held-out set (run once, then kept as regression data).
HARBOR_TXT = """基隆港西岸碼頭改建工程動工
發布單位：　交通部航港局北部航務中心
發布日期：　民國114年4月2日
　　基隆港西岸碼頭改建工程今日動工，總經費新臺幣38.6億元，預計民國117年底完工。
　　航港局表示，改建完成後西岸碼頭將可同時停靠2艘15萬噸級郵輪，年旅客運量可達120萬人次。
　　工程期間，西岸旅客中心暫停使用，郵輪改由東岸碼頭靠泊。
　　北部航務中心指出，施工單位將設置噪音監測站6處，並於每月公布監測結果。
回上一頁　　列印　　友善列印
"""
SEAWALL_PAGE = """<html><head><meta charset="gb2312"><title>钱塘江海塘安澜工程完成年度目标 - 潮城新闻网</title></head><body>
<div class="header"><a href="/">首页</a> | <a href="/news/">新闻</a> | <a href="/zt/">专题</a> | <a href="/app/">客户端</a></div>
<div class="article">
<h1>钱塘江海塘安澜工程完成年度目标</h1>
<div class="source">潮城新闻网　2025年12月28日　记者 邵一帆 通讯员 郑佳</div>
<p>编者按：钱塘江海塘是杭嘉湖平原的安全屏障。本网推出系列报道，关注海塘安澜工程建设进展。</p>
<p>记者从市水利局获悉，今年全市完成海塘提标加固48.6公里，超额完成年度目标任务。</p>
<p>海塘安澜工程总投资约156亿元，计划到2027年全面完成全市海塘的提标改造。</p>
<p><img src="seawall.jpg"></p>
<p>图为加固后的盐官段海塘。（记者 邵一帆 摄）</p>
<p>市水利局有关负责人介绍，新建海塘的防潮标准由100年一遇提高到300年一遇。</p>
<p>工程同步建设沿江绿道62公里，串联起沿线12个观潮点。</p>
<p>来源：潮城日报</p>
<div class="xgyd"><p>相关阅读：</p><p><a href="/1.html">海塘安澜工程首期开工</a></p><p><a href="/2.html">盐官观潮节今日开幕</a></p></div>
<p>责任编辑：方晓敏</p>
</div>
<div class="footer">潮城新闻网版权所有　未经授权禁止转载</div>
</body></html>"""


def write_text_files() -> None:
    """The pages and plain-text reports that come in another encoding or container than UTF-8 text."""
    (HERE / "taoyuan-big5.html").write_bytes(BIG5_PAGE.encode("big5"))
    (HERE / "renovation.txt").write_bytes(NOTICE_TXT.encode("gb18030"))
    (HERE / "job-fair.txt").write_text(COPIED_TXT, encoding="utf-8-sig")
    (HERE / "sanitation.mhtml").write_bytes(_web_archive(GOV_ARCHIVE_HTML))
    (HERE / "village.txt").write_bytes(VILLAGE_TXT.encode("gb18030"))
    (HERE / "old-br.html").write_bytes(OLD_BR_PAGE.encode("gb2312"))
    (HERE / "harbor-trad.txt").write_bytes(HARBOR_TXT.encode("big5"))
    (HERE / "seawall-news.mhtml").write_bytes(
        _web_archive(SEAWALL_PAGE, "gb2312", "http://news.chaocheng.cn/a/20251228/1.html")
    )
    (HERE / "greenway-wechat.mhtml").write_bytes(_web_archive(WECHAT_PAGE, "utf-8", "https://mp.weixin.qq.com/s/abc"))


def _web_archive(page: str, charset: str = "gb2312", location: str = MEIXI_URL) -> bytes:
    """The page as Chrome's 「Save as single file」 writes it: MIME, quoted-printable, in the page's charset."""
    import quopri

    body = quopri.encodestring(page.replace("\n", "\r\n").encode(charset)).decode("ascii")
    return (
        "From: <Saved by Blink>\r\n"
        f"Snapshot-Content-Location: {location}\r\n"
        "Subject: =?utf-8?Q?=E6=A2=85=E6=BA=AA?=\r\n"
        "MIME-Version: 1.0\r\n"
        'Content-Type: multipart/related; type="text/html"; boundary="----MultipartBoundary--abc123----"\r\n'
        "\r\n"
        "------MultipartBoundary--abc123----\r\n"
        f"Content-Type: text/html; charset={charset}\r\n"
        "Content-ID: <frame-1@mhtml.blink>\r\n"
        "Content-Transfer-Encoding: quoted-printable\r\n"
        f"Content-Location: {location}\r\n"
        "\r\n" + body + "\r\n"
        "------MultipartBoundary--abc123------\r\n"
    ).encode("ascii")


# How each kind of paragraph of the Word fixtures is typed: bold, size in points, alignment (1 centre, 2 right).
WORD_STYLES: dict[str, tuple[bool, int | None, int | None]] = {
    "plain": (False, None, None),
    "bold": (True, None, None),
    "center": (False, None, 1),
    "right": (False, None, 2),
    "bold-center": (True, 18, 1),
    "title": (True, 18, 1),
    "label": (True, 14, 1),
    "masthead": (True, 26, 1),
}
WORD_NAMED_STYLES = frozenset({"Title", "Heading 1"})  # Word's own styles, used as such


def _write_word(
    target: str,
    paragraphs: list[tuple[str, str]],
    table: list[list[str]],
    created: dt.datetime,
    furniture: tuple[str, str] | None = None,
) -> None:
    """A Word file typed without styles (bold, sizes and alignment by hand), its table where a
    "table" paragraph stands, a page header and footer if given; Word's placeholder author."""
    document = docx.Document()
    for kind, text in paragraphs:
        if kind == "table":
            grid = document.add_table(rows=len(table), cols=len(table[0]))
            for row, values in zip(grid.rows, table, strict=True):
                for cell, value in zip(row.cells, values, strict=True):
                    cell.text = value
            continue
        if kind in WORD_NAMED_STYLES:
            document.add_paragraph(text, style=kind)
            continue
        bold, size, alignment = WORD_STYLES[kind]
        paragraph = document.add_paragraph()
        run = paragraph.add_run(text)
        run.bold = bold
        if size is not None:
            run.font.size = Pt(size)
        paragraph.alignment = alignment
    if furniture is not None:
        section = document.sections[0]
        section.header.paragraphs[0].text, section.footer.paragraphs[0].text = furniture
    properties = document.core_properties
    properties.author = "Administrator"
    properties.title = ""
    properties.created = properties.modified = created
    document.save(str(HERE / target))


def write_docx() -> None:
    """The Word fixtures: a statistics bulletin (bold title and headings, a centred date line, a table,
    page header and footer), an official notice and a Taiwanese press release."""
    _write_word(
        "statistics.docx", DOCX_PARAGRAPHS, DOCX_TABLE, dt.datetime(2024, 3, 1, 8, 0), ("云溪县统计局发布", "第 1 页")
    )
    _write_word("reservoir-check.docx", NOTICE_DOCX, NOTICE_TABLE, dt.datetime(2025, 3, 10, 9, 0))
    _write_word("metro-release.docx", RELEASE_DOCX, [], dt.datetime(2025, 5, 2, 9, 0))
    _write_word("drill-bulletin.docx", BULLETIN_DOCX, [], dt.datetime(2025, 9, 2, 9, 0))
    _write_word("ecology-toc.docx", TOC_DOCX, [], dt.datetime(2025, 5, 20, 9, 0))


def write_pdf(font: Path) -> None:
    """Two pages, ragged right as web systems print them: a running header, a footer line and
    「第 N 页 共 2 页」 page numbers; a sentence goes on over the page break."""
    pdf = FPDF(format=(148, 210), unit="mm")
    pdf.set_auto_page_break(auto=False)
    pdf.add_font("cjk", fname=str(font))
    pdf.set_creation_date(dt.datetime(2024, 3, 1, 10, 0, tzinfo=dt.UTC))
    left, right, size, line_height = 16.0, 132.0, 11.0, 6.6
    carried: list[str] = []
    for page_number, page in enumerate(PDF_PAGES, start=1):
        pdf.add_page()
        pdf.set_font("cjk", size=8)
        pdf.text(left, 11, PDF_HEADER)
        pdf.line(left, 12.5, right, 12.5)
        pdf.text(left, 198, "青石市人民政府办公室印发")
        pdf.text(60, 203, f"第 {page_number} 页 共 {len(PDF_PAGES)} 页")
        y = 26.0
        pdf.set_font("cjk", size=size)
        for line in carried:
            pdf.text(left, y, line)
            y += line_height
        carried = []
        for kind, text in page:
            y, overleaf = _block(pdf, kind, text, y, Measure(left, right, size, line_height, 2.0))
            carried = carried or overleaf
    pdf.output(str(HERE / "rule-of-law.pdf"))


@dataclass(frozen=True)
class Measure:
    """Where the text of a PDF fixture's page is set (millimetres), its size, leading and paragraph gap."""

    left: float
    right: float
    size: float
    line_height: float
    gap: float


def _block(
    pdf: FPDF, kind: str, text: str, y: float, measure: Measure, *, hanging: bool = True
) -> tuple[float, list[str]]:
    """Set one block at y: a centred "title" in 15 pt, a right-aligned "sign" line, a "plain" line, a
    "para" (wrapped, first line indented), an "open" one (OPEN_LINES lines here, the rest returned
    for overleaf) or a "break" one broken by hand at 「|」. Returns the next y and the lines carried."""
    width = measure.right - measure.left
    if kind == "title":
        pdf.set_font("cjk", size=15)
        pdf.text((measure.left + measure.right - pdf.get_string_width(text)) / 2, y, text)
        return y + 11, []
    pdf.set_font("cjk", size=measure.size)
    if kind == "sign":
        pdf.text(measure.right - pdf.get_string_width(text), y, text)
        return y + measure.line_height, []
    indent = 2 * pdf.get_string_width("　") if kind in ("para", "open", "break") else 0.0
    lines = text.split("|") if kind == "break" else _wrap(pdf, text, width - indent, width, hanging=hanging)
    carried: list[str] = []
    if kind == "open":
        lines, carried = lines[:OPEN_LINES], lines[OPEN_LINES:]
    for line in lines:
        pdf.text(measure.left + indent, y, line)
        indent = 0.0
        y += measure.line_height
    return y + measure.gap, carried


def _wrap(pdf: FPDF, text: str, first: float, width: float, *, hanging: bool = True) -> list[str]:
    """Greedy wrapping at the measure, one character at a time, as CJK text wraps; closing
    punctuation never opens a line (it hangs at the end of the one before, as typesetters do),
    unless `hanging` is off (as careless tools wrap: 「。」 「，」 「%」 may open a line)."""
    lines = [""]
    for char in text:
        measure = first if len(lines) == 1 else width
        fits = pdf.get_string_width(lines[-1] + char) <= measure or (hanging and char in "，。、；：！？）》”")
        if lines[-1] and not fits:
            lines.append("")
        lines[-1] += char
    return lines


UTF16_LINES = [
    "交银金融大厦简介",
    "来源：浦江城市档案馆　　日期：2025年1月9日",
    "",
    "　　交银金融大厦位于中国上海市浦东新区银城中路188号，陆家嘴金融贸易区B1-3地块，楼高265米。",
    "　　大厦于1997年4月动工，2002年10月建成启用，总投资13亿人民币。",
    "　　交银金融大厦总建筑面积为108,081.90平方米，主体结构由北塔楼、南塔楼及裙楼组成。",
    "　　2002年10月23日，交通银行总部搬迁至交银金融大厦。",
]


def write_utf16() -> None:
    """A .txt as Windows Notepad saves 「Unicode」: UTF-16 little-endian with a BOM and CRLF line ends."""
    (HERE / "tower-utf16.txt").write_bytes("\r\n".join(UTF16_LINES).encode("utf-16"))


# An official notice in Word: title, document number, addressee, numbered sections, a table with its
# caption and note, the signature with its date in Chinese numerals, and the 抄送 line.
NOTICE_DOCX: list[tuple[str, str]] = [
    ("title", "丰川县水利局关于2025年春季水库安全度汛检查情况的通报"),
    ("center", "丰水发〔2025〕12号"),
    ("plain", "各乡镇人民政府，县直有关单位："),
    ("plain", "为确保全县水库安全度汛，县水利局于2月下旬组织开展了春季水库安全度汛检查，现将检查情况通报如下。"),
    ("bold", "一、基本情况"),
    ("plain", "全县共有小型水库47座，其中小（1）型水库9座、小（2）型水库38座，总库容6,820万立方米。"),
    ("plain", "此次检查共派出检查组6个，检查水库47座，发现问题隐患63处。"),
    ("plain", "表1　各类水库检查情况"),
    ("table", ""),
    ("plain", "注：隐患数含已于检查期间整改完成的14处。"),
    ("bold", "二、存在的问题"),
    ("plain", "部分水库管护人员未经培训上岗，雨水情测报设施运行不正常，溢洪道存在阻水障碍物。"),
    ("bold", "三、下一步要求"),
    ("plain", "各乡镇要在3月31日前完成全部隐患整改，并将整改情况报县水利局水旱灾害防御股。"),
    ("plain", ""),
    ("right", "丰川县水利局"),
    ("right", "二〇二五年三月六日"),
    ("plain", "抄送：县人民政府办公室，县应急管理局。"),
]
NOTICE_TABLE = [["水库类型", "数量", "发现隐患"], ["小（1）型", "9座", "11处"], ["小（2）型", "38座", "52处"]]


# A statistics office's analysis wrapped without hanging punctuation, so 「、」 「；」 「%。」 open lines;
# "break" paragraphs are broken by hand where a line ends short before a 「。」 (as text pasted in with
# hard line breaks is); the signature at the end is the only issuer and date.
PUNCT_HEADER = "丰川统计　统计分析"
PUNCT_PAGES: list[list[tuple[str, str]]] = [
    [
        ("title", "2025年上半年丰川市经济运行情况分析"),
        ("para", "今年以来，全市上下坚持稳中求进工作总基调，经济运行总体平稳、稳中有进，主要指标增速好于预期。"),
        ("plain", "一、工业生产稳步回升"),
        (
            "para",
            "上半年，全市规模以上工业增加值同比增长6.8%，比一季度加快0.9个百分点；"
            "其中装备制造业增长11.2%，占规模以上工业的比重为31.5%。",
        ),
        ("break", "分行业看，35个工业大类行业中有26个行业增加值保持增长，增长面为74.3%|。"),
        ("plain", "二、消费市场持续恢复"),
        (
            "para",
            "上半年，全市社会消费品零售总额达到428.6亿元，同比增长5.4%；"
            "其中网上零售额96.3亿元（同比增长14.7%），拉动作用明显。",
        ),
    ],
    [
        ("plain", "三、固定资产投资结构优化"),
        (
            "para",
            "上半年，全市固定资产投资同比增长4.1%，其中工业投资增长12.6%，高技术产业投资增长18.9%，基础设施投资增长3.2%。",
        ),
        (
            "para",
            "总的来看，全市经济运行延续了回升向好态势，但需求不足、部分企业经营困难等问题依然存在，"
            "下半年要继续巩固和增强经济回升向好态势。",
        ),
        ("sign", "丰川市统计局"),
        ("sign", "2025年7月15日"),
    ],
]


def write_punctuation_pdf(font: Path) -> None:
    """Two pages with a running header and 「- N -」 page numbers, lines wrapped with no care for punctuation."""
    pdf = FPDF(format=(148, 210), unit="mm")
    pdf.set_auto_page_break(auto=False)
    pdf.add_font("cjk", fname=str(font))
    pdf.set_creation_date(dt.datetime(2025, 7, 20, 10, 0, tzinfo=dt.UTC))
    left, right, size, line_height = 16.0, 132.0, 10.5, 6.4
    for number, page in enumerate(PUNCT_PAGES, start=1):
        pdf.add_page()
        pdf.set_font("cjk", size=8)
        pdf.text(left, 11, PUNCT_HEADER)
        pdf.text(70, 202, f"- {number} -")
        y = 24.0
        for kind, text in page:
            y, _ = _block(pdf, kind, text, y, Measure(left, right, size, line_height, 1.5), hanging=False)
    pdf.output(str(HERE / "economy-punct.pdf"))


TOWER_TITLE = "交银金融大厦：陆家嘴的梯形双塔"
TOWER_MASTHEAD = "浦江晚报　2025年2月3日　第A05版"
TOWER_PARAGRAPHS = (
    "交银金融大厦位于中国上海市浦东新区银城中路188号，陆家嘴金融贸易区B1-3地块，楼高265米，"
    "以建筑高度计算是上海第7高的已建摩天大楼。大厦于1997年4月动工，2002年10月建成启用，总投资13亿人民币。"
    "建筑师为德国ABB建筑师事务所，土建工程由上海市第三建筑发展总公司承办。",
    "交银金融大厦总建筑面积为108,081.90平方米，主体结构由北塔楼、南塔楼及裙楼组成。"
    "其中北塔楼楼高265米，共有52层。南塔楼楼高197.4米，共有47层。",
    "两座梯形塔楼之间以中庭连接，中庭从地面一直伸展到南塔楼顶部，高度达163.4米。"
    "交银金融大厦是交通银行总部，部分楼层在设计上配合该行需要。",
    "2002年10月23日，交通银行总部搬迁至交银金融大厦，是首家落户浦东以及当时六大银行唯一总部设在上海的银行。",
)


def write_columns_pdf(font: Path) -> None:
    """A newspaper page: headline and masthead line across the top, the story in two columns below;
    a sentence goes on from the foot of the left column to the head of the right one."""
    pdf = FPDF(format="A4", unit="mm")
    pdf.set_auto_page_break(auto=False)
    pdf.add_font("cjk", fname=str(font))
    pdf.set_creation_date(dt.datetime(2025, 2, 3, 10, 0, tzinfo=dt.UTC))
    pdf.add_page()
    pdf.set_font("cjk", size=18)
    pdf.text((210 - pdf.get_string_width(TOWER_TITLE)) / 2, 28, TOWER_TITLE)
    pdf.set_font("cjk", size=10)
    pdf.text((210 - pdf.get_string_width(TOWER_MASTHEAD)) / 2, 36, TOWER_MASTHEAD)
    pdf.set_font("cjk", size=10.5)
    columns, line_height, top, bottom = [(18.0, 100.0), (110.0, 192.0)], 6.2, 48.0, 120.0
    column, y = 0, top
    for text in TOWER_PARAGRAPHS:
        left, right = columns[column]
        indent = 2 * pdf.get_string_width("　")
        for line in _wrap(pdf, text, right - left - indent, right - left):
            if y > bottom:
                column, y = column + 1, top
                left, right = columns[column]
            pdf.text(left + indent, y, line)
            indent = 0.0
            y += line_height
        y += 1.5
    pdf.set_font("cjk", size=8)
    pdf.text(100, 285, "A05")
    pdf.output(str(HERE / "tower-columns.pdf"))


REDHEAD_MASTHEAD = "丰川市人民政府文件"
REDHEAD_NUMBER = "丰政发〔2025〕8号"
REDHEAD_TITLE = "丰川市人民政府关于印发《丰川市2025年大气污染防治工作方案》的通知"
REDHEAD_GOALS = (
    "2025年全市细颗粒物（PM2.5）平均浓度控制在32微克/立方米以下，空气质量优良天数比率达到88%以上，"
    "全年完成挥发性有机物重点工程治理项目126个。"
)
REDHEAD_FOOTNOTE = "注：细颗粒物指环境空气中空气动力学当量直径小于等于2.5微米的颗粒物。"


def write_redhead_pdf(font: Path) -> None:
    """An official document as GB/T 9704 lays it out: the issuer's masthead in large red type, the
    document number, a title over two lines, the addressee, headings at the margin after a full line,
    a sentence going on overleaf past a footnote in small type, the signature and 「（此件公开发布）」."""
    pdf = FPDF(format="A4", unit="mm")
    pdf.set_auto_page_break(auto=False)
    pdf.add_font("cjk", fname=str(font))
    pdf.set_creation_date(dt.datetime(2025, 3, 21, 9, 0, tzinfo=dt.UTC))
    left, right, size, line_height = 28.0, 182.0, 12.0, 8.0
    indent = 2 * size * 0.3528  # two characters, in millimetres

    def paragraph(text: str, y: float, lines: int | None = None) -> tuple[float, list[str]]:
        wrapped = _wrap(pdf, text, right - left - indent, right - left)
        x = left + indent
        for line in wrapped[:lines]:
            pdf.text(x, y, line)
            x, y = left, y + line_height
        return y, wrapped[lines:] if lines is not None else []

    pdf.add_page()
    pdf.set_text_color(220, 0, 0)
    pdf.set_font("cjk", size=30)
    pdf.text((210 - pdf.get_string_width(REDHEAD_MASTHEAD)) / 2, 45, REDHEAD_MASTHEAD)
    pdf.set_text_color(0, 0, 0)
    pdf.set_font("cjk", size=size)
    pdf.text((210 - pdf.get_string_width(REDHEAD_NUMBER)) / 2, 62, REDHEAD_NUMBER)
    pdf.set_draw_color(220, 0, 0)
    pdf.line(left, 66, right, 66)
    pdf.set_font("cjk", size=16)
    y = 80.0
    for line in _wrap(pdf, REDHEAD_TITLE, right - left - 20, right - left - 20):
        pdf.text((210 - pdf.get_string_width(line)) / 2, y, line)
        y += 10
    pdf.set_font("cjk", size=size)
    pdf.text(left, y + 4, "各县（区）人民政府，市政府各部门：")
    y, _ = paragraph("现将《丰川市2025年大气污染防治工作方案》印发给你们，请认真贯彻执行。", y + 4 + line_height)
    pdf.text(left, y + 2, "一、主要目标")
    _, overleaf = paragraph(REDHEAD_GOALS, y + 2 + line_height, lines=1)
    pdf.set_font("cjk", size=8)
    pdf.line(left, 262, left + 50, 262)
    pdf.text(left, 268, REDHEAD_FOOTNOTE)
    pdf.set_font("cjk", size=10)
    pdf.text(98, 285, "— 1 —")
    pdf.add_page()
    pdf.set_font("cjk", size=size)
    y = 30.0
    for line in overleaf:
        pdf.text(left, y, line)
        y += line_height
    pdf.text(left, y + 2, "二、重点任务")
    y, _ = paragraph("各地要加强重污染天气应急管控，全年重污染天数控制在3天以内。", y + 2 + line_height)
    y += 16
    for text in ("丰川市人民政府", "2025年3月20日"):
        pdf.text(right - 16 - pdf.get_string_width(text), y, text)
        y += line_height
    pdf.text(left + indent, y + 4, "（此件公开发布）")
    pdf.set_font("cjk", size=10)
    pdf.text(98, 285, "— 2 —")
    pdf.output(str(HERE / "redhead-notice.pdf"))


VILLAGE_TXT = """石门村的“领头雁”
——记丰川市石门村党支部书记李春华
2025-07-01 08:00:12
来源：丰川日报
　　石门村位于丰川市东北部山区，全村共有农户326户，过去是远近闻名的贫困村。
　　2018年，李春华当选村党支部书记后，带领村民成立茶叶专业合作社，流转土地1,200亩发展高山茶园。
　　如今，合作社年产值达到860万元，全村人均可支配收入由2018年的6,800元增加到2024年的23,500元。
　　“下一步，我们要把茶园和乡村旅游结合起来。”李春华说。
（通讯员 王思远 记者 赵晓东）
"""

# A Taiwanese press release typed in Word: a genre label over the date and office lines, then the
# headline, a 民國 date, and the contact line at the end.
RELEASE_DOCX: list[tuple[str, str]] = [
    ("label", "新聞稿"),
    ("plain", "發布日期：中華民國114年5月1日"),
    ("plain", "發布單位：臺中市政府交通局"),
    ("title", "臺中捷運藍線綜合規劃獲行政院核定"),
    ("plain", "臺中市政府交通局今日表示，臺中捷運藍線綜合規劃已獲行政院核定，全長約24.78公里，共設20座車站。"),
    ("plain", "藍線路線沿臺灣大道布設，自臺中港至臺中車站，總經費約新臺幣1,469億元。"),
    ("plain", "交通局指出，藍線預計民國116年動工，民國124年完工通車。"),
    ("plain", "聯絡人：王小明　電話：04-22289111"),
]


# A work bulletin (简报) in Word: the series' masthead, the issue, the compiling office and date, then
# the story, and the 报/送 distribution lines.
BULLETIN_DOCX: list[tuple[str, str]] = [
    ("masthead", "应急管理工作简报"),
    ("center", "第12期"),
    ("plain", "丰川县应急管理局编　　　　　　　　2025年9月1日"),
    ("title", "我县开展防汛应急演练"),
    (
        "plain",
        "8月29日，丰川县在清溪河城区段开展2025年防汛应急综合演练，县防汛抗旱指挥部各成员单位共320余人参加。",
    ),
    (
        "plain",
        "演练模拟清溪河上游普降暴雨、城区段水位超过警戒水位1.2米的险情，检验了预警发布、群众转移和抢险救援等环节。",
    ),
    ("plain", "此次演练共转移模拟受灾群众150人，出动冲锋舟12艘、抢险车辆26台。"),
    ("plain", "报：县委、县政府主要领导"),
    ("plain", "送：县防汛抗旱指挥部各成员单位"),
]

# A long report in Word with its styles: Title, the issuer and month, a table of contents typed as
# lines with tabs and page numbers, then Heading 1 sections.
TOC_DOCX: list[tuple[str, str]] = [
    ("Title", "丰川市2024年度生态环境质量报告"),
    ("plain", "丰川市生态环境局"),
    ("plain", "2025年5月"),
    ("plain", "目　录"),
    ("plain", "一、空气环境质量\t1"),
    ("plain", "二、水环境质量\t3"),
    ("plain", "三、声环境质量\t5"),
    ("Heading 1", "一、空气环境质量"),
    ("plain", "2024年，全市环境空气质量优良天数比率为90.4%，细颗粒物平均浓度为28微克/立方米。"),
    ("Heading 1", "二、水环境质量"),
    ("plain", "全市17个国控断面水质优良比例为100%，县级以上集中式饮用水水源地水质达标率为100%。"),
    ("Heading 1", "三、声环境质量"),
    ("plain", "城市区域声环境昼间平均等效声级为53.6分贝，质量等级为较好。"),
]

BUDGET_TITLE = "丰川市2025年财政预算草案报告（摘要）"
BUDGET_ROWS = [
    ("项目", "2024年执行数（亿元）", "2025年预算数（亿元）"),
    ("一般公共预算收入", "86.4", "92.1"),
    ("税收收入", "61.7", "65.8"),
    ("一般公共预算支出", "158.3", "163.9"),
]


def write_budget_pdf(font: Path) -> None:
    """A page with a table drawn as text at column stops (no rules), between two paragraphs, and the signature."""
    pdf = FPDF(format="A4", unit="mm")
    pdf.set_auto_page_break(auto=False)
    pdf.add_font("cjk", fname=str(font))
    pdf.set_creation_date(dt.datetime(2025, 1, 9, 9, 0, tzinfo=dt.UTC))
    pdf.add_page()
    left, right, line_height = 25.0, 185.0, 7.0
    pdf.set_font("cjk", size=16)
    pdf.text((210 - pdf.get_string_width(BUDGET_TITLE)) / 2, 30, BUDGET_TITLE)
    pdf.set_font("cjk", size=11)
    indent = 2 * pdf.get_string_width("　")

    def paragraph(text: str, y: float) -> float:
        x = left + indent
        for line in _wrap(pdf, text, right - left - indent, right - left):
            pdf.text(x, y, line)
            x, y = left, y + line_height
        return y + 2

    y = paragraph("2025年全市一般公共预算收入预计增长6.6%，一般公共预算支出安排充分保障重点领域需要，具体见下表。", 44)
    y += 2
    for row in BUDGET_ROWS:
        for x, cell in zip((left, left + 70, left + 120), row, strict=True):
            pdf.text(x, y, cell)
        y += line_height
    y = paragraph("全市民生支出占一般公共预算支出的比重保持在80%以上，教育支出安排31.2亿元。", y + 4)
    for text, offset in (("丰川市财政局", 8), ("2025年1月8日", 15)):
        pdf.text(right - pdf.get_string_width(text), y + offset, text)
    pdf.output(str(HERE / "budget-table.pdf"))


DISCLOSURE_HEADER = "临溪区政府信息公开年报"
DISCLOSURE_PAGES: list[list[tuple[str, str]]] = [
    [
        ("title", "临溪区2024年度政府信息公开工作年度报告"),
        (
            "para",
            "根据《中华人民共和国政府信息公开条例》规定，现公布临溪区2024年度政府信息公开工作年度报告，报告中所列数据的统计期限自2024年1月1日起至2024年12月31日止。",
        ),
        ("plain", "一、总体情况"),
        (
            "para",
            "2024年，全区共主动公开政府信息12,486条，其中政策文件318件（含规范性文件46件），政策解读材料274篇，较上年增长9.6%。",
        ),
        ("para", "全年共收到政府信息公开申请521件，比上年增加37件；办结申请516件，按时办结率为100%。"),
    ],
    [
        ("plain", "二、存在的主要问题及改进情况"),
        (
            "para",
            "一是政策解读形式较为单一，图解、视频等解读方式运用不够；二是部分部门信息更新不够及时，个别栏目内容长期未更新。",
        ),
        ("para", "2025年，区政府将进一步完善政府信息公开工作机制，加强对各部门政府信息公开工作的督促检查和业务培训。"),
        ("sign", "临溪区人民政府办公室"),
        ("sign", "2025年1月20日"),
    ],
]


def write_disclosure_pdf(font: Path) -> None:
    """An annual report wrapped with no care for punctuation, 「— N —」 page numbers, the running header
    at the right, the signature only at the end."""
    pdf = FPDF(format=(148, 210), unit="mm")
    pdf.set_auto_page_break(auto=False)
    pdf.add_font("cjk", fname=str(font))
    pdf.set_creation_date(dt.datetime(2025, 1, 22, 10, 0, tzinfo=dt.UTC))
    measure = Measure(15.0, 133.0, 10.5, 6.4, 1.5)
    for number, page in enumerate(DISCLOSURE_PAGES, start=1):
        pdf.add_page()
        pdf.set_font("cjk", size=8)
        pdf.text(measure.right - 40, 11, DISCLOSURE_HEADER)
        pdf.text(68, 202, f"— {number} —")
        y = 24.0
        for kind, text in page:
            y, _ = _block(pdf, kind, text, y, measure, hanging=False)
    pdf.output(str(HERE / "disclosure-report.pdf"))


def main() -> None:
    """Write every fixture beside this script."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--font", type=Path, default=DEFAULT_FONT, help="a CJK TrueType font (.ttf/.ttc)")
    font = parser.parse_args().font
    write_text_files()
    write_utf16()
    write_docx()
    write_pdf(font)
    write_punctuation_pdf(font)
    write_columns_pdf(font)
    write_redhead_pdf(font)
    write_budget_pdf(font)
    write_disclosure_pdf(font)


if __name__ == "__main__":
    main()
