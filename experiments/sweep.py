"""Run a sweep of run configs on one core, local processes or a Dask cluster; resumable.

Each run is executed by :func:`execute` in a worker, which writes the run's table (or its error
record) to the results directory itself as soon as the run finishes; the parent only counts.
Memory in the parent therefore stays flat however long the sweep. Runs whose result file already
exists are skipped, so rerunning the same sweep resumes it; runs that failed before are retried.

Executors:

- ``serial``: in this process, one run after the other.
- ``processes``: a ``ProcessPoolExecutor``, at most two runs per worker in flight. Workers are
  forked from a ``forkserver`` that has imported the model once (starting a worker then costs
  milliseconds instead of a second of imports); where there is no forkserver, ``spawn`` (what
  ``import mesa`` sets process-wide). A worker that dies (killed, out of memory) fails only the
  runs it may have held; the pool is restarted for the rest.
- ``dask``: a ``dask.distributed`` cluster: the scheduler given, else ``DASK_SCHEDULER_ADDRESS``,
  else a ``LocalCluster`` that the sweep starts and stops. Workers must see the results
  directory (a shared file system) and have wijksim installed.
"""

from __future__ import annotations

import functools
import hashlib
import multiprocessing
import os
import secrets
import signal
import sys
import threading
import time
import traceback
from collections import deque
from collections.abc import Callable, Iterable
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from wijksim.analysis.municipal import municipal_weeks
from wijksim.experiments import store
from wijksim.experiments.design import Experiment, RunConfig
from wijksim.experiments.municipality import run_municipality
from wijksim.experiments.neighbourhood_table import read_neighbourhood_table
from wijksim.experiments.provenance import timeline_hash
from wijksim.experiments.runner import RunSpec, run_one
from wijksim.experiments.scenarios import Scenario, load_scenario

EXECUTORS = ("serial", "processes", "dask")
CONNECT_TIMEOUT = "30s"  # how long to try reaching a remote Dask scheduler
IN_FLIGHT_PER_WORKER = 2
WORKER_DIED = ("the worker process running this run died (killed, or out of memory); the run is "
               "retried when the sweep is run again")


@dataclass(frozen=True)
class SweepSummary:
    """What a sweep did: runs done now, skipped (already done), failed, and the wall time."""

    done: int
    skipped: int
    failed: int
    seconds: float

    def __str__(self) -> str:
        return (f"{self.done} done, {self.skipped} skipped (already done), {self.failed} failed "
                f"in {self.seconds:.1f} s")


class SweepInterrupted(Exception):
    """The sweep was stopped (Ctrl-C); finished runs are kept and a rerun resumes it."""

    def __init__(self, summary: SweepSummary):
        self.summary = summary
        super().__init__(f"interrupted after {summary}")


# --------------------------------------------------------------------------- the worker side


def execute(config: RunConfig, out_dir: str | Path) -> bool:
    """Run one config and write its table, or its error record if it raises; True if it ran.

    Runs in a worker process (or in this process for the serial executor).
    """
    try:
        table, provenance = _run(config)
        store.write_result(Path(out_dir), config, table, provenance)
    except Exception:  # noqa: BLE001 - any failure of a run is recorded, the sweep goes on
        store.write_error(Path(out_dir), config, traceback.format_exc())
        return False
    return True


def _run(config: RunConfig) -> tuple[pd.DataFrame, dict]:
    """The run's per-week table, with the sweep's identifying columns, and its provenance."""
    path = Path(config.scenario_path)
    scenario = _scenario(str(path), path.stat().st_mtime_ns)
    timeline = scenario.build(config.overrides)
    if config.timeline_hash and timeline_hash(timeline) != config.timeline_hash:
        raise RuntimeError(f"{path} changed after the sweep was validated: its parameters no "
                           "longer match the run's key; run the sweep again")
    start = time.perf_counter()
    if config.municipality:
        table = _run_municipality(config, scenario)
    else:
        table = run_one(RunSpec(scenario, timeline, config.seed, config.weeks))
    return (store.run_table(config, table, time.perf_counter() - start),
            store.run_provenance(config, timeline))


