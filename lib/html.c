/*
 * A static website of the journal: no JavaScript, nothing fetched, every
 * link relative, so it works from file://.  Entries are rendered by
 * cmark in its safe mode; charts are inline SVG.
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "internal.h"

#define MAX_PARTNERS	8
#define CHART_W		600
#define CHART_H		120

static const char *const colours[MAX_PARTNERS] = {
	"#b5475b", "#3c6e9f", "#5c8a3a", "#b07d1e", "#7a4fa0", "#2f8f83",
	"#8f4a2f", "#555555",
};

struct row {
	char	 day[11];
	char	*author;
	char	*kind;
	char	*id;
	char	*title;
	int	 private;
};

struct site {
	struct tend_journal	*journal;
	const char		*dir;
	unsigned int		 where;		/* TEND_IN_* */
	struct row		*rows;
	size_t			 nrows;
	size_t			 pages;
	/* Check-ins: per partner, per day since the first, the ratings. */
	char			 first[11];
	struct tend_buf		 checkins;	/* "DAY AUTHOR r r r r r\n" */
	long			 opened[12 * 50], resolved[12 * 50];
	int			 first_year;
	struct tend_buf		*index;		/* the list of agreements */
};

static int	escape(struct tend_buf *, const char *);
static int	page_start(struct tend_buf *, const char *, const char *);
static int	write_page(struct site *, const char *, struct tend_buf *);
static int	entry_cb(struct tend_entry *, void *);
static int	checkin_cb(const struct tend_checkin_row *, void *);
static int	resent_cb(const struct tend_resent_row *, void *);
static int	agreement_page(struct site *, const char *);
static int	agreement_cb(const struct tend_agree_row *, void *);
static int	event_cb(const struct tend_agree_event *, void *);
static long	days_since(const char *, const char *);
static int	charts(struct tend_buf *, struct site *);
static int	newest_first(const void *, const void *);
static int	partner_index(struct site *, const char *);

static int
escape(struct tend_buf *out, const char *text)
{
	int	error = 0;

	for (; *text != '\0' && error == 0; text++)
		switch (*text) {
		case '<':
			error = tend_buf_puts(out, "&lt;");
			break;
		case '>':
			error = tend_buf_puts(out, "&gt;");
			break;
		case '&':
			error = tend_buf_puts(out, "&amp;");
			break;
		case '"':
			error = tend_buf_puts(out, "&quot;");
			break;
		default:
			error = tend_buf_put(out, text, 1);
		}
	return error;
}

static int
page_start(struct tend_buf *out, const char *title, const char *root)
{
	int	error;

	if ((error = tend_buf_puts(out, "<!DOCTYPE html>\n<html lang=\"en\">"
	    "<head><meta charset=\"utf-8\"><title>")) < 0 ||
	    (error = escape(out, title)) < 0)
		return error;
	if ((error = tend_buf_printf(out, "</title><style>body{font:16px/1.5 "
	    "sans-serif;max-width:46em;margin:2em auto;padding:0 1em;"
	    "color:#222}table{border-collapse:collapse}td,th{padding:.2em "
	    ".6em;text-align:left}pre{background:#f6f6f6;padding:.6em;"
	    "overflow:auto}.private{color:#a33}</style></head><body><p><a "
	    "href=\"%sindex.html\">journal</a></p>\n<h1>", root)) < 0 ||
	    (error = escape(out, title)) < 0)
		return error;
	return tend_buf_puts(out, "</h1>\n");
}

/* Write BODY to DIR/NAME, closing the page. */
static int
write_page(struct site *site, const char *name, struct tend_buf *body)
{
	char	*path;
	int	 error;

	if ((error = tend_buf_puts(body, "</body></html>\n")) < 0)
		return error;
	if ((path = tend_fs_join(site->dir, name)) == NULL)
		return tend_error_nomem();
	error = tend_fs_write_replace(path, body->data, body->len);
	free(path);
	if (error == 0)
		site->pages++;
	return error;
}

