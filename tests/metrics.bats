#!/usr/bin/env bats
# metrics.bats -- --metrics FILE: the Prometheus text file every tool
# can write (sluice(7), METRICS): its format (promtool and a strict
# parser here), its values against --stats, its refresh while the input
# idles, its atomic replacement, and its errors.
#
# Background jobs are started with 3>&- (or bats waits for them) and
# killed in teardown if a test failed half way.  Waits are bounded.

load helpers

TOOLS="ingest validate window aggregate alert report"

setup() {
	cd "$BATS_TEST_TMPDIR" || return 1
	JOBS=()
}

teardown() {
	kill_jobs
}

# prom FILE TOOL STAGE: parse FILE strictly as the text format 0.0.4
# written by sluice (each family: HELP, TYPE, one sample labelled
# tool=TOOL and stage=STAGE; counters named *_total; the file ends
# with a newline), and print "NAME VALUE" per sample.  Fails, saying
# why, on anything else.
prom() {
	python3 - "$@" <<-'EOF'
	import math, re, sys
	path, tool, stage = sys.argv[1:4]
	text = open(path, encoding="utf-8").read()
	def bad(why):
	    sys.exit("%s: %s" % (path, why))
	if not text.endswith("\n"):
	    bad("no newline at the end (a part of a file?)")
	name_re = r"[a-zA-Z_:][a-zA-Z0-9_:]*"
	want = '{tool="%s",stage="%s"}' % (tool, stage)
	lines = text.split("\n")[:-1]
	if len(lines) % 3 != 0 or not lines:
	    bad("%d lines, not families of three" % len(lines))
	seen = set()
	for i in range(0, len(lines), 3):
	    h = re.fullmatch(r"# HELP (%s) (\S.*)" % name_re, lines[i])
	    t = re.fullmatch(r"# TYPE (%s) (counter|gauge)" % name_re, lines[i + 1])
	    s = re.fullmatch(r"(%s)(\{.*\}) (\S+)" % name_re, lines[i + 2])
	    if not h or not t or not s:
	        bad("not HELP, TYPE, sample at line %d" % (i + 1))
	    name = h.group(1)
	    if t.group(1) != name or s.group(1) != name or name in seen:
	        bad("family %s is not whole, or twice" % name)
	    seen.add(name)
	    if not name.startswith("sluice_"):
	        bad(name + " is not sluice_*")
	    if (t.group(2) == "counter") != name.endswith("_total"):
	        bad(name + ": only counters end in _total")
	    if s.group(2) != want:
	        bad("labels %s, not %s" % (s.group(2), want))
	    v = float(s.group(3))
	    if math.isnan(v) or (t.group(2) == "counter" and (v < 0 or v != int(v))):
	        bad("%s: bad value %s" % (name, s.group(3)))
	    print(name, s.group(3))
	EOF
}

# value NAME FILE: the value of sluice_NAME in FILE (quick, for the
# waits; prom checks the format).
value() {
	awk -v n="sluice_$1" 'index($1, n "{") == 1 { print $2 }' "$2"
}

# The inode and modification time of file $1: each write is a new file.
stamp() {
	stat -c '%i %y' "$1" 2>/dev/null
}

# events: records at 00:00:10, 00:01:10, 00:02:10 and a blank line.
events() {
	local i
	for i in 0 1 2; do
		printf '{"status":%d,"@timestamp":"2026-01-01T00:0%d:10Z"}\n' \
		    $((500 + i % 2)) "$i"
	done
	echo
}

# run_all: the six tools one after the other on events, each with
# --metrics TOOL.prom and --stats (stderr in TOOL.err).
run_all() {
	events > ev.ndjson
	ingest --metrics ingest.prom --stats ev.ndjson > in.ndjson 2> ingest.err
	validate --metrics validate.prom --stats in.ndjson > va.ndjson 2> validate.err
	window --tumbling 1m --metrics window.prom --stats va.ndjson > wi.ndjson 2> window.err
	aggregate -g status -a count --metrics aggregate.prom --stats wi.ndjson > ag.ndjson 2> aggregate.err
	alert -r 'hot: count > 0' -g status --metrics alert.prom --stats ag.ndjson > al.ndjson 2> alert.err
	report --metrics report.prom --stats al.ndjson > /dev/null 2> report.err
}

