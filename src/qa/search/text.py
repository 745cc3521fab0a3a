"""Segmentation: jieba (the full dictionary for reports, an index's slice for questions) and grams.

The only module that imports jieba: questions and reports go through the very same functions
here, so a word can never be split one way in a question and another in a report.
"""

from __future__ import annotations

import logging
import sys
import threading
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from qa.reports.sentences import has_word_char
from qa.script import is_cjk, normalize
from qa.search.stopwords import FRAME_WORDS, STOPWORDS
from qa.search.tag_table import TagTable

# jieba imports pkg_resources only to open its bundled files, and falls back to plain open()
# without it; pkg_resources alone costs ~75 ms of start-up (and a deprecation warning).
_saved_pkg_resources = sys.modules.get("pkg_resources")
sys.modules["pkg_resources"] = None  # type: ignore[assignment]  # None makes the import fail: documented
try:
    import jieba
finally:
    if _saved_pkg_resources is None:
        del sys.modules["pkg_resources"]
    else:
        sys.modules["pkg_resources"] = _saved_pkg_resources

log = logging.getLogger(__name__)

# Characters that never head or end a token worth indexing on their own.
_FUNCTION_CHARS: frozenset[str] = frozenset(
    "的了是在和与及或也都就而并且把被对从向于以为之其这那么吗呢吧啊呀个谁几何哪"
)


_jieba_lock = threading.Lock()
_full_dictionary = False
_cache_dir: Path | None = None


@dataclass(frozen=True, slots=True)
class Dictionary:
    """A slice of jieba's dictionary: word frequencies (prefixes at 0), jieba's total, part-of-speech tags."""

    freq: dict[str, int]
    total: int
    tags: dict[str, str]

    def as_tuple(self) -> tuple[dict[str, int], int, dict[str, str]]:
        """Plain containers, for marshal."""
        return self.freq, self.total, self.tags


@lru_cache(maxsize=1)
def _full_tags() -> dict[str, str]:
    """Every word's part-of-speech tag from jieba's bundled dict.txt (read at build time only)."""
    tags: dict[str, str] = {}
    with jieba.dt.get_dict_file() as handle:
        for raw in handle:
            parts = raw.decode("utf-8").split()
            if len(parts) == 3:
                tags[parts[0]] = parts[2]
    return tags


def dictionary_tag(word: str) -> str | None:
    """The part-of-speech tag jieba's full dictionary gives a word; None if it has none.

    For words an index's dictionary slice lacks (a place no report names). With a segmenter
    cache (`set_segmenter_cache`) the tags come from a TagTable kept there, written from jieba's
    dict.txt the first time (~0.3 s, once per cache); without one, every process reads dict.txt.
    """
    table = _tag_table(_cache_dir) if _cache_dir is not None else None
    return table.tag(word) if table is not None else _full_tags().get(word)


@lru_cache(maxsize=4)
def _tag_table(cache_dir: Path) -> TagTable | None:
    """The full dictionary's TagTable in the segmenter cache, written there first if missing; None if it cannot be."""
    try:
        folder = cache_dir / f"tags-{_dictionary_key()}"
    except OSError as exc:
        log.warning("cannot find jieba's dictionary file (%s); reading its dictionary instead", exc)
        return None
    try:
        return TagTable.load(folder)
    except (OSError, ValueError):
        pass
    try:
        TagTable.of(_full_tags()).save(folder)
        return TagTable.load(folder)
    except (OSError, ValueError) as exc:
        log.warning("could not keep jieba's tags in %s (%s); reading its dictionary instead", folder, exc)
        return None


def _dictionary_key() -> str:
    """jieba's version and its dictionary file's size and time: a new dictionary makes a new tag table."""
    path = Path(jieba.dt.dictionary or Path(jieba.__file__).with_name(jieba.DEFAULT_DICT_NAME))
    stat = path.stat()
    return f"{jieba.__version__}-{stat.st_size}-{stat.st_mtime_ns}"


@contextmanager
def known_words(words: Iterable[tuple[str, str]]) -> Iterator[None]:
    """Make names read from report headers (publishers, authors) whole words of jieba while building.

    Each word gets the frequency jieba suggests to keep it in one piece against its own
    dictionary alone, and jieba's total is left as it was: so how a text is cut depends only on
    which names occur in it, never on the other names or their order, and an update that adds
    or removes names needs to re-analyse only the reports whose text holds one
    (`qa.search.parts`). jieba's global dictionary is restored afterwards, so another folder built in
    the same process is cut exactly as in a fresh one. The index's dictionary slice keeps the
    words for its questions.
    """
    prepare_segmenter()
    with _jieba_lock:
        saved_total = jieba.dt.total
        accepted = [(word, tag) for word, tag in words if is_name_word(word)]
        frequencies = [jieba.suggest_freq(word, tune=False) for word, _ in accepted]  # before any is added
        saved: dict[str, int | None] = {}
        added_tags: list[str] = []
        for (word, tag), frequency in zip(accepted, frequencies, strict=True):
            for end in range(1, len(word) + 1):
                saved.setdefault(word[:end], jieba.dt.FREQ.get(word[:end]))
            if word not in jieba.dt.user_word_tag_tab:
                added_tags.append(word)
            jieba.add_word(word, frequency, tag)
        jieba.dt.total = saved_total
    try:
        yield
    finally:
        with _jieba_lock:
            for word, value in saved.items():
                if value is None:
                    jieba.dt.FREQ.pop(word, None)
                else:
                    jieba.dt.FREQ[word] = value
            for word in added_tags:
                jieba.dt.user_word_tag_tab.pop(word, None)
            jieba.dt.total = saved_total


