#!/usr/bin/env bats
# readme.bats -- every recipe of README.md's "Pipelines" block and the
# metrics recipe of "Live monitoring", taken from the README as written,
# run on an nginx log in the format the README gives (combined +
# request_time= host=, from sluice-gen access: 300,000 lines, 5 of them
# malformed) and checked against jq over the records.  Only the places
# change: log paths become ./access.log, -F reads the file to its end
# (batch and live give the same rows), mail is a stub that records its
# calls, Alertmanager a python3 recorder.

load helpers

LOG=access-logs/elastic-examples-apache/apache_logs

setup_file() {
	sluice-gen access -n 300000 --seed 3 > "$BATS_FILE_TMPDIR/access.log"
	ingest -f combined "$BATS_FILE_TMPDIR/access.log" \
	    > "$BATS_FILE_TMPDIR/records.ndjson" 2>/dev/null || true
}

setup() {
	cd "$BATS_TEST_TMPDIR" || return 1
	ln -s "$BATS_FILE_TMPDIR/access.log" access.log
	ln -s "$BATS_FILE_TMPDIR/records.ndjson" records.ndjson
}

teardown() {
	kill_pids
}

# recipe TEXT: the recipe of README's Pipelines block whose first
# comment line holds TEXT, its comments dropped and its places moved
# here; fails if there is no such recipe.
recipe() {
	awk -v want="$1" '
	    /^## Pipelines/ { sec = 1; next }
	    sec && /^```sh/ { blk = 1; next }
	    blk && /^```/ { exit }
	    blk && /^$/ { take = 0; first = 1; next }
	    blk && first { first = 0; take = index($0, want) > 0; found += take }
	    blk && take && !/^#/ { print }
	    END { exit found != 1 }' first=1 "$BATS_TEST_DIRNAME/../README.md" |
	sed -e 's|^0 6 \* \* \* cd /srv/logs && ||' \
	    -e 's|-F /var/log/nginx/access.log|access.log|' \
	    -e 's|/var/log/nginx/access.log|access.log|' \
	    -e 's|access\.log\.1|access.log|; s|big\.log|access.log|' \
	    -e 's|/var/www/nightly.html|nightly.html|' \
	    -e 's|=/var/lib/sluice|=state|; s|/srv/logs/hourly|hourly|' \
	    -e "s|http://127.0.0.1:9093|http://127.0.0.1:${PORT:-0}|"
}

# run_recipe TEXT: run the recipe with pipefail, from this directory.
run_recipe() {
	local text
	text=$(recipe "$1") || { echo "no recipe '$1' in README.md" >&2; return 1; }
	bash -o pipefail -c "$text"
}

# The ninth word of the lines of access.log that rejects.ndjson does not
# name, counted by value.
good_statuses() {
	jq -r '."@error".line' rejects.ndjson |
	    awk 'NR == FNR { bad[$1]; next } !(FNR in bad) { print $9 }' - access.log |
	    sort | uniq -c
}

@test "readme: the recipes are found, and each names only places the test moves" {
	run -0 recipe "Apache/nginx log -> NDJSON"
	run -0 recipe "Live: 5xx per minute"
	run -0 recipe "Live: alert at the error"
	run -0 recipe "Alertmanager as the notification hub"
	run -0 recipe "Nightly, from cron"
	run -0 recipe "Hourly, from cron"
	run -0 recipe "All cores"
	# Every absolute path of the block is one the test replaces
	# (and S=/var/lib/sluice).
	run -0 bash -c "awk '/^## Pipelines/,0' '$BATS_TEST_DIRNAME/../README.md' |
	    awk '/^\`\`\`sh/ { b = 1; next } b && /^\`\`\`/ { exit } b && !/^#/' |
	    grep -o ' /[a-z/.]*' | sort -u"
	assert_eq "$output" " /srv/logs
 /srv/logs/hourly.ndjson
 /var/log/nginx/access.log
 /var/www/nightly.html"
}

