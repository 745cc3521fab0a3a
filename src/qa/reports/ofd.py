"""OFD reports (`.ofd`, GB/T 33190-2016): China's fixed-layout format for official documents, a zip of XML.

`OFD.xml` names each document's root (`DocRoot`) and its `DocInfo` (title, author, creation date);
the document lists its pages (`Pages/Page@BaseLoc`), and each page's content holds `TextObject`s:
a `Boundary` box (x y width height, in millimetres, y growing downwards), a font `Size`, and
`TextCode`s placed at X, Y inside the box with `DeltaX` steps between characters ("g 3 5.2" is
three steps of 5.2). The zipfile module and lxml read it, so no library of its own is needed; its
lines are made into paragraphs as a PDF's are (`qa.reports.layout`).
"""

from __future__ import annotations

import io
import posixpath
import zipfile
from collections.abc import Iterator

from lxml import etree

from qa.models import SkipReason
from qa.reports.document import Document, DocumentInfo, UnreadableReport, is_placeholder_author
from qa.reports.layout import PageLine, drop_running_lines, join_lines, merge_runs
from qa.reports.metadata import find_date, is_issuer, split_names

POINTS_PER_MM = 72 / 25.4  # the layout rules measure in points, as PDF does
MIN_TEXT_CHARS = 10
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True)


def read_ofd(data: bytes) -> Document:
    """The OFD file's text as paragraphs; UnreadableReport for a damaged, encrypted or image-only file."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        names = set(archive.namelist())
        root = _xml(archive, "OFD.xml")
        body = next(_children(root, "DocBody"), None)
        doc_root = _text(body, "DocRoot") if body is not None else ""
        if not doc_root:
            raise UnreadableReport(SkipReason.CORRUPT, "not an OFD document (OFD.xml names no document)")
        if any(posixpath.basename(name).lower() == "encryptions.xml" for name in names):
            raise UnreadableReport(SkipReason.ENCRYPTED, "an encrypted OFD file: export a copy without encryption")
        document_path = _resolve("", doc_root)
        document = _xml(archive, document_path)
        folder = posixpath.dirname(document_path)
        pages: list[list[PageLine]] = []
        has_images = False
        for page in _descendants(document, "Page"):
            location = page.get("BaseLoc")
            if not location:
                continue
            content = _xml(archive, _resolve(folder, location))
            pages.append(_page_lines(content))
            has_images = has_images or next(_descendants(content, "ImageObject"), None) is not None
    except zipfile.BadZipFile as exc:
        raise UnreadableReport(
            SkipReason.CORRUPT, "a damaged or incomplete .ofd file (not a whole zip archive)"
        ) from exc
    except (KeyError, etree.XMLSyntaxError) as exc:
        raise UnreadableReport(SkipReason.CORRUPT, f"not a readable .ofd file ({exc})") from exc
    if sum(len(line.text) for page in pages for line in page) < MIN_TEXT_CHARS:
        if has_images:
            raise UnreadableReport(SkipReason.SCANNED, "a scanned image with no text: OCR it first")
        raise UnreadableReport(SkipReason.NO_TEXT, "the OFD file has no text")
    info = next(_children(body, "DocInfo"), None) if body is not None else None
    return Document(tuple(join_lines(drop_running_lines(pages))), info=_info(info))


def _xml(archive: zipfile.ZipFile, name: str) -> etree._Element:
    return etree.fromstring(archive.read(name), _PARSER)


def _resolve(folder: str, location: str) -> str:
    """A path in the archive: 「/Doc_0/Pages/…」 from its root, else from the folder of the file naming it."""
    path = location.replace("\\", "/").strip()
    return posixpath.normpath(path.lstrip("/") if path.startswith("/") else posixpath.join(folder, path))


def _local(element: etree._Element) -> str:
    # Producers disagree on the namespace URI (and some write none), so elements are matched by local name.
    return etree.QName(element).localname if isinstance(element.tag, str) else ""


def _children(element: etree._Element, name: str) -> Iterator[etree._Element]:
    return (child for child in element if _local(child) == name)


def _descendants(element: etree._Element, name: str) -> Iterator[etree._Element]:
    return (child for child in element.iter() if _local(child) == name)


def _text(element: etree._Element, name: str) -> str:
    child = next(_children(element, name), None)
    return (child.text or "").strip() if child is not None else ""


def _page_lines(content: etree._Element) -> list[PageLine]:
    """The text of one page as lines, in content order; a line may come in many TextObjects (one per glyph run)."""
    runs: list[PageLine] = []
    for text_object in _descendants(content, "TextObject"):
        box = _numbers(text_object.get("Boundary", ""))
        # The CTM maps the object's own units to the page's (「0.3528 0 0 0.3528 0 0」: sizes given in
        # points); a turned one (b or c set) is a seal or a watermark, not a line of the text.
        a, b, c, d, e, f = (
            (_numbers(text_object.get("CTM", "")) + [0.0] * 6)[:6] if text_object.get("CTM") else (1, 0, 0, 1, 0, 0)
        )
        if len(box) < 2 or b or c or a <= 0 or d <= 0:
            continue
        size = _float(text_object.get("Size"), 3.5) * d
        x = y = 0.0
        for code in _children(text_object, "TextCode"):
            x = _float(code.get("X"), x)  # a TextCode without X or Y goes on where the last one was
            y = _float(code.get("Y"), y)
            text = (code.text or "").strip()
            if not text:
                continue
            steps = _steps(code.get("DeltaX", ""))
            width = sum(steps[: len(text) - 1]) * a + size
            left, baseline = box[0] + a * x + e, box[1] + d * y + f
            runs.append(
                PageLine(
                    text,
                    left * POINTS_PER_MM,
                    (left + width) * POINTS_PER_MM,
                    -(baseline - size) * POINTS_PER_MM,  # y grows downwards in OFD, upwards in the layout rules
                    size * POINTS_PER_MM,
                )
            )
    return merge_runs(runs)


def _steps(delta: str) -> list[float]:
    """The DeltaX steps: 「5 5 g 3 4.2」 -> [5, 5, 4.2, 4.2, 4.2]."""
    tokens = delta.split()
    steps: list[float] = []
    index = 0
    while index < len(tokens):
        if tokens[index] == "g" and index + 2 < len(tokens):
            steps.extend([_float(tokens[index + 2], 0.0)] * int(_float(tokens[index + 1], 0.0)))
            index += 3
        else:
            steps.append(_float(tokens[index], 0.0))
            index += 1
    return steps


def _numbers(text: str) -> list[float]:
    return [_float(part, 0.0) for part in text.split()]


def _float(text: str | None, default: float) -> float:
    try:
        return float(text) if text is not None else default
    except ValueError:
        return default


def _info(info: etree._Element | None) -> DocumentInfo:
    if info is None:
        return DocumentInfo()
    author = _text(info, "Author")
    if is_placeholder_author(author):
        author = ""
    # Offices export their documents with the office as the author: who issued it, not who wrote it.
    issuer = author if author and is_issuer(author) else None
    return DocumentInfo(
        title=_text(info, "Title") or None,
        date=find_date(_text(info, "CreationDate")),
        publisher=issuer,
        authors=tuple(split_names(author)) if author and issuer is None else (),
    )