static int
entry_cb(struct tend_entry *entry, void *arg)
{
	struct site	*site = arg;
	struct tend_buf	 page = TEND_BUF_INIT, name = TEND_BUF_INIT;
	struct row	 r, *grown;
	const char	*date, *author, *title, *body;
	int		 error;

	if (tend_entry_is_private(entry) && !(site->where & TEND_IN_PRIVATE))
		return 0;
	date = tend_entry_field(entry, "date");
	author = tend_entry_author(entry);
	title = tend_entry_field(entry, "title");
	body = tend_entry_body(entry);
	if (date == NULL || strlen(date) < 10 || author == NULL)
		return 0;
	memset(&r, 0, sizeof(r));
	memcpy(r.day, date, 10);
	r.private = tend_entry_is_private(entry);
	if ((error = page_start(&page, tend_entry_id(entry), "../")) < 0 ||
	    (error = tend_buf_printf(&page, "<p>%s by ",
	    tend_entry_kind(entry))) < 0 ||
	    (error = escape(&page, author)) < 0 ||
	    (error = tend_buf_printf(&page, ", %.10s%s</p>\n", date,
	    r.private ? " <span class=\"private\">(private)</span>" : "")) < 0 ||
	    (title != NULL && ((error = tend_buf_puts(&page, "<h2>")) < 0 ||
	    (error = escape(&page, title)) < 0 ||
	    (error = tend_buf_puts(&page, "</h2>\n")) < 0)) ||
	    (error = tend_markdown_html(&page, body, strlen(body))) < 0 ||
	    (error = tend_buf_printf(&name, "entries/%s.html",
	    tend_entry_id(entry))) < 0 ||
	    (error = write_page(site, name.data, &page)) < 0)
		goto out;
	r.author = strdup(author);
	r.kind = strdup(tend_entry_kind(entry));
	r.id = strdup(tend_entry_id(entry));
	r.title = strdup(title != NULL ? title : "");
	grown = realloc(site->rows, (site->nrows + 1) * sizeof(*grown));
	if (r.author == NULL || r.kind == NULL || r.id == NULL ||
	    r.title == NULL || grown == NULL) {
		free(r.author);
		free(r.kind);
		free(r.id);
		free(r.title);
		if (grown != NULL)
			site->rows = grown;
		error = tend_error_nomem();
		goto out;
	}
	site->rows = grown;
	grown[site->nrows++] = r;
out:
	tend_buf_free(&page);
	tend_buf_free(&name);
	return error;
}

static int
checkin_cb(const struct tend_checkin_row *row, void *arg)
{
	struct site	*site = arg;
	size_t		 i;
	int		 error;

	if (site->first[0] == '\0' || strcmp(row->day, site->first) < 0)
		memcpy(site->first, row->day, sizeof(site->first));
	error = tend_buf_printf(&site->checkins, "%s %s", row->day,
	    row->author);
	for (i = 0; i < TEND_PILLAR_COUNT && error == 0; i++)
		error = tend_buf_printf(&site->checkins, " %d",
		    row->ratings[i]);
	return error == 0 ? tend_buf_puts(&site->checkins, "\n") : error;
}

/* Resentments opened and resolved per month, by months since the first. */
static int
resent_cb(const struct tend_resent_row *row, void *arg)
{
	struct site	*site = arg;
	long		 month;

	if (row->private && !(site->where & TEND_IN_PRIVATE))
		return 0;
	month = (atoi(row->day) - site->first_year) * 12 +
	    atoi(row->day + 5) - 1;
	if (month >= 0 && month < 12 * 50)
		site->opened[month]++;
	if (row->resolved[0] != '\0') {
		month = (atoi(row->resolved) - site->first_year) * 12 +
		    atoi(row->resolved + 5) - 1;
		if (month >= 0 && month < 12 * 50)
			site->resolved[month]++;
	}
	return 0;
}

static int
partner_index(struct site *site, const char *id)
{
	size_t	i;

	for (i = 0; i < tend_journal_partner_count(site->journal) &&
	    i < MAX_PARTNERS; i++)
		if (strcmp(tend_journal_partner_id(site->journal, i), id) == 0)
			return (int)i;
	return -1;
}

