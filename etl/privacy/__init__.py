"""Personal-data scan and false-alarm marks (issue 6)."""
