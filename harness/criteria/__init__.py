"""The criteria grid, the best-practices catalogue and the panel quotas."""
