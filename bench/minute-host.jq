# SPDX-License-Identifier: MIT
# minute-host.jq -- the jq peer of window --tumbling 1m | aggregate --by
# host -a count,sum:bytes,mean:latency_ms,p95:latency_ms,distinct:user_id
# in bench/aggregate.sh and bench/speed.sh: run with jq -s -c, it groups
# every event by minute and host and writes one object a group.  The
# p95 is the nearest rank, as aggregate's.
group_by([.["@timestamp"][0:16], .host])[]
| {minute: .[0]["@timestamp"][0:16], host: .[0].host, count: length,
   sum_bytes: (map(.bytes) | add),
   mean_latency_ms: (map(.latency_ms) | add / length),
   p95_latency_ms: (map(.latency_ms) | sort
                    | .[((length * 95 / 100) | ceil) - 1]),
   distinct_user_id: (map(.user_id | select(. != null)) | unique
                      | length)}
