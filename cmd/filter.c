/*
 * What plain git runs in an encrypted journal: the filter that seals each
 * file on its way into the repository and opens it on its way out, the
 * text conversion that shows a sealed blob in a diff, and the merge
 * driver that merges two sealed sides.
 */

#include <sys/types.h>

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd.h"

/*
 * git's pkt-line (gitprotocol-common(5)): four hex digits give the
 * packet's length, themselves included; "0000" is a flush.
 */
#define PKT_HEADER	4
#define PKT_MAX		65520
#define PKT_DATA_MAX	(PKT_MAX - PKT_HEADER)

/*
 * The most a journal seals (sealed.c), and the room its sealed form takes
 * beyond that: a header, a tag and the padding.  Memory stays bounded by
 * refusing a file past them.
 */
#define PLAIN_MAX	(64 * 1024 * 1024)
#define SEALED_ROOM	1024
#define SEALED_MAX	(PLAIN_MAX + SEALED_ROOM)

/* The merge driver's status when it neither merged nor found conflicts. */
#define MERGE_FAILED	2

/*
 * What is read from git ahead of the packet wanted, and what is queued
 * for it.  A request comes in several packets and an answer goes out in
 * five, and on a checkout through the filter the pipe costs far more
 * than the sealing: one read takes in all git has written so far, and
 * one write sends a whole answer.
 */
#define READ_AHEAD	(64 * 1024)
#define QUEUE_MAX	(2 * PKT_MAX)

/* How a packet read ends. */
enum packet_kind {
	PACKET_BROKEN = -1,	/* said on standard error */
	PACKET_EOF,		/* git closed the pipe before a packet */
	PACKET_FLUSH,
	PACKET_DATA,
};

/* The pipe git talks through: the packet last read, the ones to write. */
struct packet_io {
	char	 in[PKT_MAX + 1];	/* a packet's data, NUL after it */
	size_t	 len;
	char	 ahead[READ_AHEAD];	/* read from git and not yet taken */
	size_t	 start;
	size_t	 end;
	char	 out[QUEUE_MAX];	/* packets, header and data, to send */
	size_t	 queued;
};

/* A file's bytes as git sends them, kept to their limit. */
struct content {
	char	*data;
	size_t	 len;
	size_t	 size;
	size_t	 limit;
	int	 too_large;		/* the rest was read and dropped */
};

static int	cmd_filter_exec(const struct cmd_entry *, struct cmd_ctx *,
		    struct cmd_args *);
static int	open_journal(struct cmd_ctx *, char **why);
static int	serve(struct cmd_ctx *, const char *why);
static int	handshake(struct packet_io *);
static int	read_request(struct packet_io *, char **command, char **path);
static int	read_content(struct packet_io *, struct content *);
static int	answer(struct packet_io *, struct tend_journal *,
		    const char *why, const char *command, const char *path,
		    const struct content *);
static int	textconv(struct cmd_ctx *, const char *file);
static int	seal_message(struct cmd_ctx *, const char *file);
static int	check_push(struct cmd_ctx *);
static int	merge(struct cmd_ctx *, const char *base, const char *ours,
		    const char *theirs, const char *path);
static enum packet_kind packet_read(struct packet_io *);
static enum packet_kind packet_text(struct packet_io *, const char *what);
static int	packet_write(struct packet_io *, const char *, size_t);
static int	packet_line(struct packet_io *, const char *);
static int	packet_flush(struct packet_io *);
static int	packet_send(struct packet_io *);
static int	broken(const char *, ...) __attribute__((format(printf, 1, 2)));
static ssize_t	read_git(struct packet_io *, char *, size_t);
static int	read_file(char **, size_t *, const char *, size_t limit);
static int	write_file(const char *, const char *, size_t);

