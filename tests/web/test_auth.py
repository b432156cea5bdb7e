"""Access control's pieces: loopback detection, the start-up exposure check, keys, rate limit, admins."""

from __future__ import annotations

import pytest

from imagine.settings import Settings
from web.auth import ApiKeys, RateLimiter, exposure_problem, is_loopback, retry_after, sees_paths


@pytest.mark.parametrize("host", ["127.0.0.1", "127.0.0.2", "localhost", "::1", "[::1]"])
def test_loopback_hosts(host):
    assert is_loopback(host)


@pytest.mark.parametrize("host", ["0.0.0.0", "", "::", "192.168.1.5", "10.0.0.1", "imagine.example.org"])
def test_hosts_reachable_from_elsewhere(host):
    assert not is_loopback(host)


def test_exposure_needs_every_served_face_protected():
    open_ = Settings(api_keys=[], auth=[])
    assert exposure_problem("127.0.0.1", open_, chat=True, api=True) is None
    both = exposure_problem("0.0.0.0", open_, chat=True, api=True)
    assert "IMAGINE_AUTH" in both and "IMAGINE_API_KEYS" in both and "IMAGINE_ALLOW_OPEN=1" in both and "\n" not in both
    api_only = exposure_problem("0.0.0.0", Settings(auth=[("a", "b")]), chat=True, api=True)
    assert "IMAGINE_API_KEYS" in api_only and "IMAGINE_AUTH" not in api_only
    assert exposure_problem("0.0.0.0", Settings(api_keys=["k"]), api=True) is None  # imagine serve: the API alone
    assert exposure_problem("0.0.0.0", Settings(api_keys=["k"], auth=[("a", "b")]), chat=True, api=True) is None
    assert exposure_problem("0.0.0.0", Settings(allow_open=True), chat=True, api=True) is None


def test_keys_bearer_only_and_client_id_is_not_the_key():
    keys = ApiKeys(["alpha-key", "beta-key"])
    assert keys.required and not ApiKeys([]).required
    a = keys.client("Bearer alpha-key")
    assert a and a == keys.client("bearer  alpha-key") and "alpha-key" not in a
    assert keys.client("Bearer beta-key") not in (None, a)
    for header in (None, "", "Bearer", "Bearer alpha", "Basic alpha-key", "alpha-key", "Bearer alpha-key-x"):
        assert keys.client(header) is None, header


def test_rate_limit_is_per_client_over_a_sliding_minute():
    now = [1000.0]
    limiter = RateLimiter(2, clock=lambda: now[0])
    assert limiter.hit("a") == 0 and limiter.hit("a") == 0
    assert limiter.hit("a") == pytest.approx(60.0)  # full: wait until the first event leaves the window
    assert limiter.hit("b") == 0  # another client has its own budget
    now[0] += 45
    assert limiter.hit("a") == pytest.approx(15.0)
    now[0] += 15
    assert limiter.hit("a") == 0  # the first event left the window
    assert RateLimiter(0).hit("a") == 0  # 0 = unlimited


def test_retry_after_is_whole_seconds_rounded_up():
    assert [retry_after(s) for s in (0.001, 1.0, 1.2, 59.5)] == ["1", "1", "2", "60"]


def test_paths_for_admins_with_a_login_else_only_on_loopback():
    with_login = Settings(auth=[("ana", "x"), ("bo", "y")], admins=["ana"])
    assert sees_paths("ana", with_login, "0.0.0.0") and not sees_paths("bo", with_login, "127.0.0.1")
    assert not sees_paths(None, with_login, "127.0.0.1")
    assert sees_paths(None, Settings(), "127.0.0.1") and not sees_paths(None, Settings(allow_open=True), "0.0.0.0")
