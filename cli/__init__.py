"""wijksim cli layer."""
