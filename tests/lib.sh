# Shared by tests/run and the suites in tests/suites/: counting, checks
# and golden comparisons.  Sourced, not run.

# What the checks say goes to file descriptor 3, which tests/run opens on
# its standard output; the suites' own standard output is discarded.
pass() { passed=$((passed + 1)); }
fail() {
	failed=$((failed + 1))
	echo "FAIL: $*" >&3
}
# check NAME COMMAND...: passes when the command succeeds.
check() {
	local name=$1
	shift
	if "$@" >"$OUT/check.log" 2>&1; then
		pass
	else
		fail "$name"
		sed 's/^/    /' "$OUT/check.log" | head -20 >&3
	fi
}

unit() {
	local bin=$1 log
	log=$("$bin" 2>&1)
	echo "$log" | grep -v '^unit:' | sed 's/^/    /' >&3
	if echo "$log" | grep -q '^unit: [0-9]* passed, 0 failed$'; then
		pass
	else
		fail "$bin"
	fi
}
golden() {
	local args=$1 bin=$2 base=${1%.args} status want
	local out="$OUT/golden.out" err="$OUT/golden.err"
	# shellcheck disable=SC2046
	(eval "$bin $(cat "$args")") >"$out" 2>"$err"
	status=$?
	if $update; then
		if [ -s "$out" ]; then cp "$out" "$base.out"; else rm -f "$base.out"; fi
		if [ -s "$err" ]; then cp "$err" "$base.err"; else rm -f "$base.err"; fi
		if [ "$status" != 0 ]; then echo "$status" >"$base.status"; else rm -f "$base.status"; fi
		pass
		return
	fi
	want=0
	[ -f "$base.status" ] && want=$(cat "$base.status")
	if [ "$status" != "$want" ]; then
		fail "$args: exit status $status, want $want"
		head -5 "$err" | sed 's/^/    /' >&3
		return
	fi
	for stream in out err; do
		local got="$OUT/golden.$stream" expect="$base.$stream"
		[ -f "$expect" ] || expect=/dev/null
		if ! diff -u "$expect" "$got" >"$OUT/golden.diff"; then
			fail "$args: std$stream differs"
			head -30 "$OUT/golden.diff" | sed 's/^/    /' >&3
			return
		fi
	done
	pass
}

# bars_mm DUMP [PAGE]: the bars of the charts on a page of a display list
# (the first page), and the height of their rows in all: "47 bars, 150.0
# mm".  A bar is a rectangle under 10 pt high in a block (a chart), the
# focus rows' tint excepted; bars of one row count once.
bars_mm() {
	awk -v page="${2:-1}" '/^page / { on = $2 == page }
		/^  slice / { block = $2 == "block" }
		on && block && /^  rect / && !/ fill=#fbeaea/ && $5 < 10 && !($3 in seen) {
			seen[$3]; n++; if (n == 1) y0 = $3; y1 = $3 }
		END { if (n > 1) printf "%d bars, %.1f mm\n", n, (y1 - y0) / (n - 1) * n * 25.4 / 72 }' "$1"
}
