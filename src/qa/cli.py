"""The `qa` command: chat with the bot locally, ask one-off questions, list sources, evaluate, index."""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import logging
import os
import sys
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from qa.answers.answer import answer
from qa.chat import AnswerPage, Conversation, Reply
from qa.chat.conversation import (
    Help,
    NoAnswer,
    NotChinese,
    Notice,
    SmallTalk,
    SourceDetail,
    SourceList,
    Welcome,
)
from qa.chat.phrases import content_notice, no_answer_lines, notice_text
from qa.chat.render_text import ansi_bold, plain, render_reply
from qa.errors import QaError
from qa.logs import configure_logging
from qa.models import Answer, FileStatus
from qa.search.index import ReportIndex
from qa.search.store import cached_index_folder, describe, discard_index, open_index, verify_index
from qa.settings_memo import CommandSettings, command_settings

if TYPE_CHECKING:  # qa.evaluation is imported by the eval commands only
    from qa.evaluation import SquadQuestion

log = logging.getLogger(__name__)

EXIT_OK, EXIT_ERROR, EXIT_USAGE = 0, 1, 2
PROGRESS_MIN_SENTENCES = 20_000
PROGRESS_MIN_FILES = 1_000


def build_parser() -> argparse.ArgumentParser:
    """The argument parser (exposed for tests and --help)."""
    parser = argparse.ArgumentParser(prog="qa", description="Question answering over Chinese reports.")
    parser.add_argument("--reports", type=Path, help="folder of report files (default: QA_REPORTS_DIR or seeds/)")
    parser.add_argument("--cache-dir", type=Path, help="where the built index is kept (default: QA_CACHE_DIR)")
    parser.add_argument(
        "--no-cache", action="store_true", help="build the index in memory, do not read or write a cache"
    )
    commands = parser.add_subparsers(dest="command", required=True)
    chat_command = commands.add_parser("chat", help="talk to the bot in the terminal, /commands included")
    chat_command.add_argument(
        "--json", action="store_true", help="one message per stdin line in, one JSON object per line out"
    )
    chat_command.add_argument(
        "--language", metavar="TAG", help="the Telegram language to act as (zh-hant: traditional replies)"
    )
    ask = commands.add_parser("ask", help="answer one question (or one per stdin line with --json)")
    ask.add_argument("question", nargs="?", help="the question; omit with --json to read stdin")
    ask.add_argument("-k", type=int, default=1, help="how many answers to show (1-10)")
    ask.add_argument("--json", action="store_true", help="machine-readable output")
    sources = commands.add_parser("sources", help="list the loaded reports")
    sources.add_argument("--json", action="store_true")
    evaluate = commands.add_parser("eval", help="measure answer quality on a question set")
    evaluate.add_argument("file", nargs="?", type=Path, help="seed-format JSONL question set")
    evaluate.add_argument("--squad", type=Path, help="SQuAD-format JSON file, evaluated as open retrieval")
    evaluate.add_argument("--dialogs", type=Path, help="scripted conversations (JSONL), each sent to one session")
    evaluate.add_argument(
        "--abstain",
        action="store_true",
        help="with --squad: the even-numbered articles are the reports, 1,000 questions from each half "
        "(--sample N: N/2 each); measures refusal",
    )
    evaluate.add_argument("--sample", type=int, default=None, help="ask a fixed-seed sample of N questions")
    evaluate.add_argument("--seed", type=int, default=13, help="sampling seed")
    index = commands.add_parser("index", help="build (or load) the persisted index")
    index.add_argument("--stats", action="store_true", help="print what the index holds")
    index.add_argument(
        "--files", action="store_true", help="list every file of the folder (default: only files skipped or noted)"
    )
    index.add_argument(
        "--verify", action="store_true", help="check every byte of the cached index against its checksums"
    )
    return parser


def main(argv: Sequence[str] | None = None, out: TextIO | None = None) -> int:
    """Entry point of the `qa` console script; returns the exit code."""
    out = out or sys.stdout
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return EXIT_OK if exc.code == 0 else EXIT_USAGE
    try:
        settings = command_settings()
        configure_logging(settings.log_level if args.command == "index" else "WARNING")
        return _dispatch(args, settings, out)
    except QaError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        return EXIT_OK
    except BrokenPipeError:
        # The reader went away (`qa sources --json | head`): stop quietly, and keep Python from
        # complaining again when it flushes stdout at exit.
        with contextlib.suppress(OSError, ValueError, io.UnsupportedOperation):  # stdout is no file (tests)
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK


