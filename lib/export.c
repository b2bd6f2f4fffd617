/*
 * Exports: the rituals as an iCalendar file for any calendar program,
 * and each partner's own entries as plain Markdown to keep or to share.
 */

#define _XOPEN_SOURCE	700	/* realpath */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "internal.h"

#define LINE_OCTETS	75	/* RFC 5545 3.1: fold longer lines */

struct bundle {
	struct tend_journal	*journal;
	const char		*dir;
	size_t			 count;
	/*
	 * The folders made so far, a few (partners times kinds), so that
	 * each is made once and not looked for again for every file.
	 */
	char			**folders;
	size_t			 nfolders;
};

static int	put_line(struct tend_buf *, const char *, ...)
		    TEND_ATTR_PRINTF(2, 3);
static int	put_text(struct tend_buf *, const char *, const char *);
static int	bundle_cb(struct tend_entry *, void *);

/* One content line, folded at 75 octets without splitting a character. */
static int
put_line(struct tend_buf *out, const char *fmt, ...)
{
	struct tend_buf	 line = TEND_BUF_INIT;
	va_list		 ap;
	size_t		 start, end;
	int		 len, error;

	va_start(ap, fmt);
	len = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (len < 0 || (error = tend_buf_grow(&line, (size_t)len)) < 0)
		return len < 0 ? tend_error_set(TEND_ERROR, "bad line") :
		    error;
	va_start(ap, fmt);
	vsnprintf(line.data, (size_t)len + 1, fmt, ap);
	va_end(ap);
	line.len = (size_t)len;
	for (start = 0, error = 0; error == 0 && start < line.len;
	    start = end) {
		end = start + (start == 0 ? LINE_OCTETS : LINE_OCTETS - 1);
		if (end >= line.len)
			end = line.len;
		/* Back up to the start of a UTF-8 character. */
		while (end < line.len && end > start &&
		    ((unsigned char)line.data[end] & 0xc0) == 0x80)
			end--;
		error = tend_buf_printf(out, "%s%.*s\r\n", start != 0 ? " " :
		    "", (int)(end - start), line.data + start);
	}
	tend_buf_free(&line);
	return error;
}

/* A TEXT value: backslash, semicolon, comma and newline escaped. */
static int
put_text(struct tend_buf *out, const char *name, const char *text)
{
	struct tend_buf	value = TEND_BUF_INIT;
	int		error = 0;

	for (; *text != '\0' && error == 0; text++)
		error = *text == '\n' ? tend_buf_puts(&value, "\\n") :
		    strchr("\\;,", *text) != NULL ? tend_buf_printf(&value,
		    "\\%c", *text) : tend_buf_put(&value, text, 1);
	if (error == 0)
		error = put_line(out, "%s:%s", name, value.data != NULL ?
		    value.data : "");
	tend_buf_free(&value);
	return error;
}

