#!/usr/bin/env bats
# ingest_logs.bats -- ingest -f clf, combined and syslog (RFC 3164, 5424).
# Oracles: awk, sed and grep read the raw lines; jq reads the output.

load helpers

L=$BATS_TEST_DIRNAME/fixtures/ingest_logs
APACHE=access-logs/elastic-examples-apache/apache_logs
AUTH=syslog/elastic-examples-auth/auth.log
BEATS=syslog/elastic-beats-filebeat-system
SAMPLES=lnav-format-samples/lnav-format-samples.ndjson

# "line column reason" of each reject in file $1.
rejects() {
	jq -r '."@error" | "\(.line) \(.column) \(.reason)"' "$1"
}

# A copy of a data file in the test directory, modified at time $2.
copy_dated() {
	cp "$1" "$BATS_TEST_TMPDIR/${1##*/}"
	chmod u+w "$BATS_TEST_TMPDIR/${1##*/}"
	touch -d "$2" "$BATS_TEST_TMPDIR/${1##*/}"
	printf '%s\n' "$BATS_TEST_TMPDIR/${1##*/}"
}

@test "combined: Apache log, every line is a record or a reject" {
	need_data "$APACHE"
	f=$DATA/$APACHE
	r=$BATS_TEST_TMPDIR/rej
	run -1 --separate-stderr ingest -f combined --stats --reject "$r" "$f"
	assert_eq "$(stat_of lines_in)" "$(wc -l < "$f")"
	assert_eq "$(stat_of records_out)" 9999
	assert_eq "$(stat_of rejected)" 1
	assert_eq "$(printf '%s\n' "$output" | wc -l)" 9999
	assert_eq "$(wc -l < "$r")" 1
	assert_accounted
	# The reject is line 8899, kept byte for byte.
	assert_eq "$(jq -r '."@error".line' "$r")" 8899
	assert_eq "$(jq -r '."@raw"' "$r")" "$(sed -n 8899p "$f")"
	[[ "$(jq -r '."@error".reason' "$r")" == "unterminated quoted field"* ]]
	# Its user agent is the field left open: the 6th quote.
	col=$(sed -n 8899p "$f" | awk '{ n = 0; for (i = 1; i <= length($0); i++) if (substr($0, i, 1) == "\"" && ++n == 5) { print i; exit } }')
	assert_eq "$(jq -r '."@error".column' "$r")" "$col"
}

@test "combined: status histogram and byte sum equal awk's" {
	need_data "$APACHE"
	f=$DATA/$APACHE
	run -1 pipeline "ingest -f combined '$f' > '$BATS_TEST_TMPDIR/out'"
	o=$BATS_TEST_TMPDIR/out
	# Well-formed lines have exactly six quotes; status and bytes
	# are the two words between the 2nd and 3rd quoted fields.
	awk -F'"' 'NF == 7 { split($3, a, " "); print a[1] }' "$f" |
	    sort | uniq -c > "$BATS_TEST_TMPDIR/awk"
	jq -r '.status' "$o" | sort | uniq -c > "$BATS_TEST_TMPDIR/ours"
	[ "$(wc -l < "$BATS_TEST_TMPDIR/awk")" -gt 5 ]
	assert_same_file "$BATS_TEST_TMPDIR/awk" "$BATS_TEST_TMPDIR/ours"
	assert_eq "$(jq -r '.status | type' "$o" | sort -u)" number
	want=$(awk -F'"' 'NF == 7 { split($3, a, " ");
	    if (a[2] != "-") s += a[2] } END { printf "%.0f\n", s }' "$f")
	assert_eq "$(jq -n '[inputs.bytes // 0] | add' "$o")" "$want"
	# "-" is null.
	want=$(awk -F'"' 'NF == 7 { split($3, a, " "); if (a[2] == "-") n++ }
	    END { print n + 0 }' "$f")
	[ "$want" -gt 0 ]
	assert_eq "$(jq -c 'select(.bytes == null)' "$o" | wc -l)" "$want"
}

@test "combined: times, request parts and user agents match the raw lines" {
	need_data "$APACHE"
	f=$DATA/$APACHE
	run -1 pipeline "ingest -f combined '$f' > '$BATS_TEST_TMPDIR/out'"
	o=$BATS_TEST_TMPDIR/out
	assert_eq "$(head -1 "$o" | jq -r '."@timestamp"')" \
	    2015-05-17T10:05:03.000Z
	# All zones are +0000, so jq can print the time back as CLF.
	assert_eq "$(grep -c ' +0000\] ' "$f")" 10000
	awk -F'"' 'NF == 7' "$f" | sed 's/^[^[]*\[\([^ ]*\) +0000\].*/\1/' \
	    > "$BATS_TEST_TMPDIR/awk"
	jq -r '."@timestamp" | sub("\\.000Z$"; "Z") | fromdateiso8601 |
	    strftime("%d/%b/%Y:%H:%M:%S")' "$o" > "$BATS_TEST_TMPDIR/ours"
	assert_same_file "$BATS_TEST_TMPDIR/awk" "$BATS_TEST_TMPDIR/ours"
	awk -F'"' 'NF == 7 { print $2; print $6 }' "$f" > "$BATS_TEST_TMPDIR/awk"
	jq -r '"\(.method) \(.path) \(.protocol)", .user_agent // "-"' "$o" \
	    > "$BATS_TEST_TMPDIR/ours"
	assert_same_file "$BATS_TEST_TMPDIR/awk" "$BATS_TEST_TMPDIR/ours"
	assert_eq "$(awk '{ print $1 }' "$f" | sed 8899d | sort | uniq -c |
	    sort -rn | head -3)" "$(jq -r .client "$o" | sort | uniq -c |
	    sort -rn | head -3)"
}

