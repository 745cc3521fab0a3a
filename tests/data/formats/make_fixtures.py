"""Write the binary report-format fixtures of tests/data/formats (run once; the files are committed).

    python tests/data/formats/make_fixtures.py [--font PATH]

Needs the dev extra (python-docx, fpdf2, Pillow) and a CJK TrueType font for the PDFs (default:
Debian's fonts-wqy-microhei). fpdf2 embeds only the glyphs used, so the PDFs stay small.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
from pathlib import Path

import docx
from docx.shared import Pt
from fpdf import FPDF
from PIL import Image, ImageDraw, ImageFont

HERE = Path(__file__).resolve().parent
DEFAULT_FONT = Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")

NEWS_GBK = """<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml">
<head>
<meta http-equiv="Content-Type" content="text/html; charset=gb2312" />
<title>江州市召开2024年政府工作报告新闻发布会-江州新闻网</title>
<meta name="keywords" content="江州,政府工作报告" />
<script type="text/javascript" src="/js/jquery.min.js"></script>
<script type="text/javascript">function addFav(){ window.external.addFavorite(location.href, document.title); }</script>
</head>
<body>
<table width="1000" align="center"><tr><td class="logo"><img src="/images/logo.gif" /></td>
<td class="nav"><a href="/">网站首页</a> | <a href="/xw/">江州新闻</a> | <a href="/zw/">政务公开</a> | <a href="/ms/">民生服务</a> | <a href="/hd/">互动交流</a></td></tr></table>
<table width="1000" align="center"><tr><td class="position">当前位置：<a href="/">首页</a> &gt;&gt; <a href="/xw/">江州新闻</a> &gt;&gt; 正文</td></tr></table>
<table width="1000" align="center"><tr>
<td width="700" valign="top">
<div class="title"><h1>江州市召开2024年政府工作报告新闻发布会</h1></div>
<div class="laiyuan">发布时间：2024-02-05　来源：江州日报　记者：陈静　点击数：1208</div>
<div class="TRS_Editor">
<p>2月4日，江州市政府新闻办召开新闻发布会，解读2024年政府工作报告。</p>
<p>报告指出，2023年全市地区生产总值达到3,268亿元，比上年增长6.1%，一般公共预算收入完成215亿元。</p>
<p>全年新增城镇就业4.2万人，城镇调查失业率控制在5%以内，居民人均可支配收入增长5.8%。</p>
<p>2024年，江州市将实施城市更新项目86个，新建改建农村公路320公里，新增托育服务机构托位2,000个。</p>
<p>【打印本页】【关闭窗口】</p>
</div>
</td>
<td width="300" valign="top" class="right">
<div class="gg"><a href="/ad/">江州农商银行 助力乡村振兴</a></div>
<div class="xgxw"><b>相关新闻</b><br /><a href="/xw/1.html">江州市人大会议开幕</a><br /><a href="/xw/2.html">市政协十届三次会议闭幕</a></div>
</td></tr></table>
<table width="1000" align="center"><tr><td class="foot">主办：江州市人民政府办公室　承办：江州市大数据中心<br />网站标识码：3604000001　赣ICP备05001234号</td></tr></table>
</body>
</html>
"""

DOCX_TITLE = "浦江区人民检察院2023年工作报告"
DOCX_BODY: list[tuple[str, str]] = [
    ("Title", DOCX_TITLE),
    (
        "Normal",
        "2023年，浦江区人民检察院在区委和上级检察院的坚强领导下，依法履行法律监督职责，各项检察工作取得新进展。",
    ),
    ("Heading 1", "一、依法履行刑事检察职责"),
    ("Normal", "全年共批准逮捕各类犯罪嫌疑人486人，提起公诉1,318人，认罪认罚从宽制度适用率达92.3%。"),
    ("Heading 2", "（一）主要办案数据"),
    ("table", ""),
    ("Normal", "其中，受理案件数较上年增长10.6%，主要集中在电信网络诈骗和帮助信息网络犯罪活动案件。"),
    ("Heading 1", "二、加强公益诉讼检察"),
    ("Normal", "全年共立案办理公益诉讼案件127件，发出诉前检察建议98件，督促修复被损毁耕地23亩。"),
]
DOCX_TABLE = [
    ["指标", "2022年", "2023年"],
    ["受理案件数", "5,310件", "5,872件"],
    ["提起公诉人数", "1,204人", "1,318人"],
    ["办理公益诉讼案件", "96件", "127件"],
]

PDF_TITLE = "新北市法律扶助基金會2023年度工作報告"
PDF_HEADER = "新北市法律扶助基金會　2023年度工作報告"
PDF_FOOTER = "新北市法律扶助基金會　版權所有"
# Each paragraph as the lines it is wrapped into; a paragraph's first line is indented. "open" is a
# paragraph the page break cuts (it goes on as "cont" overleaf), after a line that ends mid-sentence.
PDF_PAGES: list[list[tuple[str, list[str]]]] = [
    [
        ("title", [PDF_TITLE]),
        ("info", ["發布時間：2024年3月8日　來源：新北市法律扶助基金會"]),
        ("heading", ["一、服務概況"]),
        (
            "para",
            [
                "2023年，本會秉持「弱勢有保障、司法更公平」的宗",
                "旨，持續擴大法律扶助服務範圍，全年共受理法律扶助申請1,",
                "234件，較上年增加8.5%，其中准予扶助986件，准予率達",
                "79.9%。",
            ],
        ),
        (
            "open",
            [
                "本會在全市29個區公所設立法律諮詢服務站，由律師每",
                "週駐點提供免費諮詢，全年共提供法律諮詢5,678人次，協助",
            ],
        ),
    ],
    [
        ("cont", ["民眾釐清法律問題，其中以家事及勞資糾紛最多。"]),
        ("heading", ["二、重點專案"]),
        (
            "para",
            [
                "針對家庭暴力被害人，本會與社會局合作推動「家暴被害",
                "人法律扶助專案」，全年共扶助家暴案件312件，協助被害人",
                "聲請保護令及提起訴訟。",
            ],
        ),
        (
            "para",
            [
                "本會並推動勞工訴訟扶助專案，協助勞工追討積欠工資及",
                "資遣費，全年共扶助勞資爭議案件457件，為勞工爭取權益金",
                "額達新臺幣1億2,300萬元。",
            ],
        ),
    ],
]
PDF_DATE = dt.datetime(2024, 3, 8, 10, 0, tzinfo=dt.UTC)


def write_html() -> None:
    """A saved news page in GBK (meta charset gb2312), laid out with tables as old CMSs do.

    Its UTF-8 sibling, news-utf8.html, is an ordinary text file and is edited as such.
    """
    (HERE / "news-gbk.html").write_bytes(NEWS_GBK.encode("gbk"))


def write_docx() -> None:
    """A Word report with title and heading styles, a table, and its own core properties."""
    document = docx.Document()
    for style, text in DOCX_BODY:
        if style == "table":
            table = document.add_table(rows=len(DOCX_TABLE), cols=len(DOCX_TABLE[0]))
            table.style = "Table Grid"
            for row, values in zip(table.rows, DOCX_TABLE, strict=True):
                for cell, value in zip(row.cells, values, strict=True):
                    cell.text = value
        else:
            document.add_paragraph(text, style=style)
    properties = document.core_properties
    properties.title = DOCX_TITLE
    properties.author = "浦江区人民检察院办公室"
    properties.created = dt.datetime(2024, 1, 10, 9, 0)
    properties.modified = dt.datetime(2024, 1, 12, 9, 0)
    document.styles["Normal"].font.size = Pt(12)
    document.save(str(HERE / "report.docx"))


def _pdf(font: Path) -> FPDF:
    pdf = FPDF(format=(148, 210), unit="mm")
    pdf.set_auto_page_break(auto=False)
    pdf.add_font("cjk", fname=str(font))
    pdf.set_title(PDF_TITLE)
    pdf.set_author("新北市法律扶助基金會")
    pdf.set_creation_date(PDF_DATE)
    return pdf


def write_report_pdf(font: Path, target: Path, *, password: str | None = None) -> None:
    """Two pages: running header and footer, page numbers, justified lines wrapped inside sentences."""
    pdf = _pdf(font)
    if password is not None:
        pdf.set_encryption(owner_password="owner-" + password, user_password=password)
    left, size, line_height = 14.0, 10.5, 6.2
    pdf.set_font("cjk", size=size)
    indent = 2 * pdf.get_string_width("　")
    widest = max(
        pdf.get_string_width(line) + (indent if number == 0 else 0.0)
        for page in PDF_PAGES
        for kind, lines in page
        if kind in ("para", "open")
        for number, line in enumerate(lines)
    )
    right = left + widest
    for page_number, page in enumerate(PDF_PAGES, start=1):
        pdf.add_page()
        pdf.set_font("cjk", size=8)
        pdf.text(left, 12, PDF_HEADER)
        pdf.line(left, 13.5, right, 13.5)
        pdf.text(left, 200, PDF_FOOTER)
        number = f"- {page_number} -"
        pdf.text((left + right - pdf.get_string_width(number)) / 2, 205, number)
        y = 24.0
        for kind, lines in page:
            if kind == "title":
                pdf.set_font("cjk", size=15)
                pdf.text((left + right - pdf.get_string_width(lines[0])) / 2, y, lines[0])
                y += 10
                continue
            pdf.set_font("cjk", size=size)
            for number_in_paragraph, line in enumerate(lines):
                x = left + (indent if kind in ("para", "open") and number_in_paragraph == 0 else 0.0)
                # Every line of a paragraph is stretched to the margin but its last (unless it goes on overleaf).
                last = kind not in ("para", "open") or (number_in_paragraph == len(lines) - 1 and kind != "open")
                natural = pdf.get_string_width(line)
                spread = 0.0 if last or len(line) < 2 else (right - x - natural) / (len(line) - 1)
                # Justified text: character spacing in points, as a typesetter would stretch the line.
                pdf.set_char_spacing(spread * 72 / 25.4)
                pdf.text(x, y, line)
                pdf.set_char_spacing(0)
                y += line_height
            y += 2
    pdf.output(str(target))


def write_scanned_pdf(font: Path) -> None:
    """A page that is only a picture of text, as a scanner makes it: no text layer at all."""
    image = Image.new("L", (620, 880), 255)
    draw = ImageDraw.Draw(image)
    face = ImageFont.truetype(str(font), 22)
    for row, line in enumerate(PDF_PAGES[0][3][1]):
        draw.text((40, 60 + row * 36), line, fill=0, font=face)
    buffer = io.BytesIO()
    image.convert("1").save(buffer, format="PNG", optimize=True)
    pdf = _pdf(font)
    pdf.add_page()
    pdf.image(buffer, x=0, y=0, w=148, h=210)
    pdf.output(str(HERE / "scanned.pdf"))


def write_corrupt_pdf() -> None:
    """A file that starts like a PDF and is garbage after: what a broken download leaves."""
    (HERE / "corrupt.pdf").write_bytes(
        b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog" + bytes(range(256)) * 4
    )


# An official document as OFD (GB/T 33190-2016), written the way OFD producers write one: OFD.xml with
# the DocInfo, Doc_0/Document.xml listing the pages, one Content.xml per page holding a TextObject
# per line (or, in one paragraph, per run of a few glyphs, as converters from PDF split them), a
# running header and 「— N —」 page numbers. A paragraph goes on over the page break.
OFD_NS = "http://www.ofdspec.org/2016"
OFD_TITLE = "临江市人民政府关于2024年度城乡居民增收情况的报告"
OFD_HEADER = "临江市人民政府公报　2025年第2期"
OFD_PAGES: list[list[tuple[str, str]]] = [
    [
        ("title", OFD_TITLE),
        ("center", "临政报〔2025〕3号"),
        ("plain", "市人大常委会："),
        (
            "para",
            "2024年，全市城乡居民人均可支配收入达到41,286元，比上年增长6.1%，其中城镇居民人均可支配收入"
            "52,904元，增长5.3%；农村居民人均可支配收入27,615元，增长7.2%。",
        ),
        ("plain", "一、工资性收入稳步增加"),
        (
            "runs",
            "全年新增城镇就业3.2万人，城镇调查失业率平均为5.1%，居民人均工资性收入增长5.8%。",
        ),
        ("plain", "二、经营净收入较快增长"),
        (
            "open",
            "全市新培育家庭农场486家、农民专业合作社132家，乡村旅游接待游客1,860万人次，"
            "农村居民人均经营净收入增长8.4%，对农民增收的贡献率达到37.6%。",
        ),
    ],
    [
        ("plain", "三、下一步工作"),
        ("para", "2025年，市政府将继续实施城乡居民增收计划，力争全市居民人均可支配收入增长6%以上。"),
        ("right", "临江市人民政府"),
        ("right", "2025年1月15日"),
    ],
]
OFD_OPEN_LINES = 2  # lines of the "open" paragraph on its page; the rest goes overleaf


def _glyph_width(char: str, size: float) -> float:
    return size / 2 if char.isascii() else size


POINT_MM = 25.4 / 72


def _text_object(ident: int, left: float, top: float, text: str, size: float, *, in_points: bool = False) -> str:
    """One TextObject; `in_points` writes it as some producers do, sizes and steps in points under a CTM."""
    scale = 1 / POINT_MM if in_points else 1.0
    steps = [_glyph_width(char, size) * scale for char in text]
    width = sum(steps) / scale
    delta = " ".join(f"{step:g}" for step in steps[:-1])
    ctm = f' CTM="{POINT_MM:.6f} 0 0 {POINT_MM:.6f} 0 0"' if in_points else ""
    return (
        f'<ofd:TextObject ID="{ident}" Boundary="{left:.2f} {top:.2f} {width:.2f} {size * 1.4:.2f}"{ctm} Font="1" '
        f'Size="{size * scale:g}"><ofd:TextCode X="0" Y="{size * scale:g}" DeltaX="{delta}">{text}</ofd:TextCode>'
        "</ofd:TextObject>"
    )


# A seal's text, set on a turn around its circle: no line of the document.
OFD_SEAL = (
    '<ofd:TextObject ID="{ident}" Boundary="140 230 30 30" CTM="0.7 -0.7 0.7 0.7 0 0" Font="1" Size="6">'
    '<ofd:TextCode X="0" Y="6" DeltaX="6 6 6 6">临江市人民政府</ofd:TextCode></ofd:TextObject>'
)


def _ofd_wrap(text: str, first: float, width: float, size: float) -> list[str]:
    lines, used = [""], 0.0
    for char in text:
        measure = first if len(lines) == 1 else width
        step = _glyph_width(char, size)
        if lines[-1] and used + step > measure and char not in "，。、；：）%":
            lines.append("")
            used = 0.0
        lines[-1] += char
        used += step
    return lines


def write_ofd() -> None:
    """report.ofd: a two-page notice (A4, text in millimetres)."""
    import zipfile

    left, right, size, line_height = 28.0, 182.0, 5.5, 9.0
    pages: list[str] = []
    ident = 10
    carried: list[str] = []
    for number, page in enumerate(OFD_PAGES, start=1):
        objects: list[str] = []

        def add(x: float, y: float, text: str, type_size: float, objects: list[str] = objects, **how: bool) -> None:
            nonlocal ident
            ident += 1
            objects.append(_text_object(ident, x, y, text, type_size, **how))

        add(left, 12.0, OFD_HEADER, 3.5)
        folio = f"— {number} —"
        add((210 - sum(_glyph_width(c, 4.0) for c in folio)) / 2, 280.0, folio, 4.0)
        y = 30.0
        for line in carried:
            add(left, y, line, size)
            y += line_height
        carried = []
        for kind, text in page:
            if kind == "title":
                add((210 - len(text) * 8.0) / 2, y, text, 8.0)
                y += 16.0
                continue
            if kind in ("center", "right", "plain"):
                width = sum(_glyph_width(char, size) for char in text)
                x = {"center": (210 - width) / 2, "right": right - 10 - width}.get(kind, left)
                add(x, y, text, size, in_points=kind == "right")  # the signature, as a seal tool writes it
                y += line_height
                continue
            indent = 2 * size
            lines = _ofd_wrap(text, right - left - indent, right - left, size)
            if kind == "open":
                lines, carried = lines[:OFD_OPEN_LINES], lines[OFD_OPEN_LINES:]
            for line in lines:
                if kind == "runs":  # a few glyphs per TextObject, side by side on one baseline
                    x = left + indent
                    for start in range(0, len(line), 4):
                        run = line[start : start + 4]
                        add(x, y, run, size)
                        x += sum(_glyph_width(char, size) for char in run)
                else:
                    add(left + indent, y, line, size)
                indent = 0.0
                y += line_height
        if number == len(OFD_PAGES):
            ident += 1
            objects.append(OFD_SEAL.format(ident=ident))
        pages.append(
            f'<?xml version="1.0" encoding="UTF-8"?><ofd:Page xmlns:ofd="{OFD_NS}"><ofd:Content>'
            f'<ofd:Layer ID="{number + 1}">{"".join(objects)}</ofd:Layer></ofd:Content></ofd:Page>'
        )
    ofd_xml = (
        f'<?xml version="1.0" encoding="UTF-8"?><ofd:OFD xmlns:ofd="{OFD_NS}" Version="1.0" DocType="OFD">'
        "<ofd:DocBody><ofd:DocInfo><ofd:DocID>6c1e5a0c2b7d4f0e9a1b3c5d7e9f1a2b</ofd:DocID>"
        f"<ofd:Title>{OFD_TITLE}</ofd:Title><ofd:Author>临江市人民政府办公室</ofd:Author>"
        "<ofd:CreationDate>2025-01-16</ofd:CreationDate></ofd:DocInfo>"
        "<ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>"
    )
    page_list = "".join(
        f'<ofd:Page ID="{index + 1}" BaseLoc="Pages/Page_{index}/Content.xml"/>' for index in range(len(pages))
    )
    document_xml = (
        f'<?xml version="1.0" encoding="UTF-8"?><ofd:Document xmlns:ofd="{OFD_NS}"><ofd:CommonData>'
        "<ofd:MaxUnitID>200</ofd:MaxUnitID><ofd:PageArea><ofd:PhysicalBox>0 0 210 297</ofd:PhysicalBox>"
        "</ofd:PageArea><ofd:PublicRes>PublicRes.xml</ofd:PublicRes></ofd:CommonData>"
        f"<ofd:Pages>{page_list}</ofd:Pages></ofd:Document>"
    )
    public_res = (
        f'<?xml version="1.0" encoding="UTF-8"?><ofd:Res xmlns:ofd="{OFD_NS}" BaseLoc="Res"><ofd:Fonts>'
        '<ofd:Font ID="1" FontName="宋体" FamilyName="宋体"/></ofd:Fonts></ofd:Res>'
    )
    with zipfile.ZipFile(HERE / "report.ofd", "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in [
            ("OFD.xml", ofd_xml),
            ("Doc_0/Document.xml", document_xml),
            ("Doc_0/PublicRes.xml", public_res),
            *((f"Doc_0/Pages/Page_{index}/Content.xml", page) for index, page in enumerate(pages)),
        ]:
            info = zipfile.ZipInfo(name, date_time=(2025, 1, 16, 9, 0, 0))  # fixed, so the bytes reproduce
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, text.encode("utf-8"))


def main() -> None:
    """Write every fixture beside this script."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--font", type=Path, default=DEFAULT_FONT, help="a CJK TrueType font (.ttf/.ttc)")
    font = parser.parse_args().font
    write_html()
    write_docx()
    write_report_pdf(font, HERE / "report.pdf")
    write_report_pdf(font, HERE / "encrypted.pdf", password="secret")
    write_scanned_pdf(font)
    write_corrupt_pdf()
    write_ofd()


if __name__ == "__main__":
    main()
