"""The headers of an alert mail as bytes on the wire: RFC 2369/8058's List-Unsubscribe in plain ASCII
(never an RFC 2047 encoded word, never folded inside a URL), and a Korean subject encoded correctly."""

from __future__ import annotations

import email
from email.policy import default

import pytest

from alerts.mailer import compose, list_unsubscribe
from hearings.config import Settings

URL = "https://hearings.test/alerts/unsubscribe?t=" + "dW5zdWJhbGwuNy4w" * 5 + ".c2lnbmF0dXJl"
MAILTO = "mailto:unsubscribe@hearings.test?subject=unsubscribe%207"


SUBJECT = "[국회 회의록] 새 발언 2건: 역학조사관 충원, 보건복지위원회 질의"


def _digest(**settings) -> bytes:
    local = Settings(mail_from="국회 회의록 검색 <alerts@hearings.test>", **settings)
    return compose(local, "aide@example.org", SUBJECT, "notice",
                   {"heading": "h", "lines": ["l"], "link_text": "t", "link_url": URL}, "k" * 32,
                   unsubscribe_urls=[URL, MAILTO])


def test_list_unsubscribe_is_plain_ascii_on_one_line_with_the_one_click_post():
    raw = _digest()
    header = raw.split(b"\r\n\r\n", 1)[0]
    assert f"\r\nList-Unsubscribe: <{URL}>, <{MAILTO}>\r\n".encode() in header
    assert b"\r\nList-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n" in header
    assert b"=?" not in header.split(b"List-Unsubscribe:", 1)[1].split(b"\r\n", 1)[0]
    header.decode("ascii")  # every header is 7-bit: the Korean ones as encoded words


def test_the_korean_subject_and_sender_still_decode_whole():
    message = email.message_from_bytes(_digest(), policy=default)
    assert str(message["Subject"]) == SUBJECT
    assert message["From"].addresses[0].display_name == "국회 회의록 검색"
    assert message["List-Unsubscribe"] == f"<{URL}>, <{MAILTO}>"


@pytest.mark.parametrize("bad", ["https://h.test/u?t=a b", "https://h.test/u>x", "https://한국.kr/u",
                                 "https://h.test/u\r\nBcc: x@y.z"])
def test_a_url_a_header_cannot_carry_as_is_is_refused(bad):
    with pytest.raises(ValueError):
        list_unsubscribe([bad])


def test_a_digest_offers_the_mailto_only_when_a_mailbox_is_configured():
    from alerts.links import AlertLinks

    plain = AlertLinks(Settings(public_url="https://hearings.test"), b"k" * 32).list_unsubscribe(7)
    assert len(plain) == 1 and plain[0].startswith("https://hearings.test/alerts/unsubscribe?t=")
    both = AlertLinks(Settings(public_url="https://hearings.test", mail_unsubscribe_to="Unsub@Hearings.test"),
                      b"k" * 32).list_unsubscribe(7)
    token = plain[0].rpartition("?t=")[2]
    assert both == [plain[0], f"mailto:unsub@hearings.test?subject=unsubscribe%20{token}"]
    list_unsubscribe(both)  # both fit the header as they are
