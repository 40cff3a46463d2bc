/* The program's version, printed by --version and written into PDFs. */
#ifndef BRIEFGEN_VERSION_H
#define BRIEFGEN_VERSION_H

#define BRIEFGEN_VERSION "0.1.0"

#endif
