"""``wijksim app``: start the what-if web app (Solara) on this machine and print its URL.

The app runs as ``solara run app/app.py`` (through ``wijksim.app.serve``, which adds the
Content-Security-Policy) in production mode (no hot reload, no version check),
bound to 127.0.0.1 unless ``--host`` says otherwise. The ``app`` package is started by its file
path, not imported, so the command line does not depend on the web stack.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

APP_FILE = Path(__file__).resolve().parents[1] / "app" / "app.py"


def solara_command(host: str, port: int) -> list[str]:
    """The command that serves the app with the venv's solara, behind the app's CSP."""
    launcher = [sys.executable, "-m", "wijksim.app.serve"]  # solara run, with the CSP
    return [*launcher, "run", str(APP_FILE), "--host", host, "--port", str(port), "--no-open",
            "--production", "--no-check-version"]


def command_app(args) -> int:
    """Run the app until interrupted; print the URL first."""
    print(f"wijksim app: open http://{args.host}:{args.port}/ in a browser (Ctrl-C stops it)",
          flush=True)
    env = {**os.environ, "MPLBACKEND": "Agg", "SOLARA_TELEMETRY_MIXPANEL_ENABLE": "False"}
    try:
        return subprocess.call(solara_command(args.host, args.port), env=env)
    except KeyboardInterrupt:
        return 0


def _port(text: str) -> int:
    try:
        port = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a port number, got {text!r}") from None
    if not 0 < port < 65536:
        raise argparse.ArgumentTypeError(f"expected a port from 1 to 65535, got {port}")
    return port


def register(subparsers) -> dict:
    """Add the ``app`` sub-command; returns ``{"app": handler}``."""
    parser = subparsers.add_parser("app", help="start the what-if web app and print its URL")
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on "
                        "(default 127.0.0.1: this machine only)")
    parser.add_argument("--port", type=_port, default=8765, help="port (default 8765)")
    return {"app": command_app}
