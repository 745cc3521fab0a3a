"""The bot's own wording: access, rate, errors, admin commands, uploads and file statuses.

The conversation has no notion of these, so they live with the adapter. Written once in
simplified Chinese; handlers show them in the asker's script (`said`, `said_with`), with the
values put in (file names, titles) left exactly as written.
"""

from __future__ import annotations

from html import escape

from qa.chat.voice import Voice
from qa.models import FileStatus, SkipReason
from qa.reports import SUFFIXES

NOT_ALLOWED = "抱歉，这个机器人目前只对受邀用户开放。"
SLOW_DOWN = "提问太快了，请稍等一会儿再问。"
SOMETHING_WENT_WRONG = "抱歉，处理这条消息时出了点问题，请稍后再试。"
ADMIN_ONLY = "只有管理员可以使用这个命令。"
RELOADING = "正在重新载入报告……"
EXPIRED_ALERT = "这个问题的结果已过期，请重新提问。"
STALE_BUTTON = "这个按钮已失效，请重新提问或发送 /help。"
# The menu an admin sees beside everyone's (BotCommandScopeChat), and the bot's profile texts.
ADMIN_COMMANDS = (
    ("reload", "重新读取报告文件夹（管理员）"),
    ("status", "每个报告文件的状态（管理员）"),
    ("stats", "使用统计（管理员）"),
    ("remove", "移除第 N 篇报告（管理员）"),
)
BOT_DESCRIPTION = "用简体或繁体中文提问，我会引用报告里回答问题的原句，并注明出处；报告里没有的，我会如实说没有。"
BOT_SHORT_DESCRIPTION = "报告问答：每个答案都是报告原文的引用，附出处。"

# What each skip means and what to do about it, for the admin who dropped the file in.
SKIP_REASONS: dict[SkipReason, str] = {
    SkipReason.EMPTY: "空文件",
    SkipReason.TOO_LARGE: "文件太大（上限见 QA_MAX_REPORT_MB）",
    SkipReason.CORRUPT: "文件已损坏或不是这种格式，无法读取",
    SkipReason.ENCRYPTED: "文件加了密码：请另存一份不加密的副本",
    SkipReason.SCANNED: "扫描图像，没有文字层：请先做 OCR 文字识别",
    SkipReason.UNSUPPORTED: "不支持的格式：请另存为 .docx、.pdf、.html 或 .txt",
    SkipReason.UNDECODABLE: "无法识别文字编码（不是 UTF-8、GBK 或 Big5）",
    SkipReason.NO_TEXT: "没有可用的正文",
    SkipReason.UNREADABLE: "无法读取文件（权限或磁盘错误）",
}

# /status: the totals, then the skipped files and the read ones.
TOTALS = "报告文件 {files} 个：已读入 {read} 个（{sentences} 句），跳过 {skipped} 个"
SKIPPED_HEADER = "跳过的文件："
READ_HEADER = "已读入："
READ_LINE = "• {name} · {format} · {sentences} 句"
PARTLY_READ = "（部分未读入：{detail}）"
MORE_FILES = "……另有 {count} 个"

# Uploads and /remove: templates whose {fields} are filled with values shown as written.
UPLOAD_NOT_ALLOWED = "抱歉，只有管理员可以添加报告。"
REMOVE_USAGE = "用法：/remove N（N 是 /sources 列表里的编号）"
NOT_ADDED = "没有添加 {name}：{why}"
UNSUPPORTED_UPLOAD = "不支持这种格式。可以发送 " + "、".join(SUFFIXES) + " 文件。"
TOO_BIG_TO_DOWNLOAD = "文件超过 20 MB，机器人无法下载。请直接放进报告文件夹。"
DOWNLOAD_FAILED = "下载失败，请再发送一次。"
DUPLICATE = "和已有的 {existing} 是同一个文件。"
CANNOT_WRITE = "无法写入报告文件夹。"
DOWNLOADING = "正在下载 {name}……"
READING = "正在读取 {name}……"
SAVED_REBUILDING = "已保存 {name}{renamed}，正在重建索引……"
RENAMED = "（已有同名文件，保存为 {name}）"
ADDED = "已添加：{source} · {sentences} 句{renamed}\n现在共 {reports} 篇报告（{total} 句）。"
LAST_REPORT = "这是最后一篇报告，不能移除。"
REMOVING = "正在移除 {source}……"
CANNOT_REMOVE = "无法移除 {name}：文件已不在或无法移动。"
REMOVED = "已移除 {source}（文件移到了 {folder}/ 子文件夹）。\n现在共 {reports} 篇报告（{total} 句）。"
REBUILDING = "正在重建索引……{percent}%"
REBUILD_FAILED = "重建索引失败，仍在使用原来的报告：{reason}"
THIS_FILE = "这个文件"


class Html(str):
    """Text that is HTML already (a phrase said before): put into a template as it is."""

    __slots__ = ()


def said(phrase: str, voice: Voice) -> Html:
    """A phrase in the asker's script, escaped for HTML."""
    return Html(escape(voice.say(phrase)))


def said_with(template: str, voice: Voice, **values: object) -> Html:
    """A template in the asker's script with its {fields} filled and escaped; the values are not converted.

    A file name or a report title is shown as it is written, whatever the asker's script; an
    `Html` value (a phrase said already) goes in unescaped.
    """
    filled = {name: value if isinstance(value, Html) else escape(str(value)) for name, value in values.items()}
    return Html(escape(voice.say(template)).format(**filled))


def skip_reason(status: FileStatus) -> str:
    """Why a file was skipped, in words for the admin (simplified; the reader's detail kept as written)."""
    reason = SKIP_REASONS.get(status.skipped, status.message) if status.skipped is not None else status.message
    return f"{reason}（{status.message}）" if status.skipped is SkipReason.TOO_LARGE else reason
