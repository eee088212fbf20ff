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

/*
 * Where a key of this hash starts its probe in a hash table: the hash
 * mixed with a random seed of the process.  Keys from the data that
 * were chosen to share the low bits of their hash_bytes() then do not
 * share a home, and cannot make a table's lookups take time in
 * proportion to its size.  hash_bytes() itself stays the same from run
 * to run (sketches and files keep it); only the table layout changes,
 * never the order of entries.
 */
uint64_t	hash_home(uint64_t hash);

#endif
