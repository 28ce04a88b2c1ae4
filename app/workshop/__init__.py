"""Workshop (classroom) mode: the pages and their texts.

The browser "HubNet" of issue 5. Its domain (exercises, rooms, teams, submissions) is in
:mod:`experiments.workshop`; here:

- :mod:`app.workshop.service` is the server's one room store, the shared gallery cache and the
  background jobs the pages start.
- :mod:`app.workshop.pages` has the home page and the routes; the pages are in
  :mod:`app.workshop.facilitator`, :mod:`app.workshop.projector` and :mod:`app.workshop.team`,
  and what they share (session state, browser memory, layout, following a room) in
  :mod:`app.workshop.shared`.
- :mod:`app.workshop.i18n` holds the Dutch and English strings of the workshop views and the
  Dutch teaching texts of the shipped scenarios.
"""
