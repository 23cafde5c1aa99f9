"""The one error type for a user's bad file: it carries a reason a person can act on."""


class BadInput(ValueError):
    """A minutes file that cannot be read as a meeting; the message says why."""