static const struct cmd_option filter_options[] = {
	{ "textconv", 0, CMD_ARG, 't', CMD_COMPLETE_NONE },
	{ "merge", 0, CMD_ARG, 'm', CMD_COMPLETE_NONE },
	{ "seal-message", 0, CMD_ARG, 's', CMD_COMPLETE_NONE },
	{ "pre-push", 0, CMD_NOARG, 'p', CMD_COMPLETE_NONE },
	{ NULL, 0, CMD_NOARG, 0, CMD_COMPLETE_NONE }
};

/*
 * Each option takes its first file as its value, so that a file whose
 * name starts with '-' is read as a file; the operands that follow are
 * all operands.
 */
const struct cmd_entry cmd_filter_entry = {
	.name = "filter",
	.usage = "[--textconv file | --merge base ours theirs path |\n"
	    "    --seal-message file | --pre-push]",
	.summary = "seal and open an encrypted journal's files for git "
	    "(plumbing)",
	.options = filter_options,
	.operands = { 0, 3, NULL, CMD_COMPLETE_NONE },
	.flags = CMD_IN_ORDER,
	.exec = cmd_filter_exec,
};

static int
cmd_filter_exec(const struct cmd_entry *self, struct cmd_ctx *ctx,
    struct cmd_args *args)
{
	const char	*value, *textconv_file = NULL, *merge_base = NULL;
	const char	*message_file = NULL;
	char		*why = NULL;
	int		 key, status, pre_push = 0;

	while ((key = cmd_args_next(args, &value)) != -1) {
		if (textconv_file != NULL || merge_base != NULL ||
		    message_file != NULL || pre_push)
			return cmd_usage_error(self, "give one of --textconv, "
			    "--merge, --seal-message and --pre-push, once");
		if (key == 't')
			textconv_file = value;
		else if (key == 'm')
			merge_base = value;
		else if (key == 's')
			message_file = value;
		else
			pre_push = 1;
	}
	if (message_file != NULL || pre_push) {
		if (args->argc != 0)
			return cmd_usage_error(self, "--seal-message and "
			    "--pre-push take no more files");
		if (open_journal(ctx, NULL) < 0)
			return EXIT_FAILURE;
		return message_file != NULL ? seal_message(ctx, message_file) :
		    check_push(ctx);
	}
	if (merge_base != NULL && args->argc != 3)
		return cmd_usage_error(self, "--merge takes four files: base, "
		    "ours, theirs and the path");
	if (merge_base == NULL && args->argc != 0)
		return cmd_usage_error(self, "give --textconv or --merge to "
		    "name files");
	if (textconv_file != NULL)
		return open_journal(ctx, NULL) < 0 ? EXIT_FAILURE :
		    textconv(ctx, textconv_file);
	if (merge_base != NULL)
		return open_journal(ctx, NULL) < 0 ? MERGE_FAILED :
		    merge(ctx, merge_base, args->argv[0], args->argv[1],
		    args->argv[2]);
	/*
	 * A journal that cannot be used fails each file in turn, as git
	 * asks for them, rather than the process at its start: git then
	 * names each file it could not filter.
	 */
	if (open_journal(ctx, &why) < 0 && why == NULL)
		return EXIT_FAILURE;
	status = serve(ctx, why);
	free(why);
	return status;
}

/*
 * Open the journal of the current folder, where git runs its filters, and
 * never the one -C, $TEND_DIR or the default folder names: a file is
 * sealed with the keys of the repository it goes into.  Its keys alone:
 * tend.conf is itself sealed, and not in the work tree until the filter
 * has opened it.  A journal that is not encrypted has no use for the
 * filter, and would store its files as they are: that is refused, as is
 * a device without the journal's key (by the library, file by file).
 * With WHY, the reason goes there instead of standard error; NULL there
 * then means out of memory.
 */