def is_name_word(word: str) -> bool:
    """True for a header name `known_words` adds to jieba: two or more CJK ideographs."""
    return len(word) >= 2 and all(is_cjk(char) for char in word)


def prepare_segmenter() -> None:
    """Load jieba's full dictionary once (~1 s; jieba caches it as marshal under the segmenter cache).

    Needed to segment report text; questions use their index's `QuestionSegmenter`.
    """
    global _full_dictionary  # one process-wide dictionary
    if _full_dictionary:  # the common case on every report sentence: no lock needed
        return
    with _jieba_lock:
        if _full_dictionary:
            return
        jieba.setLogLevel(logging.WARNING)
        if _cache_dir is not None:
            _cache_dir.mkdir(parents=True, exist_ok=True)
            jieba.dt.tmp_dir = str(_cache_dir)
        jieba.initialize()
        _full_dictionary = True


def set_segmenter_cache(cache_dir: Path) -> None:
    """Where jieba keeps its own dictionary cache (used when the full dictionary loads)."""
    global _cache_dir
    with _jieba_lock:
        _cache_dir = cache_dir


# jieba's count from which a word is common enough to be kept in every slice (~12k words).
COMMON_WORD_COUNT = 500


class DictionaryCollector:
    """The slice of jieba's dictionary a corpus needs: its own words, every character, their prefixes.

    jieba picks the most probable path through the words its dictionary holds. Every word on
    the path it chose for the reports is kept with its frequency (and the total stays the
    full dictionary's), so report text segments exactly as with the full dictionary; only
    alternatives it never chose are gone. The stopword and question-frame lists are kept too,
    so questions are cut as the full dictionary would cut them, and so are jieba's common words
    (`COMMON_WORD_COUNT`): a question about 收费 or 市长, which no report writes, keeps the word
    whole and so is known to ask about something absent (on the DRCD and CMRC questions the cut
    then equals the full dictionary's 29 times more often). One subtlety: jieba emits a
    run of single characters one by one when the run is itself a dictionary word (「所」「需」),
    and sends it to its HMM otherwise, so dictionary words spelled by such runs are kept too.
    A question's words that no report uses could never match anyway. Loading the slice takes
    milliseconds instead of jieba's second. Texts are added one at a time while indexing.
    """

    def __init__(self) -> None:
        prepare_segmenter()
        self._full: dict[str, int] = jieba.dt.FREQ
        self._words = {word for word in self._full if len(word) == 1}
        # Question vocabulary the pipeline itself knows (多少, 什么时候, 担任 …) must segment as in
        # the full dictionary even when no report uses it, or 「多少件」 would become 「多」「少件」.
        self._words.update(word for word in STOPWORDS | FRAME_WORDS if word in self._full)
        # Common words no report uses still cut a question as the full dictionary would: without
        # 市长 in the slice, 「梧州市长是谁」 becomes 梧州市 + 长 and asks only about 梧州.
        self._words.update(word for word, count in self._full.items() if count >= COMMON_WORD_COUNT and len(word) > 1)
        self._base = frozenset(self._words)

    def collected(self) -> list[str]:
        """The words `add` recorded beyond those every slice keeps, sorted (a bounded build saves them per part)."""
        return sorted(self._words - self._base)

    def add_words(self, words: Iterable[str]) -> None:
        """Record words `collected` returned (a part's), as if their texts were added again."""
        self._words.update(word for word in words if word in self._full)

    def add(self, tokens: Sequence[str]) -> None:
        """Record one text's jieba tokens (in order)."""
        self._words.update(token for token in tokens if token in self._full)
        self._words.update(_words_spelled_by_single_runs(tokens, self._full))

    def finish(self) -> Dictionary:
        """The dictionary slice: kept words with their frequencies, prefixes with 0, jieba's total, tags."""
        sliced: dict[str, int] = {}
        tags: dict[str, str] = {}
        full_tags = _full_tags()
        if _cache_dir is not None:  # kept while dict.txt is read anyway: no question's first answer reads it
            _tag_table(_cache_dir)
        user_tags: dict[str, str] = jieba.dt.user_word_tag_tab
        for word in self._words:
            sliced[word] = self._full[word]
            tag = user_tags.get(word) or full_tags.get(word)
            if tag:
                tags[word] = tag
            for end in range(1, len(word)):
                sliced.setdefault(word[:end], 0)
            tags.update(_named_parts(word, full_tags))
        return Dictionary(sliced, int(jieba.dt.total), tags)


