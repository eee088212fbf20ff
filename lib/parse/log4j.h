/* SPDX-License-Identifier: MIT */
/* log4j.h -- "date time LEVEL [thread] logger: message", the Java family. */
#ifndef SLUICE_LOG4J_H
#define SLUICE_LOG4J_H

#include <stddef.h>

#include "core/common.h"
#include "parse/fields.h"
#include "time/timefmt.h"

/*
 * The lines of log4j, logback and java.util.logging layouts as Hadoop,
 * Zookeeper, Spark, Kafka and most Java services write them:
 *   2024-04-23 09:17:27,871 INFO  [main] server.Server: message
 *   2015-05-22 16:10:00,123 [worker-5] INFO  com.example.Task - message
 *   17/06/09 20:10:52 INFO executor.Backend: message
 * A time first (ISO 8601 with '.' or ',' before the fraction,
 * yy/MM/dd HH:mm:ss or yyMMdd HHmmss, bare or in brackets), then up to
 * three words before an upper-case level (TRACE, DEBUG, INFO, WARN,
 * WARNING, ERROR, FATAL, SEVERE, CRITICAL, NOTICE, CONFIG, FINE,
 * FINER, FINEST): a [thread], a pid (digits), a bare thread name,
 * "-" or "|".  After the level: an optional [thread] (it wins over one
 * before), then, unless "- " follows, an optional logger, a class-like
 * name that ends with ':' or is followed by " - " (with an optional
 * "(File.java:method(42))" source between), and the message.  Fields:
 * @timestamp, pid, level, thread, logger, source, message (each only
 * when present).  Zone-less times are read in tz (NULL: UTC).  Resets
 * fl first.  Returns PARSE_RECORD or PARSE_ERROR (a line without a
 * leading time or a level, such as a stack trace line).
 */
int	log4j_line(const char *line, size_t len, const struct tzspec *tz,
	    struct fieldlist *, struct sluice_err *);

#endif
