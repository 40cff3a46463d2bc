/*
 * libFuzzer target for reading a PDF back (qpdf): its tree of embedded
 * files, its /ID, and every file it carries decoded under small caps
 * (1 MiB each, 4 MiB in all), so that a deflate bomb is refused within
 * them; a manifest among them is then read as verify reads it.
 *
 *   make fuzz FUZZ_SECONDS=300
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "batch.h"
#include "buf.h"
#include "infile.h"
#include "msg.h"
#include "pdfread.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int initialized;
	struct pdfread *p;
	size_t i, len;

	if (!initialized) {
		msg_set_quiet(true);
		infile_set_limit("attachment=1M");
		infile_set_limit("sources=4M");
		initialized = 1;
	}
	p = pdfread_parse((const char *)data, size, "fuzz.pdf");
	for (i = 0; p != NULL && i < pdfread_count(p); i++) {
		struct buf b = {0};
		const char *name = pdfread_name(p, i);

		if (pdfread_file(p, name, &b) > 0 &&
		    strcmp(name, "briefgen-manifest.txt") == 0)
			run_check_manifest(b.data, b.len, "fuzz.pdf");
		buf_free(&b);
	}
	if (p != NULL)
		pdfread_id(p, &len);
	pdfread_free(p);
	msg_reset();
	return 0;
}