def _dispatch(args: argparse.Namespace, settings: CommandSettings, out: TextIO) -> int:
    if args.command == "eval" and args.squad is not None:
        return _eval_squad(args, settings, out)
    if args.command == "eval" and args.abstain:
        print("error: --abstain measures a public set: give --squad FILE", file=sys.stderr)
        return EXIT_USAGE
    index = _open_index(args, settings)
    match args.command:
        case "chat":
            conversation = make_conversation(index, settings)
            if args.json:
                return chat_json(conversation, _utf8_stdin(), out, args.language)
            stdin = sys.stdin if sys.stdin.isatty() else _utf8_stdin()  # piped: a bad byte spoils only its line
            return chat(conversation, stdin, out, args.language)
        case "ask":
            return _ask(args, index, out)
        case "sources":
            return _sources(args, index, out)
        case "eval":
            if args.dialogs is not None:
                return _eval_dialogs(args.dialogs, make_conversation(index, settings), out)
            return _eval_seed(args, index, out)
        case "index":
            if args.verify:
                index = _verify(args, settings, index, out)
            for line in file_status_lines(index.corpus.files, every_file=args.files):
                print(line, file=out)
            if args.stats:
                for key, value in describe(index).items():
                    print(f"{key:32} {value:>12,}", file=out)
            return EXIT_OK
    return EXIT_USAGE


def _verify(args: argparse.Namespace, settings: CommandSettings, index: ReportIndex, out: TextIO) -> ReportIndex:
    """`qa index --verify`: every cached file against its checksum; a damaged cache is rebuilt."""
    cache = None if args.no_cache else (args.cache_dir or settings.cache_dir)
    if cache is None:
        print("verify: no cache in use (--no-cache)", file=out)
        return index
    folder = cached_index_folder(
        args.reports or settings.reports_dir, cache, max_report_bytes=settings.max_report_bytes
    )
    bad = verify_index(folder)
    if not bad:
        print(f"verify: {folder.name} matches its checksums", file=out)
        return index
    print(f"verify: {folder.name} is damaged ({', '.join(bad[:5])}); rebuilt", file=out)
    logging.getLogger(__name__).warning("cached index %s is damaged (%s); rebuilding", folder, ", ".join(bad[:5]))
    discard_index(folder)
    return _open_index(args, settings)


def make_conversation(index: ReportIndex, settings: CommandSettings) -> Conversation:
    """The conversation as the settings configure it (shared by the harness and the bot)."""
    return Conversation(
        index,
        max_results=settings.max_results,
        remembered_queries=settings.remembered_queries,
        context_turns=settings.context_turns,
        context_seconds=settings.context_seconds,
        standard=settings.standard,
    )


def _open_index(args: argparse.Namespace, settings: CommandSettings, reports: Path | None = None) -> ReportIndex:
    folder = reports or args.reports or settings.reports_dir
    cache = None if args.no_cache else (args.cache_dir or settings.cache_dir)
    return open_index(
        folder,
        cache,
        workers=os.cpu_count() or 1,
        progress=_progress_printer(),
        batch_sentences=settings.build_batch_sentences,
        max_report_bytes=settings.max_report_bytes,
    )


def _progress_printer() -> ProgressBar | None:
    return ProgressBar(sys.stderr) if sys.stderr.isatty() else None


