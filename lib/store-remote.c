/*
 * Talking to remotes through libgit2: fetch, push, clone, and listing
 * and reaching the remotes a journal has.
 */

#include <sys/stat.h>
#include <sys/wait.h>

#include <git2.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "store-internal.h"

#define PROBE_SAID_MAX	1023	/* bytes of a failed check's message */

struct remote_state;

static int	credentials_cb(git_credential **, const char *, const char *,
		    unsigned int, void *);
static int	certificate_cb(git_cert *, int, const char *, void *);
static int	transfer_cb(const git_indexer_progress *, void *);
static int	sideband_cb(const char *, int, void *);
static int	push_update_cb(const char *, const char *, void *);
static void	remote_callbacks(git_remote_callbacks *, struct remote_state *);
static int	remote_begin(struct remote_state *, git_repository *,
		    const char *, git_remote_callbacks *, git_proxy_options *,
		    git_strarray *);
static int	remote_list_refs(struct tend_store *, const char *);
static int	use_git(int *, struct tend_store *, const char *, int);
static int	cli_fetch(struct tend_store *, const char *, const char *,
		    const char *, const char *, const struct tend_progress *);
static int	push_refused(const char *, const char *, size_t);
static int	cli_push(struct tend_store *, const char *, const char *,
		    const char *, const struct tend_progress *);
static int	probe_run(int, void *);
static int	probe_take(const char *, size_t, void *);
static int	pack_cb(const char *, const char *, const struct stat *,
		    void *);
static int	list_packs(struct tend_buf *, struct tend_store *);
static int	tracking_ref(struct tend_buf *, const char *, const char *);
static int	unfetch_cb(const char *, const char *, const struct stat *,
		    void *);

/*
 * Talking to remotes: fetch, push, clone.  Credentials and progress go
 * through these callbacks; the certificate check passes through, so
 * libgit2's own ~/.ssh/known_hosts check, or its TLS check, decides and
 * nothing is accepted blindly.
 */
struct remote_state {
	const struct tend_progress	*progress;
	int				 attempts;	/* credential tries */
	char				*rejected;	/* a server's refusal */
	int				 error;
	struct store_http		 http;	/* an HTTP host's credential */
};

static int
credentials_cb(git_credential **out, const char *url, const char *username,
    unsigned int allowed, void *arg)
{
	static const char *const keys[] = { "id_ed25519", "id_ecdsa", "id_rsa" };
	struct remote_state	*state = arg;
	struct tend_buf		 private_key = TEND_BUF_INIT;
	struct tend_buf		 public_key = TEND_BUF_INIT;
	const char		*home = getenv("HOME");
	const char		*user = username != NULL ? username :
				    getenv("USER") != NULL ? getenv("USER") : "git";
	int			 attempt, error;

	/* A user name and password over HTTP, from git's helpers. */
	if ((allowed & GIT_CREDENTIAL_USERPASS_PLAINTEXT) &&
	    store_http_is(url))
		return store_http_credential(out, &state->http, url, username);
	if (!(allowed & GIT_CREDENTIAL_SSH_KEY)) {
		if (allowed & GIT_CREDENTIAL_USERNAME)
			return git_credential_username_new(out, user);
		return GIT_PASSTHROUGH;
	}
	/* The agent first, then each usual key once; then give up. */
	attempt = state->attempts++;
	if (getenv("SSH_AUTH_SOCK") != NULL && attempt-- == 0)
		return git_credential_ssh_key_from_agent(out, user);
	for (; attempt >= 0 && attempt < 3 && home != NULL; attempt++) {
		private_key.len = public_key.len = 0;
		if (tend_buf_printf(&private_key, "%s/.ssh/%s", home,
		    keys[attempt]) < 0 || tend_buf_printf(&public_key,
		    "%s.pub", private_key.data) < 0)
			break;
		if (!tend_fs_exists(private_key.data)) {
			state->attempts++;
			continue;
		}
		error = git_credential_ssh_key_new(out, user,
		    tend_fs_exists(public_key.data) ? public_key.data : NULL,
		    private_key.data, NULL);
		tend_buf_free(&private_key);
		tend_buf_free(&public_key);
		return error;
	}
	tend_buf_free(&private_key);
	tend_buf_free(&public_key);
	git_error_set_str(GIT_ERROR_SSH, "no SSH key was accepted (tried "
	    "ssh-agent and ~/.ssh/id_ed25519, id_ecdsa, id_rsa)");
	return GIT_EAUTH;
}

