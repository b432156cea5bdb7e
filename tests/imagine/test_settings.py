"""Access-control settings read from the environment: comma lists, user:password pairs, no secrets in errors."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from imagine.settings import Settings


def test_keys_users_and_admins_from_the_environment(monkeypatch):
    monkeypatch.setenv("IMAGINE_API_KEYS", " key-one, key-two ,")
    monkeypatch.setenv("IMAGINE_AUTH", "ana:pass:word, bo:x")
    monkeypatch.setenv("IMAGINE_ADMINS", "ana")
    monkeypatch.setenv("IMAGINE_ALLOW_OPEN", "1")
    monkeypatch.setenv("IMAGINE_API_RATE_LIMIT", "12")
    s = Settings()
    assert s.api_keys == ["key-one", "key-two"]
    assert s.auth == [("ana", "pass:word"), ("bo", "x")]  # the password is everything after the first colon
    assert s.admins == ["ana"] and s.allow_open is True and s.api_rate_limit == 12
    assert "key-one" not in repr(s) and "pass:word" not in repr(s)


def test_defaults_are_closed_lists_and_no_open_flag(monkeypatch):
    for name in ("IMAGINE_API_KEYS", "IMAGINE_AUTH", "IMAGINE_ADMINS", "IMAGINE_ALLOW_OPEN"):
        monkeypatch.delenv(name, raising=False)
    s = Settings()
    assert (s.api_keys, s.auth, s.admins, s.allow_open) == ([], [], [], False)


def test_a_user_without_password_is_refused_without_echoing_the_secrets(monkeypatch):
    monkeypatch.setenv("IMAGINE_AUTH", "ana:very-secret,bo")
    with pytest.raises(ValidationError) as err:
        Settings()
    assert "'bo' without a password" in str(err.value) and "very-secret" not in str(err.value)
