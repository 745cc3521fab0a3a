"""The exceptions the core raises; callers act on the subclass, the message names the culprit."""


class QaError(Exception):
    """Root of every error the core raises on purpose."""


class CorpusError(QaError):
    """The reports folder is missing, empty or holds nothing readable."""


class IndexCacheError(QaError):
    """A persisted index is unreadable, corrupt or stale; it must be rebuilt, never served."""


class EvaluationError(QaError):
    """An evaluation file is missing or not in the expected format."""
