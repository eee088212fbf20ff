/* SPDX-License-Identifier: MIT */
/* hash.c -- hashes of byte strings: FNV-1a, and one with every bit mixed. */
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
