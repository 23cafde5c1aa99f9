"""One test for "a number int() will read": str.isdigit() alone also accepts "²" and "٣", which int()
refuses (or reads as another digit), so input checked with isdigit() alone could still raise."""


def ascii_digits(text: str) -> bool:
    return text.isascii() and text.isdigit()