@test "readme: log -> NDJSON accounts for every line, here and on a real Apache log" {
	run -1 run_recipe "Apache/nginx log -> NDJSON"
	# The generator wrote 5 malformed lines.
	assert_eq "$(wc -l < rejects.ndjson)" 5
	assert_eq "$(( $(wc -l < access.ndjson) + 5 ))" "$(wc -l < access.log)"
	# Status by status, as awk reads the ninth word of the good lines.
	assert_eq "$(jq -r .status access.ndjson | sort | uniq -c)" "$(good_statuses)"
	need_data "$LOG"
	rm access.log access.ndjson rejects.ndjson
	ln -s "$DATA/$LOG" access.log
	run -1 run_recipe "Apache/nginx log -> NDJSON"
	assert_eq "$(( $(wc -l < access.ndjson) + $(wc -l < rejects.ndjson) ))" "$(wc -l < access.log)"
	# One line of the real log is cut short in its user agent.
	assert_eq "$(jq -r .status access.ndjson | sort | uniq -c)" "$(good_statuses)"
}

@test "readme: the live 5xx view shows, per minute, the hosts with a 5xx" {
	run -1 --separate-stderr run_recipe "Live: 5xx per minute"
	# The view without a terminal: a block per window closed, its rows.
	got=$(printf '%s\n' "$output" |
	    sed -n 's/^window \([^ ]*\) to [^,]*, \([0-9]*\) rows*$/\1 \2/p' |
	    awk '$2 > 0')
	want=$(jq -r 'select(.status >= 500) | "\(."@timestamp"[0:16]):00.000Z \(.host)"' records.ndjson |
	    sort -u | awk '{ n[$1]++ } END { for (m in n) print m, n[m] }' | sort)
	[ -n "$want" ]
	assert_eq "$got" "$want"
}

@test "readme: the early alert fires for the host and hour over 100 5xx, and resolves" {
	run -1 --separate-stderr run_recipe "Live: alert at the error"
	want=$(jq -r 'select(.status >= 500) | "\(.host) \(."@timestamp"[0:13])"' records.ndjson |
	    sort | uniq -c | awk '$1 > 100 { print $2, $3 }')
	[ -n "$want" ]
	got=$(printf '%s\n' "$output" | jq -r 'select(."@alert".state == "firing") |
	    "\(.host) \(."@alert".window.start[0:13])"')
	assert_eq "$got" "$want"
	# Fired on a provisional row: the value crossed 100 but is not yet
	# the hour's final count.
	final=$(jq -r 'select(.status >= 500) | "\(.host) \(."@timestamp"[0:13])"' records.ndjson |
	    sort | uniq -c | awk '$1 > 100 { print $1 }')
	v=$(printf '%s\n' "$output" | jq -r 'select(."@alert".state == "firing") | ."@alert".value')
	[ "$v" -gt 100 ] && [ "$v" -lt "$final" ]
	assert_eq "$(printf '%s\n' "$output" | jq -r 'select(."@alert".state == "resolved") | .host')" \
	    "${want%% *}"
}

@test "readme: Alertmanager receives the statuses over 10 5xx a minute, with the rule's label" {
	recorder posts.ndjson
	run -1 --separate-stderr run_recipe "Alertmanager as the notification hub"
	want=$(jq -r 'select(.status >= 500) | "\(.status) \(."@timestamp"[0:16])"' records.ndjson |
	    sort | uniq -c | awk '$1 > 10 { print $2 }' | sort -u)
	[ -n "$want" ]
	got=$(jq -r '.body[] | select(.labels.alertname == "errors") | .labels.status' posts.ndjson | sort -u)
	assert_eq "$got" "$want"
	assert_eq "$(jq -r '.body[].labels.team' posts.ndjson | sort -u)" web
	assert_eq "$(jq -r .path posts.ndjson | sort -u)" /api/v2/alerts
}

@test "readme: the nightly recipe writes the page and mails only when an hour had over 100 5xx of a status" {
	mkdir bin
	printf '#!/bin/sh\n{ printf "%%s|" "$@"; echo; cat; } >> "%s/mail.log"\n' \
	    "$BATS_TEST_TMPDIR" > bin/mail
	chmod +x bin/mail
	PATH=$PWD/bin:$PATH run -1 --separate-stderr run_recipe "Nightly, from cron"
	grep -q '<h3>status by count</h3>' nightly.html
	want=$(jq -r 'select(.status >= 500) | "\(.status) \(."@timestamp"[0:13])"' records.ndjson |
	    sort | uniq -c | awk '$1 > 100' | wc -l)
	[ "$want" -gt 0 ]
	# One mail per transition: each firing and each resolve.
	assert_eq "$(grep -c '^-s|sluice: errors|ops@example.org|$' mail.log)" $((2 * want))
}

@test "readme: the hourly recipe run twice writes what one run over the whole log writes" {
	mkdir state
	rm access.log
	n=$(wc -l < "$BATS_FILE_TMPDIR/access.log")
	head -n $((n / 2)) "$BATS_FILE_TMPDIR/access.log" > access.log
	run -1 --separate-stderr run_recipe "Hourly, from cron"
	first=$(wc -l < hourly.ndjson)
	tail -n +$((n / 2 + 1)) "$BATS_FILE_TMPDIR/access.log" >> access.log
	run -1 --separate-stderr run_recipe "Hourly, from cron"
	[ "$(wc -l < hourly.ndjson)" -gt "$first" ]
	# One run over the whole log, to its end: the same rows, but for
	# the last hour, which waits in the state files.
	ingest -f combined access.log 2>/dev/null | window --tumbling 1h |
	    aggregate --by status -a count,sum:bytes,p95:request_time > once.ndjson
	last=$(jq -r '."@timestamp"' records.ndjson | sort | tail -1 | cut -c1-13)
	[ "$(grep -c "\"start\":\"$last" once.ndjson)" -gt 0 ]
	assert_eq "$(grep -v '"@ctl"' hourly.ndjson | sort)" \
	    "$(grep -v '"@ctl"' once.ndjson | grep -v "\"start\":\"$last" | sort)"
	# A last run with --drain, as the README says, closes it.
	text=$(recipe "Hourly, from cron" | sed 's/--tumbling 1h/& --drain/; s/aggregate /&--drain /')
	run -0 --separate-stderr bash -o pipefail -c "$text"
	assert_eq "$(grep -v '"@ctl"' hourly.ndjson | sort)" "$(grep -v '"@ctl"' once.ndjson | sort)"
}

