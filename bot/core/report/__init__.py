"""The office's views, pure rendering: colour grades, the 通报 (text, chart, Word), the .ics feed and the
xlsx 台账, drawn from the plain values of `model` (the integration maps ledger rows into them)."""
