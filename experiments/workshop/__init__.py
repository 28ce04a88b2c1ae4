"""The workshop's domain: exercises, rooms, teams and submissions (no UI code).

- :mod:`experiments.workshop.exercises` reads exercise files
  (``docs/workshop/exercises/*.yaml``), runs policy packages on a room's common seeds and
  estimates the cost of each lever value (cached on disk).
- :mod:`experiments.workshop.rooms` keeps rooms, teams and submissions, persisted as JSON files,
  safe to use from the many threads of a Solara server.

The pages that show them, and their Dutch and English texts, are in ``app/workshop/``.
"""