class ProgressBar:
    """「analysing 12,000/100,000 (12%), ETA 1m20s」 on one terminal line per stage, for big folders."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream
        self._stage = "indexing"
        self._start = time.monotonic()
        self._shown = False

    def begin(self, stage: str) -> None:
        """A new stage starts: its own line, its own ETA."""
        self._stage, self._start = stage, time.monotonic()

    def __call__(self, done: int, total: int) -> None:
        if self._stage == "analysing" and total < PROGRESS_MIN_SENTENCES:
            return
        if self._stage == "reading" and total < PROGRESS_MIN_FILES:
            return
        if not self._shown and self._stage not in ("reading", "analysing"):
            return  # a small folder showed no reading or analysis line: no merge or saving lines either
        self._shown = True
        elapsed = time.monotonic() - self._start
        eta = elapsed / done * (total - done) if done else 0.0
        minutes, seconds = divmod(int(eta), 60)
        percent = 100 * done // total if total else 100
        self._stream.write(f"\r{self._stage} {done:,}/{total:,} ({percent}%), ETA {minutes}m{seconds:02d}s ")
        if done >= total:
            self._stream.write("\n")
        self._stream.flush()


CHAT_SESSION = "cli"


def chat(conversation: Conversation, stdin: TextIO, out: TextIO, language: str | None = None) -> int:
    """The interactive harness: one message per line, replies as the bot would give them."""
    interactive = stdin.isatty() and out.isatty()
    emphasis = ansi_bold if interactive else plain
    if interactive:
        _enable_history()
        print(render_reply(conversation.handle("/start", CHAT_SESSION, language), emphasis), file=out)
    while True:
        try:
            line = input("你> ") if interactive else stdin.readline()
        except EOFError:
            break
        if not interactive and line == "":
            break
        if line.strip() in ("/quit", "/exit"):
            break
        print(render_reply(conversation.handle(line, CHAT_SESSION, language), emphasis), file=out)
        if interactive:
            print(file=out)
    return EXIT_OK


def chat_json(conversation: Conversation, stdin: TextIO, out: TextIO, language: str | None = None) -> int:
    """The harness in machine form: every stdin line is a message of one session, answered by one JSON line."""
    for line in stdin:
        message = line.rstrip("\r\n")
        reply = conversation.handle(message, CHAT_SESSION, language)
        print(json.dumps(reply_json(message, reply), ensure_ascii=False), file=out)
        out.flush()
    return EXIT_OK


def _stdin_bytes() -> Iterator[bytes]:
    """stdin's lines as bytes, so each line is decoded on its own and one bad byte spoils only its line."""
    buffer = getattr(sys.stdin, "buffer", None)
    if buffer is None:  # a replaced sys.stdin (tests) is text already
        yield from (line.encode("utf-8", errors="surrogateescape") for line in sys.stdin)
        return
    yield from buffer


def _utf8_stdin() -> TextIO:
    """stdin decoded as UTF-8 with bad bytes replaced, so a bad line still gets its answer."""
    buffer = getattr(sys.stdin, "buffer", None)
    if buffer is None:
        return sys.stdin
    return io.TextIOWrapper(buffer, encoding="utf-8", errors="replace")


def reply_type(reply: Reply) -> str:
    """The documented `type` of a reply in `qa chat --json`."""
    match reply:
        case Welcome():
            return "welcome"
        case Help():
            return "help"
        case SourceList():
            return "sources"
        case SourceDetail():
            return "source"
        case AnswerPage():
            return "page" if reply.is_page else "answer"
        case NoAnswer():
            return "no_answer"
        case SmallTalk():
            return "smalltalk"
        case NotChinese():
            return "not_chinese"
        case Notice():
            return "notice"


def reply_json(message: str, reply: Reply) -> dict[str, object]:
    """One `qa chat --json` object: the reply's type, plain text, answers (items as in `qa ask --json`) and context."""
    answers: list[object] = []
    position = total = None
    notice: str | None = None
    understood_as: str | None = None
    match reply:
        case AnswerPage():
            items = answer_json(reply.answer)["answers"]
            listed = items if isinstance(items, list) else []
            answers = listed[reply.position : reply.position + 1] if reply.is_page else listed
            position, total = reply.position, reply.total
            notice, understood_as = content_notice(reply.answer, reply.voice), reply.understood_as
        case NoAnswer():
            notice = " ".join(no_answer_lines(reply.answer, reply.voice))
            understood_as = reply.understood_as
        case Notice():
            notice = notice_text(reply)
        case _:
            pass
    return {
        "input": message,
        "type": reply_type(reply),
        "text": render_reply(reply, plain),
        "answers": answers,
        "position": position,
        "total": total,
        "notice": notice,
        "understood_as": understood_as,
    }