static int
certificate_cb(git_cert *cert, int valid, const char *host, void *arg)
{
	(void)cert;
	(void)valid;
	(void)host;
	(void)arg;
	return GIT_PASSTHROUGH;
}

static int
transfer_cb(const git_indexer_progress *stats, void *arg)
{
	struct remote_state	*state = arg;

	if (state->progress != NULL && state->progress->objects != NULL)
		state->progress->objects(stats->received_objects,
		    stats->total_objects, state->progress->arg);
	return 0;
}

static int
sideband_cb(const char *text, int len, void *arg)
{
	struct remote_state	*state = arg;
	struct tend_buf		 clean = TEND_BUF_INIT;

	if (state->progress == NULL || state->progress->remote_text == NULL)
		return 0;
	/*
	 * What a server sends reaches a terminal only made harmless; the
	 * carriage returns that redraw its progress lines become newlines.
	 */
	if (tend_buf_put(&clean, text, (size_t)len) == 0) {
		struct tend_buf	safe = TEND_BUF_INIT;
		size_t		i;

		for (i = 0; i < clean.len; i++)
			if (clean.data[i] == '\r')
				clean.data[i] = '\n';
		if (tend_text_sanitize(&safe, clean.data, clean.len) == 0)
			state->progress->remote_text(safe.data,
			    state->progress->arg);
		tend_buf_free(&safe);
	}
	tend_buf_free(&clean);
	return 0;
}

static int
push_update_cb(const char *ref, const char *status, void *arg)
{
	struct remote_state	*state = arg;

	(void)ref;
	if (status != NULL && state->rejected == NULL)
		state->rejected = strdup(status);
	return 0;
}

static void
remote_callbacks(git_remote_callbacks *callbacks, struct remote_state *state)
{
	git_remote_init_callbacks(callbacks, GIT_REMOTE_CALLBACKS_VERSION);
	callbacks->credentials = credentials_cb;
	callbacks->certificate_check = certificate_cb;
	callbacks->transfer_progress = transfer_cb;
	callbacks->sideband_progress = sideband_cb;
	callbacks->push_update_reference = push_update_cb;
	callbacks->payload = state;
}

/*
 * The callbacks, proxy and headers for a connection to URL, with REPO's
 * config (NULL: the user's, for a clone).  store_http_end frees what this
 * takes, after the libgit2 call.
 */
static int
remote_begin(struct remote_state *state, git_repository *repo,
    const char *url, git_remote_callbacks *callbacks,
    git_proxy_options *proxy, git_strarray *headers)
{
	int	error;

	remote_callbacks(callbacks, state);
	if ((error = store_http_begin(&state->http, repo, url)) < 0)
		return error;
	/* http.proxy, remote.NAME.proxy, https_proxy, as git reads them. */
	proxy->type = GIT_PROXY_AUTO;
	*headers = state->http.headers;
	return 0;
}

int
store_forget_ref(struct tend_store *store, const char *tracking)
{
	git_reference	*gone;
	int		 error = 0;

	if (git_reference_lookup(&gone, store->repo, tracking) == 0) {
		if ((error = git_reference_delete(gone)) < 0)
			error = store_fail(error, "cannot remove '%s'",
			    tracking);
		git_reference_free(gone);
	}
	return error;
}

/*
 * A remote error, with a hint for the ones people can act on.  Without
 * WHAT the caller names the URL itself, as tend clone does.
 */
