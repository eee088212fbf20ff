# SPDX-License-Identifier: MIT
# combined.awk -- an Apache/nginx combined log to NDJSON, in awk: the
# peer of ingest -f combined in bench/speed.sh (run by mawk there).
#
# usage: mawk -f bench/combined.awk access.log
#
# It writes the record ingest -f combined writes for a line of
# sluice-gen access --clean: client, ident, user, @timestamp (RFC 3339
# with milliseconds), method, path, protocol, status, bytes, referer,
# user_agent, then each key=value token after the user agent, a number
# when it looks like one; "-" is null.  It does less than ingest: it
# splits on the double quotes and spaces of a well-formed line and
# checks nothing, takes every time as UTC (the offset is not read),
# and escapes nothing in the strings (the generated log needs none).
BEGIN {
	split("Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec", m, " ")
	for (i = 1; i <= 12; i++)
		mon[m[i]] = sprintf("%02d", i)
}

# str: v as a JSON string, or null for "-".
function str(v) {
	return v == "-" ? "null" : "\"" v "\""
}

# num: v as a JSON number, or null for "-".
function num(v) {
	return v == "-" ? "null" : v
}

{
	# q[1]: client ident user [time zone]; q[2]: the request;
	# q[3]: status bytes; q[4]: referer; q[6]: user agent; q[7]: extras.
	split($0, q, "\"")
	split(q[1], h, " ")
	t = h[4]
	ts = substr(t, 9, 4) "-" mon[substr(t, 5, 3)] "-" substr(t, 2, 2) \
	    "T" substr(t, 14, 8) ".000Z"
	split(q[2], r, " ")
	split(q[3], sb, " ")
	s = "{\"client\":" str(h[1]) ",\"ident\":" str(h[2]) \
	    ",\"user\":" str(h[3]) ",\"@timestamp\":\"" ts "\"" \
	    ",\"method\":" str(r[1]) ",\"path\":" str(r[2]) \
	    ",\"protocol\":" str(r[3]) ",\"status\":" num(sb[1]) \
	    ",\"bytes\":" num(sb[2]) ",\"referer\":" str(q[4]) \
	    ",\"user_agent\":" str(q[6])
	n = split(q[7], x, " ")
	for (i = 1; i <= n; i++) {
		k = index(x[i], "=")
		v = substr(x[i], k + 1)
		if (v !~ /^-?[0-9]+(\.[0-9]+)?$/)
			v = str(v)
		s = s ",\"" substr(x[i], 1, k - 1) "\":" v
	}
	print s "}"
}
