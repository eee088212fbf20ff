/* SPDX-License-Identifier: MIT */
/* haproxy.h -- HAProxy's HTTP, TCP and error log lines. */
#ifndef SLUICE_HAPROXY_H
#define SLUICE_HAPROXY_H

#include <stddef.h>
#include <stdint.h>

#include "core/common.h"
#include "parse/fields.h"
#include "time/timefmt.h"

struct haproxy;

/*
 * year: the year of syslog prefix times (0: inferred); tz: the zone of
 * accept_date and of the prefix time (borrowed, outlives the parser).
 */
struct haproxy	*haproxy_new(int year, const struct tzspec *tz);
/* A new file: prefix years are inferred relative to ref_ns. */
void		 haproxy_reset(struct haproxy *, int64_t ref_ns);
/*
 * A line of HAProxy's HTTP log format, TCP log format or error log
 * format (HAProxy's configuration manual, sections 8.2.2 to 8.2.5),
 * told apart by their shape, with or without a syslog prefix ("Feb  6
 * 12:14:14 localhost haproxy[14389]: ").  Fields, named as in the
 * manual: from the prefix facility and severity (with a PRI),
 * syslog_time (RFC 3339), host, process_name, pid; client_ip,
 * client_port, @timestamp (accept_date, milliseconds, in tz),
 * frontend_name (a trailing '~' dropped and "ssl":true added); then for
 * HTTP backend_name, server_name, TR, Tw, Tc, Tr, Ta,
 * status_code, bytes_read, captured_request_cookie,
 * captured_response_cookie, termination_state, actconn, feconn, beconn,
 * srv_conn, retries, srv_queue, backend_queue,
 * captured_request_headers and captured_response_headers (when there,
 * the text between the braces), http_request, method, path, protocol;
 * for TCP backend_name, server_name, Tw, Tc, Tt, bytes_read,
 * termination_state, the counts and queues; for an error line
 * bind_name and message.  Numbers are F_INFER (-1 stays -1); a '+'
 * before bytes_read, Ta or Tt adds "logasap":true, before retries
 * "redispatched":true.  "-" is null.  Text after the last field goes
 * to "extra".  A line with a syslog prefix that is no connection
 * ("Proxy www started.") gives the prefix's fields, its time as
 * @timestamp and message.  Resets fl first.  Returns PARSE_RECORD or
 * PARSE_ERROR.
 */
int		 haproxy_line(struct haproxy *, const char *line, size_t len,
		    struct fieldlist *, struct sluice_err *);
/* Whether the record haproxy_line() made of a line is a connection's
 * (HTTP, TCP or error log format), not a message: 1 or 0. */
int		 haproxy_connection(const struct fieldlist *);
void		 haproxy_free(struct haproxy *);

#endif