static int
open_journal(struct cmd_ctx *ctx, char **why)
{
	const char	*message;
	char		*text;
	int		 error;

	if ((error = tend_journal_open_keys(&ctx->journal, ".",
	    ctx->content_dir)) == 0 && !tend_journal_encrypted(ctx->journal))
		error = tend_error_set_str(TEND_EINVALID, "this journal is not "
		    "encrypted (it has no .tend/keyring), so 'tend filter' "
		    "refuses its files: remove filter.tend, diff.tend and "
		    "merge.tend from .git/config");
	if (error == 0)
		return 0;
	message = tend_error();
	if (why == NULL) {
		cmd_error("%s", message);
		return -1;
	}
	if ((text = strdup(message)) == NULL)
		cmd_fail(TEND_ENOMEM, NULL);
	*why = text;
	return -1;
}

/*
 * git's long-running filter process (gitattributes(5)): a handshake,
 * then one request after another until git closes the pipe.  A file that
 * fails is answered "status=error" and the next one served; a stream that
 * breaks the protocol ends the process.
 */
static int
serve(struct cmd_ctx *ctx, const char *why)
{
	struct packet_io	*io;
	struct content		 file = { NULL, 0, 0, 0, 0 };
	char			*command = NULL, *path = NULL;
	int			 got, status = EXIT_FAILURE;

	/* git gone is an ordinary end, told by EPIPE where it happens. */
	signal(SIGPIPE, SIG_IGN);
	if ((io = malloc(sizeof(*io))) == NULL)
		return cmd_fail(TEND_ENOMEM, NULL);
	io->start = io->end = io->queued = 0;
	if (handshake(io) < 0)
		goto out;
	while ((got = read_request(io, &command, &path)) > 0) {
		file.limit = strcmp(command, "clean") == 0 ? PLAIN_MAX :
		    SEALED_MAX;
		if (read_content(io, &file) < 0 ||
		    answer(io, ctx->journal, why, command, path, &file) < 0)
			break;
		free(command);
		free(path);
		command = path = NULL;
	}
	if (got == 0)
		status = EXIT_SUCCESS;
out:
	free(command);
	free(path);
	free(file.data);
	free(io);
	return status;
}

static int
handshake(struct packet_io *io)
{
	enum packet_kind	kind;
	int			version2 = 0, clean = 0, smudge = 0;

	if ((kind = packet_text(io, "the handshake")) == PACKET_BROKEN)
		return -1;
	if (kind != PACKET_DATA || strcmp(io->in, "git-filter-client") != 0)
		return broken("the handshake does not start with "
		    "'git-filter-client'");
	while ((kind = packet_text(io, "the handshake")) == PACKET_DATA)
		if (strcmp(io->in, "version=2") == 0)
			version2 = 1;
	if (kind != PACKET_FLUSH)
		return kind == PACKET_BROKEN ? -1 :
		    broken("the handshake ends early");
	if (!version2)
		return broken("git offers no version 2 of the protocol, the "
		    "one tend speaks");
	if (packet_line(io, "git-filter-server") < 0 ||
	    packet_line(io, "version=2") < 0 || packet_flush(io) < 0 ||
	    packet_send(io) < 0)
		return -1;
	/* Never "delay": each file is answered at once. */
	while ((kind = packet_text(io, "the capabilities")) == PACKET_DATA)
		if (strcmp(io->in, "capability=clean") == 0)
			clean = 1;
		else if (strcmp(io->in, "capability=smudge") == 0)
			smudge = 1;
	if (kind != PACKET_FLUSH)
		return kind == PACKET_BROKEN ? -1 :
		    broken("the capabilities end early");
	if ((clean && packet_line(io, "capability=clean") < 0) ||
	    (smudge && packet_line(io, "capability=smudge") < 0) ||
	    packet_flush(io) < 0)
		return -1;
	return packet_send(io);
}

/*
 * The keys of one request, up to its flush: 1 with its COMMAND and PATH
 * (the caller frees them), 0 when git closed the pipe between requests,
 * -1 when the stream is broken.  Keys tend has no use for (treeish, blob,
 * can-delay) are passed over.
 */