def _enable_history() -> None:
    try:
        import readline  # noqa: F401  # importing it gives input() line editing and history
    except ImportError:
        return


def answer_json(result: Answer) -> dict[str, object]:
    """The documented JSON shape of one answered question."""
    return {
        "question": result.question,
        "answers": [
            {
                "text": item.text,
                "display": item.display,
                "context": item.context,
                "score": round(item.score, 6),
                "source": {
                    "id": item.article.id,
                    "title": item.article.title,
                    "date": item.article.date,
                    "publisher": item.article.publisher,
                },
                "highlights": [[span.start, span.end] for span in item.highlights],
                "kind": item.kind.value,
                "field": item.field,
            }
            for item in result.items
        ],
        "notice": _notice_text(result),
    }


def _notice_text(result: Answer) -> str | None:
    """The notice a JSON reply carries: a missing or absent word, or why there is no answer."""
    if result.found:
        return content_notice(result)
    return " ".join(no_answer_lines(result))


def _ask(args: argparse.Namespace, index: ReportIndex, out: TextIO) -> int:
    k = min(max(args.k, 1), 10)
    if args.question is None:
        if not args.json:
            print("error: give a question, or use --json to read questions from stdin", file=sys.stderr)
            return EXIT_USAGE
        for number, raw in enumerate(_stdin_bytes(), start=1):
            try:
                question = raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                bad: dict[str, object] = {
                    "question": raw.decode("utf-8", errors="replace").rstrip("\r\n"),
                    "answers": [],
                    "notice": None,
                }
                bad["error"] = f"line {number} is not valid UTF-8 (byte {exc.start + 1}); it was not asked"
                print(json.dumps(bad, ensure_ascii=False), file=out)
            else:
                result = answer(index, question.rstrip("\r\n"), k=k)
                print(json.dumps(answer_json(result), ensure_ascii=False), file=out)
            out.flush()
        return EXIT_OK
    if args.json:
        result = answer(index, args.question, k=k)
        print(json.dumps(answer_json(result), ensure_ascii=False, indent=2), file=out)
        return EXIT_OK
    conversation = Conversation(index, max_results=k)
    reply = conversation.ask(args.question)
    pages: list[Reply] = [reply]
    if isinstance(reply, AnswerPage) and not reply.answer.listing:
        pages.extend(conversation.page(reply.query_id, n) for n in range(1, reply.total))
    print("\n\n".join(render_reply(page, plain) for page in pages), file=out)
    return EXIT_OK


def file_status_lines(files: Sequence[FileStatus], *, every_file: bool = False) -> list[str]:
    """What `qa index` prints: a line per file skipped or read with a note (every file with `every_file`), then totals.

    A folder of 25,000 reports read cleanly prints the totals alone, on a terminal or not.
    """
    lines = []
    read = sentences = 0
    for status in files:
        if status.is_read:
            read += 1
            sentences += status.sentences
            if every_file or status.message:
                noun = "sentence" if status.sentences == 1 else "sentences"
                note = f"; {status.message}" if status.message else ""
                lines.append(f"read     {status.format:5} {status.name}  {status.sentences} {noun}{note}")
        else:
            lines.append(f"skipped  {status.format:5} {status.name}  {status.message}")
    if files:
        lines.append(f"{read} of {len(files)} files read ({sentences:,} sentences), {len(files) - read} skipped")
    return lines


def _sources(args: argparse.Namespace, index: ReportIndex, out: TextIO) -> int:
    if args.json:
        print(json.dumps(sources_json(index), ensure_ascii=False, indent=2), file=out)
    else:
        print(render_reply(Conversation(index).handle("/sources")), file=out)
    return EXIT_OK


