"""The circuit breaker in front of the engine client (pure; a fake clock)."""

from __future__ import annotations

import pytest

from hearings.engine import CircuitBreaker, EngineUnavailable


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_closed_until_a_failure_then_open_for_the_cooldown():
    clock = Clock()
    breaker = CircuitBreaker(5, clock)
    breaker.before_request()
    breaker.failed()
    clock.now += 2
    with pytest.raises(EngineUnavailable) as raised:
        breaker.before_request()
    assert raised.value.retry_after == 3


def test_one_trial_after_the_cooldown_and_its_outcome_decides():
    clock = Clock()
    breaker = CircuitBreaker(5, clock)
    breaker.failed()
    clock.now += 6
    breaker.before_request()  # the trial goes through
    with pytest.raises(EngineUnavailable):
        breaker.before_request()  # others wait while the trial runs
    breaker.failed()
    with pytest.raises(EngineUnavailable):
        breaker.before_request()
    clock.now += 6
    breaker.before_request()
    breaker.succeeded()
    breaker.before_request()
    breaker.before_request()
    assert not breaker.is_open
