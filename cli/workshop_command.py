"""``wijksim workshop``: start the workshop app (classroom mode) and print its addresses.

Binds 127.0.0.1 (this computer only) unless ``--lan`` is given. With ``--lan`` it binds
0.0.0.0, prints the local-network address(es) participants can use and a warning: anyone on
that network who knows a room code can join. The addresses are found without sending a packet
(the host's own addresses, and the source address the kernel would pick for a route, which a
UDP ``connect`` computes without sending anything). The app is started by its file path
(``app/workshop_app.py``), so the command line does not import the web stack.
"""

from __future__ import annotations

import ipaddress
import os
import socket
import subprocess
import sys
from pathlib import Path

from wijksim.cli.app_command import APP_FILE, _port, solara_command
from wijksim.cli.options import positive_int

WORKSHOP_FILE = Path(__file__).resolve().parents[1] / "app" / "workshop_app.py"
DEFAULT_PORT = 8766
# A documentation address (TEST-NET-1, RFC 5737): connecting a UDP socket to it only asks the
# kernel which local address would be used; no packet is sent.
_PROBE = ("192.0.2.1", 9)


def lan_addresses() -> list[str]:
    """This computer's IPv4 addresses on local networks (no loopback), best guess first."""
    found: list[str] = []
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
            probe.connect(_PROBE)
            found.append(probe.getsockname()[0])
    except OSError:
        pass
    try:
        for info in socket.getaddrinfo(socket.gethostname(), None, socket.AF_INET):
            found.append(str(info[4][0]))
    except OSError:
        pass
    usable = []
    for text in found:
        try:
            address = ipaddress.ip_address(text)
        except ValueError:
            continue
        if not (address.is_loopback or address.is_unspecified or address.is_link_local) \
                and text not in usable:
            usable.append(text)
    return usable


def command_prepare(files: list[str], workers: int) -> int:
    """Price every lever of the exercises (before and after a twist) into the server's cache.

    With no files: every exercise a facilitator is offered (the shipped ones and
    ``WIJKSIM_WORKSHOP_EXERCISES``). Run it before the workshop, so that a room's lever prices
    are ready when it opens instead of a minute later. Returns 1 if an exercise did not load.
    """
    import time

    from wijksim.experiments.workshop.exercises import (
        ExerciseError,
        lever_costs,
        load_exercise,
        prices_cached,
        shipped_exercises,
    )
    from wijksim.experiments.workshop.rooms import rooms_dir

    paths = [Path(f) for f in files] or list(shipped_exercises())
    if not files and os.environ.get("WIJKSIM_WORKSHOP_EXERCISES"):
        paths += shipped_exercises(os.environ["WIJKSIM_WORKSHOP_EXERCISES"])
    results_dir = rooms_dir().parent
    failed = False
    for path in paths:
        try:
            exercise = load_exercise(path)
        except ExerciseError as error:
            print("\n".join(error.problems), file=sys.stderr)
            failed = True
            continue
        for twist in (False, True) if exercise.twist is not None else (False,):
            when = "after the twist" if twist else "at the start"
            if prices_cached(exercise, results_dir, twist):
                print(f"{path.name}: lever prices {when}: already in the cache", flush=True)
                continue
            started = time.monotonic()
            lever_costs(exercise, results_dir, twist=twist, workers=workers)
            print(f"{path.name}: lever prices {when}: ready "
                  f"({time.monotonic() - started:.0f} s)", flush=True)
    print(f"cache: {results_dir / 'workshop_cache'}")
    return 1 if failed else 0


def command_workshop(args) -> int:
    """Run the workshop app until interrupted; print the facilitator (and LAN) URLs first."""
    if args.prepare is not None:
        return command_prepare(args.prepare, args.workers)
    host = "0.0.0.0" if args.lan else "127.0.0.1"
    env = {**os.environ, "MPLBACKEND": "Agg", "SOLARA_TELEMETRY_MIXPANEL_ENABLE": "False"}
    print(f"wijksim workshop: facilitator page http://127.0.0.1:{args.port}/facilitator "
          "(Ctrl-C stops it)", flush=True)
    if args.lan:
        addresses = lan_addresses()
        env["WIJKSIM_WORKSHOP_LAN"] = "1"
        if addresses:
            env["WIJKSIM_WORKSHOP_PUBLIC_URL"] = f"http://{addresses[0]}:{args.port}"
            for address in addresses:
                print(f"  participants on the local network: http://{address}:{args.port}/join")
        else:
            print("  no local-network address found: is this computer on a network?")
        print("WARNING: serving the local network (0.0.0.0). Anyone on this network who knows "
              "a room code can join it; use a network you trust (a classroom wifi or your "
              "phone's hotspot), and keep the facilitator key to yourself.", flush=True)
    else:
        env.pop("WIJKSIM_WORKSHOP_LAN", None)
    command = [str(WORKSHOP_FILE) if part == str(APP_FILE) else part
               for part in solara_command(host, args.port)]
    try:
        return subprocess.call(command, env=env)
    except KeyboardInterrupt:
        return 0


def register(subparsers) -> dict:
    """Add the ``workshop`` sub-command; returns ``{"workshop": handler}``."""
    parser = subparsers.add_parser("workshop", help="start the workshop (classroom) app and "
                                   "print its URL")
    parser.add_argument("--port", type=_port, default=DEFAULT_PORT,
                        help=f"port (default {DEFAULT_PORT})")
    parser.add_argument("--lan", action="store_true", help="serve the local network (binds "
                        "0.0.0.0; anyone on it with a room code can join). Default: this "
                        "computer only (127.0.0.1)")
    parser.add_argument("--prepare", nargs="*", metavar="EXERCISE", default=None,
                        help="do not serve: price every lever of these exercise files (default: "
                        "every exercise offered), before and after a twist, into the cache the "
                        "server reads, so that rooms open with their prices ready")
    parser.add_argument("--workers", type=positive_int, default=os.cpu_count() or 1,
                        help="processes for --prepare (default: one per core)")
    return {"workshop": command_workshop}



if __name__ == "__main__":  # pragma: no cover
    sys.exit("run it as: wijksim workshop")
