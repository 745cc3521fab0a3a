"""Answers: ranking a question into a quotation or an honest refusal, and questions about the articles."""