_NAME_TAGS = frozenset({"ns", "nr", "nrt", "nrfg", "nt", "nz"})


def _named_parts(word: str, full_tags: dict[str, str]) -> Iterator[tuple[str, str]]:
    """Place, person and organisation names inside a longer word (「温州」 in 「温州市」), with their tags.

    Only tags: a question that writes 温州 where the reports write 温州市 still names a place.
    """
    for size in range(2, len(word)):
        for start in range(len(word) - size + 1):
            part = word[start : start + size]
            tag = full_tags.get(part)
            if tag in _NAME_TAGS:
                yield part, tag


def _words_spelled_by_single_runs(tokens: Sequence[str], full: dict[str, int]) -> Iterator[str]:
    run: list[str] = []
    for token in (*tokens, ""):
        if len(token) == 1:
            run.append(token)
            continue
        for start in range(len(run)):
            for end in range(start + 2, len(run) + 1):
                candidate = "".join(run[start:end])
                if full.get(candidate):
                    yield candidate
        run = []


class QuestionSegmenter:
    """jieba over a corpus slice of its dictionary: how an index segments its questions.

    Each index carries its own, so a question is cut the same way whether the index was just
    built or loaded from the cache, and two indexes in one process never share a slice.
    """

    def __init__(self, dictionary: Dictionary) -> None:
        self._tokenizer = jieba.Tokenizer()
        self._tokenizer.FREQ, self._tokenizer.total = dictionary.freq, dictionary.total
        self._tokenizer.initialized = True
        self._tags = dictionary.tags

    def tag(self, word: str) -> str | None:
        """jieba's part-of-speech tag of a dictionary word (ns place, nr person, nt organisation …); None if unknown."""
        return self._tags.get(word)

    def cut(self, normalized: str) -> list[str]:
        """jieba's words for the text (HMM on, as for reports)."""
        return list(self._tokenizer.lcut(normalized, HMM=True))


def segment(normalized: str, segmenter: QuestionSegmenter | None = None) -> list[str]:
    """jieba words of already-normalised text, punctuation and spaces dropped (stopwords kept).

    Reports use jieba's full dictionary; questions use their index's `QuestionSegmenter`.
    """
    if segmenter is None:
        prepare_segmenter()
        words = jieba.lcut(normalized, HMM=True)
    else:
        words = segmenter.cut(normalized)
    return [word for word in words if has_word_char(word) and word != " "]


def content_words(words: Iterable[str]) -> list[str]:
    """The words that carry topic: stopwords and single function characters removed."""
    return [word for word in words if word not in STOPWORDS]


def char_grams(words: Iterable[str]) -> list[str]:
    """CJK character unigrams and overlapping bigrams inside runs of content words.

    Stopwords break a run, so 「多少项」 does not yield the noise bigram 「少项」. Non-CJK
    tokens (numbers, Latin words) pass through whole. Unigrams that are function
    characters are dropped: they occur in nearly every sentence.
    """
    grams: list[str] = []
    for run in _content_runs(words):
        grams.extend(_grams_of_run(run))
    return grams


def _content_runs(words: Iterable[str]) -> Iterator[list[str]]:
    run: list[str] = []
    for word in words:
        if word in STOPWORDS:
            if run:
                yield run
            run = []
        else:
            run.append(word)
    if run:
        yield run


def _grams_of_run(run: list[str]) -> list[str]:
    grams: list[str] = []
    cjk: list[str] = []
    for word in run:
        if all(is_cjk(char) for char in word):
            cjk.extend(word)
            continue
        grams.extend(_cjk_grams(cjk))
        cjk = []
        grams.append(word)
    grams.extend(_cjk_grams(cjk))
    return grams


def _cjk_grams(chars: list[str]) -> list[str]:
    grams = [char for char in chars if char not in _FUNCTION_CHARS]
    grams.extend(chars[i] + chars[i + 1] for i in range(len(chars) - 1))
    return grams


@dataclass(frozen=True, slots=True)
class Analysis:
    """A text as the index sees it: its matching form, jieba content words and character grams."""

    normalized: str
    words: tuple[str, ...]
    grams: tuple[str, ...]
    tokens: tuple[str, ...] = ()


def analyze(text: str, segmenter: QuestionSegmenter | None = None) -> Analysis:
    """Run the one shared pipeline: normalise, segment, drop function words, build grams."""
    normalized = normalize(text)
    words = segment(normalized, segmenter)
    return Analysis(normalized, tuple(content_words(words)), tuple(char_grams(words)), tuple(words))