static int
read_request(struct packet_io *io, char **command, char **path)
{
	enum packet_kind	 kind;
	char			**to;
	const char		*value;

	*command = *path = NULL;
	if ((kind = packet_text(io, "a request")) == PACKET_EOF)
		return 0;
	for (; kind == PACKET_DATA; kind = packet_text(io, "a request")) {
		if (strncmp(io->in, "command=", strlen("command=")) == 0)
			to = command;
		else if (strncmp(io->in, "pathname=", strlen("pathname=")) ==
		    0)
			to = path;
		else
			continue;
		value = strchr(io->in, '=') + 1;
		if (*to != NULL)
			return broken("a request names its %s twice",
			    to == command ? "command" : "path");
		if ((*to = strdup(value)) == NULL) {
			cmd_fail(TEND_ENOMEM, NULL);
			return -1;
		}
	}
	if (kind == PACKET_BROKEN)
		return -1;
	if (kind == PACKET_EOF)
		return broken("a request ends early");
	if (*command == NULL || *path == NULL || (*path)[0] == '\0')
		return broken("a request without a %s",
		    *command == NULL ? "command" : "path");
	if (strcmp(*command, "clean") != 0 && strcmp(*command, "smudge") != 0)
		return broken("'%s' is not a command tend offered",
		    *command);
	return 1;
}

/*
 * The content of a request, up to its flush.  Past FILE's limit the rest
 * is read and dropped, so that the next request is where git sends it.
 */
static int
read_content(struct packet_io *io, struct content *file)
{
	enum packet_kind	 kind;
	size_t			 size;
	char			*grown;

	file->len = 0;
	file->too_large = 0;
	while ((kind = packet_read(io)) == PACKET_DATA) {
		if (file->too_large)
			continue;
		if (io->len > file->limit - file->len) {
			file->too_large = 1;
			continue;
		}
		if (file->len + io->len > file->size) {
			size = file->size == 0 ? PKT_MAX : file->size;
			while (size < file->len + io->len)
				size *= 2;
			if (size > file->limit)
				size = file->limit;
			if ((grown = realloc(file->data, size)) == NULL) {
				cmd_fail(TEND_ENOMEM, NULL);
				return -1;
			}
			file->data = grown;
			file->size = size;
		}
		memcpy(file->data + file->len, io->in, io->len);
		file->len += io->len;
	}
	if (kind == PACKET_EOF)
		return broken("a file's content ends early");
	return kind == PACKET_FLUSH ? 0 : -1;
}

/*
 * Seal (clean) or open (smudge) the file and send it back; a file that
 * fails is said on standard error and answered "status=error", which git
 * reports as the filter failing for that path.  -1: the pipe failed.
 */
static int
answer(struct packet_io *io, struct tend_journal *journal, const char *why,
    const char *command, const char *path, const struct content *file)
{
	const char	*verb;
	char		*out = NULL;
	size_t		 len = 0, at, part;
	int		 clean = strcmp(command, "clean") == 0, error = 0;

	verb = clean ? "encrypt" : "decrypt";
	if (why != NULL)
		cmd_error("cannot %s '%s': %s", verb, path, why);
	else if (file->too_large)
		cmd_error("cannot %s '%s': it is larger than %d MiB, the most a "
		    "journal keeps", verb, path, PLAIN_MAX / (1024 * 1024));
	else if ((error = (clean ? tend_journal_seal : tend_journal_unseal)(
	    &out, &len, journal, path, file->data != NULL ? file->data : "",
	    file->len)) < 0)
		cmd_fail(error, NULL);
	if (why != NULL || file->too_large || error < 0)
		return packet_line(io, "status=error") < 0 ||
		    packet_flush(io) < 0 || packet_send(io) < 0 ? -1 : 0;
	error = packet_line(io, "status=success") < 0 ||
	    packet_flush(io) < 0;
	for (at = 0; at < len && error == 0; at += part) {
		part = len - at < PKT_DATA_MAX ? len - at : PKT_DATA_MAX;
		error = packet_write(io, out + at, part) < 0;
	}
	free(out);
	/* The content's flush, then an empty list: the status stands. */
	if (error || packet_flush(io) < 0 || packet_flush(io) < 0 ||
	    packet_send(io) < 0)
		return -1;
	return 0;
}

