"""The app's engine client is closed when the server stops: its pooled keep-alive connections to the engine
end with the app, not whenever the process happens to exit."""

from __future__ import annotations

from tests.conftest import serving
from tests.service.fake_engine import FakeEngine


def test_the_engine_client_is_closed_when_the_server_stops(settings):
    from web.app import create_app

    with FakeEngine(body=b'{"name": "fake", "version": {"number": "8.19.21"}}',
                    content_type="application/json") as engine:
        app = create_app(settings.model_copy(update={"es_url": engine.url}))
        with serving(app):
            app.state.client.info()
            app.state.client.info()
            assert (engine.opened, engine.open) == (1, 1)  # one pooled keep-alive connection, still open
        assert engine.wait_for(lambda: engine.open == 0), "the server stopped but the engine connection stayed open"
        # The same app served again works with a client of its own, closed again when it stops.
        with serving(app):
            assert app.state.client.info()["name"] == "fake"
            assert engine.open == 1
        assert engine.wait_for(lambda: engine.open == 0)
