"""wijksim analysis layer."""
