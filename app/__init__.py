"""wijksim web app (Solara): explore and compare policies."""
