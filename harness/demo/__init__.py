"""The bundled demo procedure, in a poor "avant" and an improved "après" version."""
