"""The facilitator app (`parcours serve`)."""