/* Days from the first check-in's day to DAY, by their calendar dates. */
static long
days_since(const char *first, const char *day)
{
	struct tm	a, b;
	time_t		ta, tb;

	memset(&a, 0, sizeof(a));
	memset(&b, 0, sizeof(b));
	a.tm_year = atoi(first) - 1900;
	a.tm_mon = atoi(first + 5) - 1;
	a.tm_mday = atoi(first + 8);
	b.tm_year = atoi(day) - 1900;
	b.tm_mon = atoi(day + 5) - 1;
	b.tm_mday = atoi(day + 8);
	a.tm_hour = b.tm_hour = 12;
	a.tm_isdst = b.tm_isdst = -1;
	ta = mktime(&a);
	tb = mktime(&b);
	return (long)(difftime(tb, ta) / 86400.0 + 0.5);
}

static int
charts(struct tend_buf *out, struct site *site)
{
	const char	*line, *end;
	char		 day[11], author[65];
	int		 r[TEND_PILLAR_COUNT], p;
	long		 d, days = 0, weeks, w, m, months, top;
	double		*sum = NULL, x, y;
	int		*count = NULL;
	size_t		 k, npartners = tend_journal_partner_count(site->journal);
	int		 error = 0, started, year, last_year;
	long		 start;

	if (npartners > MAX_PARTNERS)
		npartners = MAX_PARTNERS;
	if (site->first[0] == '\0')
		return tend_buf_puts(out, "<p>No check-ins yet.</p>\n");
	for (line = site->checkins.data; line != NULL && *line != '\0';
	    line = end + 1) {
		end = strchr(line, '\n');
		if (sscanf(line, "%10s %64s", day, author) == 2 &&
		    (d = days_since(site->first, day)) > days)
			days = d;
	}
	weeks = days / 7 + 1;
	sum = calloc((size_t)weeks * npartners * TEND_PILLAR_COUNT,
	    sizeof(*sum));
	count = calloc((size_t)weeks * npartners * TEND_PILLAR_COUNT,
	    sizeof(*count));
	if (sum == NULL || count == NULL) {
		error = tend_error_nomem();
		goto out;
	}
	for (line = site->checkins.data; *line != '\0'; line = end + 1) {
		end = strchr(line, '\n');
		if (sscanf(line, "%10s %64s %d %d %d %d %d", day, author, &r[0],
		    &r[1], &r[2], &r[3], &r[4]) != 7 ||
		    (p = partner_index(site, author)) < 0)
			continue;
		w = days_since(site->first, day) / 7;
		for (k = 0; k < TEND_PILLAR_COUNT; k++)
			if (r[k] > 0) {
				sum[((size_t)w * npartners + (size_t)p) *
				    TEND_PILLAR_COUNT + k] += r[k];
				count[((size_t)w * npartners + (size_t)p) *
				    TEND_PILLAR_COUNT + k]++;
			}
	}
	/* One chart a pillar: weekly averages, a line a partner. */
	error = tend_buf_puts(out, "<h2>The pillars, week by week</h2>\n<p>");
	for (p = 0; error == 0 && (size_t)p < npartners; p++) {
		error = tend_buf_printf(out, "<span style=\"color:%s\">&#9632; ",
		    colours[p]);
		if (error == 0)
			error = escape(out, tend_journal_partner_name(
			    site->journal, (size_t)p));
		if (error == 0)
			error = tend_buf_puts(out, "</span> ");
	}
	if (error == 0)
		error = tend_buf_puts(out, "</p>\n");
	for (k = 0; k < TEND_PILLAR_COUNT && error == 0; k++) {
		error = tend_buf_printf(out, "<h3>%s</h3>\n<svg xmlns=\"http://"
		    "www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox="
		    "\"0 0 %d %d\" role=\"img\"><rect width=\"100%%\" height="
		    "\"100%%\" fill=\"#fafafa\"/>", tend_pillar_key(k), CHART_W,
		    CHART_H, CHART_W, CHART_H);
		for (p = 0; error == 0 && (size_t)p < npartners; p++) {
			error = tend_buf_printf(out, "<polyline fill=\"none\" "
			    "stroke=\"%s\" stroke-width=\"2\" points=\"",
			    colours[p]);
			for (w = 0, started = 0; error == 0 && w < weeks; w++) {
				size_t at = ((size_t)w * npartners + (size_t)p) *
				    TEND_PILLAR_COUNT + k;

				if (count[at] == 0)
					continue;
				x = weeks > 1 ? 10 + (double)w * (CHART_W - 20) /
				    (double)(weeks - 1) : CHART_W / 2.0;
				y = CHART_H - 10 - (sum[at] / count[at] - 1) *
				    (CHART_H - 20) / 4;
				error = tend_buf_printf(out, "%s%.1f,%.1f",
				    started++ ? " " : "", x, y);
			}
			if (error == 0)
				error = tend_buf_puts(out, "\"/>");
			/* A dot a week, so that a lone week shows too. */
			for (w = 0; error == 0 && w < weeks; w++) {
				size_t at = ((size_t)w * npartners + (size_t)p) *
				    TEND_PILLAR_COUNT + k;

				if (count[at] == 0)
					continue;
				x = weeks > 1 ? 10 + (double)w * (CHART_W - 20) /
				    (double)(weeks - 1) : CHART_W / 2.0;
				y = CHART_H - 10 - (sum[at] / count[at] - 1) *
				    (CHART_H - 20) / 4;
				error = tend_buf_printf(out, "<circle cx=\"%.1f\" "
				    "cy=\"%.1f\" r=\"3\" fill=\"%s\"/>", x, y,
				    colours[p]);
			}
		}
		if (error == 0)
			error = tend_buf_puts(out, "</svg>\n");
	}
	/* A year a row: a square a day, darker the more partners checked in. */
	if (error == 0)
		error = tend_buf_puts(out, "<h2>Check-ins, day by day</h2>\n");
	for (last_year = 0, line = site->checkins.data; *line != '\0';
	    line = end + 1) {
		end = strchr(line, '\n');
		if (atoi(line) > last_year)
			last_year = atoi(line);
	}
	for (year = atoi(site->first); error == 0 && year <= last_year;
	    year++) {
		snprintf(day, sizeof(day), "%04d-01-01", year);
		start = days_since(site->first, day);
		error = tend_buf_printf(out, "<p>%d</p><svg xmlns=\"http://"
		    "www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
		    "role=\"img\">", year, 53 * 11, 7 * 11);
		/* Every day of the year, faintly, as a calendar's grid. */
		for (d = 0; error == 0 && d < 366; d++)
			error = tend_buf_printf(out, "<rect x=\"%ld\" y=\"%ld\" "
			    "width=\"10\" height=\"10\" fill=\"#eeeeee\"/>",
			    d / 7 * 11, d % 7 * 11);
		for (line = site->checkins.data; error == 0 && *line != '\0';
		    line = end + 1) {
			end = strchr(line, '\n');
			if (sscanf(line, "%10s", day) != 1 || atoi(day) != year)
				continue;
			/* Overlapping squares: darker as more check in. */
			d = days_since(site->first, day) - start;
			error = tend_buf_printf(out, "<rect x=\"%ld\" y=\"%ld\" "
			    "width=\"10\" height=\"10\" fill=\"#3c6e9f\" "
			    "fill-opacity=\"%.2f\"/>", d / 7 * 11, d % 7 * 11,
			    1.0 / (double)(npartners != 0 ? npartners : 1));
		}
		if (error == 0)
			error = tend_buf_puts(out, "</svg>\n");
	}
	/* Resentments opened and resolved, a pair of bars a month. */
	for (months = 12 * 50; months > 0 && site->opened[months - 1] == 0 &&
	    site->resolved[months - 1] == 0; months--)
		;
	if (months < (long)(last_year - site->first_year + 1) * 12)
		months = (long)(last_year - site->first_year + 1) * 12;
	if (months > 12 * 50)
		months = 12 * 50;
	for (m = 0, top = 1; m < months; m++) {
		if (site->opened[m] > top)
			top = site->opened[m];
		if (site->resolved[m] > top)
			top = site->resolved[m];
	}
	if (error == 0)
		error = tend_buf_printf(out, "<h2>Resentments, month by month"
		    "</h2>\n<p><span style=\"color:#b5475b\">&#9632; "
		    "opened</span> <span style=\"color:#5c8a3a\">&#9632; "
		    "resolved</span></p>\n<svg xmlns=\"http://www.w3.org/2000/"
		    "svg\" width=\"%ld\" height=\"%d\" role=\"img\">",
		    months * 12 + 10, CHART_H);
	for (m = 0; error == 0 && m < months; m++)
		error = tend_buf_printf(out, "<rect x=\"%ld\" y=\"%ld\" width="
		    "\"5\" height=\"%ld\" fill=\"#b5475b\"/><rect x=\"%ld\" y="
		    "\"%ld\" width=\"5\" height=\"%ld\" fill=\"#5c8a3a\"/>",
		    m * 12 + 5, CHART_H - site->opened[m] * (CHART_H - 10) / top,
		    site->opened[m] * (CHART_H - 10) / top, m * 12 + 10,
		    CHART_H - site->resolved[m] * (CHART_H - 10) / top,
		    site->resolved[m] * (CHART_H - 10) / top);
	if (error == 0)
		error = tend_buf_puts(out, "</svg>\n");
out:
	free(sum);
	free(count);
	return error;
}

