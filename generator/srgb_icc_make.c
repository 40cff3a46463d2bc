/*
 * Not part of briefgen: a program the build runs once, writing to
 * standard output the sRGB ICC profile that pdf_pdfa.c compiles in for
 * PDF/A's output intent.  The profile is Little CMS's sRGB (lcms2,
 * cmsCreate_sRGBProfile): IEC 61966-2.1's primaries and D65 white,
 * adapted to the profile connection space's D50 by the Bradford
 * transform (its 'chad' tag), and the sRGB tone curve as the parametric
 * curve of the standard ('para', function type 3), where
 * icc-profiles-free's sRGB.icc samples it at 1024 points a channel:
 * 588 bytes against 6,922 (2,449 compressed).
 *
 * Version 4.2 (ICC.1:2004-10): the ICC version PDF 1.7 names (ISO
 * 32000-1, 8.6.5.5), and so the latest PDF/A-3 takes (ISO 19005-3,
 * 6.2.3).  lcms2 dates a profile when it makes it (header bytes 24 to
 * 35): that date is set to a fixed one, so that the bytes depend on
 * lcms2's version alone and the build is reproducible.
 */
#include <lcms2.h>
#include <stdio.h>
#include <stdlib.h>

/* The date written in the profile's header: 2004-10-01 00:00:00, the
 * date of ICC.1:2004-10. */
static const unsigned char date[12] = {0x07, 0xd4, 0, 10, 0, 1, 0, 0, 0, 0,
				       0, 0};

int
main(void)
{
	cmsHPROFILE p = cmsCreate_sRGBProfile();
	cmsUInt32Number n = 0;
	unsigned char *b;
	size_t i;

	if (p == NULL)
		return 1;
	cmsSetProfileVersion(p, 4.2);
	if (!cmsSaveProfileToMem(p, NULL, &n) || n < 128 ||
	    (b = malloc(n)) == NULL || !cmsSaveProfileToMem(p, b, &n))
		return 1;
	for (i = 0; i < sizeof date; i++)
		b[24 + i] = date[i];
	cmsCloseProfile(p);
	return fwrite(b, 1, n, stdout) == n && fflush(stdout) == 0 ? 0 : 1;
}