/* A sealed blob git wrote to FILE, opened onto standard output. */
static int
textconv(struct cmd_ctx *ctx, const char *file)
{
	char	*data, *out;
	size_t	 len, outlen;
	int	 error;

	if (read_file(&data, &len, file, SEALED_MAX) < 0)
		return EXIT_FAILURE;
	error = tend_journal_unseal(&out, &outlen, ctx->journal, file, data,
	    len);
	free(data);
	if (error < 0) {
		cmd_fail(error, NULL);
		return EXIT_FAILURE;
	}
	fwrite(out, 1, outlen, stdout);
	free(out);
	return EXIT_SUCCESS;
}

/*
 * git's merge driver: the three sides as the repository keeps them, in
 * files git made; the sealed result goes over OURS.  The conflict markers
 * say "ours" and "theirs", as tend's own merge does: git 2.39 tells a
 * driver no branch names.  1 when lines conflict, as git expects; git
 * takes MERGE_FAILED for a conflict too, OURS left as it was.
 */
static int
merge(struct cmd_ctx *ctx, const char *base, const char *ours,
    const char *theirs, const char *path)
{
	const char	*files[3] = { base, ours, theirs };
	char		*texts[3] = { NULL, NULL, NULL }, *out = NULL;
	size_t		 lens[3], len, i;
	int		 clean, error, status = MERGE_FAILED;

	for (i = 0; i < 3; i++)
		if (read_file(&texts[i], &lens[i], files[i], SEALED_MAX) < 0)
			goto out;
	if ((error = tend_journal_merge(&out, &len, &clean, ctx->journal,
	    path, (const char *const *)texts, lens, "ours", "theirs")) < 0) {
		cmd_fail(error, NULL);
		goto out;
	}
	if (write_file(ours, out, len) < 0)
		goto out;
	status = clean ? EXIT_SUCCESS : EXIT_FAILURE;
out:
	for (i = 0; i < 3; i++)
		free(texts[i]);
	free(out);
	return status;
}

/*
 * git's commit-msg hook: the message in FILE as git will keep it (lines
 * of comment out, and all after a scissors line), sealed over it.  An
 * empty one is left for git to refuse.
 */
static int
seal_message(struct cmd_ctx *ctx, const char *file)
{
	const char	*line, *next, *end;
	char		*data, *kept = NULL, *sealed;
	size_t		 len, keptlen = 0;
	int		 error, status = EXIT_FAILURE;

	if (read_file(&data, &len, file, PLAIN_MAX) < 0)
		return EXIT_FAILURE;
	if ((kept = malloc(len + 1)) == NULL) {
		cmd_fail(TEND_ENOMEM, NULL);
		goto out;
	}
	for (line = data, end = data + len; line < end; line = next) {
		next = memchr(line, '\n', (size_t)(end - line));
		next = next != NULL ? next + 1 : end;
		if (strncmp(line, "# ------------------------ >8 ", 30) == 0)
			break;
		if (line[0] == '#')
			continue;
		memcpy(kept + keptlen, line, (size_t)(next - line));
		keptlen += (size_t)(next - line);
	}
	kept[keptlen] = '\0';
	/* Nothing but white space: git refuses it, as it should. */
	if (strspn(kept, " \t\n") == keptlen) {
		status = EXIT_SUCCESS;
		goto out;
	}
	if ((error = tend_journal_seal_message(&sealed, ctx->journal,
	    kept)) < 0) {
		cmd_fail(error, NULL);
		goto out;
	}
	if (write_file(file, sealed, strlen(sealed)) == 0)
		status = EXIT_SUCCESS;
	free(sealed);
out:
	free(kept);
	free(data);
	return status;
}

/*
 * git's pre-push hook: each line on standard input names a local commit
 * and the remote's ("0000..." when it has none); what would go in plain
 * text is refused, and git pushes nothing.
 */