@test "readme: the sharded recipe gives what one aggregate gives" {
	command -v parallel >/dev/null || skip "GNU parallel is not installed"
	run -1 --separate-stderr run_recipe "All cores"
	ingest -f combined access.log 2>/dev/null | window --tumbling 1h |
	    aggregate --by status -a count,p95:request_time > once.ndjson
	assert_eq "$(printf '%s\n' "$output" | grep -v '"@ctl"' | sort)" \
	    "$(grep -v '"@ctl"' once.ndjson | sort)"
}

@test "readme: the metrics recipe writes a file per stage that promtool accepts, counting the records" {
	command -v promtool >/dev/null || skip "promtool is not installed"
	text=$(awk '/textfile directory/ { on = 1 } on && /^```sh/ { b = 1; next }
	    b && /^```/ { exit } b' "$BATS_TEST_DIRNAME/../README.md" |
	    sed 's|^d=/var/lib/prometheus/node-exporter$|d=prom|; s|-F app.log|app.log|')
	[[ "$text" == d=prom* ]]
	mkdir prom
	head -n 50000 records.ndjson > app.log
	run -0 --separate-stderr bash -o pipefail -c "$text"
	for s in ingest window aggregate; do
		promtool check metrics < prom/sluice-$s.prom
	done
	assert_eq "$(awk '/^sluice_lines_in_total/ { print $2 }' prom/sluice-ingest.prom)" 50000
	# aggregate counted every record once, in the windows it wrote.
	assert_eq "$(printf '%s\n' "$output" | jq -s 'map(.count // 0) | add')" 50000
	assert_eq "$(printf '%s\n' "$output" | jq -s 'map(select(.count)) | length')" \
	    "$(jq -r '."@timestamp"[0:16]' app.log | sort -u | wc -l)"
}
