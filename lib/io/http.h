/* SPDX-License-Identifier: MIT */
/* http.h -- a minimal HTTP/1.1 client: one POST, its status, a timeout. */
#ifndef SLUICE_HTTP_H
#define SLUICE_HTTP_H

#include <stddef.h>
#include <stdint.h>

#include "core/common.h"

/* An http:// URL taken apart; the strings are owned (http_url_release). */
struct http_url {
	char	*host;		/* a name, or an address without brackets */
	char	*port;		/* "80" unless given */
	char	*authority;	/* host[:port] as given: the Host header */
	char	*path;		/* "" or "/..." without a trailing '/' */
};

#define HTTP_URL_INIT	{ NULL, NULL, NULL, NULL }

/*
 * Take apart url: "http://HOST[:PORT][/PATH]", HOST a name, an IPv4
 * address or an IPv6 one in brackets.  https:// is refused (no TLS
 * here), as are user names and queries.  0, or -1 with a message.
 */
int	http_url_parse(struct http_url *, const char *url,
	    struct sluice_err *err);
void	http_url_release(struct http_url *);

/*
 * POST body[0..n) as type (a Content-Type) to the URL's path followed
 * by path (e.g. "/api/v2/alerts"), with Connection: close, and read
 * the status line of the answer.  The host is looked up with
 * getaddrinfo() (IPv4 and IPv6, each address tried in turn).  When no
 * connection can be made, one more try follows a second later if the
 * time allows.  Everything but the name lookup ends within timeout_ms.
 * Returns 0 with the status code in *status (any code: the caller
 * judges it), or -1 with a message ("127.0.0.1:9093: Connection
 * refused", "no answer: timed out", ...).
 */
int	http_post(const struct http_url *, const char *path, const char *type,
	    const char *body, size_t n, int64_t timeout_ms, int *status,
	    struct sluice_err *err);

#endif
