"""Reports: views of a campaign's analysis (one module per report, a typed page each) → render (jinja2 templates) → HTML, PDF and CSV."""
