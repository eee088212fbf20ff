/* SPDX-License-Identifier: MIT */
/* hash.c -- hashes of byte strings: FNV-1a, and one with every bit mixed. */
#include <sys/random.h>

#include <time.h>
#include <unistd.h>

#include "core/hash.h"

#define FNV_PRIME	UINT64_C(0x100000001b3)

uint64_t
hash_fnv1a(uint64_t h, const void *p, size_t n)
{
	const unsigned char *s = p;
	size_t i;

	for (i = 0; i < n; i++) {
		h ^= s[i];
		h *= FNV_PRIME;
	}
	return h;
}

uint64_t
hash_mix(uint64_t h)
{
	h ^= h >> 33;
	h *= UINT64_C(0xff51afd7ed558ccd);
	h ^= h >> 33;
	h *= UINT64_C(0xc4ceb9fe1a85ec53);
	h ^= h >> 33;
	return h;
}

uint64_t
hash_bytes(const void *p, size_t n)
{
	return hash_mix(hash_fnv1a(HASH_FNV1A_INIT, p, n));
}

static uint64_t seed;

/* Before main, on one thread: the seed from the kernel, else the clock. */
__attribute__((constructor)) static void
seed_init(void)
{
	struct timespec ts;

	if (getrandom(&seed, sizeof(seed), GRND_NONBLOCK) ==
	    (ssize_t)sizeof(seed))
		return;
	clock_gettime(CLOCK_REALTIME, &ts);
	seed = hash_mix((uint64_t)ts.tv_nsec ^ (uint64_t)ts.tv_sec << 30 ^
	    (uint64_t)getpid() << 20);
}

uint64_t
hash_home(uint64_t hash)
{
	return hash_mix(hash ^ seed);
}