@test "combined: -f auto detects it, --no-infer keeps strings" {
	need_data "$APACHE"
	f=$DATA/$APACHE
	run -1 pipeline "ingest -f combined '$f' > '$BATS_TEST_TMPDIR/c'"
	run -1 pipeline "ingest -f auto '$f' > '$BATS_TEST_TMPDIR/a'"
	assert_same_file "$BATS_TEST_TMPDIR/c" "$BATS_TEST_TMPDIR/a"
	jq -e 'has("user_agent")' < <(head -1 "$BATS_TEST_TMPDIR/a")
	run -1 pipeline "ingest -f combined --no-infer '$f' | jq -r '[(.status|type), (.bytes|type)] | @tsv' | sort | uniq -c"
	# Only strings, and null where the byte count was "-".
	[[ "$output" != *number* ]]
	[[ "$output" == *"string	string"* ]]
	run -1 pipeline "ingest -f combined --no-infer '$f' 2>/dev/null | sed -n 1p | jq -c '[.status, .bytes]'"
	assert_eq "$output" "[\"$(head -1 "$f" | awk '{ print $9 }')\",\"$(head -1 "$f" | awk '{ print $10 }')\"]"
}

@test "combined: lnav access logs, the bad one has exactly one reject" {
	need_data access-logs/lnav/logfile_access_log.0 \
	    access-logs/lnav/logfile_bad_access_log.0
	good=$DATA/access-logs/lnav/logfile_access_log.0
	bad=$DATA/access-logs/lnav/logfile_bad_access_log.0
	run -0 pipeline "ingest -f combined '$good' | jq -r '[.client, .status, .bytes, .user_agent] | @tsv'"
	assert_eq "$output" "$(awk -F'"' '{ split($1, a, " "); split($3, b, " ");
	    printf "%s\t%s\t%s\t%s\n", a[1], b[1], b[2], $6 }' "$good")"
	run -0 pipeline "ingest -f auto '$good' | cmp - <(ingest -f combined '$good')"
	r=$BATS_TEST_TMPDIR/rej
	run -1 --separate-stderr ingest -f combined --stats --reject "$r" "$bad"
	assert_eq "$(stat_of rejected)" 1
	assert_eq "$(stat_of records_out)" "$(($(wc -l < "$bad") - 1))"
	assert_accounted
	# The line without ident and user; the column is its '['.
	n=$(awk 'NF < 12 { print NR }' "$bad")
	c=$(awk -v n="$n" 'NR == n { print index($0, "[") }' "$bad")
	run -0 rejects "$r"
	[[ "$output" == "$n $c "*"ident and user before the time"* ]]
	# Without --reject the message goes to stderr with the place.
	run -1 --separate-stderr ingest -f combined "$bad"
	[[ "$stderr" == *"logfile_bad_access_log.0:$n: column $c: expected client, ident and user"* ]]
}