@test "metrics: every tool writes a file a strict parser reads, labelled tool and stage" {
	run_all
	for t in $TOOLS; do
		run -0 prom "$t.prom" "$t" "$t"
		# The runtime's series and the tool's own.
		[[ "$output" == *"sluice_start_time_seconds "* ]]
		[[ "$output" == *"sluice_lines_in_total "* ]]
		[[ "$output" == *"sluice_rejected_total 0"* ]]
	done
	# The stage is the basename less .prom, else the whole basename.
	window --tumbling 1m --metrics "$BATS_TEST_TMPDIR/w-2.txt" va.ndjson > /dev/null
	run -0 prom w-2.txt window w-2.txt
}

@test "metrics: promtool check metrics accepts the file of every tool" {
	command -v promtool >/dev/null || skip "promtool not installed"
	run_all
	for t in $TOOLS; do
		run -0 promtool check metrics < "$t.prom"
		assert_eq "$output" ""
	done
}

@test "metrics: the counts at exit are those of --stats, for every tool" {
	run_all
	for t in $TOOLS; do
		prom "$t.prom" "$t" "$t" > "$t.vals"
		# Every counter is the --stats count of the same name (report
		# calls rejected lines malformed); every --stats count is there.
		run -0 python3 - "$t" "$t.err" "$t.vals" <<-'EOF'
		import re, sys
		tool, err, vals = sys.argv[1:4]
		line = [l for l in open(err) if ": stats: " in l][0]
		stats = dict(kv.split("=") for kv in line.split(": stats: ")[1].split())
		if tool == "report":
		    stats["rejected"] = stats.pop("malformed")
		counters = {}
		for l in open(vals):
		    name, v = l.split()
		    m = re.fullmatch(r"sluice_(.*)_total", name)
		    if m:
		        counters[m.group(1)] = v
		for k, v in counters.items():
		    if stats.get(k) != v:
		        sys.exit("%s: %s is %s, --stats says %s" % (tool, k, v, stats.get(k)))
		left = set(stats) - set(counters)
		if left:
		    sys.exit("%s: not in the metrics: %s" % (tool, sorted(left)))
		print(len(counters))
		EOF
		[ "$output" -ge 3 ]
	done
	# The values are not all zero: the run did count.
	assert_eq "$(value lines_in_total window.prom)" 3
	assert_eq "$(value windows_total aggregate.prom)" 3
	assert_eq "$(value groups_out_total aggregate.prom)" 3
	assert_eq "$(value fired_total alert.prom)" 3
}

@test "metrics: window's watermark and lag are in seconds, the lag from the wall clock" {
	events > ev.ndjson
	before=$(date +%s)
	window --tumbling 1m --lateness 30s --metrics w.prom ev.ndjson > /dev/null
	after=$(date +%s)
	# The latest event is 00:02:10; less 30 s of lateness.
	wm=$(date -d 2026-01-01T00:01:40Z +%s)
	assert_eq "$(value watermark_seconds w.prom)" "$wm"
	lag=$(value watermark_lag_seconds w.prom)
	awk -v l="$lag" -v lo=$((before - wm)) -v hi=$((after + 1 - wm)) \
	    'BEGIN { exit !(l >= lo && l <= hi) }'
	# No event, no watermark: neither series.
	: > empty
	window --tumbling 1m --metrics e.prom empty
	run -0 prom e.prom window e
	[[ "$output" != *watermark* ]]
}

