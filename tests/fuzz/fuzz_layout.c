/*
 * libFuzzer target for layout loading with XInclude on, as verify loads
 * the layout a PDF carries: the input is layouts/fuzz.xml in a sandbox of
 * the repository's layouts, parts, fonts configuration, logo and
 * prefecture and case-study tables, and reading is confined to it, so an
 * include or a file named anywhere else is refused, never read.  Then
 * every check of spec_parse.
 *
 *   make fuzz FUZZ_SECONDS=300
 */
#include <stddef.h>
#include <stdint.h>

#include "sandbox.h"
#include "spec.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int initialized;
	struct spec *s;

	if (!initialized) {
		msg_set_quiet(true);
		infile_set_limit("input=1M");
		sandbox_add("layouts/*.xml");
		sandbox_add("layouts/parts/*.xml");
		sandbox_add("layouts/logo.png");
		sandbox_add("fonts/fonts.conf");
		sandbox_add("input/prefectures.csv");
		sandbox_add("input/case*.csv");
		sandbox_add("tests/golden/include/parts/*.xml");
		sandbox_add("tests/golden/include/parts/texts/*.txt");
		initialized = 1;
	}
	sandbox_enter("layouts/fuzz.xml", data, size);
	s = spec_parse((const char *)data, size, "layouts/fuzz.xml");
	spec_free(s);
	infile_confine(NULL, 0);
	msg_reset();
	return 0;
}