static int
newest_first(const void *a, const void *b)
{
	const struct row	*ra = a, *rb = b;
	int			 order;

	if ((order = strcmp(rb->day, ra->day)) != 0)
		return order;
	return strcmp(rb->id, ra->id);
}

/* One row of an agreement's history: day, who, what. */
static int
event_cb(const struct tend_agree_event *event, void *arg)
{
	struct tend_buf	*page = arg;
	struct tm	 tm;
	char		 day[11] = "";
	int		 error;

	if (localtime_r(&event->time, &tm) != NULL)
		strftime(day, sizeof(day), "%Y-%m-%d", &tm);
	if ((error = tend_buf_printf(page, "<tr><td>%s</td><td>", day)) < 0 ||
	    (error = escape(page, event->who)) < 0 ||
	    (error = tend_buf_printf(page, "</td><td>%s%s", event->what,
	    event->detail[0] != '\0' ? ": " : "")) < 0 ||
	    (error = escape(page, event->detail)) < 0)
		return error;
	return tend_buf_puts(page, "</td></tr>\n");
}

static int
agreement_cb(const struct tend_agree_row *row, void *arg)
{
	struct site	*site = arg;
	int		 error;

	if ((error = agreement_page(site, row->name)) < 0 ||
	    (error = tend_buf_printf(site->index, "<li><a href=\"agree/"
	    "%s.html\">", row->name)) < 0 ||
	    (error = escape(site->index, row->title)) < 0)
		return error;
	return tend_buf_printf(site->index, "</a> (%s)</li>\n", row->state);
}