def _run_municipality(config: RunConfig, scenario: Scenario) -> pd.DataFrame:
    """Every neighbourhood of the config's table, stepped together, and the municipality.

    Rows per neighbourhood and week, then the municipality's weeks (``neighbourhood`` =
    ``municipality``, :func:`~wijksim.analysis.municipal.municipal_weeks`).
    """
    path = Path(config.municipality)
    if hashlib.sha256(path.read_bytes()).hexdigest() != config.municipality_hash:
        raise RuntimeError(f"{path} changed after the sweep was validated: run the sweep again")
    table = read_neighbourhood_table(path)
    weekly = run_municipality(scenario, table, seed=config.seed, years=config.years,
                              overrides=config.overrides)
    return pd.concat([weekly, municipal_weeks(weekly)], ignore_index=True)


@functools.lru_cache(maxsize=64)
def _scenario(path: str, modified_ns: int) -> Scenario:
    """A scenario file, read once per worker (and again only if the file changes)."""
    return load_scenario(path)


@functools.cache
def worker_context() -> multiprocessing.context.BaseContext:
    """The start method for local workers: a forkserver that has imported the model, if any.

    The forkserver is a clean single-threaded process, so forking from it is safe; it is
    started once per process, on first use.
    """
    if "forkserver" not in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("spawn")
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["wijksim.experiments.sweep"])
    return context


def start_workers_server() -> None:
    """Start the forkserver now and wait until it has imported the model.

    It otherwise starts with the first pool. One throwaway process is forked from it.
    """
    process = worker_context().Process(target=os.getpid)
    process.start()
    process.join()


