/*
 * What makes a document PDF/A-3b (ISO 19005-3:2012) beyond a clean PDF
 * 1.7 file: XMP metadata naming the part and conformance level and
 * saying what the document information says (6.6), an output intent
 * with an sRGB ICC profile for the device colours the pages use (6.2.3,
 * 6.2.4.3), and the language of the text (ISO 32000-1, 14.9.2).  The
 * profile is Little CMS's sRGB, made by the build
 * (srgb_icc_make.c) and built into the program.
 */
#include <hpdf.h>
#include <libdeflate.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "buf.h"
#include "pdf.h"
#include "pdf_int.h"
#include "pdf_objects.h"

#ifndef ICC_VERSION
#error "ICC_VERSION, the version of lcms2 the profile was made with, is set by the Makefile"
#endif

static const unsigned char srgb_icc[] = {
#include "srgb_icc.inc"
};

const char *
pdf_versions(void)
{
	static char v[128];

	if (v[0] == '\0')
		snprintf(v, sizeof v, "libharu %s libdeflate %s "
				      "lcms2 %s",
			 HPDF_GetVersion(), LIBDEFLATE_VERSION_STRING,
			 ICC_VERSION);
	return v;
}

const char *
pdf_producer(void)
{
	static char v[32];

	if (v[0] == '\0')
		snprintf(v, sizeof v, "libharu %s", HPDF_GetVersion());
	return v;
}

/* Appends s to b with the characters XML reserves escaped. */
static void
xml_text(struct buf *b, const char *s)
{
	for (; *s != '\0'; s++)
		switch (*s) {
		case '&':
			buf_adds(b, "&amp;");
			break;
		case '<':
			buf_adds(b, "&lt;");
			break;
		case '>':
			buf_adds(b, "&gt;");
			break;
		default:
			buf_addc(b, *s);
		}
}

/* A language alternative with its default only: dc:title, dc:description. */
static void
xmp_alt(struct buf *b, const char *prop, const char *value)
{
	buf_printf(b, "<%s><rdf:Alt><rdf:li xml:lang=\"x-default\">", prop);
	xml_text(b, value);
	buf_printf(b, "</rdf:li></rdf:Alt></%s>\n", prop);
}

static void
xmp_simple(struct buf *b, const char *prop, const char *value)
{
	buf_printf(b, "<%s>", prop);
	xml_text(b, value);
	buf_printf(b, "</%s>\n", prop);
}

/* "YYYY-MM-DDThh:mm:ssZ" of t, as XMP dates are written. */
static void
xmp_date(long long t, char out[24])
{
	time_t tt = (time_t)t;
	struct tm tm;

	gmtime_r(&tt, &tm);
	snprintf(out, 24, "%04u-%02u-%02uT%02u:%02u:%02uZ",
		 (unsigned)(tm.tm_year + 1900) % 10000u,
		 (unsigned)(tm.tm_mon + 1) % 100u, (unsigned)tm.tm_mday % 100u,
		 (unsigned)tm.tm_hour % 100u, (unsigned)tm.tm_min % 100u,
		 (unsigned)tm.tm_sec % 100u);
}

/*
 * The XMP packet: pdfaid:part 3 and conformance B (6.6.4), and for each
 * entry of the document information its equivalent of ISO 19005-3,
 * 6.6.2.3.1, Table 1 (Title dc:title, Author dc:creator, Subject
 * dc:description, Creator xmp:CreatorTool, Producer pdf:Producer, CreationDate xmp:CreateDate,
 * ModDate xmp:ModifyDate), with the same values (6.6.3).  No "bytes" or
 * "encoding" attribute in the packet header (6.6.2.1).
 */
static void
write_xmp(const struct pdf_meta *m, struct buf *b)
{
	char date[24];

	buf_adds(b, "<?xpacket begin=\"\xef\xbb\xbf\" "
		    "id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n"
		    "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n"
		    "<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/"
		    "22-rdf-syntax-ns#\">\n"
		    "<rdf:Description rdf:about=\"\"\n"
		    " xmlns:pdfaid=\"http://www.aiim.org/pdfa/ns/id/\"\n"
		    " xmlns:dc=\"http://purl.org/dc/elements/1.1/\"\n"
		    " xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\"\n"
		    " xmlns:pdf=\"http://ns.adobe.com/pdf/1.3/\">\n"
		    "<pdfaid:part>3</pdfaid:part>\n"
		    "<pdfaid:conformance>B</pdfaid:conformance>\n"
		    "<dc:format>application/pdf</dc:format>\n");
	if (m->title != NULL)
		xmp_alt(b, "dc:title", m->title);
	if (m->author != NULL) {
		buf_adds(b, "<dc:creator><rdf:Seq><rdf:li>");
		xml_text(b, m->author);
		buf_adds(b, "</rdf:li></rdf:Seq></dc:creator>\n");
	}
	if (m->subject != NULL)
		xmp_alt(b, "dc:description", m->subject);
	if (m->creator != NULL)
		xmp_simple(b, "xmp:CreatorTool", m->creator);
	xmp_simple(b, "pdf:Producer", pdf_producer());
	if (m->created >= 0) {
		xmp_date(m->created, date);
		xmp_simple(b, "xmp:CreateDate", date);
		xmp_simple(b, "xmp:ModifyDate", date);
	}
	buf_adds(b, "</rdf:Description>\n</rdf:RDF>\n</x:xmpmeta>\n"
		    "<?xpacket end=\"r\"?>");
}

/* The sRGB profile, compressed once per process. */
static const struct buf *
icc_profile(void)
{
	static struct buf z;

	if (z.len == 0)
		pdf_deflate(srgb_icc, sizeof srgb_icc, &z);
	return &z;
}

void
pdf_pdfa(struct writer *w, const struct pdf_meta *m)
{
	struct pdfdoc *d = w->doc;
	struct pdfobj *catalog = pdfdoc_catalog(d);
	struct pdfobj *xmp, *intent = pdfobj_dict(d, false);
	struct pdfobj *intents = pdfobj_array(d), *icc;
	const struct buf *z = icc_profile();
	struct buf xml = {0};

	/* Compressed: PDF/A-3, unlike PDF/A-1 (6.7.2), allows it. */
	write_xmp(m, &xml);
	pdf_deflate(xml.data, xml.len, &w->xmp);
	buf_free(&xml);
	xmp = pdfobj_stream(d, w->xmp.data, w->xmp.len, true);
	pdfobj_put(xmp, "Type", pdfobj_name(d, "Metadata"));
	pdfobj_put(xmp, "Subtype", pdfobj_name(d, "XML"));
	pdfobj_put(catalog, "Metadata", xmp);
	/* 6.2.3: a PDF/A output intent; its profile is that of the
	 * DeviceRGB and DeviceGray colours of the pages (6.2.4.3). */
	icc = pdfobj_stream(d, z->data, z->len, true);
	pdfobj_put(icc, "N", pdfobj_int(d, 3));
	pdfobj_put(intent, "Type", pdfobj_name(d, "OutputIntent"));
	pdfobj_put(intent, "S", pdfobj_name(d, "GTS_PDFA1"));
	pdfobj_put(intent, "OutputConditionIdentifier",
		   pdfobj_string(d, "sRGB IEC61966-2.1"));
	pdfobj_put(intent, "DestOutputProfile", icc);
	pdfobj_push(intents, intent);
	pdfobj_put(catalog, "OutputIntents", intents);
	if (m->lang != NULL)
		pdfobj_put(catalog, "Lang", pdfobj_text(d, m->lang));
}
