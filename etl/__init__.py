"""Learning & Impact ETL: contract → validation → warehouse."""
