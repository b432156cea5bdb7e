"""The web chat's entry point: ``ui.py`` serves the app of the ``web`` package (its parts are tested in
tests/web/; the browser checks are in test_ui_browser.py) and refuses to start exposed.
"""

from __future__ import annotations

import pytest

import ui
import web.app
import web.startup


def test_the_entry_point_builds_the_web_package_app():
    assert ui.build_app is web.app.build_app and ui.CSS is web.app.CSS and ui.LazyAssistant is web.startup.LazyAssistant


@pytest.mark.parametrize("env, missing", [({}, ["IMAGINE_AUTH", "IMAGINE_API_KEYS"]),
                                          ({"auth": [("ana", "pw")]}, ["IMAGINE_API_KEYS"]),
                                          ({"api_keys": ["k"]}, ["IMAGINE_AUTH"])])
def test_web_chat_refuses_a_non_loopback_host_unprotected_before_loading_anything(monkeypatch, capsys, env, missing):
    from imagine.settings import Settings

    monkeypatch.setattr(ui, "get_settings", lambda: Settings(**env))
    monkeypatch.setattr(ui, "LazyAssistant", None)  # reaching it would fail the test differently
    with pytest.raises(SystemExit) as exit_:
        ui.main(["--host", "0.0.0.0", "--port", "9"])
    err = capsys.readouterr().err
    assert exit_.value.code == 2 and err.count("\n") == 1 and "refusing to listen on 0.0.0.0" in err
    assert all(name in err for name in missing) and "IMAGINE_ALLOW_OPEN=1" in err
