"""Words that carry no topic: function words, question words and the words that frame a question.

Ranking drops the stopwords; coverage (the refusal decision) and notices also pass over the
frame words, since a report answers 「郝伟夫担任什么职务」 without writing 担任 or 职务.
"""

from __future__ import annotations


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
    多久 多长 多大 多远 多高 多宽 多深 多厚 多粗 多贵 几年 什么样 时候 什么时候 哪些人
    有关 关于 等 等等 之一 一共 总共
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
    哪几种 种类 类型 特点 结果 涵义 称号 名为 文中 提及 哪一方面 一方面 百分之 百分比
    一 一种 一个 一本 一人 一项 一类 一位 一家 一部 一首 一次 一般
    """
    # What a chat message wraps a question in: thanks, fillers and interjections, 「…的事情」.
    """
    谢谢 谢谢你 谢谢您 多谢 感谢 麻烦 麻烦你 劳驾 哈 哈哈 嗯 呃 诶 哎 喂 啦 咯 嘿 哟 事情 事儿
    问下 问一下 想问 想问下 想问一下 请问下 打听 打听一下 你好 您好 嗨 哈喽 在吗
    """
    # Words that ask about an article rather than its content (qa.answers.article_questions): 「梧州那篇
    # 报道是哪天发布的」 is about the article 梧州 names, and never "mentions" 报道 or 哪天.
    """
    这篇 那篇 哪篇 该篇 本篇 每篇 篇 这则 那则 该文 本文 此文 一文 原文 报道 文章 稿件 稿子 新闻稿
    报告 消息 综述 作者 记者 通讯员 撰稿 撰稿人 撰文 执笔 署名 编辑 责任编辑 责编 标题 副标题 题目
    哪天 哪一天 几号 几月 发布 发表 刊登 刊发 刊出 发布时间 发表时间 日期 来源 出处 出自 媒体
    新闻媒体 网站 官网 新闻网 报纸 报社 报刊 杂志 通讯社 提到 提及 说到 讲到 谈到 写到 涉及 写 发
    报告 里 有没有 哪家 哪位 哪份 是谁 谁写 讲 说 介绍 内容
    """
)

# The language's common measure words (classifiers), a closed class of the grammar: 个座项件 …, 棵颗株枚
# (trees, fruit), 架艘趟 (planes, ships, trips), 对双套 (pairs, sets), 岁 (age).
CLASSIFIERS = frozenset(
    "个座项件户名位条起张辆次家所栋层台只头匹篇份批部届场处本种段间期回棵颗株枚粒架艘趟对双套根片块把首句门岁"
)
# 这 / 那 with a measure or a place word (这条, 那座, 这次, 这边) points at something, never names it.
_DEMONSTRATIVES = frozenset("这那")
_MEASURES = CLASSIFIERS | frozenset("些里边样")
_QUESTION_PREFIXES = ("几", "哪", "多少", "什么", "为何", "何时", "如何")


def is_frame_word(word: str) -> bool:
    """True for question-frame words, question words and demonstratives (「几大」, 「多少项」, 「这条」): no topic.

    Coverage does not demand them and notices never name them.
    """
    return (
        word in FRAME_WORDS
        or word in STOPWORDS
        or word.startswith(_QUESTION_PREFIXES)
        or (len(word) == 2 and word[0] in _DEMONSTRATIVES and word[1] in _MEASURES)
    )
