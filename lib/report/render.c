/* SPDX-License-Identifier: MIT */
/* render.c -- the renderings of a report by name. */
#include <string.h>

#include "core/common.h"
#include "report/render.h"

static const struct render_format formats[] = {
	{ "table",	render_table,		0 },
	{ "markdown",	render_markdown,	0 },
	{ "csv",	render_csv,		1 },
	{ "json",	render_json,		1 },
	{ "html",	render_html,		0 }
};

const struct render_format *
render_format(const char *name)
{
	size_t i;

	for (i = 0; i < NELEM(formats); i++)
		if (strcmp(name, formats[i].name) == 0)
			return &formats[i];
	return NULL;
}