int
tend_export_ics(char **out, struct tend_journal *journal, long days)
{
	static const char *const byday[] = { "SU", "MO", "TU", "WE", "TH",
	    "FR", "SA" };
	struct tend_rituals	 list;
	struct tend_buf		 ics = TEND_BUF_INIT;
	struct tm	 now_tm, start_tm, until_tm, utc;
	char		 root[TEND_OID_SIZE], stamp[17], until[16], title[80];
	time_t		 now = time(NULL), start, until_time;
	size_t		 i, k;
	int		 wday, error;

	if ((error = tend_rituals_read(&list, journal)) < 0)
		goto out;
	if (list.count == 0) {
		error = tend_error_set(TEND_ENOTFOUND, "tend.conf names no "
		    "ritual with a time; add one, for example with 'tend "
		    "config ritual.checkin.time 21:00'");
		goto out;
	}
	/* UIDs stay the same across exports: the journal's first commit. */
	if ((error = tend_store_first_commit(root,
	    tend_journal_store(journal))) < 0)
		goto out;
	gmtime_r(&now, &utc);
	localtime_r(&now, &now_tm);
	strftime(stamp, sizeof(stamp), "%Y%m%dT%H%M%SZ", &utc);
	if ((error = put_line(&ics, "BEGIN:VCALENDAR")) < 0 ||
	    (error = put_line(&ics, "VERSION:2.0")) < 0 ||
	    (error = put_line(&ics, "PRODID:-//tend//tend %s//EN",
	    TEND_VERSION)) < 0 ||
	    (error = put_line(&ics, "CALSCALE:GREGORIAN")) < 0)
		goto out;
	for (i = 0; i < list.count; i++) {
		const struct tend_ritual *r = &list.items[i];

		/* The first time it comes: today, or the next named day. */
		start_tm = now_tm;
		start_tm.tm_hour = r->hour;
		start_tm.tm_min = r->minute;
		start_tm.tm_sec = 0;
		wday = r->weekly ? r->weekday : now_tm.tm_wday;
		start_tm.tm_mday += (wday - now_tm.tm_wday + 7) % 7;
		start_tm.tm_isdst = -1;
		start = mktime(&start_tm);
		localtime_r(&start, &start_tm);
		snprintf(title, sizeof(title), "%s", r->name);
		for (k = 0; title[k] != '\0'; k++)
			if (title[k] == '-')
				title[k] = ' ';
		if (title[0] >= 'a' && title[0] <= 'z')
			title[0] = (char)(title[0] - 'a' + 'A');
		if ((error = put_line(&ics, "BEGIN:VEVENT")) < 0 ||
		    (error = put_line(&ics, "UID:ritual-%s-%.12s@tend", r->name,
		    root)) < 0 ||
		    (error = put_line(&ics, "DTSTAMP:%s", stamp)) < 0 ||
		    (error = put_line(&ics, "DTSTART:%04d%02d%02dT%02d%02d00",
		    start_tm.tm_year + 1900, start_tm.tm_mon + 1,
		    start_tm.tm_mday, start_tm.tm_hour, start_tm.tm_min)) < 0 ||
		    (error = put_line(&ics, "DURATION:PT%dM", r->minutes)) < 0 ||
		    (error = put_text(&ics, "SUMMARY", title)) < 0)
			goto out;
		until[0] = '\0';
		if (days > 0) {
			until_time = now + days * 86400;
			localtime_r(&until_time, &until_tm);
			/* A DATE-TIME, as DTSTART is (RFC 5545 3.3.10). */
			strftime(until, sizeof(until), "%Y%m%dT235959",
			    &until_tm);
		}
		if ((error = put_line(&ics, "RRULE:FREQ=%s%s%s%s%s",
		    r->weekly ? "WEEKLY" : "DAILY", r->weekly ? ";BYDAY=" : "",
		    r->weekly ? byday[start_tm.tm_wday] : "", until[0] != '\0' ?
		    ";UNTIL=" : "", until)) < 0 ||
		    (error = put_text(&ics, "DESCRIPTION", "A ritual from "
		    "tend.conf: phones away, full attention, taking turns to "
		    "speak and to listen.")) < 0 ||
		    (error = put_line(&ics, "END:VEVENT")) < 0)
			goto out;
	}
	if ((error = put_line(&ics, "END:VCALENDAR")) < 0)
		goto out;
	*out = tend_buf_detach(&ics);
out:
	tend_buf_free(&ics);
	return error;
}

