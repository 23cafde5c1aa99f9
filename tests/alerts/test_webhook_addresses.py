"""A webhook cannot be aimed at the server's own network: one check (resolve the host, refuse any address
that is private, loopback, link-local, reserved, multicast or unspecified) when the address is given and
before every call. IP literals and localhost resolve without DNS, so these run anywhere."""

from __future__ import annotations

import pytest

from alerts.mailer import NotDelivered
from alerts.webhooks import BadWebhook, NonPublicHost, check_url, post, refuse_non_public

NOT_PUBLIC = [
    "http://169.254.169.254/latest/meta-data/",  # the cloud's metadata service (link-local)
    "http://127.0.0.1/hook", "http://localhost:8080/hook", "http://[::1]/hook",  # this machine
    "http://10.0.0.1/hook", "http://192.168.1.10/hook", "http://172.16.0.1/hook", "https://[fd00::1]/hook",
    "http://100.64.0.1/hook",  # carrier-grade NAT: shared, not global
    "http://0.0.0.0/hook", "http://224.0.0.1/hook", "http://[ff02::1]/hook",  # unspecified, multicast
    "http://240.0.0.1/hook",  # reserved
    "http://2130706433/hook", "http://0x7f.1/hook",  # 127.0.0.1 written as numbers: the resolver reads them
    "http://[::ffff:127.0.0.1]/hook", "http://[2002:a00:1::]/hook",  # IPv4 inside IPv6 (mapped, 6to4 of 10.0.0.1)
    "http://[64:ff9b::7f00:1]/hook", "http://[fec0::1]/hook",  # NAT64 of 127.0.0.1, IPv6 site-local
]


@pytest.mark.parametrize("url", NOT_PUBLIC)
def test_a_webhook_to_a_non_public_address_is_refused_when_given(url):
    with pytest.raises(BadWebhook) as refused:
        check_url(url, allow_private=False)
    assert "공개 인터넷" in str(refused.value)
    assert check_url(url, allow_private=True) == url  # the tests' local receivers, intranets


@pytest.mark.parametrize("url", ["https://8.8.8.8/hook", "https://[2606:4700::1111]:8443/hook"])
def test_a_public_address_is_accepted(url):
    assert check_url(url, allow_private=False) == url


def test_the_same_check_refuses_the_call_and_says_which_address():
    with pytest.raises(NonPublicHost) as found:
        refuse_non_public("localhost", 80)
    assert found.value.address in ("127.0.0.1", "::1")
    # multicast passed the old send-time check (is_global alone): the shared check refuses it at both times
    for url, address in (("http://169.254.169.254/latest/meta-data/", "169.254.169.254"),
                         ("http://224.0.0.1/hook", "224.0.0.1")):
        with pytest.raises(NotDelivered) as refused:
            post(url, "secret", "key", b"{}", timeout_s=1.0, allow_private=False)
        assert refused.value.permanent and f"non-public address {address}" in str(refused.value)
