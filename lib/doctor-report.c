/*
 * How tend doctor tells a finding: made harmless for a terminal, with the
 * journal's paths relative to it and the paths in hints quoted for sh(1).
 */

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "doctor-internal.h"

static int	hold(struct doctor *, const struct tend_doctor_finding *);

/*
 * Pass one finding to the caller; the subject, message and fix are made
 * harmless for a terminal, as they may hold names from a partner's tree.
 */
int
doctor_report(struct doctor *d, enum tend_doctor_level level, const char *check,
    const char *subject, const char *fix, const char *fmt, ...)
{
	struct tend_doctor_finding	 finding;
	struct tend_buf			 safe[3] = {
		TEND_BUF_INIT, TEND_BUF_INIT, TEND_BUF_INIT
	};
	char				 message[2048];
	va_list				 ap;
	size_t				 i;
	int				 error;

	va_start(ap, fmt);
	vsnprintf(message, sizeof(message), fmt, ap);
	va_end(ap);
	if ((error = tend_buf_puts(&safe[0], "")) < 0 ||
	    (error = tend_text_sanitize(&safe[0], subject,
	    strlen(subject))) < 0 ||
	    (error = tend_buf_puts(&safe[1], "")) < 0 ||
	    (error = tend_text_sanitize(&safe[1], message,
	    strlen(message))) < 0 ||
	    (fix != NULL && (error = tend_text_sanitize(&safe[2], fix,
	    strlen(fix))) < 0))
		goto out;
	if (level != TEND_DOCTOR_OK)
		d->problems++;
	finding.level = level;
	finding.check = check;
	finding.subject = safe[0].data;
	finding.message = safe[1].data;
	finding.fix = fix != NULL ? safe[2].data : NULL;
	error = d->holding ? hold(d, &finding) : d->fn(&finding, d->arg);
out:
	for (i = 0; i < 3; i++)
		tend_buf_free(&safe[i]);
	return error;
}

/* A copy of FINDING, kept until doctor_release tells it. */
static int
hold(struct doctor *d, const struct tend_doctor_finding *finding)
{
	struct doctor_held	*grown, *held;

	if ((grown = realloc(d->held, (d->nheld + 1) *
	    sizeof(*grown))) == NULL)
		return tend_error_nomem();
	d->held = grown;
	held = &d->held[d->nheld];
	held->level = finding->level;
	held->check = finding->check;
	held->subject = strdup(finding->subject);
	held->message = strdup(finding->message);
	held->fix = finding->fix != NULL ? strdup(finding->fix) : NULL;
	if (held->subject == NULL || held->message == NULL ||
	    (finding->fix != NULL && held->fix == NULL)) {
		free(held->subject);
		free(held->message);
		free(held->fix);
		return tend_error_nomem();
	}
	d->nheld++;
	return 0;
}

int
doctor_release(struct doctor *d)
{
	struct tend_doctor_finding	finding;
	size_t				i;
	int				error = 0;

	for (i = 0; i < d->nheld && error >= 0; i++) {
		finding.level = d->held[i].level;
		finding.check = d->held[i].check;
		finding.subject = d->held[i].subject;
		finding.message = d->held[i].message;
		finding.fix = d->held[i].fix;
		error = d->fn(&finding, d->arg);
	}
	doctor_held_free(d);
	return error;
}

void
doctor_held_free(struct doctor *d)
{
	size_t	i;

	for (i = 0; i < d->nheld; i++) {
		free(d->held[i].subject);
		free(d->held[i].message);
		free(d->held[i].fix);
	}
	free(d->held);
	d->held = NULL;
	d->nheld = 0;
}

/* A check that could not run is an error of its own, with the cause. */
int
doctor_report_failure(struct doctor *d, const char *check, const char *subject,
    int error)
{
	char	cause[1024];

	if (error == TEND_ENOMEM)
		return error;
	snprintf(cause, sizeof(cause), "%s", tend_error());
	return doctor_report(d, TEND_DOCTOR_ERROR, check, subject, NULL,
	    "cannot check: %s", cause);
}

/* PATH as the journal's folder names it, when it is inside it. */
const char *
doctor_relative(const struct doctor *d, const char *path)
{
	size_t	len = strlen(d->top);

	if (strncmp(path, d->top, len) == 0 && path[len] == '/')
		return path + len + 1;
	return path;
}

/* PATH quoted for sh(1), to paste into a shell. */
int
doctor_quote(struct tend_buf *out, const char *path)
{
	const char	*p;
	int		 error;

	if ((error = tend_buf_puts(out, "'")) < 0)
		return error;
	for (p = path; *p != '\0' && error == 0; p++)
		error = *p == '\'' ? tend_buf_puts(out, "'\\''") :
		    tend_buf_put(out, p, 1);
	return error < 0 ? error : tend_buf_puts(out, "'");
}
