/* SPDX-License-Identifier: MIT */
/* term.h -- the terminal: escape sequences, its size, a full-screen view. */
#ifndef SLUICE_TERM_H
#define SLUICE_TERM_H

#include <stdarg.h>

#include "core/strbuf.h"
#include "io/output.h"

/*
 * Every escape sequence sluice writes is spelled in term.c and nowhere
 * else: callers ask for one by name.
 */
enum term_seq {
	TERM_RESET,		/* plain text again (SGR 0) */
	TERM_BOLD,
	TERM_RED,
	TERM_GREEN,
	TERM_ERASE_LINE		/* erase to the end of the line (EL) */
};

/* The escape sequence s: a static string, never NULL. */
const char *term_seq(enum term_seq s);

/*
 * Text from the data is made safe before it is shown to people: each
 * character that could move the cursor, change the terminal's state,
 * or reorder or hide what is shown is written as a visible escape,
 * never dropped.  One notation for every such output (tables,
 * Markdown, the live view, HTML, messages on standard error):
 *
 *	\n \r \t	line feed, carriage return, tab
 *	\xHH		the other C0 controls (ESC is \x1b), DEL, and each
 *			byte that is not part of valid UTF-8
 *	\uHHHH		C1 controls (U+0080..U+009F); the line and
 *			paragraph separators U+2028, U+2029; the
 *			bidirectional marks, embeddings, overrides and
 *			isolates (U+061C, U+200E, U+200F, U+202A..U+202E,
 *			U+2066..U+2069); and the invisible format
 *			characters: U+00AD, U+180E, U+200B, U+2060..U+2064,
 *			U+206A..U+206F, U+FEFF, U+FFF9..U+FFFB
 *	\UHHHHHHHH	the tag characters U+E0001, U+E0020..U+E007F
 *
 * Every other character is copied as it is, a backslash too, and so
 * are U+200C and U+200D (ZWNJ, ZWJ), which join letters in many
 * scripts and emoji.
 */
void	term_escape(struct strbuf *, const char *s, size_t n);
/* Format as vprintf(3) does, then append the text as term_escape(). */
void	term_vescapef(struct strbuf *, const char *fmt, va_list ap);
/*
 * If the character that starts s[0..n) (n > 0) is one of those above,
 * append its escape and return its length in bytes (an invalid byte
 * is 1); else append nothing and return 0.
 */
size_t	term_escape_char(struct strbuf *, const char *s, size_t n);

/*
 * The size of the terminal on fd: 0 and *rows, *cols (either may be
 * NULL) filled, or -1 if fd is not a terminal or cannot tell.
 */
int	term_size(int fd, int *rows, int *cols);

/*
 * One terminal per process.  While the view is open, the terminal is
 * in its alternate screen with the cursor hidden and line wrapping off
 * (an over-long line is clipped by the terminal, never wrapped).  The
 * terminal is given back, whatever happens:
 *
 *	term_close()		the normal way;
 *	exit()			an atexit handler (errx after a write error);
 *	^Z (SIGTSTP)		given back, then stopped; taken again and
 *				redrawn on SIGCONT;
 *	SIGINT, SIGTERM		the handlers in place when the view opened
 *				(tool.c's, which end the input) still run;
 *				a second such signal gives the terminal back
 *				and dies of the signal at once.
 *
 * Writes go through the output given to term_open(), except in the
 * signal handlers, which write(2) the restore sequence to its fd.
 */
struct term {
	struct output	*out;
	int		 rows;
	int		 cols;
	int		 active;
};

/*
 * Take over the terminal that out writes to (out->fd must be a
 * terminal) and measure it.  Returns 0, or -1 if a view is already
 * open.
 */
int	term_open(struct term *, struct output *out);
/*
 * Whether the view must be drawn again since the last call: the window
 * was resized (SIGWINCH; the size is measured again) or the process
 * came back from ^Z.
 */
int	term_changed(struct term *);
/*
 * Draw one screen: the lines of frame[0..n) ('\n'-separated, each
 * meant to fit in cols columns; ANSI colour allowed) from the top left,
 * each cleared to its end, then the rest of the screen cleared.  Lines
 * past the last row are not drawn.  The output is flushed.
 */
void	term_draw(struct term *, const char *frame, size_t n);
/* Give the terminal back (see above) and flush; safe to call twice. */
void	term_close(struct term *);

#endif
