"""Reports: compute (pandas) → plain data → render (jinja2 templates), as HTML, PDF and CSV."""
