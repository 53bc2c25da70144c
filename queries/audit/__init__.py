"""The audit (docs/domain.md \"Audit rules\"): the rule catalogue and rules file, the embedded
rules, and the report both backends share."""
