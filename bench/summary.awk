# SPDX-License-Identifier: MIT
# summary.awk -- the markdown of bench/speed.sh's results: the table of
# the jobs, the memory per group, and the speed targets.
#
# usage: awk -F'\t' -v n=N -f bench/summary.awk ABOUT NOTES RESULTS
#
# ABOUT: lines said before the tables; NOTES: "- ..." lines said after
# them; RESULTS: "JOB KIND NAME WALL CPU RSS RUNS" separated by tabs,
# the jobs in order, sluice's row first in each (KIND sluice, then peer,
# floor, ref or two).  In each job, a row other than sluice's is
# compared with it on CPU time: "9.1x faster" when it took 9.1 times
# sluice's CPU time, "2.0x slower" when sluice took twice its.

# ratio: what sluice is against CPU time c.
function ratio(c, s) {
	if (c <= 0 || s <= 0)
		return ""
	if (c >= s)
		return sprintf("%.1fx faster", c / s)
	return sprintf("%.1fx slower", s / c)
}

function secs(v) {
	return v >= 10 ? sprintf("%.1f", v) : sprintf("%.2f", v)
}

function bpg(rss, base, g) {
	return sprintf("%.0f", (rss - base) * 1024 / g)
}

BEGIN {
	title["pass"] = "pass-through"
	title["validate"] = "validate, 3 checks"
	title["window"] = "`window --tumbling 1m`"
	title["aggregate"] = "count and sum of bytes by host"
	title["winagg"] = "per minute and host: count, sum, mean, p95, distinct"
	title["pipeline"] = "5 stages: ingest, validate, window, aggregate, alert"
	title["combined"] = "combined log to NDJSON"
	title["csv"] = "CSV to NDJSON"
	stage["pass"] = "`ingest`"
	stage["validate"] = "`validate`, 3 checks"
	stage["window"] = "`window`"
	stage["aggregate"] = "`aggregate`"
}

FILENAME == ARGV[1] {
	about[++nabout] = $0
	next
}
FILENAME == ARGV[2] {
	notes[++nnotes] = $0
	next
}
{
	nr++
	job[nr] = $1
	kind[nr] = $2
	name[nr] = $3
	wall[nr] = $4
	cpu[nr] = $5
	rss[nr] = $6
	if ($2 == "sluice" && !($1 in base))
		base[$1] = $5
	if ($2 == "floor")
		floorcpu[$1] = $5
	if ($2 == "peer" && $1 == "pipeline" &&
	    (best == "" || $5 < best)) {
		best = $5
		bestname = $3
	}
	if ($1 == "aggregate" && $3 ~ /datamash/)
		datamash = $5
	if ($1 == "memory") {
		split($3, w, " ")
		mem[w[1], w[2]] = $6
		if (w[2] > 1)
			groups[w[2]] = 1
	}
}

END {
	for (i = 1; i <= nabout; i++)
		print about[i] (i < nabout ? "  " : "")
	print ""
	print "CPU seconds (user + system, of every process of a pipeline), " \
	    "each command pinned to one core, the least of its runs; the " \
	    "least elapsed seconds beside. The last column compares the " \
	    "CPU time of sluice with the row's."
	print ""
	print "| job | command | CPU s | wall s | sluice |"
	print "|---|---|---:|---:|---|"
	last = ""
	for (i = 1; i <= nr; i++) {
		if (job[i] == "memory")
			continue
		t = job[i] == last ? "" : title[job[i]]
		last = job[i]
		r = ""
		if (kind[i] != "sluice" && kind[i] != "two")
			r = ratio(cpu[i], base[job[i]])
		printf "| %s | %s | %s | %s | %s |\n", t, name[i],
		    secs(cpu[i]), secs(wall[i]), r
	}
	if (("aggregate", 1) in mem) {
		print ""
		print "Peak RSS over " n " records of one, N/10 and N keys " \
		    "(`aggregate -g key -a count,sum:v`, `mlr stats1 -a " \
		    "count,sum -f v -g key`); bytes per group = (RSS - RSS " \
		    "at one key) / groups:"
		print ""
		print "| groups | `aggregate` RSS KB | B/group | `mlr` RSS KB | B/group |"
		print "|---:|---:|---:|---:|---:|"
		printf "| 1 | %s | | %s | |\n", mem["aggregate", 1],
		    mem["mlr", 1]
		for (g in groups)
			ng[++k] = g + 0
		for (i = 1; i <= k; i++)
			for (j = i + 1; j <= k; j++)
				if (ng[j] < ng[i]) {
					t = ng[i]; ng[i] = ng[j]; ng[j] = t
				}
		for (i = 1; i <= k; i++) {
			g = ng[i]
			m = (("mlr", 1) in mem) && (("mlr", g) in mem)
			printf "| %d | %s | %s | %s | %s |\n", g,
			    mem["aggregate", g],
			    bpg(mem["aggregate", g], mem["aggregate", 1], g),
			    m ? mem["mlr", g] : "",
			    m ? bpg(mem["mlr", g], mem["mlr", 1], g) : ""
		}
	}
	print ""
	print "Targets:"
	print ""
	print "| target | measured | met |"
	print "|---|---:|---|"
	split("pass validate window aggregate", st, " ")
	for (i = 1; i <= 4; i++) {
		j = st[i]
		if (!(j in floorcpu) || !(j in base))
			continue
		r = base[j] / floorcpu[j]
		printf "| %s within 3x of the simdjson floor | %.1fx | %s |\n",
		    stage[j], r, (r <= 3 ? "yes" : "no")
	}
	if (best != "" && ("pipeline" in base)) {
		r = best / base["pipeline"]
		printf "| 5-stage pipeline: 5x less CPU than the best peer " \
		    "chain (%s) | %.1fx | %s |\n", bestname, r,
		    (r >= 5 ? "yes" : "no")
	}
	if (datamash != "" && ("aggregate" in base)) {
		r = datamash / base["aggregate"]
		printf "| `aggregate` 2x faster than datamash on TSV | %.1fx " \
		    "| %s |\n", r, (r >= 2 ? "yes" : "no")
	}
	if (("aggregate", n) in mem && ("aggregate", 1) in mem) {
		b = bpg(mem["aggregate", n], mem["aggregate", 1], n)
		printf "| at most 200 B per group, count and sum, %d groups " \
		    "| %s B | %s |\n", n, b, (b + 0 <= 200 ? "yes" : "no")
	}
	if (nnotes > 0) {
		print ""
		for (i = 1; i <= nnotes; i++)
			print notes[i]
	}
}
