/* SPDX-License-Identifier: MIT */
/* hash.h -- hashes of byte strings: FNV-1a, and one with every bit mixed. */
#ifndef SLUICE_HASH_H
#define SLUICE_HASH_H

#include <stddef.h>
#include <stdint.h>

/* FNV-1a, 64 bits, in steps: h = hash_fnv1a(HASH_FNV1A_INIT, p, n) ... */
#define HASH_FNV1A_INIT	UINT64_C(0xcbf29ce484222325)
uint64_t	hash_fnv1a(uint64_t h, const void *p, size_t n);

/* The finaliser of MurmurHash3 (fmix64): every bit of h mixed into all. */
uint64_t	hash_mix(uint64_t h);

/*
 * The 64-bit hash of a byte string: FNV-1a, then the finaliser of
 * MurmurHash3 (fmix64), so that every bit of the result depends on
 * every input bit (HyperLogLog reads both ends of it).
 */
uint64_t	hash_bytes(const void *p, size_t n);

#endif
