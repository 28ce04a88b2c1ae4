"""Workshop (classroom) mode: exercises, rooms, teams, submissions and translations.

This subpackage is the backend of the browser "HubNet" of issue 5. It holds no UI code:

- :mod:`app.workshop.exercises` reads exercise files (``docs/workshop/exercises/*.yaml``), runs
  policy packages on a room's common seeds and estimates the cost of each lever value (cached on
  disk).
- :mod:`app.workshop.rooms` keeps rooms, teams and submissions, persisted as JSON files, safe to
  use from the many threads of a Solara server.
- :mod:`app.workshop.i18n` holds the Dutch and English strings of the workshop views and the
  Dutch teaching texts of the shipped scenarios.
"""