@test "combined: escapes, request forms, trailing pairs, vhost, msec" {
	f=$L/combined_ext.log
	run -0 pipeline "ingest -f combined '$f' > '$BATS_TEST_TMPDIR/out'"
	o=$BATS_TEST_TMPDIR/out
	assert_eq "$(wc -l < "$o")" "$(wc -l < "$f")"
	# nginx-style key=value pairs: typed, "-" is null, quotes removed.
	run -0 jq -c 'select(.client == "10.0.0.1") | [.user, .ident,
	    .request_time, .upstream, .upstream_status, .note]' "$o"
	assert_eq "$output" '["alice",null,0.042,"web-2",null,"two words"]'
	# \" and \\ are undone; \x16 stays as written.
	run -0 jq -r 'select(.client == "10.0.0.2") | .path, .referer,
	    .user_agent, (.bytes | tostring)' "$o"
	assert_eq "$output" "$(printf '%s\n' '/say?"hi"' 'http://x/\back' \
	    'agent "quoted" \x16' null)"
	# Requests that are not METHOD TARGET PROTOCOL keep the raw text.
	run -0 jq -c 'select(.method == null) | [.client, .request, .path,
	    .protocol]' "$o"
	assert_eq "$output" "$(printf '%s\n' \
	    '["10.0.0.3","-",null,null]' \
	    '["10.0.0.4","\\x16\\x03\\x01\\x00\\xa5\\x01",null,null]' \
	    '["10.0.0.5","GET /",null,null]')"
	# Trailing text that is not pairs is one field; "" is not "-".
	run -0 jq -c 'select(.client == "10.0.0.5") | [.extra, .referer]' "$o"
	assert_eq "$output" '["trailing words, not pairs",""]'
	run -0 jq -r 'select(.client == "10.0.0.6") | ."@timestamp"' "$o"
	assert_eq "$output" 2024-01-02T02:04:10.250Z
	run -0 jq -c 'select(.client == "10.0.0.7") | [.vhost, .user, .path]' "$o"
	assert_eq "$output" '["www.example.org:443","bob","/"]'
	# Field order as documented.
	run -0 pipeline "head -1 '$o' | jq -c 'keys_unsorted'"
	assert_eq "$output" '["client","ident","user","@timestamp","method","path","protocol","status","bytes","referer","user_agent","request_time","upstream","upstream_status","note"]'
	run -0 pipeline "ingest -f combined --no-infer '$f' | head -1 | jq -c '[.status, .request_time]'"
	assert_eq "$output" '["200","0.042"]'
}

@test "clf: what follows the byte count is extra; zone-less times are UTC" {
	f=$L/clf.log
	run -0 pipeline "ingest -f clf '$f' | jq -c '[.user, .status, .bytes, .extra, .\"@timestamp\"]'"
	assert_eq "$output" "$(printf '%s\n' \
	    '["frank",200,2326,null,"2000-10-10T20:55:36.000Z"]' \
	    '[null,304,null,"\"-\" \"Mozilla/4.08\"","2000-10-10T20:55:37.000Z"]' \
	    '[null,200,null,null,"2023-08-29T22:02:58.000Z"]')"
	# -f auto: not combined (no referer), so clf.
	run -0 pipeline "ingest -f auto '$f' 2>/dev/null | head -1 | jq -c 'keys_unsorted'"
	assert_eq "$output" '["client","ident","user","@timestamp","method","path","protocol","status","bytes"]'
}

@test "clf: malformed lines are rejected with the column and the reason" {
	f=$L/clf_bad.log
	r=$BATS_TEST_TMPDIR/rej
	run -1 --separate-stderr ingest -f combined --stats --reject "$r" "$f"
	assert_eq "$(stat_of rejected)" "$(wc -l < "$f")"
	assert_eq "$output" ""
	run -0 rejects "$r"
	assert_eq "$output" "$(cat <<'EOF'
1 35 expected '[' before the time
2 15 bad time '10/Oct/2000:25:55:36 -0700' (expected 10/Oct/2000:13:55:36 -0700)
3 43 unterminated quoted field (the request)
4 60 status 'OK' is not a number
5 63 expected the byte count after the status
6 14 expected ']' after the time
7 12 expected client, ident and user before the time, found 2 fields
8 43 expected '"' before the request
9 69 expected '"' before the user agent
EOF
)"
	# The columns point where awk finds the culprit.
	assert_eq "$(sed -n 4p "$f" | awk '{ print index($0, "OK") }')" 60
	assert_eq "$(sed -n 3p "$f" | awk '{ print index($0, "\"") }')" 43
	# In clf mode the last line is fine: the referer is extra text.
	run -1 --separate-stderr ingest -f clf --stats "$f"
	assert_eq "$(stat_of records_out)" 1
	assert_eq "$(printf '%s\n' "$output" | jq -r .extra)" '"-"'
}

