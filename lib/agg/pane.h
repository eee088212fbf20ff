/* SPDX-License-Identifier: MIT */
/* pane.h -- the panes of sliding windows: one state per pane and group, merged at close. */
#ifndef SLUICE_PANE_H
#define SLUICE_PANE_H

#include <stddef.h>
#include <stdint.h>

#include "agg/agg.h"
#include "agg/group.h"
#include "core/common.h"
#include "core/strbuf.h"
#include "json/scan.h"
#include "stream/stream.h"

/*
 * window --sliding S --every E writes each event once, tagged with its
 * pane (stream_pane_read()): [k g, (k + 1) g) shifted by the offset,
 * g = gcd(S, E), so that every window is a run of whole panes.  Here
 * each pane keeps a state per group; a window's groups are the merge
 * of the panes it holds, made when its close marker comes (or at the
 * end); a pane is freed once every window that holds it has closed.
 * The cost per event is one state update, whatever S / E.
 *
 * A pane also keeps "first", the earliest window its events count in
 * (their "first", raised to the first window not yet closed), so that
 * at the end exactly the windows that got events are written.
 *
 * One stream has one spec of sliding windows (S, E and their
 * alignment): a pane of another is refused.
 */
struct pane {
	struct group_window	 w;	/* start, end and the groups */
	int64_t			 first;
};

struct panes {
	const struct agg_spec	*spec;	/* the states' functions */
	int			 have;	/* the windows' spec is known */
	int64_t			 size;
	int64_t			 every;
	int64_t			 grain;	/* gcd(size, every) */
	int64_t			 off;	/* window starts mod every */
	int64_t			 closed; /* windows before it are closed */
	struct pane		**p;	/* by start, none overlapping */
	size_t			 n;
	size_t			 a;
	struct pane		*last;	/* a cache: the last one found */
	struct strbuf		 last_raw;
	struct stream_pane	 last_sp;
	struct strbuf		 scratch;	/* the owner's, for window texts */
	uint64_t		 carry;	/* bits of a group's n a merge keeps */
};

/* Empty; states will be those of spec (which must outlive ps). */
void	panes_init(struct panes *, const struct agg_spec *spec);
/*
 * Whether merging states pane by pane gives the bytes that adding the
 * events one by one gives, for every function of spec: 1, or 0 (top:
 * past its exact limit, Space-Saving depends on the order).
 */
int	panes_exact(const struct agg_spec *spec);
/*
 * The pane a @window value names: 1 with *out (created if new; its
 * first lowered to the event's) and *sp (the value read), 0 if wv is
 * no pane, -1 with why if it is a malformed one or of another spec
 * than the panes seen before.
 */
int	panes_find(struct panes *, const struct jval *wv, struct pane **out,
	    struct stream_pane *sp, const char **why);
/*
 * Whether [start, end) is one of the sliding windows of the panes seen
 * (its length and alignment): 1 or 0.
 */
int	panes_is_window(const struct panes *, int64_t start, int64_t end);
/* Whether a pane that [start, end) holds has a group: 1 or 0. */
int	panes_holds(const struct panes *, int64_t start, int64_t end);
/*
 * Merge the groups of src into dst (key text -> a block of states of
 * the panes' spec), created in dst as needed; the carry bits of a
 * group's n in src are set in dst's.
 */
void	panes_merge_groups(struct panes *, struct gmap *dst,
	    const struct gmap *src);
/*
 * Merge the states of the panes that [start, end) holds into groups
 * (key text -> a block of states, created as needed).  Returns how
 * many panes were merged.
 */
size_t	panes_merge_into(struct panes *, int64_t start, int64_t end,
	    struct gmap *groups);
/*
 * The window that starts at start closed: the windows up to it are
 * closed, and the panes no later window holds are freed.
 */
void	panes_closed(struct panes *, int64_t start);
/*
 * Call fn(arg, start, end) for each window not closed that an event of
 * the panes counts in, in order.  fn may merge, not free panes.
 */
void	panes_each_window(struct panes *, void (*fn)(void *arg,
	    int64_t start, int64_t end), void *arg);
/*
 * The @window value of pane i (0 .. n - 1) as saved: its first raised
 * to the first window not closed.  Appended to sb.
 */
void	panes_value(const struct panes *, size_t i, struct strbuf *sb);
/* Clear the carry bits in the n of every group of every pane. */
void	panes_unmark(struct panes *);
/* Free every pane; the spec of windows is forgotten. */
void	panes_release(struct panes *);

#endif