static int
check_push(struct cmd_ctx *ctx)
{
	char	 line[4 * 1024], local[TEND_OID_SIZE], remote[TEND_OID_SIZE];
	int	 error;

	while (fgets(line, sizeof(line), stdin) != NULL) {
		/* "LOCAL-REF LOCAL-ID REMOTE-REF REMOTE-ID" */
		if (sscanf(line, "%*s %40s %*s %40s", local, remote) != 2) {
			cmd_error("filter: not a line git's pre-push hook "
			    "reads");
			return EXIT_FAILURE;
		}
		/* A ref deleted sends nothing. */
		if (strspn(local, "0") == 40)
			continue;
		if (strspn(remote, "0") == 40)
			remote[0] = '\0';
		if ((error = tend_journal_check_push(ctx->journal, local,
		    remote)) < 0)
			return cmd_fail(error, NULL);
	}
	return EXIT_SUCCESS;
}

/* Say what is wrong with what git sent, in one line; returns -1. */
static int
broken(const char *fmt, ...)
{
	va_list	 ap;
	char	 message[256];

	va_start(ap, fmt);
	vsnprintf(message, sizeof(message), fmt, ap);
	va_end(ap);
	cmd_error("filter: not git's filter protocol: %s", message);
	return -1;
}

static enum packet_kind
packet_read(struct packet_io *io)
{
	static const char	 hex[] = "0123456789abcdef";
	const char		*digit;
	char			 header[PKT_HEADER + 1];
	ssize_t			 got;
	size_t			 len = 0, i;

	if ((got = read_git(io, header, PKT_HEADER)) == 0)
		return PACKET_EOF;
	if (got == PKT_HEADER) {
		header[PKT_HEADER] = '\0';
		for (i = 0; i < PKT_HEADER; i++) {
			if (header[i] == '\0' ||
			    (digit = strchr(hex, header[i] | 0x20)) == NULL) {
				broken("'%s' is not a packet's length",
				    header);
				return PACKET_BROKEN;
			}
			len = len * 16 + (size_t)(digit - hex);
		}
		if (len == 0)
			return PACKET_FLUSH;
		/* 0001 to 0003 are the delimiters of other protocols. */
		if (len < PKT_HEADER) {
			broken("packet '%s' has no place here", header);
			return PACKET_BROKEN;
		}
		if (len > PKT_MAX) {
			broken("a packet of %zu bytes, more than %d", len,
			    PKT_MAX);
			return PACKET_BROKEN;
		}
		io->len = len - PKT_HEADER;
		if ((got = read_git(io, io->in, io->len)) ==
		    (ssize_t)io->len) {
			io->in[io->len] = '\0';
			return PACKET_DATA;
		}
	}
	if (got < 0)
		cmd_error("cannot read from git: %s", strerror(errno));
	else
		broken("a packet is cut short");
	return PACKET_BROKEN;
}

/* A packet that is a line of text, without its newline, or a flush. */
static enum packet_kind
packet_text(struct packet_io *io, const char *what)
{
	enum packet_kind	kind;

	if ((kind = packet_read(io)) != PACKET_DATA)
		return kind;
	if (io->len > 0 && io->in[io->len - 1] == '\n')
		io->in[--io->len] = '\0';
	if (io->len == 0 || memchr(io->in, '\0', io->len) != NULL) {
		broken("%s has a line that is empty or holds a NUL", what);
		return PACKET_BROKEN;
	}
	return PACKET_DATA;
}

static int
packet_write(struct packet_io *io, const char *data, size_t len)
{
	static const char	 hex[] = "0123456789abcdef";
	size_t			 total = len + PKT_HEADER, i;
	char			*at;

	if (io->queued + total > sizeof(io->out) && packet_send(io) < 0)
		return -1;
	at = io->out + io->queued;
	for (i = 0; i < PKT_HEADER; i++)
		at[i] = hex[(total >> (4 * (PKT_HEADER - 1 - i))) & 0xf];
	memcpy(at + PKT_HEADER, data, len);
	io->queued += total;
	return 0;
}