# start_fifo TOOL ARGS...: run TOOL ARGS < fifo > out 2> err in the
# background (pid in $pid), the FIFO held open for writing on fd $w.
start_fifo() {
	mkfifo fifo
	"$@" < fifo > out 2> err 3>&- &
	pid=$!
	JOBS+=("$pid")
	exec {w}> fifo
}

# end_fifo: close the FIFO and wait for the tool; its status in $status.
end_fifo() {
	exec {w}>&-
	wait_for "ended $pid" 20
	status=0
	wait "$pid" || status=$?
}

@test "metrics: aggregate and alert show the groups they hold, while they run" {
	start_fifo aggregate -g k -a count --metrics g.prom --metrics-every 50ms
	for k in a b c; do
		printf '{"k":"%s","@window":{"start":"2026-01-01T00:00:00Z","end":"2026-01-01T00:01:00Z"}}\n' "$k" >&"$w"
	done
	wait_for '[ "$(value groups g.prom)" = 3 ]' 20
	assert_eq "$(value windows_open g.prom)" 1
	assert_eq "$(value groups_out_total g.prom)" 0
	printf '{"@ctl":"close","@window":{"start":"2026-01-01T00:00:00Z","end":"2026-01-01T00:01:00Z"}}\n' >&"$w"
	wait_for '[ "$(value groups g.prom)" = 0 ]' 20
	assert_eq "$(value groups_out_total g.prom)" 3
	end_fifo
	[ "$status" -eq 0 ]

	rm fifo
	start_fifo alert -r 'x: n > 0' -g k --metrics a.prom --metrics-every 50ms
	printf '{"k":1,"n":1}\n{"k":2,"n":0}\n' >&"$w"
	wait_for '[ "$(value groups a.prom)" = 2 ]' 20
	assert_eq "$(value fired_total a.prom)" 1
	end_fifo
	[ "$status" -eq 0 ]
}

@test "metrics: the file is rewritten while the tool waits on an idle FIFO" {
	start_fifo window --tumbling 1m --metrics w.prom --metrics-every 50ms
	wait_for '[ -s w.prom ]' 20
	printf '{"@timestamp":"2026-01-01T00:00:10Z"}\n' >&"$w"
	wait_for '[ "$(value lines_in_total w.prom)" = 1 ]' 20
	# No more input: each rewrite is a new file, with a later lag.
	s1=$(stamp w.prom)
	lag1=$(value watermark_lag_seconds w.prom)
	wait_for '[ "$(stamp w.prom)" != "$s1" ]' 20
	s2=$(stamp w.prom)
	wait_for '[ "$(stamp w.prom)" != "$s2" ]' 20
	lag2=$(value watermark_lag_seconds w.prom)
	awk -v a="$lag1" -v b="$lag2" 'BEGIN { exit !(b > a) }'
	assert_eq "$(value lines_in_total w.prom)" 1
	end_fifo
	[ "$status" -eq 0 ]
}

@test "metrics: ingest -F: the file is rewritten while the followed file is idle" {
	: > log
	ingest -F -t none --metrics i.prom --metrics-every 50ms log > out 2> err 3>&- &
	pid=$!
	JOBS+=("$pid")
	wait_for '[ -s i.prom ]' 20
	printf '{"n":1}\n' >> log
	wait_for '[ "$(value records_out_total i.prom)" = 1 ]' 20
	s1=$(stamp i.prom)
	wait_for '[ "$(stamp i.prom)" != "$s1" ]' 20
	s2=$(stamp i.prom)
	wait_for '[ "$(stamp i.prom)" != "$s2" ]' 20
	kill -TERM "$pid"
	wait_for "ended $pid" 20
	# The last write, at the stop, has the count.
	assert_eq "$(value records_out_total i.prom)" 1
}

