"""Question answering over Chinese government and news reports: every answer is a quoted sentence."""
