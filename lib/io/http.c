/* SPDX-License-Identifier: MIT */
/* http.c -- a minimal HTTP/1.1 client: one POST, its status, a timeout. */
#include <sys/socket.h>
#include <sys/types.h>

#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core/strbuf.h"
#include "io/http.h"
#include "io/input.h"

#define HTTP_RETRY_MS	1000	/* the wait before the second try */

int
http_url_parse(struct http_url *u, const char *url, struct sluice_err *err)
{
	const char *a, *end, *h, *he, *p;

	memset(u, 0, sizeof(*u));
	if (strncmp(url, "https://", 8) == 0)
		return err_set(err, 0, "'%s': https is not supported; post to "
		    "a local relay over http, or run curl with --exec", url);
	if (strncmp(url, "http://", 7) != 0)
		return err_set(err, 0, "'%s': not an http:// URL", url);
	a = url + 7;
	end = a + strcspn(a, "/?#");
	if (*end == '?' || *end == '#' || strchr(end, '?') != NULL ||
	    strchr(end, '#') != NULL)
		return err_set(err, 0, "'%s': a query or fragment is not "
		    "taken", url);
	if (memchr(a, '@', (size_t)(end - a)) != NULL)
		return err_set(err, 0, "'%s': a user name is not taken", url);
	h = a;
	if (*a == '[') {
		if ((he = memchr(a, ']', (size_t)(end - a))) == NULL)
			return err_set(err, 0, "'%s': no ']' after the IPv6 "
			    "address", url);
		h = a + 1;
		p = he + 1;
	} else {
		for (he = a; he < end && *he != ':'; he++)
			;
		p = he;
	}
	if (he == h)
		return err_set(err, 0, "'%s': no host", url);
	if (p < end && (*p != ':' || p + 1 == end ||
	    strspn(p + 1, "0123456789") != (size_t)(end - p - 1)))
		return err_set(err, 0, "'%s': the port is not a number", url);
	u->host = xstrndup(h, (size_t)(he - h));
	u->port = p < end ? xstrndup(p + 1, (size_t)(end - p - 1)) :
	    xstrdup("80");
	u->authority = xstrndup(a, (size_t)(end - a));
	p = end + strlen(end);
	while (p > end && p[-1] == '/')
		p--;
	u->path = xstrndup(end, (size_t)(p - end));
	return 0;
}

void
http_url_release(struct http_url *u)
{
	free(u->host);
	free(u->port);
	free(u->authority);
	free(u->path);
	memset(u, 0, sizeof(*u));
}

/*
 * Wait until fd is ready for events or the deadline: 1 ready, 0 time
 * is up, -1 with errno.
 */
static int
wait_fd(int fd, short events, int64_t deadline)
{
	struct pollfd pfd;
	int64_t left;
	int r;

	for (;;) {
		if ((left = deadline - input_now_ms()) <= 0)
			return 0;
		pfd.fd = fd;
		pfd.events = events;
		pfd.revents = 0;
		r = poll(&pfd, 1, left > 60000 ? 60000 : (int)left);
		if (r > 0)
			return 1;
		if (r == -1 && errno != EINTR)
			return -1;
	}
}

/*
 * Connect a non-blocking socket to one address by the deadline: the
 * descriptor, or -1 with errno (ETIMEDOUT when time is up).
 */
static int
dial_one(const struct addrinfo *ai, int64_t deadline)
{
	socklen_t len = sizeof(int);
	int fd, r, soerr = 0;

	if ((fd = socket(ai->ai_family, ai->ai_socktype, ai->ai_protocol))
	    == -1)
		return -1;
	if (fcntl(fd, F_SETFD, FD_CLOEXEC) == -1 ||
	    fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK) == -1)
		goto fail;
	if (connect(fd, ai->ai_addr, ai->ai_addrlen) == 0)
		return fd;
	if (errno != EINPROGRESS && errno != EINTR)
		goto fail;
	if ((r = wait_fd(fd, POLLOUT, deadline)) <= 0) {
		soerr = r == 0 ? ETIMEDOUT : errno;
		goto failerr;
	}
	if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &soerr, &len) == -1)
		goto fail;
	if (soerr == 0)
		return fd;