@test "syslog: auth.log with --year, fields checked against sed" {
	need_data "$AUTH"
	f=$DATA/$AUTH
	run -0 --separate-stderr ingest -f syslog --year 2015 --stats "$f"
	assert_eq "$(stat_of records_out)" "$(wc -l < "$f")"
	assert_eq "$(stat_of rejected)" 0
	printf '%s\n' "$output" > "$BATS_TEST_TMPDIR/out"
	o=$BATS_TEST_TMPDIR/out
	# Mmm dd hh:mm:ss host app[pid]: message (leading blanks dropped)
	sed -E 's/^... .. ..:..:.. ([^ ]+) ([^ :[]+)(\[([0-9]+)\])?: *(.*)$/\1|\2|\4|\5/' \
	    "$f" > "$BATS_TEST_TMPDIR/sed"
	jq -r '"\(.host)|\(.app)|\(.pid // "")|\(.message)"' "$o" \
	    > "$BATS_TEST_TMPDIR/ours"
	assert_same_file "$BATS_TEST_TMPDIR/sed" "$BATS_TEST_TMPDIR/ours"
	# The time, printed back by jq, is the line's own.
	cut -c1-15 "$f" > "$BATS_TEST_TMPDIR/sed"
	jq -r '."@timestamp" | sub("\\.000Z$"; "Z") | fromdateiso8601 |
	    strftime("%b %e %H:%M:%S")' "$o" > "$BATS_TEST_TMPDIR/ours"
	assert_same_file "$BATS_TEST_TMPDIR/sed" "$BATS_TEST_TMPDIR/ours"
	assert_eq "$(jq -r '."@timestamp"[0:4]' "$o" | sort -u)" 2015
	# A sample line in full.
	n=$(grep -n 'sshd\[[0-9]*\]: Invalid user' "$f" | head -1 | cut -d: -f1)
	line=$(sed -n "${n}p" "$f")
	run -0 pipeline "sed -n '${n}p' '$o' | jq -c '[.host, .app, .pid, .message]'"
	assert_eq "$output" "$(printf '%s\n' "$line" | awk '{
	    split($5, t, /[][]/); m = $0; for (i = 0; i < 5; i++) sub(/^[^ ]+ +/, "", m);
	    printf "[\"%s\",\"%s\",%s,\"%s\"]\n", $4, t[1], t[2], m }')"
	# The pid is inferred as a number, or kept as text.
	assert_eq "$(sed -n "${n}p" "$o" | jq -r '.pid | type')" number
	assert_eq "$(ingest -f syslog --year 2015 --no-infer "$f" |
	    sed -n "${n}p" | jq -r '.pid | type')" string
}

@test "syslog: the year of dates without one follows the file's mtime" {
	need_data "$AUTH"
	# The file runs from Mar 27 to Apr 20.
	for pair in "2016-05-10 12:00:00=2016" "2017-02-10 12:00:00=2016" \
	    "2016-03-01 00:00:00=2015" "2015-04-01 00:00:00=2015" \
	    "2015-03-26 14:00:00=2015" "2015-03-26 12:00:00=2014"; do
		f=$(copy_dated "$DATA/$AUTH" "${pair%=*}")
		run -0 pipeline "ingest -f syslog '$f' | jq -r '.\"@timestamp\"[0:4]' | sort | uniq -c"
		assert_eq "$output" "   7121 ${pair#*=}"
	done
	# --year wins over the mtime.
	run -0 pipeline "ingest -f syslog --year 1999 '$f' | jq -r '.\"@timestamp\"[0:4]' | sort -u"
	assert_eq "$output" 1999
}

@test "syslog: Dec 31 to Jan 1 rolls the year; late lines stay put" {
	need_data syslog/lnav/logfile_syslog.1
	f=$(copy_dated "$L/rollover.log" "2016-01-02 10:00:00")
	run -0 pipeline "ingest -f syslog '$f' | jq -r '.\"@timestamp\"'"
	assert_eq "$output" "$(printf '%s\n' 2015-12-30T23:59:58.000Z \
	    2015-12-31T23:59:59.000Z 2016-01-01T00:00:01.000Z \
	    2015-12-31T23:59:58.000Z 2016-01-01T00:00:05.000Z \
	    2016-02-29T12:00:00.000Z)"
	# With --year every line takes it, and Feb 29 may not exist.
	run -1 --separate-stderr ingest -f syslog --year 2015 "$L/rollover.log"
	assert_eq "$(printf '%s\n' "$output" | jq -r '."@timestamp"[0:4]' |
	    sort -u)" 2015
	[[ "$stderr" == *"rollover.log:6: column 1: invalid date 'Feb 29 12:00:00'"* ]]
	# lnav's real Dec -> Jan file, modified in February.
	f=$(copy_dated "$DATA/syslog/lnav/logfile_syslog.1" "2010-02-01")
	run -0 pipeline "ingest -f syslog '$f' | jq -r '.\"@timestamp\"[0:7]' | uniq -c"
	assert_eq "$output" "$(printf '%s\n' '      3 2009-12' '      1 2010-01')"
	# Out-of-order lines within a day keep the same date.
	f=$(copy_dated "$DATA/syslog/lnav/logfile_syslog_with_mixed_times.0" \
	    "2020-01-01")
	run -0 pipeline "ingest -f syslog '$f' | jq -r '.\"@timestamp\"[0:10]' | sort -u"
	assert_eq "$output" 2019-09-13
}

