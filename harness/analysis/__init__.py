"""Analysis: pandas computations over runs and panel data; no rendering, no browser."""