/* A line of text, as git writes one: with its newline. */
static int
packet_line(struct packet_io *io, const char *line)
{
	char	text[64];
	size_t	len = strlen(line);

	memcpy(text, line, len);
	text[len] = '\n';
	return packet_write(io, text, len + 1);
}

static int
packet_flush(struct packet_io *io)
{
	if (io->queued + PKT_HEADER > sizeof(io->out) && packet_send(io) < 0)
		return -1;
	memcpy(io->out + io->queued, "0000", PKT_HEADER);
	io->queued += PKT_HEADER;
	return 0;
}

/*
 * Write the packets queued, at once.  git closing its end (EPIPE) ends
 * us without a word: git says why.
 */
static int
packet_send(struct packet_io *io)
{
	size_t	len = io->queued;

	io->queued = 0;
	if (tend_fs_write_all(STDOUT_FILENO, io->out, len) == 0)
		return 0;
	if (errno != EPIPE)
		cmd_error("cannot write to git: %s", strerror(errno));
	return -1;
}

/*
 * LEN bytes from git, or fewer at the end of the pipe; -1 with errno.  A
 * read takes in all that git has written, up to READ_AHEAD, and waits
 * only when nothing is left of the last one.
 */
static ssize_t
read_git(struct packet_io *io, char *buf, size_t len)
{
	size_t	done = 0, part;
	ssize_t	n;

	while (done < len) {
		if (io->start == io->end) {
			if ((n = read(STDIN_FILENO, io->ahead,
			    sizeof(io->ahead))) < 0) {
				if (errno == EINTR)
					continue;
				return -1;
			}
			if (n == 0)
				break;
			io->start = 0;
			io->end = (size_t)n;
		}
		part = io->end - io->start;
		if (part > len - done)
			part = len - done;
		memcpy(buf + done, io->ahead + io->start, part);
		io->start += part;
		done += part;
	}
	return (ssize_t)done;
}

/* All of the file at PATH, refused past LIMIT bytes. */
static int
read_file(char **out, size_t *outlen, const char *path, size_t limit)
{
	char	*data = NULL, *grown;
	size_t	 len = 0, size = 0;
	ssize_t	 n;
	int	 fd;

	if ((fd = open(path, O_RDONLY)) < 0) {
		cmd_error("cannot read '%s': %s", path, strerror(errno));
		return -1;
	}
	for (;;) {
		if (len == size) {
			/* One byte past the limit tells it is too large. */
			if (len > limit) {
				cmd_error("cannot read '%s': it is larger than "
				    "%d MiB, the most a journal keeps", path,
				    PLAIN_MAX / (1024 * 1024));
				goto fail;
			}
			size = size == 0 ? PKT_MAX : size * 2;
			if (size > limit + 1)
				size = limit + 1;
			if ((grown = realloc(data, size)) == NULL) {
				cmd_fail(TEND_ENOMEM, NULL);
				goto fail;
			}
			data = grown;
		}
		if ((n = read(fd, data + len, size - len)) < 0) {
			if (errno == EINTR)
				continue;
			cmd_error("cannot read '%s': %s", path,
			    strerror(errno));
			goto fail;
		}
		if (n == 0)
			break;
		len += (size_t)n;
	}
	close(fd);
	*out = data;
	*outlen = len;
	return 0;
fail:
	close(fd);
	free(data);
	return -1;
}

/* The merged result over the file git made for it. */
static int
write_file(const char *path, const char *data, size_t len)
{
	int	fd;

	if ((fd = open(path, O_WRONLY | O_TRUNC)) < 0) {
		cmd_error("cannot write '%s': %s", path, strerror(errno));
		return -1;
	}
	if (tend_fs_write_all(fd, data, len) < 0) {
		cmd_error("cannot write '%s': %s", path, strerror(errno));
		close(fd);
		return -1;
	}
	if (close(fd) < 0) {
		cmd_error("cannot write '%s': %s", path, strerror(errno));
		return -1;
	}
	return 0;
}