@test "syslog: filebeat ISO 8601 times with and without a zone" {
	need_data "$BEATS/tz-offset.log" "$BEATS/suse-syslog.log"
	f=$DATA/$BEATS/tz-offset.log
	run -0 pipeline "ingest -f syslog '$f' | jq -c '[.\"@timestamp\", .host, .app, .pid]'"
	assert_eq "$output" "$(printf '%s\n' \
	    '["1986-04-25T21:23:45.101Z","rmbkmonitor04","shutdown",2649]' \
	    '["1986-04-25T21:23:45.388424Z","rmbkmonitor04","thermald",null]' \
	    '["2019-06-14T10:40:20.912134Z","localhost","sudo",null]')"
	# --tz applies to the zone-less line only.
	run -0 pipeline "ingest -f syslog --tz +02:00 '$f' | jq -r '.\"@timestamp\"'"
	assert_eq "$output" "$(printf '%s\n' 1986-04-25T21:23:45.101Z \
	    1986-04-25T21:23:45.388424Z 2019-06-14T08:40:20.912134Z)"
	run -0 pipeline "ingest -f syslog '$f' | sed -n 2p | jq -r .message"
	assert_eq "$output" "$(sed -n 2p "$f" | cut -d' ' -f4-)"
	f=$DATA/$BEATS/suse-syslog.log
	run -0 pipeline "ingest -f auto '$f' 2>/dev/null | jq -c '[.\"@timestamp\", .host, .app, .pid, .message]'"
	assert_eq "$output" "$(printf '%s\n' \
	    '["2018-08-14T12:30:02.203151Z","linux-sqrz","systemd",4179,"Stopped target Basic System."]' \
	    '["2018-08-14T12:30:02.203251Z","linux-sqrz","systemd",4179,"Stopped target Paths."]')"
}

@test "syslog: darwin continuation lines are rejected and counted" {
	need_data "$BEATS/darwin-syslog-sample.log"
	f=$DATA/$BEATS/darwin-syslog-sample.log
	r=$BATS_TEST_TMPDIR/rej
	run -1 --separate-stderr ingest -f syslog --stats --reject "$r" "$f"
	assert_eq "$(stat_of rejected)" "$(grep -c '^[[:space:]]' "$f")"
	assert_eq "$(stat_of records_out)" "$(grep -vc '^[[:space:]]' "$f")"
	assert_accounted
	assert_eq "$(rejects "$r" | cut -d' ' -f1 | tr '\n' ' ')" \
	    "$(grep -n '^[[:space:]]' "$f" | cut -d: -f1 | tr '\n' ' ')"
	assert_eq "$(jq -r '."@error".reason' "$r" | sort -u)" \
	    "continuation line (starts with white space; --multiline '^\\s' joins such lines to the record before)"
	# syslogd's own "last message repeated" line has no host.
	run -0 jq -c '[.host, .message]' <<< "${output##*$'\n'}"
	assert_eq "$output" "[null,\"$(tail -1 "$f" | cut -d' ' -f4-)\"]"
}

@test "syslog: lnav files: no tag, header lines, French month" {
	need_data syslog/lnav/logfile_bad_syslog.0 \
	    syslog/lnav/logfile_syslog_with_header.0 \
	    syslog/lnav/logfile_syslog_fr.0 syslog/lnav/logfile_haproxy.0
	d=$DATA/syslog/lnav
	# A line whose word after the host has no colon: no app, the
	# rest is the message.
	run -0 pipeline "ingest -f syslog '$d/logfile_bad_syslog.0' | jq -c '[.host, .app, .pid, .message]'"
	assert_eq "$(printf '%s\n' "$output" | sed -n 3p)" \
	    "[\"veridian\",null,null,\"$(sed -n 3p "$d/logfile_bad_syslog.0" | cut -d' ' -f6-)\"]"
	assert_eq "$(printf '%s\n' "$output" | sed -n 4p | jq -r '.[1]')" sudo
	r=$BATS_TEST_TMPDIR/rej
	run -1 --separate-stderr ingest -f syslog --stats --reject "$r" \
	    "$d/logfile_syslog_with_header.0"
	assert_eq "$(stat_of rejected)" "$(grep -c '^Header' "$d/logfile_syslog_with_header.0")"
	assert_eq "$(stat_of records_out)" "$(grep -vc '^Header' "$d/logfile_syslog_with_header.0")"
	run -0 rejects "$r"
	assert_eq "$output" "$(printf '%s\n' \
	    "1 1 expected a time ('Mmm dd hh:mm:ss' or ISO 8601), not 'Header1:'" \
	    "2 1 expected a time ('Mmm dd hh:mm:ss' or ISO 8601), not 'Header2:'")"
	run -1 --separate-stderr ingest -f syslog --stats "$d/logfile_syslog_fr.0"
	assert_eq "$(stat_of rejected)" 1
	[[ "$stderr" == *"unknown month 'août' (English abbreviations only)"* ]]
	# haproxy over syslog: every line, app and pid from the tag.
	f=$d/logfile_haproxy.0
	run -0 pipeline "ingest -f syslog '$f' | jq -r '\"\(.host) \(.app)[\(.pid)]:\"' | sort | uniq -c"
	assert_eq "$output" "$(awk '{ print $4, $5 }' "$f" | sort | uniq -c)"
}

