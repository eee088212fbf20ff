/* SPDX-License-Identifier: MIT */
/* duration.c -- fuzz duration parsing and formatting (time/duration). */
#include "fuzz.h"
#include "time/duration.h"

/*
 * Input: a duration text (up to a NUL).  One that parses must be a
 * non-negative count of ns whose shortest form reads back to the same
 * count.  The first 8 bytes as an int64 are formatted too: every int64
 * formats, and one the parser can take reads back.
 */

/* Format ns and read it back. */
static void
round_trip(int64_t ns)
{
	struct sluice_err e;
	char buf[DURATION_LEN];
	int64_t back;
	size_t n;

	n = duration_format(ns, buf);
	FUZZ_ASSERT(n > 0 && n < DURATION_LEN && buf[n] == '\0');
	/* The parser takes no sign, and nothing from 9.2e18 ns on. */
	if (ns < 0 || (double)ns >= 9.2e18)
		return;
	FUZZ_ASSERT(duration_parse(buf, &back, &e) == 0);
	/*
	 * Exact up to 2^53 ns (104 days): the parser sums in double, so a
	 * larger count may come back off by its last digits.
	 */
	if (ns <= INT64_C(1) << 53)
		FUZZ_ASSERT(back == ns);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sluice_err e;
	int64_t ns;
	uint64_t u;
	char *s;

	if (size >= 8) {
		memcpy(&u, data, 8);
		round_trip((int64_t)u);
	}
	s = fuzz_str((const char *)data, size);
	if (duration_parse(s, &ns, &e) == 0) {
		FUZZ_ASSERT(ns >= 0);
		round_trip(ns);
	} else
		FUZZ_ASSERT(e.col <= strlen(s) + 1);
	free(s);
	return 0;
}
