"""wijksim experiments layer."""