int
store_remote_fail(int git_code, const char *what, const char *url)
{
	const git_error	*last = git_error_last();
	const char	*message = last != NULL && last->message != NULL ?
			    last->message : "unknown error";
	char		 context[512] = "";

	tend_url_context(context, sizeof(context), what, url);
	if (git_code == GIT_ECERTIFICATE || strstr(message, "hostkey") !=
	    NULL)
		return tend_remote_untrusted(store_http_is(url) ?
		    TEND_UNTRUSTED_TLS : TEND_UNTRUSTED_SSH, what, url,
		    message);
	/* libgit2's words for a path where there is no repository. */
	if (tend_url_is_local(url) &&
	    (strstr(message, "unsupported URL protocol") != NULL ||
	    strstr(message, "failed to resolve path") != NULL))
		return tend_error_set(TEND_ENOTFOUND, "%sthere is no "
		    "repository there", context);
	/* A name only ~/.ssh/config knows, or a remote helper's URL. */
	if (strstr(message, "failed to resolve address") != NULL ||
	    strstr(message, "unsupported URL protocol") != NULL)
		return tend_error_set(TEND_ERROR, "%s%s (libgit2 does not read "
		    "~/.ssh/config, nor know remote helpers: 'tend config "
		    "--local sync.transport git' syncs through git)", context,
		    message);
	return tend_error_set(git_code == GIT_ENOTFOUND ? TEND_ENOTFOUND :
	    TEND_ERROR, "%s%s", context, message);
}

int
tend_store_remote_url(char **out, struct tend_store *store, const char *name)
{
	git_remote	*remote;
	int		 error;

	if ((error = git_remote_lookup(&remote, store->repo, name)) < 0)
		return error == GIT_ENOTFOUND ? tend_error_set(TEND_ENOTFOUND,
		    "there is no remote '%s'", name) :
		    store_fail(error, "cannot read remote '%s'", name);
	*out = git_remote_url(remote) != NULL ?
	    strdup(git_remote_url(remote)) : NULL;
	git_remote_free(remote);
	return *out != NULL ? 0 : tend_error_set(TEND_ENOTFOUND,
	    "remote '%s' has no URL", name);
}

/* Each pack file's name in the object store, into a NUL-ended list. */
static int
pack_cb(const char *path, const char *name, const struct stat *st, void *arg)
{
	struct tend_buf	*packs = arg;

	(void)path;
	(void)st;
	return tend_buf_put(packs, name, strlen(name) + 1);
}

static int
list_packs(struct tend_buf *packs, struct tend_store *store)
{
	char	*dir;
	int	 error, stop;

	packs->len = 0;
	if ((dir = tend_fs_join(git_repository_path(store->repo),
	    "objects/pack")) == NULL)
		return tend_error_nomem();
	error = tend_fs_each(&stop, dir, pack_cb, packs);
	free(dir);
	/* A store with no pack yet has no folder for them either. */
	if (error == TEND_ENOTFOUND)
		error = 0;
	return error < 0 ? error : stop;
}

static int
tracking_ref(struct tend_buf *ref, const char *name, const char *branch)
{
	ref->len = 0;
	return tend_buf_printf(ref, "refs/remotes/%s/%s", name, branch);
}

/*
 * Whether the git program carries the traffic with URL: sync.transport,
 * from the repository's configuration or (STORE NULL) the user's.
 */
static int
use_git(int *git, struct tend_store *store, const char *url, int whole)
{
	char	*setting = NULL;
	int	 error;

	error = tend_store_config_get(&setting, store, "sync.transport");
	if (error == 0 || error == TEND_ENOTFOUND)
		error = tend_gitcli_chosen(git, setting, url, whole);
	free(setting);
	return error;
}

static int
cli_fetch(struct tend_store *store, const char *name, const char *spec,
    const char *url, const char *tracking,
    const struct tend_progress *progress)
{
	/*
	 * What comes in stays one pack (unpackLimit), and no gc repacks it
	 * before it is checked, so that a refusal can take it all back.
	 */
	const char *const args[] = { "-c", "fetch.unpackLimit=1", "fetch",
	    "--prune", "--no-tags", "--no-auto-gc", "--no-recurse-submodules",
	    "--no-write-fetch-head", "--", name, spec, NULL };
	struct tend_buf	 said = TEND_BUF_INIT;
	int		 error;

	error = tend_gitcli_run(&said, tend_store_workdir(store), args,
	    "fetch from", url, 0, progress);
	/* A remote without the branch (empty, or deleted there): as prune. */
	if (error < 0 && said.len > 0 &&
	    strstr(said.data, "couldn't find remote ref") != NULL) {
		error = store_forget_ref(store, tracking);
	}
	tend_buf_free(&said);
	return error;
}

/* The host at URL refused a push, saying WHY (LEN bytes, its own words). */
static int
push_refused(const char *url, const char *why, size_t len)
{
	struct tend_buf	 safe = TEND_BUF_INIT;
	char		 context[512];
	int		 error;

	tend_url_context(context, sizeof(context), "push to", url);
	if (tend_text_sanitize(&safe, why, len) < 0)
		error = tend_error_nomem();
	else
		error = tend_error_set(TEND_ERROR, "%sthe host refused it: %s",
		    context, safe.data);
	tend_buf_free(&safe);
	return error;
}