@test "syslog: RFC 5424 lines of lnav's samples, PRI checked with awk" {
	need_data "$SAMPLES"
	f=$BATS_TEST_TMPDIR/5424.log
	jq -r 'select(.format == "syslog_log" and (.line | startswith("<")))
	    | .line' "$DATA/$SAMPLES" > "$f"
	assert_eq "$(wc -l < "$f")" 3
	run -0 pipeline "ingest -f syslog '$f' | jq -r '[.facility, .severity, .host, .app, (.pid // \"-\"), (.msgid // \"-\")] | join(\" \")'"
	assert_eq "$output" "$(awk 'BEGIN {
	    split("kern user mail daemon auth syslog lpr news uucp cron " \
	        "authpriv ftp ntp security console solaris-cron local0 " \
	        "local1 local2 local3 local4 local5 local6 local7", fac, " ")
	    split("emerg alert crit err warning notice info debug", sev, " ") }
	    { p = substr($1, 2, index($1, ">") - 2)
	      print fac[int(p / 8) + 1], sev[p % 8 + 1], $3, $4, $5, $6 }' "$f")"
	run -0 pipeline "ingest -f syslog '$f' | head -1 | jq -c '[.\"@timestamp\", .structured_data, .message]'"
	assert_eq "$output" '["2017-04-27T05:50:47.381967Z",{"origin":{"software":"rsyslogd","swVersion":"8.4.2","x-pid":"900","x-info":"http://www.rsyslog.com"}},"start"]'
	# Leading blanks of the message are dropped.
	run -0 pipeline "ingest -f syslog '$f' | sed -n 3p | jq -r .message"
	assert_eq "$output" "$(sed -n 3p "$f" | sed 's/^\([^ ]* \)\{7\} *//')"
}

@test "syslog: RFC 5424 structured data, NILVALUEs, BOM" {
	f=$L/rfc5424.log
	run -0 pipeline "ingest -f syslog '$f' > '$BATS_TEST_TMPDIR/out'"
	o=$BATS_TEST_TMPDIR/out
	assert_eq "$(wc -l < "$o")" "$(wc -l < "$f")"
	run -0 pipeline "head -1 '$o' | jq -c ."
	assert_eq "$output" '{"facility":"local4","severity":"notice","@timestamp":"2023-10-11T22:14:15.003Z","host":"gw1.example.net","app":"evntslog","msgid":"ID47","structured_data":{"traffic@32473":{"iut":"3","src":"app","id":"1011"},"prio@32473":{"class":"high"}},"message":"An application event"}'
	# The BOM was in the raw line, and is gone from the message.
	head -1 "$f" | grep -q $'\xef\xbb\xbfAn'
	! grep -q $'\xef\xbb\xbf' "$o"
	# \" \\ \] unescaped, other backslashes kept, repeated names
	# become arrays, no MSG means no message.
	run -0 pipeline "sed -n 2p '$o' | jq -c '[.\"@timestamp\", .pid, .structured_data, has(\"message\")]'"
	assert_eq "$output" '["2024-01-02T02:04:05.000Z",4711,{"meta@1":{"q":"a \"quoted\" \\ back ] end","path":"C:\\tmp","ip":["10.0.0.1","10.0.0.2"]}},false]'
	# All NILVALUEs: only what PRI says.
	run -0 pipeline "sed -n 3p '$o'"
	assert_eq "$output" '{"facility":"kern","severity":"emerg"}'
	run -0 pipeline "sed -n 4p '$o' | jq -c '[.facility, .severity, .message]'"
	assert_eq "$output" '["authpriv","info","leading blanks dropped"]'
	run -0 pipeline "sed -n 5p '$o' | jq -c '[.facility, .severity, .pid, .message]'"
	assert_eq "$output" '["local7","debug","p",""]'
	# No time ("-"): counted as a record without one.
	run -0 --separate-stderr ingest -f syslog --stats "$f"
	assert_eq "$(stat_of no_time)" 1
}

