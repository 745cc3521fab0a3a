"""Text normalisation, script conversion, sentence splitting and segmentation.

The only module that imports jieba and OpenCC: questions and reports go through the very same
functions here, so a word can never be split one way in a question and another in a report.
"""

from __future__ import annotations

import logging
import re
import sys
import threading
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from enum import Enum
from functools import lru_cache
from pathlib import Path

import opencc

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


def _word_set(words: str) -> frozenset[str]:
    """A set of words written one after another, separated by whitespace."""
    return frozenset(words.split())


# Function words and question words, in simplified script (matching happens after t2s).  They
# carry no topic: dropping them keeps BM25 from rewarding a sentence for sharing 「的」 or 「多少」.
STOPWORDS: frozenset[str] = _word_set(
    """
    的 地 得 了 着 过 是 在 和 与 及 以及 或 或者 也 都 就 而 并 且 把 被 对 对于
    从 向 于 以 为 为了 之 其 这 那 这个 那个 这些 那些 这里 那里 这样 那样 此 该 所
    所以 因为 但 但是 则 即 还 又 什么 哪 哪个 哪些 哪里 哪儿 哪一 哪一年 哪年 哪位
    哪种 哪家 谁 多少 几 几个 怎么 怎样 怎么样 如何 为什么 为何 何 何时 何地 何处 何种
    是否 是不是 有没有 吗 呢 吧 啊 呀 么 嘛 哦 个 我 你 您 他 她 它 我们 你们 他们
    她们 它们 自己 请问 请 一下 帮 帮我 告诉 知道 可以 能 能否 会 要 想 有 没有 多
    多久 多长 多大 多远 几年 什么样 时候 什么时候 哪些人 有关 关于 等 等等 之一 一共 总共
    共计 大约 大概 到底 究竟 具体 分别 各 各自 a an the of to in on at
    for is are was were be been do does did how what when where who which why i my me you your it its
    this that and or with by from as
    甚么 有何 到 给 让 使 跟 同 中 上 下 里 内 后 前 时 当
    """
)

# Question-frame words name the kind of answer wanted (「担任什么职务」, 「原因是什么」), not the
# topic: a report answers 「郝伟夫担任什么职务」 without ever writing 担任 or 职务. They still help
# ranking, but coverage (the refusal decision) does not demand them.
FRAME_WORDS: frozenset[str] = _word_set(
    """
    担任 职务 职位 身份 名字 名称 叫 叫做 称为 称作 被称为 指 是指 意思 含义 意义 原因
    理由 目的 作用 内容 情况 方式 方法 时间 地点 日期 年份 数量 数字 人数 金额 多少钱
    哪几种 种类 类型 特点 结果 涵义 称号 名为 文中 提及 哪一方面 一方面
    一 一种 一个 一本 一人 一项 一类 一位 一家 一部 一首 一次 一般
    """
    # Words that ask about an article rather than its content (qa.article_questions): 「梧州那篇
    # 报道是哪天发布的」 is about the article 梧州 names, and never "mentions" 报道 or 哪天.
    """
    这篇 那篇 哪篇 该篇 本篇 每篇 篇 这则 那则 该文 本文 此文 一文 原文 报道 文章 稿件 稿子 新闻稿
    报告 消息 综述 作者 记者 通讯员 撰稿 撰稿人 撰文 执笔 署名 编辑 责任编辑 责编 标题 副标题 题目
    哪天 哪一天 几号 几月 发布 发表 刊登 刊发 刊出 发布时间 发表时间 日期 来源 出处 出自 媒体
    新闻媒体 网站 官网 新闻网 报纸 报社 报刊 杂志 通讯社 提到 提及 说到 讲到 谈到 写到 涉及 写 发
    报告 里 有没有 哪家 哪位 哪份 是谁 谁写 讲 说 介绍 内容
    """
)

_QUESTION_PREFIXES = ("几", "哪", "多少", "什么", "为何", "何时", "如何")


def is_frame_word(word: str) -> bool:
    """True for question-frame words and question words (「几大」, 「多少项」, 「哪一方面」): no topic.

    Coverage does not demand them and notices never name them.
    """
    return word in FRAME_WORDS or word in STOPWORDS or word.startswith(_QUESTION_PREFIXES)


# Characters that never head or end a token worth indexing on their own.
_FUNCTION_CHARS: frozenset[str] = frozenset(
    "的了是在和与及或也都就而并且把被对从向于以为之其这那么吗呢吧啊呀个谁几何哪"
)

_SENTENCE_END = "。！？；!?;"
_CLAUSE_END = "，,、：:…"
_CLOSERS = "”’」』）)】〕》〉\"'"
_SENTENCE_RE = re.compile(rf"[^{_SENTENCE_END}]*(?:[{_SENTENCE_END}]+[{re.escape(_CLOSERS)}]*|$)")
_WORD_CHAR_RE = re.compile(r"\w")
_CJK_RE = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002fa1f]")
_SPACE_RE = re.compile(r"\s+")


class Script(Enum):
    """The Chinese script a piece of text is written in."""

    SIMPLIFIED = "simplified"
    TRADITIONAL = "traditional"
    UNKNOWN = "unknown"


class TraditionalStandard(Enum):
    """How traditional text is written for display: OpenCC's generic forms, or Taiwan's or Hong Kong's.

    Values are OpenCC configurations. Only characters change (s2tw, s2hk), never vocabulary
    (s2twp would rewrite 项目 as 專案 inside a quotation).
    """

    GENERIC = "s2t"
    TAIWAN = "s2tw"
    HONG_KONG = "s2hk"


@lru_cache(maxsize=4)
def _converter(config: str) -> opencc.OpenCC:
    return opencc.OpenCC(config)