static int
bundle_cb(struct tend_entry *entry, void *arg)
{
	struct bundle	*bundle = arg;
	struct tend_buf	 path = TEND_BUF_INIT;
	const char	*author, *text, *slash;
	char		*old = NULL, **folders;
	size_t		 len, old_len, i;
	int		 error;

	if ((author = tend_entry_author(entry)) == NULL ||
	    !tend_text_is_slug(author))
		return 0;
	text = tend_entry_text(entry, &len);
	/* DIR/ID/[private/]KIND/FILE: the partner's own, as stored. */
	slash = strrchr(tend_entry_path(entry), '/');
	if ((error = tend_buf_printf(&path, "%s/%s/%s%s/", bundle->dir,
	    author, tend_entry_is_private(entry) ? "private/" : "",
	    tend_entry_kind(entry))) < 0)
		goto out;
	for (i = 0; i < bundle->nfolders; i++)
		if (strcmp(bundle->folders[i], path.data) == 0)
			break;
	if (i == bundle->nfolders) {
		if ((error = tend_fs_mkdirs(path.data, NULL)) < 0)
			goto out;
		if ((folders = realloc(bundle->folders, (i + 1) *
		    sizeof(*folders))) == NULL ||
		    (folders[i] = strdup(path.data)) == NULL) {
			if (folders != NULL)
				bundle->folders = folders;
			error = tend_error_nomem();
			goto out;
		}
		bundle->folders = folders;
		bundle->nfolders++;
	}
	if ((error = tend_buf_puts(&path, slash != NULL ? slash + 1 :
	    tend_entry_path(entry))) < 0)
		goto out;
	/*
	 * A file that already holds the entry is left as it is, so that an
	 * export made again rewrites only what changed.  Others are written
	 * whole and renamed into place, not fsynced: see tend-export(1).
	 */
	if (tend_fs_read(&old, &old_len, path.data) != 0 || old_len != len ||
	    memcmp(old, text, len) != 0)
		error = tend_fs_write_replace(path.data, text, len);
	if (error == 0)
		bundle->count++;
out:
	free(old);
	tend_buf_free(&path);
	return error;
}

int
tend_export_check_dir(struct tend_journal *journal, const char *dir)
{
	char	*top, *path, *real = NULL, *slash;
	size_t	 len;
	int	 error = 0;

	if ((top = realpath(tend_journal_path(journal), NULL)) == NULL)
		return tend_error_errno("cannot read '%s'",
		    tend_journal_path(journal));
	if ((path = strdup(dir)) == NULL) {
		free(top);
		return tend_error_nomem();
	}
	/* DIR may not exist yet: resolve the nearest folder that does. */
	while ((real = realpath(path, NULL)) == NULL) {
		if ((slash = strrchr(path, '/')) == NULL) {
			real = realpath(".", NULL);
			break;
		}
		slash[slash == path] = '\0';
	}
	len = strlen(top);
	if (real != NULL && strncmp(real, top, len) == 0 &&
	    (real[len] == '/' || real[len] == '\0'))
		error = tend_error_set(TEND_EINVALID, "'%s' is inside the "
		    "journal, where an export could be committed and shared; "
		    "choose a folder outside '%s'", dir, top);
	free(real);
	free(path);
	free(top);
	return error;
}

int
tend_export_markdown(size_t *count, struct tend_journal *journal,
    const char *dir)
{
	static const enum tend_kind kinds[] = {
		TEND_KIND_CHECKIN, TEND_KIND_REFLECT, TEND_KIND_RESENT,
	};
	struct bundle		bundle = { journal, dir, 0, NULL, 0 };
	struct tend_fs_made	made = TEND_FS_MADE_INIT;
	size_t			i;
	int			error = 0;

	if ((error = tend_export_check_dir(journal, dir)) < 0 ||
	    (error = tend_fs_mkdirs(dir, &made)) < 0)
		return error;
	for (i = 0; i < sizeof(kinds) / sizeof(kinds[0]) && error == 0; i++)
		error = tend_entry_foreach(journal, tend_kind_name(kinds[i]),
		    TEND_IN_JOURNAL | TEND_IN_PRIVATE, bundle_cb, &bundle,
		    NULL, NULL);
	*count = bundle.count;
	for (i = 0; i < bundle.nfolders; i++)
		free(bundle.folders[i]);
	free(bundle.folders);
	/* A folder the failed export made holds nothing but the export. */
	tend_fs_made_discard(&made, error);
	return error;
}
