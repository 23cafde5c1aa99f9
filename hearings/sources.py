"""Which outside links the app may show as links: the Assembly's own record services, over http(s).

A meeting's source URL comes from the file it was read from (viewer front matter, JSON Lines, sync), so
it is untrusted text: `javascript:` or a look-alike host must never become a clickable link.
"""

from __future__ import annotations

from urllib.parse import urlsplit

# The National Assembly's record, bill and open-data services (see shared reference recordings).
OFFICIAL_HOSTS = frozenset({
    "record.assembly.go.kr", "likms.assembly.go.kr", "open.assembly.go.kr", "www.assembly.go.kr",
    "assembly.go.kr", "w3.assembly.go.kr", "rc.assembly.go.kr",
})
MAX_URL_CHARS = 2000


def official_link(url: str) -> str | None:
    """The URL itself when it is an http(s) link to an official host; None otherwise."""
    if not url or len(url) > MAX_URL_CHARS or any(ord(char) < 0x21 for char in url):
        return None
    try:
        parts = urlsplit(url)
        host = (parts.hostname or "").lower()
        port = parts.port
    except ValueError:
        return None
    if parts.scheme not in ("http", "https") or host not in OFFICIAL_HOSTS or parts.username or parts.password:
        return None
    if port not in (None, 80, 443):
        return None
    return url
