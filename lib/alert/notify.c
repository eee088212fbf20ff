/* SPDX-License-Identifier: MIT */
/* notify.c -- run a command with each alert: alert --exec, --exec-shell. */
#include <stdio.h>
#include <string.h>

#include "alert/notify.h"
#include "core/strbuf.h"
#include "io/spawn.h"
#include "time/duration.h"
#include "time/timefmt.h"

int
notify_take_exec(struct notify *nt, int argc, char *argv[],
    struct sluice_err *err)
{
	int i, j, k, n;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--") == 0)
			break;
		if (strcmp(argv[i], "--exec") != 0)
			continue;
		if (nt->argv != NULL)
			return err_set(err, 0, "--exec given twice");
		for (j = i + 1; j < argc && strcmp(argv[j], ";") != 0; j++)
			;
		if ((n = j - i - 1) == 0)
			return err_set(err, 0, "--exec needs a command");
		/* As find -exec: without it every later word was taken. */
		if (j == argc)
			return err_set(err, 0, "missing ';' to end --exec "
			    "(quote it for the shell: --exec %s ... ';')",
			    argv[i + 1]);
		nt->argv = xcalloc((size_t)n + 1, sizeof(char *));
		for (k = 0; k < n; k++)
			nt->argv[k] = argv[i + 1 + k];
		j++;		/* the ';' */
		memmove(&argv[i], &argv[j], (size_t)(argc - j + 1) *
		    sizeof(char *));
		argc -= j - i;
		i--;
	}
	return argc;
}

int
notify_shell(struct notify *nt, const char *cmd, struct sluice_err *err)
{
	if (nt->argv != NULL)
		return err_set(err, 0, "give --exec or --exec-shell, not both");
	nt->argv = xcalloc(4, sizeof(char *));
	nt->argv[0] = "/bin/sh";
	nt->argv[1] = "-c";
	nt->argv[2] = (char *)cmd;
	return 0;
}

/*
 * Run the command with in[0..n) on its stdin and env (NULL-terminated)
 * in its environment: 0, or -1 (counted in failed) with a message.
 */
static int
run(struct notify *nt, const char *in, size_t n, char *const env[],
    struct sluice_err *err)
{
	struct sluice_err e;
	char tbuf[DURATION_LEN];
	int status = 0, rv = -1;

	switch (spawn_run(nt->argv, env, in, n, nt->timeout_ms, &status,
	    &e)) {
	case SPAWN_OK:
		rv = 0;
		break;
	case SPAWN_FAILED:
		err_set(err, 0, "--exec %s: exited with status %d%s",
		    nt->argv[0], status, status == 127 ? " (not found?)" : "");
		break;
	case SPAWN_SIGNALED:
		err_set(err, 0, "--exec %s: killed by signal %d", nt->argv[0],
		    status);
		break;
	case SPAWN_TIMEOUT:
		duration_format(nt->timeout_ms * NS_PER_MS, tbuf);
		err_set(err, 0, "--exec %s: still running after %s, killed",
		    nt->argv[0], tbuf);
		break;
	case SPAWN_ERROR:
		err_set(err, 0, "--exec %s: %s", nt->argv[0], e.msg);
		break;
	}
	if (rv == -1)
		nt->failed++;
	return rv;
}

int
notify_run(struct notify *nt, const char *json, size_t n, const char *rule,
    const char *state, struct sluice_err *err)
{
	struct strbuf in = STRBUF_INIT, er = STRBUF_INIT, es = STRBUF_INIT;
	char *env[3];
	int rv;

	strbuf_add(&in, json, n);
	strbuf_addch(&in, '\n');
	strbuf_addf(&er, "SLUICE_ALERT_RULE=%s", rule);
	strbuf_addf(&es, "SLUICE_ALERT_STATE=%s", state);
	env[0] = er.buf;
	env[1] = es.buf;
	env[2] = NULL;
	rv = run(nt, in.buf, in.len, env, err);
	strbuf_release(&in);
	strbuf_release(&er);
	strbuf_release(&es);
	return rv;
}

int
notify_run_batch(struct notify *nt, const char *lines, size_t n,
    const struct notify_counts *c, struct sluice_err *err)
{
	char count[48], firing[48], resolved[48];
	char *env[4];

	snprintf(count, sizeof(count), "SLUICE_ALERT_COUNT=%zu", c->count);
	snprintf(firing, sizeof(firing), "SLUICE_ALERT_FIRING=%zu",
	    c->firing);
	snprintf(resolved, sizeof(resolved), "SLUICE_ALERT_RESOLVED=%zu",
	    c->resolved);
	env[0] = count;
	env[1] = firing;
	env[2] = resolved;
	env[3] = NULL;
	return run(nt, lines, n, env, err);
}

void
notify_release(struct notify *nt)
{
	free(nt->argv);
	nt->argv = NULL;
}