static int
agreement_page(struct site *site, const char *name)
{
	struct tend_buf	 page = TEND_BUF_INIT, file = TEND_BUF_INIT;
	char		*shown = NULL, *diff = NULL;
	int		 error;

	/* The text as the terminal shows it, and what changed since signed. */
	if ((error = tend_agree_show(&shown, site->journal, name, NULL,
	    0)) < 0 ||
	    (error = tend_agree_diff(&diff, site->journal, name, NULL, NULL, 0,
	    TEND_DIFF_CLAUSES)) < 0 ||
	    (error = page_start(&page, name, "../")) < 0 ||
	    (error = tend_buf_puts(&page, "<pre>")) < 0 ||
	    (error = escape(&page, shown)) < 0 ||
	    (error = tend_buf_puts(&page, "</pre>\n<h2>Changed since "
	    "everyone signed</h2>\n<pre>")) < 0 ||
	    (error = escape(&page, diff[0] != '\0' ? diff : "nothing")) < 0 ||
	    (error = tend_buf_puts(&page, "</pre>\n<h2>Revisions and "
	    "signatures</h2>\n<table>\n")) < 0 ||
	    (error = tend_agree_log(site->journal, name, event_cb, &page)) < 0 ||
	    (error = tend_buf_puts(&page, "</table>\n")) < 0 ||
	    (error = tend_buf_printf(&file, "agree/%s.html", name)) < 0)
		goto out;
	error = write_page(site, file.data, &page);
out:
	free(shown);
	free(diff);
	tend_buf_free(&page);
	tend_buf_free(&file);
	return error;
}

