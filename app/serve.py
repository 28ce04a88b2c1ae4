"""Serve a Solara app file behind wijksim's Content-Security-Policy.

``python -m wijksim.app.serve run FILE --host H --port P ...`` takes the arguments of
``solara run``. Solara's own command starts uvicorn, which imports Solara's ASGI app by name;
that import is wrapped, so uvicorn serves the app behind :class:`ContentSecurityPolicy`.
Used by ``wijksim app``, ``wijksim workshop`` and the browser tests.
"""

from __future__ import annotations

import sys

SOLARA_APP = "solara.server.starlette:app"


def main(argv: list[str] | None = None) -> None:
    """Run Solara's command line with ``argv``; uvicorn gets Solara's app wrapped."""
    import solara.__main__ as solara_command
    import uvicorn.config

    from wijksim.app.content_policy import ContentSecurityPolicy

    load = uvicorn.config.import_from_string

    def load_wrapped(target):
        app = load(target)
        return ContentSecurityPolicy(app) if target == SOLARA_APP else app

    # Solara's app is imported only once `solara run` has set its environment (SOLARA_APP),
    # so it is wrapped where uvicorn imports it
    uvicorn.config.import_from_string = load_wrapped
    sys.argv = ["solara", *(sys.argv[1:] if argv is None else argv)]
    solara_command.main()


if __name__ == "__main__":
    main()
