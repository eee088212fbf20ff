/* SPDX-License-Identifier: MIT */
/* am.h -- alert --alertmanager: transitions posted to Alertmanager's v2 API. */
#ifndef SLUICE_AM_H
#define SLUICE_AM_H

#include <stddef.h>
#include <stdint.h>

#include "core/map.h"
#include "core/strbuf.h"
#include "io/http.h"
#include "json/record.h"

#define AM_TIMEOUT_MS	5000	/* without --exec-timeout */

/*
 * Alertmanager at a URL, fed alert records.  Each is made an
 * Alertmanager alert: labels alertname (the rule), the record's other
 * top-level members (group keys and rule labels; values as strings,
 * nulls left out, names made valid label names) and severity; annotations message and
 * value; startsAt (since), endsAt (at) when resolved; generatorURL.
 * A post sends the resolved alerts taken since the last post and
 * every alert still firing: Alertmanager forgets an alert not sent
 * again within its resolve_timeout.
 */
struct am {
	struct http_url	 url;		/* host NULL: off */
	const char	*generator;	/* --generator-url, borrowed, or NULL */
	int64_t		 timeout_ms;
	struct map	 firing;	/* labels text -> alert text (val, n) */
	struct strbuf	 resolved;	/* alerts to post, comma-separated */
	struct strbuf	 body;		/* the post, and scratch */
	struct strbuf	 labels;	/* scratch: one alert's labels */
	struct strbuf	 scratch;	/* a decoded member name */
	struct record	 rec;		/* the alert record taken */
	uint64_t	 failed;	/* posts that failed: am_failed */
	int		 failing;	/* the last post failed */
};

#define AM_INIT	{ .url = HTTP_URL_INIT, .timeout_ms = AM_TIMEOUT_MS, \
		  .firing = MAP_INIT, .resolved = STRBUF_INIT, \
		  .body = STRBUF_INIT, .labels = STRBUF_INIT, \
		  .scratch = STRBUF_INIT, .rec = RECORD_INIT }

/* --alertmanager URL: 0, or -1 with a message (https is refused). */
int	am_open(struct am *, const char *url, struct sluice_err *err);
/* Whether am_open() was called. */
int	am_on(const struct am *);
/*
 * Take the alert record json[0..n): a firing one is held (replacing
 * that of the same labels) until it resolves; a resolved one lets its
 * firing one go and, if post, waits for the next am_post().  Other
 * states are ignored.  With post 0 only the firing set follows (an
 * alert replayed after a restart, already posted).
 */
void	am_take(struct am *, const char *json, size_t n, int post);
/* Whether am_post() has anything to send. */
int	am_due(const struct am *);
/*
 * POST the resolved alerts waiting and every firing one, in one JSON
 * array, to URL/api/v2/alerts.  The resolved ones are dropped either
 * way (sent at most once).  Returns 0 when posted (a 2xx answer) or
 * nothing was due; on failure counts failed and returns 1 with a
 * message for the first failure after a success, 0 for the next ones.
 */
int	am_post(struct am *, struct sluice_err *err);
void	am_release(struct am *);

#endif
