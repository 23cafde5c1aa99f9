"""Signed links: what a token grants is bound to its purpose, its subject and its lifetime."""

from __future__ import annotations

import hashlib
import hmac
import stat

import pytest

from alerts.tokens import MAX_TOKEN_CHARS, Purpose, sign, signing_key, verify, webhook_signature
from hearings.config import Settings

KEY = b"k" * 32


def test_a_token_gives_back_its_subject_for_its_purpose_only():
    token = sign(KEY, Purpose.CONFIRM, 42, ttl_s=60)
    assert verify(KEY, token, Purpose.CONFIRM) == 42
    assert verify(KEY, token, Purpose.MANAGE) is None
    assert verify(KEY, token, Purpose.UNSUBSCRIBE) is None
    assert verify(b"another key" * 3, token, Purpose.CONFIRM) is None


def test_an_expired_token_is_refused_and_an_unsubscribe_token_never_expires():
    confirm = sign(KEY, Purpose.CONFIRM, 7, ttl_s=60, now=1_000_000)
    assert verify(KEY, confirm, Purpose.CONFIRM, now=1_000_059) == 7
    assert verify(KEY, confirm, Purpose.CONFIRM, now=1_000_061) is None
    forever = sign(KEY, Purpose.UNSUBSCRIBE, 7, ttl_s=None, now=1_000_000)
    assert verify(KEY, forever, Purpose.UNSUBSCRIBE, now=4_000_000_000) == 7


def test_a_changed_token_is_refused():
    token = sign(KEY, Purpose.MANAGE, 3, ttl_s=60)
    body, mac = token.split(".")
    other = sign(KEY, Purpose.MANAGE, 4, ttl_s=60).split(".")[0]
    for forged in (f"{other}.{mac}", f"{body}.{mac[:-2]}AA", f"{body}x.{mac}", token + ".", "", "...",
                   "a" * (MAX_TOKEN_CHARS + 1), f"{body}.%%%"):
        assert verify(KEY, forged, Purpose.MANAGE) is None, forged


def test_the_key_is_generated_once_privately_and_kept(tmp_path):
    settings = Settings(alerts_secret="", alerts_secret_file=tmp_path / "var" / "alerts.secret")
    first = signing_key(settings)
    assert len(first) == 64 and first == signing_key(settings)
    assert stat.S_IMODE((tmp_path / "var" / "alerts.secret").stat().st_mode) == 0o600
    configured = "from the environment, long enough to sign"
    assert signing_key(settings.model_copy(update={"alerts_secret": configured})) == configured.encode()


def test_a_short_or_empty_key_is_refused_not_used(tmp_path):
    import pytest

    from alerts.tokens import WeakKey

    with pytest.raises(WeakKey):
        signing_key(Settings(alerts_secret=" short ", alerts_secret_file=tmp_path / "unused"))
    empty = tmp_path / "alerts.secret"
    empty.write_text("")  # a crash between creating the key file and writing it
    with pytest.raises(WeakKey):
        signing_key(Settings(alerts_secret="", alerts_secret_file=empty))


def test_a_webhook_signature_is_the_hmac_of_time_and_body():
    body = '{"turns": ["원천무효"]}'.encode()
    expected = hmac.new(b"secret", b"1700000000." + body, hashlib.sha256).hexdigest()
    assert webhook_signature("secret", 1_700_000_000, body) == f"t=1700000000,v1={expected}"


def test_a_webhook_address_with_a_bad_port_is_refused_when_given():
    import pytest

    from alerts.webhooks import BadWebhook, check_url

    for url in ("http://example.com:99999/hook", "http://example.com:abc/hook"):
        with pytest.raises(BadWebhook):
            check_url(url, allow_private=True)
    assert check_url("https://example.com:8443/hook", allow_private=True) == "https://example.com:8443/hook"


def test_only_ascii_digits_are_numbers():
    from hearings.digits import ascii_digits

    assert ascii_digits("2024") and not ascii_digits("²") and not ascii_digits("٣") and not ascii_digits("")


def test_a_genuine_token_naming_an_id_no_store_can_hold_is_refused():
    from alerts.tokens import MAX_SUBJECT_ID

    key = b"k" * 32
    assert MAX_SUBJECT_ID == 2**63 - 1
    assert verify(key, sign(key, Purpose.MANAGE, 2**63 - 1, 60), Purpose.MANAGE) == 2**63 - 1
    for subject in (2**63, 2**64, 10**40):
        assert verify(key, sign(key, Purpose.MANAGE, subject, 60), Purpose.MANAGE) is None


def test_a_webhook_on_port_0_is_refused_when_given():
    from alerts.webhooks import BadWebhook, check_url

    for url in ("http://example.com:0/hook", "https://example.com:00/hook"):
        with pytest.raises(BadWebhook, match="포트"):
            check_url(url, allow_private=True)