/*
 * Push with git, which says in its porcelain lines ("!\tFROM:TO\t[rejected]
 * (fetch first)") why a ref was refused.  The sync has run the pre-push
 * hook already, as it does for libgit2: --no-verify.
 */
static int
cli_push(struct tend_store *store, const char *name, const char *spec,
    const char *url, const struct tend_progress *progress)
{
	const char *const args[] = { "push", "--porcelain", "--no-verify", "--",
	    name, spec, NULL };
	struct tend_buf	 said = TEND_BUF_INIT;
	const char	*line, *reason;
	int		 error;

	error = tend_gitcli_run(&said, tend_store_workdir(store), args,
	    "push to", url, 0, progress);
	if (error < 0 && said.len > 0 &&
	    (line = strstr(said.data, "\t[rejected] (")) != NULL &&
	    (strncmp(line + 12, "(fetch first)", 13) == 0 ||
	    strncmp(line + 12, "(non-fast-forward)", 18) == 0))
		error = tend_error_set(TEND_ECONFLICT, "the remote moved on");
	else if (error < 0 && said.len > 0 &&
	    (line = strstr(said.data, "\t[remote rejected] (")) != NULL) {
		reason = line + strlen("\t[remote rejected] (");
		error = push_refused(url, reason, strcspn(reason, ")\n"));
	}
	tend_buf_free(&said);
	return error;
}

int
tend_store_fetch(struct tend_store *store, const char *name,
    const char *branch, const struct tend_progress *progress,
    struct tend_fetched *fetched)
{
	git_fetch_options	 opts;
	struct remote_state	 state = { progress, 0, NULL, 0,
				    STORE_HTTP_INIT };
	struct tend_buf		 ref = TEND_BUF_INIT, spec = TEND_BUF_INIT;
	struct tend_buf		 path = TEND_BUF_INIT;
	git_strarray		 refspecs;
	git_remote		*remote;
	git_oid			 oid;
	char			*specs[1];
	int			 error, git;

	fetched->before[0] = '\0';
	if ((error = tracking_ref(&ref, name, branch)) < 0 ||
	    (error = tend_buf_printf(&spec, "+refs/heads/%s:%s", branch,
	    ref.data)) < 0 ||
	    (error = list_packs(&fetched->packs, store)) < 0)
		goto out;
	if (git_reference_name_to_id(&oid, store->repo, ref.data) == 0)
		git_oid_tostr(fetched->before, TEND_OID_SIZE, &oid);
	if ((error = git_remote_lookup(&remote, store->repo, name)) < 0) {
		error = store_fail(error, "cannot read remote '%s'", name);
		goto out;
	}
	if ((error = use_git(&git, store, git_remote_url(remote), 0)) < 0 ||
	    git) {
		if (error == 0)
			error = cli_fetch(store, name, spec.data,
			    git_remote_url(remote), ref.data, progress);
		git_remote_free(remote);
		goto out;
	}
	/* A repository on this machine: only what is new is read. */
	if ((error = store_local_path(&path, git_remote_url(remote))) != 0) {
		if (error > 0)
			error = store_local_fetch(store, path.data,
			    git_remote_url(remote), branch, ref.data, progress);
		git_remote_free(remote);
		goto out;
	}
	git_fetch_options_init(&opts, GIT_FETCH_OPTIONS_VERSION);
	if ((error = remote_begin(&state, store->repo, git_remote_url(remote),
	    &opts.callbacks, &opts.proxy_opts, &opts.custom_headers)) < 0) {
		git_remote_free(remote);
		goto out;
	}
	/* A branch deleted there goes here too: sync sees it is gone. */
	opts.prune = GIT_FETCH_PRUNE;
	/* The one branch tend takes in, so a refusal can take all it brought. */
	specs[0] = spec.data;
	refspecs.strings = specs;
	refspecs.count = 1;
	error = git_remote_fetch(remote, &refspecs, &opts, "sync: fetch");
	store_http_end(&state.http, error);
	if (error < 0)
		error = store_remote_fail(error, "fetch from",
		    git_remote_url(remote));
	git_remote_free(remote);
out:
	tend_buf_free(&ref);
	tend_buf_free(&spec);
	tend_buf_free(&path);
	return error;
}