int
tend_export_html(size_t *pages, struct tend_journal *journal, const char *dir,
    unsigned int where)
{
	static const enum tend_kind kinds[] = {
		TEND_KIND_CHECKIN, TEND_KIND_REFLECT, TEND_KIND_RESENT,
	};
	struct tend_resent_filter	 filter = { 1, NULL, NULL };
	struct site			 site;
	struct tend_buf			 index = TEND_BUF_INIT, sub = TEND_BUF_INIT;
	struct tend_fs_made		 made = TEND_FS_MADE_INIT;
	size_t				 i;
	int				 error = 0;

	if ((error = tend_export_check_dir(journal, dir)) < 0 ||
	    (error = tend_fs_mkdirs(dir, &made)) < 0)
		return error;
	memset(&site, 0, sizeof(site));
	site.journal = journal;
	site.dir = dir;
	site.where = where;
	for (i = 0; i < 2 && error == 0; i++) {
		sub.len = 0;
		if ((error = tend_buf_printf(&sub, "%s/%s", dir, i == 0 ?
		    "entries" : "agree")) == 0)
			error = tend_fs_mkdirs(sub.data, NULL);
	}
	for (i = 0; i < sizeof(kinds) / sizeof(kinds[0]) && error == 0; i++)
		error = tend_entry_foreach(journal, tend_kind_name(kinds[i]),
		    where, entry_cb, &site, NULL, NULL);
	if (error == 0)
		error = tend_checkin_list(journal, NULL, checkin_cb, NULL,
		    &site);
	site.first_year = site.first[0] != '\0' ? atoi(site.first) : 2000;
	if (error == 0)
		error = tend_resent_list(journal, &filter, resent_cb, NULL,
		    &site);
	if (error < 0)
		goto out;
	if (site.nrows > 1)
		qsort(site.rows, site.nrows, sizeof(*site.rows), newest_first);
	if ((error = page_start(&index, "Our journal", "")) < 0 ||
	    (error = charts(&index, &site)) < 0 ||
	    (error = tend_buf_puts(&index, "<h2>Agreements</h2>\n<ul>\n")) < 0)
		goto out;
	site.index = &index;
	if ((error = tend_agree_list(journal, agreement_cb, NULL,
	    &site)) < 0 ||
	    (error = tend_buf_puts(&index, "</ul>\n<h2>Every entry, newest "
	    "first</h2>\n<table>\n")) < 0)
		goto out;
	for (i = 0; i < site.nrows && error == 0; i++) {
		struct row *r = &site.rows[i];

		if ((error = tend_buf_printf(&index, "<tr%s><td>%s</td><td>",
		    r->private ? " class=\"private\"" : "", r->day)) < 0 ||
		    (error = escape(&index, r->author)) < 0 ||
		    (error = tend_buf_printf(&index, "</td><td>%s</td><td><a "
		    "href=\"entries/%s.html\">", r->kind, r->id)) < 0 ||
		    (error = escape(&index, r->title[0] != '\0' ? r->title :
		    r->id)) < 0)
			break;
		error = tend_buf_puts(&index, "</a></td></tr>\n");
	}
	if (error == 0 && (error = tend_buf_puts(&index, "</table>\n")) == 0)
		error = write_page(&site, "index.html", &index);
out:
	for (i = 0; i < site.nrows; i++) {
		free(site.rows[i].author);
		free(site.rows[i].kind);
		free(site.rows[i].id);
		free(site.rows[i].title);
	}
	free(site.rows);
	tend_buf_free(&site.checkins);
	tend_buf_free(&index);
	tend_buf_free(&sub);
	*pages = site.pages;
	/* A folder the failed export made holds nothing but the export. */
	tend_fs_made_discard(&made, error);
	return error;
}