def sources_json(index: ReportIndex) -> list[dict[str, object]]:
    """`qa sources --json`: one record per file of the folder, in name order.

    A read file gives its report (number, id, title, … sentences) with `"status": "read"` and a
    `"message"` naming what of it could not be read ("" if nothing); a skipped one gives
    `"status": "skipped"`, `"reason"` (a SkipReason value) and `"message"`.
    """
    counts = index.corpus.sentence_counts()
    by_name = {article.path.name: n for n, article in enumerate(index.articles)}
    files = index.corpus.files or tuple(
        FileStatus(a.path.name, a.path.suffix.lstrip("."), counts[n]) for n, a in enumerate(index.articles)
    )
    records: list[dict[str, object]] = []
    for status in files:
        n = by_name.get(status.name)
        if n is None or not status.is_read:
            reason = status.skipped.value if status.skipped is not None else None
            records.append(
                {
                    "file": status.name,
                    "format": status.format,
                    "status": "skipped",
                    "reason": reason,
                    "message": status.message,
                }
            )
            continue
        a = index.articles[n]
        records.append(
            {
                "number": n + 1,
                "id": a.id,
                "file": status.name,
                "format": status.format,
                "status": "read",
                "title": a.title,
                "subtitle": a.subtitle,
                "date": a.date,
                "publisher": a.publisher,
                "authors": list(a.authors),
                "editor": a.editor,
                "sentences": counts[n],
                "message": status.message,
            }
        )
    return records


def _eval_seed(args: argparse.Namespace, index: ReportIndex, out: TextIO) -> int:
    if args.file is None:
        print("error: give a question file, or --squad FILE", file=sys.stderr)
        return EXIT_USAGE
    from qa.evaluation import evaluate_seed  # imported when used: `qa ask` starts faster without it

    report = evaluate_seed(index, args.file)
    for miss in report.misses:
        print(f"miss {miss.id}: {miss.question} (expected {miss.expected!r}, got {miss.got!r})", file=out)
    for name, value in report.rows():
        print(f"{name:24} {value}", file=out)
    return EXIT_OK


def _eval_dialogs(path: Path, conversation: Conversation, out: TextIO) -> int:
    from qa.evaluation import evaluate_dialogs

    report = evaluate_dialogs(path, lambda message, session: reply_json(message, conversation.handle(message, session)))
    for miss in report.misses:
        print(f"miss {miss.dialog} turn {miss.turn}: {miss.message} — {miss.reason}", file=out)
    for name, value in report.rows():
        print(f"{name:24} {value}", file=out)
    return EXIT_OK


def _eval_squad(args: argparse.Namespace, settings: CommandSettings, out: TextIO) -> int:
    from qa.evaluation import evaluate_squad, read_squad, sample_questions, squad_reports_folder

    paragraphs, questions = read_squad(args.squad)
    cache_root = args.cache_dir or settings.cache_dir
    if args.abstain:
        return _eval_abstain(args, settings, out, paragraphs, questions)
    index = _open_index(args, settings, reports=squad_reports_folder(args.squad, paragraphs, cache_root))
    chosen = sample_questions(questions, args.sample, args.seed)
    started = time.perf_counter()
    report = evaluate_squad(index, chosen)
    elapsed = time.perf_counter() - started
    print(f"{args.squad.name}: {len(paragraphs)} paragraphs as reports, {len(index.sentences)} sentences", file=out)
    if len(chosen) < len(questions):
        print(f"sample of {len(chosen)} of {len(questions)} questions (seed {args.seed})", file=out)
    for name, value in report.rows():
        print(f"{name:36} {value}", file=out)
    print(f"{'seconds per question':36} {elapsed / max(len(chosen), 1):.4f}", file=out)
    return EXIT_OK


def _eval_abstain(
    args: argparse.Namespace,
    settings: CommandSettings,
    out: TextIO,
    paragraphs: list[tuple[str, str]],
    questions: list[SquadQuestion],
) -> int:
    from qa.evaluation import abstain_report, decide_all, even_paragraphs, split_questions, squad_reports_folder

    kept = even_paragraphs(paragraphs)
    folder = squad_reports_folder(args.squad, kept, args.cache_dir or settings.cache_dir, "even")
    index = _open_index(args, settings, reports=folder)
    in_scope, out_of_scope = split_questions(questions, args.sample, args.seed)
    report = abstain_report(decide_all(index, in_scope, out_of_scope))
    print(
        f"{args.squad.name}: {len(kept)} of {len(paragraphs)} paragraphs as reports (even-numbered articles), "
        f"{len(index.sentences)} sentences; questions sampled with seed {args.seed}",
        file=out,
    )
    for name, value in report.rows():
        print(f"{name:36} {value}", file=out)
    return EXIT_OK