def _init_worker() -> None:
    """Worker set-up: leave Ctrl-C to the parent, and exit when the parent dies (kill -9)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    parent = multiprocessing.parent_process()
    if parent is not None:
        threading.Thread(target=_exit_with, args=(parent,), daemon=True).start()


def _exit_with(parent) -> None:
    parent.join()
    os._exit(1)


# --------------------------------------------------------------------------- progress


class _Progress:
    """Counts finished and failed runs and shows a tqdm bar with failures and time left."""

    def __init__(self, total: int, show: bool):
        from tqdm import tqdm

        self.done = self.failed = 0
        self.bar = tqdm(total=total, unit="run", desc="sweep", disable=not show, file=sys.stderr,
                        dynamic_ncols=True, bar_format="{desc}: {n_fmt}/{total_fmt} runs |{bar}| "
                        "[{elapsed} elapsed, {remaining} left{postfix}]")
        self.bar.set_postfix_str("0 failed")

    def record(self, ok: bool) -> None:
        """Count one finished run."""
        if ok:
            self.done += 1
        else:
            self.failed += 1
            self.bar.set_postfix_str(f"{self.failed} failed", refresh=False)
        self.bar.update()

    def close(self) -> None:
        """Close the bar."""
        self.bar.close()


# --------------------------------------------------------------------------- the parent side


def run_sweep(configs: Iterable[RunConfig], out_dir: str | Path, executor: str = "processes",
              workers: int | None = None, scheduler: str | None = None, progress: bool = True,
              experiment: Experiment | None = None, dashboard: bool = False) -> SweepSummary:
    """Run every config not yet done in ``out_dir``; each result is written as it finishes.

    Args:
        configs: The run configs (from :func:`experiments.design.load_experiment`).
        out_dir: The results directory (see :mod:`experiments.store`).
        executor: ``serial``, ``processes`` or ``dask``.
        workers: Worker processes (default: the number of CPUs).
        scheduler: Dask scheduler address (``dask`` only; default ``DASK_SCHEDULER_ADDRESS``
            or a new LocalCluster).
        progress: Show a progress bar on standard error.
        experiment: The experiment, for the manifest.
        dashboard: A local Dask cluster serves Dask's dashboard (``dask`` only; needs bokeh).

    Raises:
        SweepInterrupted: On Ctrl-C, after pending runs are cancelled; finished runs are kept.
        ValueError: For an unknown executor or a directory holding another experiment.
    """
    if executor not in EXECUTORS:
        raise ValueError(f"unknown executor {executor!r}; choose one of {', '.join(EXECUTORS)}")
    started = time.perf_counter()
    out_dir = Path(out_dir).resolve()
    configs = list(configs)
    # a remote scheduler is reached before anything is written: an unreachable one (an
    # OSError) leaves the results folder as it was
    client = _connect_scheduler(scheduler) if executor == "dask" else None
    try:
        runner = (functools.partial(_run_dask, dashboard=dashboard) if executor == "dask"
                  else _RUNNERS[executor])
        return _sweep_locked(configs, out_dir, runner, workers, client, progress, experiment,
                             started)
    finally:
        if client is not None:
            client.close()


def _sweep_locked(configs: list[RunConfig], out_dir: Path, runner, workers: int | None,
                  client, progress: bool, experiment: Experiment | None,
                  started: float) -> SweepSummary:
    with store.locked(out_dir):  # one sweep per folder; StoreBusy (an OSError) otherwise
        store.write_manifest(out_dir, experiment, configs)
        store.write_design(out_dir, configs)
        store.remove_temporary(out_dir, older_than=0)  # ours alone: the folder is locked
        unique = list({config.key: config for config in configs}.values())
        done = store.done_keys(out_dir)
        pending = [config for config in unique if config.key not in done]
        tracker = _Progress(len(pending), progress)
        try:
            if pending:
                runner(pending, out_dir, workers, client, tracker.record)
        except KeyboardInterrupt:
            raise SweepInterrupted(_summary(tracker, unique, pending, started)) from None
        finally:
            tracker.close()
        return _summary(tracker, unique, pending, started)


def _summary(tracker: _Progress, unique: list, pending: list, started: float) -> SweepSummary:
    return SweepSummary(tracker.done, len(unique) - len(pending), tracker.failed,
                        time.perf_counter() - started)


def _run_serial(pending: list[RunConfig], out_dir: Path, workers: int | None,
                client, record: Callable[[bool], None]) -> None:
    for config in pending:
        record(execute(config, out_dir))


def _run_processes(pending: list[RunConfig], out_dir: Path, workers: int | None,
                   client, record: Callable[[bool], None]) -> None:
    """Local worker processes; a new pool replaces one broken by a dying worker.

    When a worker dies, the pool breaks and every run in flight loses its future, whichever
    worker ran it. Those runs are not failed: each is run again alone, in a pool of its own, so
    only the run whose worker dies again is recorded as failed (WORKER_DIED).
    """
    queue = deque(pending)
    workers = workers or os.cpu_count() or 1
    while queue:
        for config in _drain(queue, out_dir, workers, record):
            _run_alone(config, out_dir, record)


def _run_alone(config: RunConfig, out_dir: Path, record: Callable[[bool], None]) -> None:
    """One run that was in flight when a worker died, in a pool of one worker."""
    pool = ProcessPoolExecutor(max_workers=1, mp_context=worker_context(),
                               initializer=_init_worker)
    try:
        ok = _outcome(pool.submit(execute, config, str(out_dir)), config, out_dir)
        if ok is None:  # its worker died again: this run is the one that kills workers
            store.write_error(out_dir, config, WORKER_DIED)
            ok = False
        record(ok)
    finally:
        pool.shutdown(wait=True)


def _drain(queue: deque, out_dir: Path, workers: int,
           record: Callable[[bool], None]) -> list[RunConfig]:
    """Run configs from the queue on one pool until the queue is empty or the pool breaks.

    Returns the runs that were in flight when the pool broke and have no result (suspects).
    """
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=worker_context(),
                               initializer=_init_worker)
    in_flight: dict[Future, RunConfig] = {}
    suspects: list[RunConfig] = []
    try:
        _submit(pool, queue, in_flight, out_dir, IN_FLIGHT_PER_WORKER * workers)
        while in_flight:
            finished, _ = wait(in_flight, return_when=FIRST_COMPLETED)
            for future in finished:
                config = in_flight.pop(future)
                ok = _outcome(future, config, out_dir)
                if ok is None:
                    suspects.append(config)
                else:
                    record(ok)
            if not suspects:
                _submit(pool, queue, in_flight, out_dir, IN_FLIGHT_PER_WORKER * workers)
    except KeyboardInterrupt:
        print("\nstopping: pending runs cancelled, waiting for the runs in progress to be "
              "written (Ctrl-C again to stop at once)", file=sys.stderr)
        pool.shutdown(wait=True, cancel_futures=True)
        for future in in_flight:  # runs that finished while we waited (not the stopped ones)
            if future.done() and not future.cancelled() and future.exception() is None:
                record(future.result())
        raise
    pool.shutdown(wait=True)
    return suspects


def _submit(pool: ProcessPoolExecutor, queue: deque, in_flight: dict, out_dir: Path,
            limit: int) -> None:
    while queue and len(in_flight) < limit:
        config = queue.popleft()
        in_flight[pool.submit(execute, config, str(out_dir))] = config


def _outcome(future: Future, config: RunConfig, out_dir: Path) -> bool | None:
    """Whether the run succeeded; None if the pool broke before it wrote its result."""
    try:
        return bool(future.result())
    except BrokenProcessPool:
        if store.result_path(out_dir, config.key).exists():
            return True
        return None


def _connect_scheduler(scheduler: str | None):
    """A client of the given or configured Dask scheduler, or None to start a LocalCluster.

    Raises:
        OSError: If the scheduler cannot be reached within ``CONNECT_TIMEOUT``.
    """
    address = scheduler or os.environ.get("DASK_SCHEDULER_ADDRESS")
    if not address:
        return None
    from dask.distributed import Client

    try:
        return Client(address, timeout=CONNECT_TIMEOUT)
    except OSError:
        raise
    except Exception as error:  # noqa: BLE001 - dask raises several kinds for a bad address
        raise OSError(f"cannot reach the Dask scheduler {address}: {error}") from None


def _run_dask(pending: list[RunConfig], out_dir: Path, workers: int | None,
              client, record: Callable[[bool], None], dashboard: bool = False) -> None:
    """A dask.distributed cluster: the connected scheduler's, else a new LocalCluster.

    ``dashboard``: the local cluster serves Dask's dashboard (needs bokeh, the ``dashboard``
    extra) on port 8787, or a free port; its address is printed on standard error.
    """
    if client is not None:
        _say_dashboard(client)
        _dask_loop(client, deque(pending), out_dir, record)
        return
    from dask.distributed import Client, LocalCluster

    with LocalCluster(n_workers=workers or os.cpu_count() or 1, threads_per_worker=1,
                      processes=True, dashboard_address=":8787" if dashboard else None
                      ) as cluster, Client(cluster) as local:
        if dashboard:
            _say_dashboard(local)
        _dask_loop(local, deque(pending), out_dir, record)


def dashboard_available() -> bool:
    """Whether Dask's dashboard can be served here (bokeh, the ``dashboard`` extra)."""
    import importlib.util

    return importlib.util.find_spec("bokeh") is not None


