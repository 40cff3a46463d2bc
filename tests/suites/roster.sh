# The roster of local government codes by date (input/roster.csv): it is
# what input/derive-roster.py derives from e-Stat's record of changes, and
# its municipalities of 2016-10-10 are exactly the 1,741 of the MIC code
# list of that day.  Sourced by tests/run.

check "roster: input/roster.csv is derived again, and on 2016-10-10 it is the MIC code list" \
	python3 input/derive-roster.py --check