failerr:
	errno = soerr;
fail:
	r = errno;
	close(fd);
	errno = r;
	return -1;
}

/*
 * Connect to the URL's host by the deadline: a descriptor, or -1 with
 * a message saying why not.
 */
static int
dial(const struct http_url *u, int64_t deadline, struct sluice_err *err)
{
	struct addrinfo hints, *res, *ai;
	int fd = -1, r, e = 0;

	memset(&hints, 0, sizeof(hints));
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	if ((r = getaddrinfo(u->host, u->port, &hints, &res)) != 0)
		return err_set(err, 0, "%s: %s", u->host, r == EAI_SYSTEM ?
		    strerror(errno) : gai_strerror(r));
	for (ai = res; ai != NULL && fd == -1; ai = ai->ai_next)
		if ((fd = dial_one(ai, deadline)) == -1)
			e = errno;
	freeaddrinfo(res);
	if (fd == -1)
		return err_set(err, 0, "%s: %s", u->authority, strerror(e));
	return fd;
}

/* Write text[0..n) to fd by the deadline: 0, or -1 with a message. */
static int
send_all(int fd, const char *text, size_t n, int64_t deadline,
    struct sluice_err *err)
{
	ssize_t w;
	int r;

	while (n > 0) {
		if ((r = wait_fd(fd, POLLOUT, deadline)) <= 0)
			return err_set(err, 0, "sending: %s", r == 0 ?
			    "timed out" : strerror(errno));
		if ((w = send(fd, text, n, MSG_NOSIGNAL)) == -1) {
			if (errno == EAGAIN || errno == EINTR)
				continue;
			return err_set(err, 0, "sending: %s", strerror(errno));
		}
		text += w;
		n -= (size_t)w;
	}
	return 0;
}

/*
 * Read the status line of the answer by the deadline: 0 with its
 * code, or -1 with a message.
 */
static int
read_status(int fd, int64_t deadline, int *status, struct sluice_err *err)
{
	char line[256];
	size_t have = 0;
	ssize_t r;
	int minor, w;

	while (have < sizeof(line) - 1 && memchr(line, '\n', have) == NULL) {
		if ((w = wait_fd(fd, POLLIN, deadline)) <= 0)
			return err_set(err, 0, "no answer: %s", w == 0 ?
			    "timed out" : strerror(errno));
		if ((r = read(fd, line + have, sizeof(line) - 1 - have)) == -1) {
			if (errno == EAGAIN || errno == EINTR)
				continue;
			return err_set(err, 0, "reading the answer: %s",
			    strerror(errno));
		}
		if (r == 0)
			break;
		have += (size_t)r;
	}
	line[have] = '\0';
	if (sscanf(line, "HTTP/1.%d %3d", &minor, status) != 2 ||
	    *status < 100 || *status > 999)
		return err_set(err, 0, "the answer is not HTTP/1.x");
	return 0;
}

int
http_post(const struct http_url *u, const char *path, const char *type,
    const char *body, size_t n, int64_t timeout_ms, int *status,
    struct sluice_err *err)
{
	struct strbuf head = STRBUF_INIT;
	struct timespec pause = { HTTP_RETRY_MS / 1000, 0 };
	int64_t deadline = input_now_ms() + timeout_ms;
	int fd, rv;

	/* One more try a second later, if that leaves time to connect. */
	if ((fd = dial(u, deadline, err)) == -1 &&
	    deadline - input_now_ms() > HTTP_RETRY_MS) {
		nanosleep(&pause, NULL);
		fd = dial(u, deadline, err);
	}
	if (fd == -1)
		return -1;
	strbuf_addf(&head, "POST %s%s HTTP/1.1\r\nHost: %s\r\n"
	    "Content-Type: %s\r\nContent-Length: %zu\r\n"
	    "Connection: close\r\n\r\n", u->path, path, u->authority, type, n);
	rv = send_all(fd, head.buf, head.len, deadline, err);
	if (rv == 0)
		rv = send_all(fd, body, n, deadline, err);
	if (rv == 0)
		rv = read_status(fd, deadline, status, err);
	strbuf_release(&head);
	close(fd);
	return rv;
}
