/*
 * libzip, opened when the first workbook is read (dlopen) rather than
 * linked: it brings libcrypto, libbz2 and liblzma with it, which every
 * run would load for nothing, workbooks or not.  Linked in, they cost each
 * process some 2 ms of start-up here (5.8 million instructions of the
 * dynamic loader and 130 fresh pages, measured with an empty program
 * linked as briefgen is, with and without them).  xlsx_int.h turns the
 * libzip calls of xlsx.c and xlsx_sheet.c into calls through the table
 * filled here, each checked against zip.h's prototype.
 */
#define XLSX_LIBZIP_TABLE /* the table itself, not calls through it */
#include <dlfcn.h>
#include <stddef.h>

#include "msg.h"
#include "xlsx_int.h"

#ifndef LIBZIP_SONAME
#define LIBZIP_SONAME "libzip.so"
#endif

struct xlsx_libzip xlsx_libzip;

bool
xlsx_libzip_load(void)
{
	static void *lib;

	if (lib != NULL)
		return true;
	if ((lib = dlopen(LIBZIP_SONAME, RTLD_NOW | RTLD_LOCAL)) == NULL) {
		msg_error(NULL, "cannot load libzip (%s; is libzip4 "
				"installed?)",
			  dlerror());
		return false;
	}
#define LOAD(f)                                                               \
	if ((*(void **)&xlsx_libzip.f = dlsym(lib, #f)) == NULL) {            \
		msg_error(NULL, "libzip has no %s", #f);                     \
		dlclose(lib);                                                 \
		lib = NULL;                                                   \
		return false;                                                 \
	}
	XLSX_LIBZIP_FUNCTIONS(LOAD)
#undef LOAD
	return true;
}