/* A pack (or its index, reverse index, keep file) FETCHED did not see. */
struct unfetch_walk {
	const struct tend_fetched	*fetched;
	int				 error;
};

static int
unfetch_cb(const char *path, const char *name, const struct stat *st,
    void *arg)
{
	struct unfetch_walk	*walk = arg;
	const struct tend_buf	*packs = &walk->fetched->packs;
	const char		*p;

	(void)st;
	if (strncmp(name, "pack-", 5) != 0)
		return 0;
	for (p = packs->data; p != NULL && p < packs->data + packs->len;
	    p += strlen(p) + 1)
		if (strcmp(p, name) == 0)
			return 0;
	if (unlink(path) < 0 && walk->error == 0)
		walk->error = tend_error_errno("cannot remove '%s'", path);
	return 0;
}

int
tend_store_unfetch(struct tend_store *store, const char *name,
    const char *branch, const struct tend_fetched *fetched)
{
	struct unfetch_walk	 walk = { fetched, 0 };
	struct tend_buf		 ref = TEND_BUF_INIT;
	git_reference		*now = NULL, *back = NULL;
	git_reflog		*reflog = NULL;
	const git_reflog_entry	*entry;
	git_odb			*odb;
	git_oid			 came, before;
	char			*dir = NULL;
	size_t			 i;
	int			 error, stop, had;

	if ((error = tracking_ref(&ref, name, branch)) < 0)
		return error;
	had = git_reference_lookup(&now, store->repo, ref.data) == 0;
	if (had)
		git_oid_cpy(&came, git_reference_target(now));
	if (fetched->before[0] == '\0')
		error = had ? git_reference_delete(now) : 0;
	else if ((error = git_oid_fromstr(&before, fetched->before)) == 0)
		error = git_reference_create(&back, store->repo, ref.data,
		    &before, 1, "sync: refused what came in");
	if (error < 0) {
		error = store_fail(error, "cannot put back '%s'", ref.data);
		goto out;
	}
	/* The log would keep naming the commits about to go. */
	if (had && fetched->before[0] != '\0' &&
	    (error = git_reflog_read(&reflog, store->repo, ref.data)) == 0) {
		for (i = git_reflog_entrycount(reflog); i-- > 0 && error == 0;) {
			entry = git_reflog_entry_byindex(reflog, i);
			if (git_oid_equal(git_reflog_entry_id_new(entry), &came) ||
			    git_oid_equal(git_reflog_entry_id_old(entry), &came))
				error = git_reflog_drop(reflog, i, 1);
		}
		if (error == 0)
			error = git_reflog_write(reflog);
	}
	if (error < 0) {
		error = store_fail(error, "cannot mend the log of '%s'",
		    ref.data);
		goto out;
	}
	if ((dir = tend_fs_join(git_repository_path(store->repo),
	    "objects/pack")) == NULL) {
		error = tend_error_nomem();
		goto out;
	}
	if ((error = tend_fs_each(&stop, dir, unfetch_cb, &walk)) ==
	    TEND_ENOTFOUND)
		error = 0;
	if (error == 0)
		error = walk.error;
	/* libgit2 may hold the removed packs open: it must look again. */
	if (error == 0 && git_repository_odb(&odb, store->repo) == 0) {
		(void)git_odb_refresh(odb);
		git_odb_free(odb);
	}
out:
	free(dir);
	git_reflog_free(reflog);
	git_reference_free(now);
	git_reference_free(back);
	tend_buf_free(&ref);
	return error;
}

void
tend_store_fetched_free(struct tend_fetched *fetched)
{
	tend_buf_free(&fetched->packs);
}