def to_simplified(text: str) -> str:
    """Traditional -> simplified characters and phrases (OpenCC t2s); other text unchanged."""
    return str(_converter("t2s").convert(text))


def to_traditional(text: str, standard: TraditionalStandard = TraditionalStandard.GENERIC) -> str:
    """Simplified -> traditional characters and phrases (OpenCC s2t, or the Taiwan/Hong Kong standard)."""
    return str(_converter(standard.value).convert(text))


SIMPLIFIED_TABLE = Path(__file__).resolve().parent / "data" / "simplified_only.txt"


def simplified_only_characters() -> str:
    """Every CJK character OpenCC's s2t changes, in code point order (regenerates the table)."""
    converter = _converter("s2t")
    code_points = [*range(0x3400, 0x4DC0), *range(0x4E00, 0xA000)]
    return "".join(c for c in map(chr, code_points) if converter.convert(c) != c)


@lru_cache(maxsize=1)
def _simplified_only() -> frozenset[str]:
    # A shipped table instead of OpenCC's s2t converter, whose dictionaries take ~45 ms to load
    # on every start; tests/test_text.py checks the table against OpenCC.
    lines = SIMPLIFIED_TABLE.read_text(encoding="utf-8").splitlines()
    return frozenset("".join(line for line in lines if not line.startswith("#")))


def detect_script(text: str) -> Script:
    """Which script the text's Chinese characters are in; UNKNOWN if it has none or both agree."""
    if to_simplified(text) != text:
        return Script.TRADITIONAL
    simplified_only = _simplified_only()
    if any(char in simplified_only for char in text):
        return Script.SIMPLIFIED
    return Script.UNKNOWN


def convert_script(text: str, script: Script, *, source_script: Script) -> str:
    """Show `text` (written in `source_script`) in `script`; text already in that script stays as written.

    Converting traditional text with s2t again would "correct" characters the author chose
    (干警 -> 幹警), so only text of the other script is converted.
    """
    if script is Script.SIMPLIFIED and source_script is not Script.SIMPLIFIED:
        return to_simplified(text)
    if script is Script.TRADITIONAL and source_script is Script.SIMPLIFIED:
        return to_traditional(text)
    return text


def normalize(text: str) -> str:
    """Matching form: NFKC, traditional -> simplified, lower-case, whitespace runs -> one space."""
    folded = unicodedata.normalize("NFKC", text)
    folded = to_simplified(folded).lower()
    return _SPACE_RE.sub(" ", folded).strip()


def normalize_with_offsets(text: str) -> tuple[str, list[int]]:
    """Normalise character by character, returning the text and, per output char, its source index.

    Used to map matches found in the matching form back onto the displayed text. NFKC and
    t2s are applied per character so every output char knows where it came from.
    """
    chars: list[str] = []
    offsets: list[int] = []
    whole = to_simplified(unicodedata.normalize("NFKC", text))
    same_length = len(whole) == len(text)
    for index, char in enumerate(text):
        folded = whole[index] if same_length else to_simplified(unicodedata.normalize("NFKC", char))
        for out in folded.lower():
            chars.append(out)
            offsets.append(index)
    return "".join(chars), offsets


def split_sentences(text: str) -> list[str]:
    """Split on Chinese/Latin sentence ends and line breaks; closing quotes stay with their sentence.

    [] for blank text. Whitespace around each sentence is stripped.
    """
    sentences: list[str] = []
    for line in text.splitlines():
        for match in _SENTENCE_RE.finditer(line):
            sentence = match.group().strip()
            if sentence:
                sentences.append(sentence)
    return sentences


def has_sentence_end(text: str) -> bool:
    """True if the text ends like a sentence (punctuation, optionally followed by closing quotes)."""
    stripped = text.rstrip().rstrip(_CLOSERS)
    return bool(stripped) and stripped[-1] in _SENTENCE_END + "."


def is_heading_like(text: str) -> bool:
    """True for a short line with no closing punctuation at all: a section heading, not prose."""
    stripped = text.rstrip().rstrip(_CLOSERS)
    return bool(stripped) and stripped[-1] not in _SENTENCE_END + _CLAUSE_END + "."


def has_word_char(text: str) -> bool:
    """True if the text holds at least one letter, digit or CJK character."""
    return bool(_WORD_CHAR_RE.search(text))


def is_cjk(char: str) -> bool:
    """True for a CJK ideograph."""
    return bool(_CJK_RE.match(char))


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

    For words an index's dictionary slice lacks (a place no report names); the first call reads
    jieba's dict.txt (~0.3 s).
    """
    return _full_tags().get(word)


@contextmanager
def known_words(words: Iterable[tuple[str, str]]) -> Iterator[None]:
    """Make names read from report headers (publishers, authors) whole words of jieba while building.

    Each word gets the frequency jieba suggests to keep it in one piece against its own
    dictionary alone, and jieba's total is left as it was: so how a text is cut depends only on
    which names occur in it, never on the other names or their order, and an update that adds
    or removes names needs to re-analyse only the reports whose text holds one
    (`qa.parts`). jieba's global dictionary is restored afterwards, so another folder built in
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


class DictionaryCollector:
    """The slice of jieba's dictionary a corpus needs: its own words, every character, their prefixes.

    jieba picks the most probable path through the words its dictionary holds. Every word on
    the path it chose for the reports is kept with its frequency (and the total stays the
    full dictionary's), so report text segments exactly as with the full dictionary; only
    alternatives it never chose are gone. The stopword and question-frame lists are kept too,
    so questions are cut as the full dictionary would cut them. One subtlety: jieba emits a
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
