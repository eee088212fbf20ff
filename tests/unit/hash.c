/* SPDX-License-Identifier: MIT */
/* hash.c -- unit tests of core/hash: FNV-1a test vectors, the finaliser. */
#include <string.h>

#include "core/common.h"
#include "core/hash.h"

#include "check.h"

/*
 * The 64-bit FNV-1a vectors of the reference test suite (Landon Curt
 * Noll's test_fnv.c, fnv1a_64_vector); ch\0 includes its NUL.
 */
static const struct {
	const char	*s;
	size_t		 n;
	uint64_t	 h;
} fnv[] = {
	{ "", 0, UINT64_C(0xcbf29ce484222325) },
	{ "a", 1, UINT64_C(0xaf63dc4c8601ec8c) },
	{ "b", 1, UINT64_C(0xaf63df4c8601f1a5) },
	{ "c", 1, UINT64_C(0xaf63de4c8601eff2) },
	{ "foo", 3, UINT64_C(0xdcb27518fed9d577) },
	{ "foob", 4, UINT64_C(0xdd120e790c2512af) },
	{ "fooba", 5, UINT64_C(0xcac165afa2fef40a) },
	{ "foobar", 6, UINT64_C(0x85944171f73967e8) },
	{ "chongo was here!\n", 17, UINT64_C(0x46810940eff5f915) },
	{ "ch\0", 3, UINT64_C(0xf5fadd190cf8edaa) },
};

/*
 * fmix64 of MurmurHash3; the values were computed with a Python
 * transcription of MurmurHash3.cpp when this test was written.
 */
static const uint64_t mix[][2] = {
	{ 0, 0 },
	{ 1, UINT64_C(0xb456bcfc34c2cb2c) },
	{ UINT64_C(0xcbf29ce484222325), UINT64_C(0xefd01f60ba992926) },
	{ UINT64_MAX, UINT64_C(0x64b5720b4b825f21) },
};

/* How many of the 64 bits differ. */
static int
bits_differ(uint64_t a, uint64_t b)
{
	uint64_t x = a ^ b;
	int n = 0;

	for (; x != 0; x &= x - 1)
		n++;
	return n;
}

int
main(void)
{
	uint64_t h;
	size_t i;
	int b, total = 0;

	for (i = 0; i < NELEM(fnv); i++) {
		h = hash_fnv1a(HASH_FNV1A_INIT, fnv[i].s, fnv[i].n);
		if (h != fnv[i].h) {
			fprintf(stderr, "%s: fnv1a(\"%s\") = %016llx, want "
			    "%016llx\n", __FILE__, fnv[i].s,
			    (unsigned long long)h,
			    (unsigned long long)fnv[i].h);
			check_failures++;
		}
		CHECK(hash_bytes(fnv[i].s, fnv[i].n) == hash_mix(fnv[i].h));
	}
	/* In steps: the hash of "foo" continued with "bar" is "foobar"'s. */
	h = hash_fnv1a(HASH_FNV1A_INIT, "foo", 3);
	CHECK(hash_fnv1a(h, "bar", 3) == UINT64_C(0x85944171f73967e8));

	for (i = 0; i < NELEM(mix); i++)
		CHECK(hash_mix(mix[i][0]) == mix[i][1]);
	/* Avalanche: keys one bit apart differ in about half the bits. */
	for (i = 0; i < 64; i++) {
		b = bits_differ(hash_bytes("key", 3), hash_mix(
		    hash_fnv1a(HASH_FNV1A_INIT, "key", 3) ^ (UINT64_C(1) << i)));
		CHECK(b >= 12 && b <= 52);
		total += b;
	}
	CHECK(total > 64 * 26 && total < 64 * 38);
	return check_status();
}
