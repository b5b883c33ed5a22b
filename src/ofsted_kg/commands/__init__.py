"""One module per ``ofsted-kg`` command (see ``ofsted_kg.cli``)."""
