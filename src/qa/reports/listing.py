"""A reports folder as the index sees it: the files the loader lists, and the Corpus record they become.

Apart from `corpus` (the reading), so a start from a cached index checks the folder and holds its
records without importing the readers' cleaning and header rules.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from qa.errors import CorpusError
from qa.models import Article, FileStatus
from qa.reports import is_listed_name
from qa.table import SentenceTable


@dataclass(frozen=True, slots=True)
class Corpus:
    """Every loaded article and the sentences of their bodies, in folder order.

    `files` says what became of each file of the folder (read, or skipped and why), in name order.
    """

    articles: Sequence[Article]
    sentences: SentenceTable
    files: Sequence[FileStatus] = ()

    def sentence_counts(self) -> list[int]:
        """How many sentences each article contributes, by article index."""
        return [int(n) for n in np.bincount(self.sentences.article, minlength=len(self.articles))]


def report_files(folder: Path) -> list[Path]:
    """The files of a folder the loader reports on, sorted by name; CorpusError if the folder does not exist.

    These are the readable formats (.txt, .md, .html, .htm, .docx, .pdf) and the document formats it
    names as unsupported (.doc, .xlsx …); subfolders, hidden files and Office lock files are not.
    """
    return [Path(entry.path) for entry in report_entries(folder)]


def report_entries(folder: Path) -> list[os.DirEntry[str]]:
    """`report_files` as directory entries (their stat is one call each, no Path made), sorted by name."""
    if not folder.is_dir():
        raise CorpusError(f"reports folder not found: {folder}")
    with os.scandir(folder) as entries:
        found = [entry for entry in entries if is_listed_name(entry.name) and entry.is_file()]
    return sorted(found, key=lambda entry: entry.name)