@test "syslog: 200,000 SD-PARAMs in one element, names repeated: fast, grouped as python groups them" {
	# Repeats of a name were found by a scan of the rest for each
	# parameter: 100,000 of them took 46 s.
	cd "$BATS_TEST_TMPDIR"
	python3 -c '
import random
random.seed(7)
names = ["p%d" % random.randrange(120000) for i in range(200000)]
print("<34>1 2026-01-01T00:00:00Z host app 1 ID47 [ex@1 " +
      " ".join("%s=\"v%d\"" % (k, i) for i, k in enumerate(names)) + "] msg")' > sd.log
	run -0 pipeline "timeout -k 5 20 ingest -f syslog sd.log | jq -cS '.structured_data[\"ex@1\"]' > got"
	python3 - sd.log > want <<'EOF'
import json, re, sys
line = open(sys.argv[1]).read()
out = {}
for k, v in re.findall(r' (p[0-9]+)="([^"]*)"', line):
    out.setdefault(k, []).append(v)
print(json.dumps({k: v[0] if len(v) == 1 else v for k, v in out.items()},
                 sort_keys=True, separators=(",", ":")))
EOF
	assert_same_file want got
	# Names keep the order of their first use.
	run -0 pipeline "ingest -f syslog sd.log | jq -r '.structured_data[\"ex@1\"] | keys_unsorted[]' | awk 'NR <= 3'"
	assert_eq "$output" "$(grep -o ' p[0-9]*=' sd.log | tr -d ' =' | awk '!seen[$0]++' | head -3)"
}

@test "syslog: malformed RFC 5424 and BSD lines say why" {
	r=$BATS_TEST_TMPDIR/rej
	run -1 --separate-stderr ingest -f syslog --stats --reject "$r" \
	    "$L/rfc5424_bad.log"
	assert_eq "$(stat_of rejected)" "$(wc -l < "$L/rfc5424_bad.log")"
	run -0 rejects "$r"
	assert_eq "$output" "$(cat <<'EOF'
1 41 unterminated parameter value in structured data
2 36 expected ']' to close the structured data element
3 35 expected structured data after the message id
4 7 bad RFC 5424 timestamp (expected RFC 3339 or '-')
5 1 bad priority (expected <0> to <191>)
EOF
)"
	run -1 --separate-stderr ingest -f syslog --year 2020 --stats \
	    --reject "$r" "$L/bsd_bad.log"
	assert_eq "$(stat_of rejected)" "$(wc -l < "$L/bsd_bad.log")"
	run -0 rejects "$r"
	assert_eq "$output" "$(cat <<'EOF'
1 17 empty host name
2 16 expected the host name after the time
3 1 invalid date 'Nov 31 09:23:38'
4 8 expected the time of day (hh:mm:ss)
5 1 bad priority (expected <0> to <191>)
6 17 bad host name '(gw)'
EOF
)"
}