int
tend_store_push(struct tend_store *store, const char *name,
    const char *branch, const struct tend_progress *progress)
{
	git_push_options	 opts;
	struct remote_state	 state = { progress, 0, NULL, 0,
				    STORE_HTTP_INIT };
	struct tend_buf		 refspec = TEND_BUF_INIT, path = TEND_BUF_INIT;
	struct tend_buf		 tracking = TEND_BUF_INIT;
	git_strarray		 refspecs;
	git_remote		*remote;
	char			*spec;
	int			 error, git;

	/*
	 * The merge and the checks read trees the push does not need in
	 * memory while it walks all of the remote's tree.
	 */
	store_release(store);
	if ((error = git_remote_lookup(&remote, store->repo, name)) < 0)
		return store_fail(error, "cannot read remote '%s'", name);
	/* No '+': the remote must be an ancestor, or the push is refused. */
	if ((error = tend_buf_printf(&refspec, "refs/heads/%s:refs/heads/%s",
	    branch, branch)) < 0 ||
	    (error = use_git(&git, store, git_remote_url(remote), 0)) < 0)
		goto out;
	if (git) {
		error = cli_push(store, name, refspec.data,
		    git_remote_url(remote), progress);
		goto out;
	}
	/* A repository on this machine: only what is new is read. */
	if ((error = store_local_path(&path, git_remote_url(remote))) != 0) {
		if (error > 0 &&
		    (error = tracking_ref(&tracking, name, branch)) == 0)
			error = store_local_push(store, path.data,
			    git_remote_url(remote), branch, tracking.data,
			    progress);
		goto out;
	}
	spec = refspec.data;
	refspecs.strings = &spec;
	refspecs.count = 1;
	git_push_options_init(&opts, GIT_PUSH_OPTIONS_VERSION);
	if ((error = remote_begin(&state, store->repo, git_remote_url(remote),
	    &opts.callbacks, &opts.proxy_opts, &opts.custom_headers)) < 0)
		goto out;
	error = git_remote_push(remote, &refspecs, &opts);
	store_http_end(&state.http, error);
	/* A partner's push came first, or is landing right now. */
	if (error == GIT_ENONFASTFORWARD || error == GIT_ELOCKED ||
	    (state.rejected != NULL &&
	    (strstr(state.rejected, "fast-forward") != NULL ||
	    strstr(state.rejected, "fetch first") != NULL)))
		error = tend_error_set(TEND_ECONFLICT, "the remote moved on");
	else if (error < 0)
		error = store_remote_fail(error, "push to",
		    git_remote_url(remote));
	else if (state.rejected != NULL)
		error = push_refused(git_remote_url(remote), state.rejected,
		    strlen(state.rejected));
out:
	free(state.rejected);
	tend_buf_free(&refspec);
	tend_buf_free(&path);
	tend_buf_free(&tracking);
	git_remote_free(remote);
	return error;
}

int
tend_store_clone(struct tend_store **out, const char *url, const char *dir,
    const struct tend_progress *progress)
{
	git_clone_options	 opts;
	struct remote_state	 state = { progress, 0, NULL, 0,
				    STORE_HTTP_INIT };
	git_repository		*repo;
	int			 error, git;

	if ((error = use_git(&git, NULL, url, 1)) < 0)
		return error;
	if (git) {
		/*
		 * As below: the files are written once they are checked.  A
		 * path's objects come through the pack protocol too, which
		 * hashes each, never hard-linked to a partner's files as they
		 * are.
		 */
		const char *const args[] = { "clone", "--no-local",
		    "--no-checkout", "--quiet", "--", url, dir, NULL };

		if ((error = tend_gitcli_run(NULL, NULL, args, NULL, url, 0,
		    progress)) < 0)
			return error;
		if ((error = git_repository_open(&repo, dir)) < 0)
			return store_fail(error, "cannot open the clone in '%s'",
			    dir);
		return store_wrap(out, repo, dir);
	}
	git_clone_options_init(&opts, GIT_CLONE_OPTIONS_VERSION);
	/* Nothing is written before tend_incoming_check has read it. */
	opts.checkout_opts.checkout_strategy = GIT_CHECKOUT_NONE;
	if ((error = remote_begin(&state, NULL, url,
	    &opts.fetch_opts.callbacks, &opts.fetch_opts.proxy_opts,
	    &opts.fetch_opts.custom_headers)) < 0)
		return error;
	error = git_clone(&repo, url, dir, &opts);
	store_http_end(&state.http, error);
	if (error < 0)
		return store_remote_fail(error, NULL, url);
	return store_wrap(out, repo, dir);
}