@test "metrics: a reader never sees a part of the file while it is rewritten" {
	start_fifo window --tumbling 1m --metrics w.prom --metrics-every 1ms
	wait_for '[ -s w.prom ]' 20
	# Records keep coming while a reader parses the file many times.
	(for i in $(seq 1 400); do
		printf '{"@timestamp":"2026-01-01T00:00:%02dZ"}\n' $((i % 60))
		sleep 0.005
	done >&"$w") 3>&- &
	JOBS+=("$!")
	run -0 python3 - <<-'EOF'
	import os, re, sys, time
	files, last, t0 = set(), -1, time.time()
	# Until 200 versions were read, 30 s at most (a loaded machine).
	while len(files) < 200 and time.time() - t0 < 30:
	    with open("w.prom", encoding="utf-8") as f:
	        st = os.fstat(f.fileno())
	        files.add((st.st_ino, st.st_mtime_ns))
	        text = f.read()
	    lines = text.split("\n")
	    # Whole: HELP, TYPE, sample per family, the last line ended.
	    if lines[-1] != "" or (len(lines) - 1) % 3 != 0:
	        sys.exit("a part of the file: %r" % text[-80:])
	    if not text.startswith("# HELP sluice_start_time_seconds "):
	        sys.exit("does not start as it should: %r" % text[:80])
	    n = int(re.search(r"^sluice_lines_in_total\S* (\d+)$", text, re.M).group(1))
	    if n < last:
	        sys.exit("lines_in went back: %d after %d" % (n, last))
	    last = n
	print(len(files), last)
	EOF
	read -r nfiles nlines <<< "$output"
	# It was rewritten many times under the reader, and counted records.
	[ "$nfiles" -ge 50 ]
	[ "$nlines" -ge 1 ]
	end_fifo
	[ "$status" -eq 0 ]
}

@test "metrics: an unwritable path is exit 2 at the start, saying so, for every tool" {
	printf '{"status":500,"@timestamp":"2026-01-01T00:00:10Z"}\n' > in
	for t in $TOOLS; do
		run -2 --separate-stderr "$t" $(args_for "$t") --metrics "$BATS_TEST_TMPDIR/no/such/dir/$t.prom" in
		assert_eq "$output" ""
		[[ "$stderr" == "$t: --metrics: $BATS_TEST_TMPDIR/no/such/dir/"*": No such file or directory" ]]
	done
	run -2 --separate-stderr window --tumbling 1m --metrics "$BATS_TEST_TMPDIR" in
	[[ "$stderr" == "window: --metrics: $BATS_TEST_TMPDIR: Is a directory" ]]
}

@test "metrics: a directory without write permission is exit 2 at the start" {
	[ "$(id -u)" -ne 0 ] || skip "root can write anywhere"
	mkdir ro && chmod 555 ro
	printf '{"a":1}\n' > in
	run -2 --separate-stderr validate --metrics ro/v.prom in
	assert_eq "$output" ""
	[[ "$stderr" == "validate: --metrics: "*"Permission denied" ]]
}

@test "metrics: --metrics-every needs --metrics and a duration" {
	printf '{"a":1}\n' > in
	run -2 --separate-stderr validate --metrics-every 1s in
	assert_eq "$stderr" "validate: --metrics-every goes with --metrics"
	run -2 --separate-stderr validate --metrics m.prom --metrics-every soon in
	[[ "$stderr" == "validate: --metrics-every soon: "* ]]
	[ ! -e m.prom ]
}

@test "metrics: a write failing later is said once; the tool goes on and exits 2" {
	mkdir d
	start_fifo validate --metrics d/v.prom --metrics-every 20ms
	wait_for '[ -s d/v.prom ]' 20
	# Gone at once (a rename): a rewrite may be under way in it.
	mv d gone
	printf '{"a":1}\n' >&"$w"
	wait_for 'grep -q "a" out' 20
	sleep 0.2	# several failed writes
	printf '{"a":2}\n' >&"$w"
	end_fifo
	[ "$status" -eq 2 ]
	printf '{"a":1}\n{"a":2}\n' > want
	assert_same_file want out
	assert_eq "$(grep -c -- '--metrics:' err)" 1
	grep -q "validate: --metrics: .*No such file or directory" err
}