def _say_dashboard(client) -> None:
    link = getattr(client, "dashboard_link", None)
    if link and dashboard_available():
        print(f"Dask dashboard: {link}", file=sys.stderr, flush=True)


def task_key(config: RunConfig, sweep: str = "") -> str:
    """The Dask task name of a run: its scenario, design point and seed (not ``execute-<id>``).

    The dashboard groups tasks by the key's first part (here the scenario: a progress bar per
    scenario); the short run key and ``sweep`` (a token of this sweep) keep names unique on a
    scheduler that serves several sweeps (two sweeps must not share a task: each writes to its
    own folder).
    """
    name = f"{config.scenario_name}-point{config.point_id}-seed{config.seed}-{config.key[:8]}"
    return f"{name}-{sweep}" if sweep else name


def _dask_loop(client, queue: deque, out_dir: Path, record: Callable[[bool], None]) -> None:
    """Submit every run at once (the dashboard shows the whole sweep), then record each result.

    A run's result is its file, written by the worker; the futures carry only True or an
    error, so holding all of them costs the client little.
    """
    from dask.distributed import as_completed

    sweep = secrets.token_hex(4)
    configs = {task_key(config, sweep): config for config in queue}
    futures = [client.submit(execute, config, str(out_dir), pure=False, key=key)
               for key, config in configs.items()]
    running = as_completed(futures)
    try:
        for future in running:
            record(_dask_outcome(future, configs[future.key], out_dir))
            future.release()
    except KeyboardInterrupt:
        client.cancel(futures)
        raise


def _dask_outcome(future, config: RunConfig, out_dir: Path) -> bool:
    try:
        return bool(future.result())
    except Exception as error:  # noqa: BLE001 - e.g. KilledWorker: record it, go on
        if store.result_path(out_dir, config.key).exists():
            return True
        store.write_error(out_dir, config, f"{type(error).__name__}: {error}\n{WORKER_DIED}")
        return False


_RUNNERS = {"serial": _run_serial, "processes": _run_processes, "dask": _run_dask}