int
tend_store_remotes(struct tend_store *store,
    int (*fn)(const char *, const char *, void *), void *arg)
{
	git_strarray	 names;
	git_remote	*remote;
	size_t		 i;
	int		 error;

	if ((error = git_remote_list(&names, store->repo)) < 0)
		return store_fail(error, "cannot list the remotes");
	for (i = 0; error == 0 && i < names.count; i++) {
		if ((error = git_remote_lookup(&remote, store->repo,
		    names.strings[i])) < 0) {
			error = store_fail(error, "cannot read remote '%s'",
			    names.strings[i]);
			break;
		}
		error = fn(names.strings[i], git_remote_url(remote) != NULL ?
		    git_remote_url(remote) : "", arg);
		git_remote_free(remote);
	}
	git_strarray_dispose(&names);
	return error;
}

/* In the child of tend_store_remote_check: connect, list, disconnect. */
static int
remote_list_refs(struct tend_store *store, const char *name)
{
	git_remote_callbacks	 callbacks;
	git_proxy_options	 proxy;
	git_strarray		 headers;
	struct remote_state	 state = { NULL, 0, NULL, 0,
				    STORE_HTTP_INIT };
	const git_remote_head	**heads;
	git_remote		*remote;
	size_t			 count;
	int			 error;

	if ((error = git_remote_lookup(&remote, store->repo, name)) < 0)
		return store_fail(error, "cannot read remote '%s'", name);
	git_proxy_options_init(&proxy, GIT_PROXY_OPTIONS_VERSION);
	if ((error = remote_begin(&state, store->repo, git_remote_url(remote),
	    &callbacks, &proxy, &headers)) < 0) {
		git_remote_free(remote);
		return error;
	}
	/* The check is killed when slow: no password is left half typed. */
	state.http.prompt = 0;
	if ((error = git_remote_connect(remote, GIT_DIRECTION_FETCH,
	    &callbacks, &proxy, &headers)) == 0)
		error = git_remote_ls(&heads, &count, remote);
	store_http_end(&state.http, error);
	if (error < 0)
		error = store_remote_fail(error, "reach", git_remote_url(remote));
	git_remote_disconnect(remote);
	git_remote_free(remote);
	return error;
}

/* What the child of tend_store_remote_check works on and says. */
struct remote_probe {
	struct tend_store	*store;
	const char		*name;
	struct tend_buf		 said;
};

static int
probe_run(int fd, void *arg)
{
	struct remote_probe	*probe = arg;

	(void)fd;
	return remote_list_refs(probe->store, probe->name);
}

static int
probe_take(const char *data, size_t len, void *arg)
{
	struct remote_probe	*probe = arg;

	/* A message: the start of it is enough. */
	if (probe->said.len + len > PROBE_SAID_MAX)
		len = PROBE_SAID_MAX - probe->said.len;
	return tend_buf_put(&probe->said, data, len);
}

/*
 * libgit2 (before 1.7) has no connect timeout: the connection is made in a
 * child process, which is killed when it takes longer than SECONDS.
 */
int
tend_store_remote_check(struct tend_store *store, const char *name,
    int seconds)
{
	const char *const	 args[] = { "ls-remote", "--heads", "--", name,
				    NULL };
	struct remote_probe	 probe = { store, name, TEND_BUF_INIT };
	struct tend_child	 child;
	char			 what[128], *url = NULL;
	int			 status, error, git;

	if ((error = tend_store_remote_url(&url, store, name)) == 0 &&
	    (error = use_git(&git, store, url, 0)) == 0 && git)
		error = tend_gitcli_run(NULL, tend_store_workdir(store), args,
		    "reach", url, seconds * 1000L, NULL);
	else if (error == 0) {
		snprintf(what, sizeof(what), "the check of remote '%s'",
		    name);
		memset(&child, 0, sizeof(child));
		child.what = what;
		child.run = probe_run;
		child.take = probe_take;
		child.arg = &probe;
		child.deadline_ms = seconds * 1000L;
		if ((error = tend_child_run(&status, &child)) == 0 &&
		    (!WIFEXITED(status) || WEXITSTATUS(status) != 0))
			error = tend_error_set(TEND_ERROR, "%s",
			    probe.said.len > 0 ? probe.said.data :
			    "the check stopped");
	}
	if (error == 1)
		error = tend_error_set(TEND_ERROR, "remote '%s' gave no "
		    "answer in %d seconds", name, seconds);
	free(url);
	tend_buf_free(&probe.said);
	return error;
}
