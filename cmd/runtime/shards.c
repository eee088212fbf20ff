/* SPDX-License-Identifier: MIT */
/* shards.c -- aggregate's shards: --partial's trailer, --merge's check. */
#include <err.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "runtime/shards.h"
#include "stream/stream.h"

void
shards_trailer(struct tool *t, uint64_t partials)
{
	struct strbuf sb = STRBUF_INIT;
	char host[256], id[300];

	if (gethostname(host, sizeof(host)) == -1)
		strcpy(host, "?");
	host[sizeof(host) - 1] = '\0';
	snprintf(id, sizeof(id), "%s:%ld", host, (long)getpid());
	stream_shard_write(&sb, id, partials);
	tool_emit(t, sb.buf, sb.len);
	strbuf_release(&sb);
}

void
shards_check(struct shard_tally *s, struct tool *t)
{
	struct strbuf why = STRBUF_INIT;

	switch (shard_check(s, &why)) {
	case SHARD_OK:
		break;
	case SHARD_UNTRAILED:
		warnx_data("--merge: %s", why.buf);
		t->rv = t->rv > 1 ? t->rv : 1;
		break;
	default:
		errx_data(EXIT_TROUBLE, "--merge: %s", why.buf);
	}
	strbuf_release(&why);
}
