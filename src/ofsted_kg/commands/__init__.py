"""One module per ``ofsted-kg`` command (see ``ofsted_kg.cli``), and the exit codes they share.

Exit codes (every command):
  0  success (all documents parsed; graph conforms; query ran)
  1  done, but something failed or did not conform (failures are listed on stderr)
  2  usage error, or an error that stopped the command (missing store, bad query)
"""

EXIT_OK = 0
EXIT_FAILURES = 1
EXIT_ERROR = 2