@test "metrics: a pipeline's stages write their files side by side" {
	d=$BATS_TEST_TMPDIR/textfile
	mkdir "$d"
	events > app.log
	# As in sluice(7), METRICS, without -F so that it ends.
	ingest app.log --metrics $d/sluice-ingest.prom \
	  | window --tumbling 1m --idle 10s --metrics $d/sluice-window.prom \
	  | aggregate -a count --metrics $d/sluice-aggregate.prom > out
	prom "$d/sluice-ingest.prom" ingest sluice-ingest > /dev/null
	prom "$d/sluice-window.prom" window sluice-window > /dev/null
	prom "$d/sluice-aggregate.prom" aggregate sluice-aggregate > /dev/null
	assert_eq "$(value groups_out_total "$d/sluice-aggregate.prom")" 3
	# Nothing else is left there: no temporary file.
	assert_eq "$(ls -A "$d" | wc -l)" 3
}

# The rule file of sluice(7), METRICS: the literal block after the
# comment that names it, as groff would print it (\e is \).
man_rules() {
	awk '/^\.\\" sluice-lag\.rules\.yml/ { on = 1; next }
	    on && /^\.Bd/ { next } on && /^\.Ed/ { exit } on' \
	    "$BATS_TEST_DIRNAME/../man/sluice.7" | sed 's/\\e/\\/g'
}

@test "metrics: the alert rule of sluice(7) passes promtool, and fires on lag" {
	command -v promtool >/dev/null || skip "promtool not installed"
	man_rules > sluice-lag.rules.yml
	grep -q 'sluice_watermark_lag_seconds' sluice-lag.rules.yml
	run -0 promtool check rules sluice-lag.rules.yml
	[[ "$output" == *"SUCCESS: 2 rules found"* ]]
	# A lag that grows past 5 minutes fires after 5 minutes more; a
	# stage whose file stops changing fires too.
	cat > test.yml <<-'EOF'
	rule_files: [sluice-lag.rules.yml]
	evaluation_interval: 1m
	tests:
	  - interval: 1m
	    input_series:
	      - series: 'sluice_watermark_lag_seconds{tool="window",stage="web-window",instance="h:9100",job="node"}'
	        values: '60 60 60 400+60x12'
	      - series: 'node_textfile_mtime_seconds{file="/t/sluice-web-window.prom",instance="h:9100",job="node"}'
	        values: '0+60x5 300x10'
	    alert_rule_test:
	      - eval_time: 4m
	        alertname: SluiceWindowLag
	        exp_alerts: []
	      - eval_time: 10m
	        alertname: SluiceWindowLag
	        exp_alerts:
	          - exp_labels: {severity: warning, tool: window, stage: web-window, instance: "h:9100", job: node}
	            exp_annotations:
	              summary: "sluice stage web-window is 13m 40s behind"
	      - eval_time: 5m
	        alertname: SluiceMetricsStale
	        exp_alerts: []
	      - eval_time: 12m
	        alertname: SluiceMetricsStale
	        exp_alerts:
	          - exp_labels: {severity: warning, file: /t/sluice-web-window.prom, instance: "h:9100", job: node}
	            exp_annotations:
	              summary: "sluice metrics file /t/sluice-web-window.prom not rewritten for 7m 0s"
	EOF
	run promtool test rules test.yml
	echo "$output"
	[ "$status" -eq 0 ]
}

@test "metrics: a file name that is not UTF-8 gives a stage label that is, U+FFFD for the byte" {
	command -v promtool >/dev/null || skip "promtool not installed"
	f="$BATS_TEST_TMPDIR/$(printf 'n\377l\303\251').prom"
	printf '%s\n' '{"a":1}' | validate --metrics "$f" > /dev/null
	run -0 promtool check metrics < "$f"
	assert_eq "$output" ""
	grep -q "stage=\"n$(printf '\357\277\275')l$(printf '\303\251')\"" "$f"
}
