"""Errors that know how they are answered, as Starlette's HTTPException does: their HTTP status, the message
a person reads, and headers. Raised by the modules that find the problem (the query parser, the reader, the
export, member pages, alerts' setup); answered by search_api/errors.py without a list of their types."""

from __future__ import annotations


class StatusError(Exception):
    status = 500
    prefix = ""  # put before the message: what kind of problem it is
    retry_after: int | None = None  # seconds, for a 503
    logged = False  # a deployment problem: also said in the log

    def public_message(self) -> str:
        return f"{self.prefix}{self}"

    def headers(self) -> dict[str, str]:
        return {"Retry-After": str(self.retry_after)} if self.retry_after else {}