@test "auto: every lnav sample line is a record or a reject, never a crash" {
	need_data "$SAMPLES"
	d=$BATS_TEST_TMPDIR/samples
	mkdir "$d"
	# One file per sample (a sample may hold several lines), named
	# NNN.format.
	jq -r '"\(.format) \(.line | @base64)"' "$DATA/$SAMPLES" > "$d.list"
	n=0
	while read -r fmt b64; do
		n=$((n + 1))
		printf '%s\n' "$b64" | base64 -d > "$d/$(printf %03d $n).$fmt"
		echo >> "$d/$(printf %03d $n).$fmt"
	done < "$d.list"
	assert_eq "$n" "$(wc -l < "$DATA/$SAMPLES")"
	# Each file's format is guessed from its own first line.
	run --separate-stderr ingest -f auto --stats --reject "$d.rej" "$d"/*
	[ "$status" -le 1 ]
	assert_accounted
	assert_eq "$(stat_of lines_in)" "$(cat "$d"/* | wc -l)"
	# Without --reject too, nor --stats, each sample alone.
	for f in "$d"/*; do
		run ingest -f auto "$f"
		[ "$status" -le 1 ] || { echo "$f: status $status" >&2; false; }
	done
	# Access-log samples in CLF shape ("[dd/Mon/yyyy") are read as
	# clf or combined; lnav's syslog samples as syslog.
	clf=$(grep -l '^[^[]*\[[0-9][0-9]/[A-Z][a-z][a-z]/' "$d"/*.access_log | wc -l)
	[ "$clf" -ge 7 ]
	run -0 pipeline "ingest -f auto '$d'/*.access_log 2>/dev/null | jq -r 'select(.client != null and .status != null) | .client' | wc -l"
	assert_eq "$output" "$clf"
	run -0 --separate-stderr ingest -f auto --stats "$d"/*.syslog_log
	assert_eq "$(stat_of records_out)" "$(ls "$d"/*.syslog_log | wc -l)"
	assert_eq "$(printf '%s\n' "$output" | jq -r 'has("host") and has("message")' |
	    sort -u)" true
}

@test "robustness: every prefix of sample lines parses or is rejected" {
	# Truncated lines of each shape: exercises every early end.
	f=$BATS_TEST_TMPDIR/prefixes
	{
		head -2 "$L/combined_ext.log"
		sed -n 1,2p "$L/rfc5424.log"
		head -3 "$L/rollover.log"
		printf '%s\n' '<34>Oct 11 22:14:15 mymachine su: ok' \
		    '2019-06-14T10:40:20.912134+02:00 h a[1]: x'
	} | awk '{ for (i = 1; i <= length($0); i++) print substr($0, 1, i) }' > "$f"
	[ "$(wc -l < "$f")" -gt 500 ]
	for fmt in combined clf syslog auto; do
		run --separate-stderr ingest -f "$fmt" --stats "$f"
		[ "$status" -le 1 ]
		assert_accounted
	done
	# The complete lines among them are records.
	run --separate-stderr ingest -f syslog --year 2020 --stats "$f"
	[ "$(stat_of records_out)" -gt 100 ]
}

@test "utf8: bytes that are not UTF-8 are replaced, counted and flagged" {
	cd "$BATS_TEST_TMPDIR"
	# Latin-1, a stray byte pair, a cut sequence, an overlong form, a
	# surrogate, beside valid two- and four-byte characters.
	printf 'msg=caf\xe9 n=1\n' > l.log
	printf 'msg=ok-\xc3\xa9-\xf0\x9f\x98\x80 n=2\n' >> l.log
	printf 'msg=\xff\xfe n=3 k\xe2\x82=v\n' >> l.log
	printf 'msg=\xc0\xaf\xed\xa0\x80x n=4\n' >> l.log
	printf 'msg=plain n=5\n' >> l.log
	run -0 --separate-stderr ingest -f logfmt -t none --stats l.log
	printf '%s\n' "$output" > ours
	assert_eq "$(stat_of utf8_repaired)" 3
	assert_eq "$(stat_of records_out)" 5
	# The oracle: python decodes each line byte by byte (surrogateescape
	# keeps one code point per bad byte), each bad byte is one U+FFFD,
	# and a record with any carries their count.
	python3 - l.log > want <<'EOF'
import json, sys
for raw in open(sys.argv[1], "rb").read().split(b"\n")[:-1]:
    text = raw.decode("utf-8", "surrogateescape")
    bad = sum(1 for c in text if 0xdc80 <= ord(c) <= 0xdcff)
    rec = {}
    for pair in text.split(" "):
        k, v = pair.split("=", 1)
        fix = lambda s: "".join("\ufffd" if 0xdc80 <= ord(c) <= 0xdcff else c for c in s)
        rec[fix(k)] = int(v) if v.isdigit() else fix(v)
    if bad:
        rec["@utf8_repaired"] = bad
    print(json.dumps(rec, separators=(",", ":"), ensure_ascii=False))
EOF
	assert_same_file want ours
	# Other text formats too; a csv record of two lines counts both.
	printf 'a,b\n"x\xe9\ny\xe9",1\nok,2\n' > c.csv
	run -0 --separate-stderr ingest -f csv -t none --stats c.csv
	assert_eq "$output" "$(printf '{"a":"x\xef\xbf\xbd\\ny\xef\xbf\xbd","b":1,"@utf8_repaired":2}\n{"a":"ok","b":2}')"
	assert_eq "$(stat_of utf8_repaired)" 1
	printf '<13>Jan  2 03:04:05 host app: caf\xe9\n' > s.log
	run -0 --separate-stderr ingest -f syslog --year 2026 --stats s.log
	assert_eq "$(printf '%s\n' "$output" | jq -c '[.message, .["@utf8_repaired"]]')" '["caf�",1]'
	# The count is of the bytes written as U+FFFD: a character split
	# across two CRI parts is whole once joined, and a bad byte in a
	# w3c field name counts.
	printf '2016-10-06T00:17:09Z stdout P ab\xc3\n2016-10-06T00:17:09Z stdout F \xa9cd\n' > c.log
	run -0 --separate-stderr ingest -f cri --stats c.log
	assert_eq "$output" '{"@timestamp":"2016-10-06T00:17:09.000Z","stream":"stdout","logtag":"F","message":"abécd"}'
	assert_eq "$(stat_of utf8_repaired)" 0
	printf '#Fields: date time c-\xffip\n2019-07-08 00:00:01 1.2.3.4\n' > w.log
	run -0 --separate-stderr ingest -f w3c --stats w.log
	assert_eq "$output" '{"@timestamp":"2019-07-08T00:00:01.000Z","c-�ip":"1.2.3.4","@utf8_repaired":1}'
	assert_eq "$(stat_of utf8_repaired)" 1
	# JSON that is not UTF-8 is no record: rejected, not repaired.
	printf '{"m":"caf\xe9"}\n' > j.ndjson
	run -1 --separate-stderr ingest -t none --stats j.ndjson
	assert_eq "$(stat_of rejected) $(stat_of utf8_repaired)" "1 0"
}
