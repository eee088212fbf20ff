/* SPDX-License-Identifier: MIT */
/* spawn.c -- run a command with some bytes on its stdin, with a timeout. */
#include <sys/types.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "io/input.h"
#include "io/spawn.h"

/* Wait for pid until deadline (ms, monotonic; -1: forever); 1 if done. */
static int
wait_until(pid_t pid, int64_t deadline, int *wstatus)
{
	pid_t r;

	for (;;) {
		r = waitpid(pid, wstatus, deadline < 0 ? 0 : WNOHANG);
		if (r == pid)
			return 1;
		if (r == -1 && errno != EINTR)
			return 1;
		if (deadline >= 0 && input_now_ms() >= deadline)
			return 0;
		if (deadline >= 0)
			poll(NULL, 0, 10);
	}
}

enum spawn_end
spawn_run(char *const argv[], char *const env[], const char *input,
    size_t n, int64_t timeout_ms, int *status, struct sluice_err *err)
{
	struct sigaction ign, old;
	int fds[2], wstatus = 0, e;
	int64_t deadline;
	size_t off = 0;
	ssize_t w;
	pid_t pid;
	size_t i;

	if (pipe(fds) == -1) {
		err_set(err, 0, "pipe: %s", strerror(errno));
		return SPAWN_ERROR;
	}
	if ((pid = fork()) == -1) {
		err_set(err, 0, "fork: %s", strerror(errno));
		close(fds[0]);
		close(fds[1]);
		return SPAWN_ERROR;
	}
	if (pid == 0) {
		setpgid(0, 0);
		signal(SIGPIPE, SIG_DFL);
		signal(SIGINT, SIG_DFL);
		signal(SIGTERM, SIG_DFL);
		dup2(fds[0], STDIN_FILENO);
		dup2(STDERR_FILENO, STDOUT_FILENO);
		close(fds[0]);
		close(fds[1]);
		for (i = 0; env != NULL && env[i] != NULL; i++)
			putenv(env[i]);
		execvp(argv[0], argv);
		_exit(127);
	}
	setpgid(pid, pid);
	close(fds[0]);
	/* A command that does not read its input must not kill us. */
	memset(&ign, 0, sizeof(ign));
	ign.sa_handler = SIG_IGN;
	sigemptyset(&ign.sa_mask);
	sigaction(SIGPIPE, &ign, &old);
	deadline = timeout_ms > 0 ? input_now_ms() + timeout_ms : -1;
	fcntl(fds[1], F_SETFL, fcntl(fds[1], F_GETFL) | O_NONBLOCK);
	while (off < n) {
		struct pollfd p = { fds[1], POLLOUT, 0 };
		int left = deadline < 0 ? -1 :
		    (int)(deadline - input_now_ms());

		if (deadline >= 0 && left <= 0)
			break;
		if (poll(&p, 1, left) <= 0)
			continue;
		if ((w = write(fds[1], input + off, n - off)) < 0) {
			if (errno == EAGAIN || errno == EINTR)
				continue;
			break;		/* EPIPE: it did not want it */
		}
		off += (size_t)w;
	}
	close(fds[1]);
	sigaction(SIGPIPE, &old, NULL);
	if (!wait_until(pid, deadline, &wstatus)) {
		kill(-pid, SIGTERM);
		if (!wait_until(pid, input_now_ms() + 1000, &wstatus)) {
			kill(-pid, SIGKILL);
			wait_until(pid, -1, &wstatus);
		}
		return SPAWN_TIMEOUT;
	}
	if (WIFSIGNALED(wstatus)) {
		*status = WTERMSIG(wstatus);
		return SPAWN_SIGNALED;
	}
	e = WIFEXITED(wstatus) ? WEXITSTATUS(wstatus) : 0;
	*status = e;
	return e == 0 ? SPAWN_OK : SPAWN_FAILED;
}
