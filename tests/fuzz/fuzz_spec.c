/*
 * libFuzzer target for the layout reader: libxml2's parse and RelaxNG
 * validation, then every semantic check of spec_parse.  External files
 * are refused (XInclude, entities), so a run reads nothing but its input.
 */
#include <libxml/parserInternals.h>
#include <stddef.h>
#include <stdint.h>

#include "msg.h"
#include "spec.h"

static xmlParserInputPtr
no_files(const char *url, const char *id, xmlParserCtxtPtr ctxt)
{
	(void)url;
	(void)id;
	(void)ctxt;
	return NULL;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int initialized;
	struct spec *s;

	if (!initialized) {
		msg_set_quiet(true);
		xmlSetExternalEntityLoader(no_files);
		initialized = 1;
	}
	s = spec_parse((const char *)data, size, "fuzz/layout.xml");
	spec_free(s);
	msg_reset();
	return 0;
}
