/*
 * A journal: the git repository partners share, its tend.conf, and who the
 * local partner is.
 */

#include <sys/stat.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "journal-internal.h"

#define MAX_SAME_NAME	99	/* entries of one name: "x", "x-2", ... */
#define PERSON_MAX	200	/* bytes of "Name <address>" */

static int	find_journal(struct tend_store **, const char *);
static int	load(struct tend_journal **, struct tend_store *,
		    const char *);
static int	partner_setting(char **, const char *, const char *);
static int	partner_cb(const char *, const char *, void *);
static int	key_cb(const char *, const char *, void *);
static int	read_partners(struct tend_journal *, struct tend_conf *);
static int	same_keys(const struct partner *, const struct partner *);
static void	free_partners(struct tend_journal *);
static int	is_person(const struct partner *, const char *, const char *);
static int	same_text(const char *, const char *);
static int	make_private(struct tend_journal *, const char *);
static int	keep_unsaved(const char *, const char *, int);
static int	learn_keys(struct tend_journal *, const char *, size_t);
static int	check_not_sealed(const char *);

struct tend_store *
tend_journal_store(struct tend_journal *journal)
{
	return journal->store;
}

const char *
tend_journal_content_dir(const struct tend_journal *journal)
{
	return journal->content_dir;
}

const char *
tend_journal_path(const struct tend_journal *journal)
{
	return tend_store_workdir(journal->store);
}

const char *
tend_journal_me(const struct tend_journal *journal)
{
	return journal->me;
}

size_t
tend_journal_partner_count(const struct tend_journal *journal)
{
	return journal->npartners;
}

const char *
tend_journal_partner_id(const struct tend_journal *journal, size_t i)
{
	return i < journal->npartners ? journal->partners[i].id : NULL;
}

const char *
tend_journal_partner_name(const struct tend_journal *journal, size_t i)
{
	return i < journal->npartners ? journal->partners[i].name : NULL;
}

void
tend_journal_free(struct tend_journal *journal)
{
	if (journal == NULL)
		return;
	free_partners(journal);
	tend_history_save(&journal->history, journal->store);
	tend_history_free(&journal->history);
	free(journal->me);
	free(journal->content_dir);
	tend_store_free(journal->private_store);
	tend_store_free(journal->store);
	/* After the store, which borrows it. */
	tend_cipher_free(journal->cipher);
	free(journal);
}

int
tend_journal_history(const struct tend_history **out,
    struct tend_journal *journal)
{
	char	 head[TEND_OID_SIZE];
	int	 error;

	/* One command may ask for it for each agreement (an export does). */
	if ((error = tend_store_head(head, journal->store)) < 0)
		return error;
	if (journal->history_head[0] == '\0' ||
	    strcmp(head, journal->history_head) != 0) {
		/* What was checked in it is not checked again in the next. */
		tend_history_save(&journal->history, journal->store);
		tend_history_free(&journal->history);
		journal->history_head[0] = '\0';
		if ((error = tend_history_read(&journal->history,
		    journal)) < 0)
			return error;
		memcpy(journal->history_head, head, sizeof(head));
	}
	*out = &journal->history;
	return 0;
}

int
tend_journal_signature(int *sig, uint8_t key[TEND_ED25519_PUBLIC],
    struct tend_journal *journal, size_t i, const char *commit)
{
	struct tend_history	*history = &journal->history;
	int			 error;

	/* HEAD moved since, and the history with it: checked apart. */
	if (i >= history->count || strcmp(history->items[i].commit,
	    commit) != 0 || history->items[i].kind != TEND_SIGNED)
		return tend_history_signer(sig, key, journal->store, commit);
	if ((error = tend_history_check(history, journal->store, i)) < 0)
		return error;
	*sig = history->items[i].sig;
	memcpy(key, history->items[i].key, TEND_ED25519_PUBLIC);
	return 0;
}

int
tend_journal_default_dir(char **out)
{
	struct tend_buf	 dir = TEND_BUF_INIT;
	const char	*data_home = getenv("XDG_DATA_HOME");
	const char	*home = getenv("HOME");
	int		 error;

	/* The XDG rules say a relative XDG_DATA_HOME is to be ignored. */
	if (data_home != NULL && data_home[0] == '/')
		error = tend_buf_printf(&dir, "%s/tend/journal", data_home);
	else if (home != NULL && home[0] == '/')
		error = tend_buf_printf(&dir, "%s/.local/share/tend/journal",
		    home);
	else
		return tend_error_set(TEND_ENOTFOUND,
		    "HOME is not set; give the journal's folder");
	if (error < 0)
		return error;
	*out = tend_buf_detach(&dir);
	return 0;
}

int
journal_is_dir(const char *dir)
{
	char	*conf;
	int	 found;

	if ((conf = tend_fs_join(dir, CONF_FILE)) == NULL)
		return 0;
	found = tend_fs_exists(conf);
	free(conf);
	return found;
}

/*
 * The first repository with tend.conf, walking up, kept open: opening
 * one reads all of git's configuration files.
 */
static int
find_journal(struct tend_store **out, const char *start)
{
	struct tend_store	*store;
	char			*dir, *slash;
	int			 error;

	if ((dir = strdup(start)) == NULL)
		return tend_error_nomem();
	for (;;) {
		error = tend_store_discover(&store, dir);
		free(dir);
		if (error < 0)
			return error;
		if (journal_is_dir(tend_store_workdir(store))) {
			*out = store;
			return 0;
		}
		/* A repository inside another: keep looking above it. */
		dir = strdup(tend_store_workdir(store));
		tend_store_free(store);
		if (dir == NULL)
			return tend_error_nomem();
		if ((slash = strrchr(dir, '/')) == NULL || slash == dir) {
			free(dir);
			return tend_error_set(TEND_ENOTFOUND, "no journal");
		}
		*slash = '\0';
	}
}

int
tend_journal_open(struct tend_journal **out, const char *dir,
    const char *content_dir)
{
	struct tend_store	*store = NULL;
	char			*found = NULL, *fallback = NULL;
	int			 error;

	if (dir != NULL) {
		if ((error = find_journal(&store, dir)) < 0)
			return tend_error_set(TEND_ENOTFOUND,
			    "no journal found (looked in '%s' and its "
			    "parents); run 'tend init'", dir);
	} else if (find_journal(&store, ".") < 0) {
		if ((error = tend_journal_default_dir(&fallback)) < 0)
			return error;
		if (!journal_is_dir(fallback)) {
			error = tend_error_set(TEND_ENOTFOUND,
			    "no journal found (looked in the current folder, "
			    "its parents and '%s'); run 'tend init'",
			    fallback);
			free(fallback);
			return error;
		}
		found = fallback;
	}
	if (store != NULL) {
		if ((found = strdup(tend_store_workdir(store))) == NULL) {
			tend_store_free(store);
			return tend_error_nomem();
		}
		error = 0;
	} else
		error = tend_store_open(&store, found);
	if (error == 0)
		error = load(out, store, content_dir);
	if (error < 0)
		tend_error_wrap(error, "cannot open journal '%s'", found);
	free(found);
	return error;
}

int
tend_journal_open_keys(struct tend_journal **out, const char *dir,
    const char *content_dir)
{
	struct tend_journal	*journal;
	struct tend_store	*store;
	int			 error;

	/* The repository holding DIR, and no other above it. */
	if ((error = tend_store_discover(&store, dir)) < 0)
		return error;
	if ((journal = calloc(1, sizeof(*journal))) == NULL) {
		tend_store_free(store);
		return tend_error_nomem();
	}
	journal->store = store;
	if ((journal->content_dir = strdup(content_dir)) == NULL) {
		error = tend_error_nomem();
		goto fail;
	}
	error = tend_store_config_get(&journal->me, store, "tend.me");
	if (error < 0 && error != TEND_ENOTFOUND)
		goto fail;
	/* Named a partner so that the device key is read, as a slug only. */
	error = 0;
	if (journal->me != NULL && tend_text_is_slug(journal->me))
		error = journal_add_partner(journal, journal->me, journal->me,
		    NULL);
	if (error < 0 || (error = journal_unlock(journal)) < 0)
		goto fail;
	*out = journal;
	return 0;
fail:
	tend_error_wrap(error, "cannot open the keys of journal '%s'",
	    tend_store_workdir(store));
	tend_journal_free(journal);
	return error;
}

int
journal_add_partner(struct tend_journal *journal, const char *id,
    const char *name, const char *email)
{
	struct partner	*grown, *p;

	if ((p = journal_partner_find(journal, id)) != NULL) {
		/* Named twice: the address given, if any, is kept. */
		if (email != NULL && p->email == NULL &&
		    (p->email = strdup(email)) == NULL)
			return tend_error_nomem();
		return 0;
	}
	grown = realloc(journal->partners,
	    (journal->npartners + 1) * sizeof(*grown));
	if (grown == NULL)
		return tend_error_nomem();
	journal->partners = grown;
	p = &grown[journal->npartners];
	p->id = strdup(id);
	p->name = strdup(name);
	p->email = email != NULL ? strdup(email) : NULL;
	p->keys = NULL;
	p->nkeys = 0;
	if (p->id == NULL || p->name == NULL ||
	    (email != NULL && p->email == NULL)) {
		free(p->id);
		free(p->name);
		free(p->email);
		return tend_error_nomem();
	}
	journal->npartners++;
	return 0;
}

struct partner *
journal_partner_find(const struct tend_journal *journal, const char *id)
{
	size_t	i;

	for (i = 0; i < journal->npartners; i++)
		if (strcmp(journal->partners[i].id, id) == 0)
			return &journal->partners[i];
	return NULL;
}

struct partner_walk {
	struct tend_journal	*journal;
	struct tend_conf	*conf;
};

/*
 * Whether KEY is "partner.ID" and SUFFIX (".name", ".key"): 1 with ID in
 * *ID, 0 when it is another setting.
 */
static int
partner_setting(char **id, const char *key, const char *suffix)
{
	size_t	prefix = strlen("partner."), len = strlen(key);
	size_t	tail = strlen(suffix);

	if (strncmp(key, "partner.", prefix) != 0 || len < prefix + tail ||
	    strcmp(key + len - tail, suffix) != 0)
		return 0;
	if ((*id = strndup(key + prefix, len - prefix - tail)) == NULL)
		return tend_error_nomem();
	return 1;
}

static int
partner_cb(const char *key, const char *value, void *arg)
{
	struct partner_walk	*walk = arg;
	struct tend_buf		 email_key = TEND_BUF_INIT;
	char			*id, *email = NULL;
	int			 error;

	if ((error = partner_setting(&id, key, ".name")) <= 0)
		return error;
	if (!tend_text_is_slug(id)) {
		error = tend_error_set(TEND_EINVALID, "'%s': partner id '%s' "
		    "must be letters, lowercase where they have a case, digits "
		    "and single dashes", CONF_FILE, id);
		goto out;
	}
	if ((error = tend_buf_printf(&email_key, "partner.%s.email", id)) < 0)
		goto out;
	error = tend_conf_get(&email, walk->conf, email_key.data);
	if (error == TEND_ENOTFOUND)
		error = 0;
	if (error == 0)
		error = journal_add_partner(walk->journal, id, value, email);
out:
	tend_buf_free(&email_key);
	free(email);
	free(id);
	return error;
}

int
journal_partner_has_key(const struct partner *partner, const uint8_t *key)
{
	size_t	i;

	for (i = 0; i < partner->nkeys; i++)
		if (memcmp(partner->keys[i], key, TEND_ED25519_PUBLIC) == 0)
			return 1;
	return 0;
}

int
journal_partner_add_key(struct partner *partner, const uint8_t *key)
{
	uint8_t	(*grown)[TEND_ED25519_PUBLIC];

	if (journal_partner_has_key(partner, key))
		return 0;
	if ((grown = realloc(partner->keys, (partner->nkeys + 1) *
	    sizeof(*grown))) == NULL)
		return tend_error_nomem();
	partner->keys = grown;
	memcpy(partner->keys[partner->nkeys++], key, TEND_ED25519_PUBLIC);
	return 0;
}

/* Whether two partners have the same keys, in whatever order. */
static int
same_keys(const struct partner *a, const struct partner *b)
{
	size_t	i;

	if (a->nkeys != b->nkeys)
		return 0;
	for (i = 0; i < a->nkeys; i++)
		if (!journal_partner_has_key(b, a->keys[i]))
			return 0;
	return 1;
}

/* "partner.<id>.key": one device key a partner published, once each. */
static int
key_cb(const char *key, const char *value, void *arg)
{
	struct partner_walk	*walk = arg;
	struct partner		*partner;
	uint8_t			 public[TEND_ED25519_PUBLIC];
	char			*id;
	int			 error;

	if ((error = partner_setting(&id, key, ".key")) <= 0)
		return error;
	error = 0;
	/* A section without a name is no partner's: its key is no one's. */
	if ((partner = journal_partner_find(walk->journal, id)) == NULL)
		goto out;
	if ((error = tend_ssh_public_parse(public, value, strlen(value))) < 0) {
		error = tend_error_wrap(TEND_EINVALID, "'%s': a key of partner "
		    "'%s'", CONF_FILE, id);
		goto out;
	}
	error = journal_partner_add_key(partner, public);
out:
	free(id);
	return error;
}

/* Everything opening a journal refuses in its tend.conf is refused here. */
static int
read_partners(struct tend_journal *journal, struct tend_conf *conf)
{
	struct partner_walk	walk = { journal, conf };
	int			error;

	/* Names first: a key may come before its partner's name. */
	if ((error = tend_conf_foreach(conf, partner_cb, &walk)) < 0)
		return error;
	return tend_conf_foreach(conf, key_cb, &walk);
}

static void
free_partners(struct tend_journal *journal)
{
	size_t	i;

	for (i = 0; i < journal->npartners; i++) {
		free(journal->partners[i].id);
		free(journal->partners[i].name);
		free(journal->partners[i].email);
		free(journal->partners[i].keys);
	}
	free(journal->partners);
	journal->partners = NULL;
	journal->npartners = 0;
}

int
tend_journal_check_conf(struct tend_store *store, const char *text,
    size_t len)
{
	return tend_journal_conf_keys(store, text, len, NULL, NULL);
}

int
tend_journal_conf_keys(struct tend_store *store, const char *text,
    size_t len, int (*fn)(const char *, const uint8_t *, void *), void *arg)
{
	struct tend_journal	 scratch;
	struct tend_conf	*conf;
	size_t			 i, k;
	int			 error;

	if ((error = tend_conf_load(&conf, tend_store_gitdir(store),
	    CONF_FILE, text, len)) < 0)
		return error;
	memset(&scratch, 0, sizeof(scratch));
	error = read_partners(&scratch, conf);
	for (i = 0; i < scratch.npartners && error == 0 && fn != NULL; i++)
		for (k = 0; k < scratch.partners[i].nkeys && error == 0; k++)
			error = fn(scratch.partners[i].id,
			    scratch.partners[i].keys[k], arg);
	free_partners(&scratch);
	tend_conf_free(conf);
	return error;
}

size_t
tend_journal_partner_keys(const uint8_t (**keys)[TEND_ED25519_PUBLIC],
    const struct tend_journal *journal, const char *id)
{
	const struct partner	*partner = journal_partner_find(journal, id);

	*keys = partner != NULL ? (const uint8_t (*)[TEND_ED25519_PUBLIC])
	    partner->keys : NULL;
	return partner != NULL ? partner->nkeys : 0;
}

/* Whether AUTHOR <EMAIL> is PARTNER: by address when known, else name. */
static int
is_person(const struct partner *partner, const char *author,
    const char *email)
{
	if (partner->email != NULL)
		return email != NULL && strcasecmp(partner->email, email) == 0;
	return author != NULL && strcmp(partner->name, author) == 0;
}

static int
same_text(const char *a, const char *b)
{
	return a == NULL || b == NULL ? a == b : strcmp(a, b) == 0;
}

int
tend_journal_conf_changes(struct tend_store *store, const char *old,
    size_t oldlen, const char *new, size_t newlen, const char *author,
    const char *email,
    int (*fn)(const char *, enum tend_partner_change, void *), void *arg)
{
	struct tend_journal	 before, after;
	struct tend_conf	*conf;
	struct partner		*had, *has;
	size_t			 i;
	int			 error;

	memset(&before, 0, sizeof(before));
	memset(&after, 0, sizeof(after));
	if ((error = tend_conf_load(&conf, tend_store_gitdir(store),
	    CONF_FILE, old, oldlen)) == 0) {
		error = read_partners(&before, conf);
		tend_conf_free(conf);
	}
	if (error == 0 && (error = tend_conf_load(&conf,
	    tend_store_gitdir(store), CONF_FILE, new, newlen)) == 0) {
		error = read_partners(&after, conf);
		tend_conf_free(conf);
	}
	for (i = 0; i < before.npartners && error == 0; i++) {
		had = &before.partners[i];
		/* A partner may change or leave their own entry. */
		if (is_person(had, author, email))
			continue;
		if ((has = journal_partner_find(&after, had->id)) == NULL)
			error = fn(had->id, TEND_PARTNER_REMOVED, arg);
		else if (!same_text(had->name, has->name) ||
		    !same_text(had->email, has->email) || !same_keys(had, has))
			error = fn(had->id, TEND_PARTNER_CHANGED, arg);
	}
	free_partners(&before);
	free_partners(&after);
	return error;
}

/*
 * The journal keys keyring text TEXT seals to this device, added to
 * those the journal has; a device with no key here, or none in TEXT,
 * learns nothing.
 */
static int
learn_keys(struct tend_journal *journal, const char *text, size_t len)
{
	struct tend_keyring		*ring = NULL;
	struct tend_journal_keys	*keys;
	struct tend_cipher		*cipher;
	uint8_t				 secret[TEND_ED25519_SECRET];
	int				 error;

	if ((error = tend_keyring_parse(&ring, text, len)) < 0)
		return tend_error_wrap(error, "'%s'", TEND_LAYOUT_KEYRING);
	journal->encrypted = 1;
	/* Without a key for this device, what is sealed says so when read. */
	if (journal->me == NULL || tend_keys_device(secret, journal,
	    TEND_KEYS_OPEN) < 0) {
		tend_keyring_free(ring);
		return 0;
	}
	error = tend_keyring_unlock(&keys, ring, secret);
	tend_crypto_wipe(secret, sizeof(secret));
	tend_keyring_free(ring);
	if (error == TEND_ENOTFOUND)
		return 0;
	if (error < 0)
		return tend_error_wrap(error, "'%s'", TEND_LAYOUT_KEYRING);
	/* The generations held already stay: old history still opens. */
	if (journal->cipher != NULL && (error = tend_journal_keys_merge(keys,
	    tend_cipher_keys(journal->cipher))) < 0) {
		tend_journal_keys_free(keys);
		return error;
	}
	if ((error = tend_cipher_new(&cipher, keys)) < 0)
		return error;
	tend_journal_seal_with(journal, cipher);
	return 0;
}

int
journal_unlock(struct tend_journal *journal)
{
	char	*path, *text = NULL;
	size_t	 len;
	int	 error;

	if ((path = tend_fs_join(tend_store_workdir(journal->store),
	    TEND_LAYOUT_KEYRING)) == NULL)
		return tend_error_nomem();
	error = tend_fs_read(&text, &len, path);
	free(path);
	if (error == TEND_ENOTFOUND)
		return 0;
	if (error == 0)
		error = learn_keys(journal, text, len);
	free(text);
	return error;
}

int
tend_journal_learn_keys(struct tend_journal *journal, const char *rev)
{
	char	 blob[TEND_OID_SIZE], commit[TEND_OID_SIZE], *text;
	size_t	 len;
	int	 error;

	if ((error = tend_store_blob(blob, commit, journal->store, rev,
	    TEND_LAYOUT_KEYRING)) < 0 || blob[0] == '\0')
		return error;
	if ((error = tend_store_read_blob(&text, &len, journal->store,
	    blob)) < 0)
		return error;
	error = learn_keys(journal, text, len);
	free(text);
	return error;
}

int
tend_journal_reread(struct tend_journal *journal)
{
	struct tend_conf	*conf;
	char			*path;
	int			 error;

	if ((path = tend_fs_join(tend_store_workdir(journal->store),
	    CONF_FILE)) == NULL)
		return tend_error_nomem();
	error = tend_conf_open(&conf, path, CONF_FILE, TEND_CONF_NO_INCLUDES);
	free(path);
	if (error < 0)
		return error;
	free_partners(journal);
	error = read_partners(journal, conf);
	tend_conf_free(conf);
	return error;
}

/*
 * A tend.conf still sealed in the work tree: a copy of an encrypted
 * journal checked out without tend, whose settings it cannot read.
 */
static int
check_not_sealed(const char *path)
{
	char	*text;
	size_t	 len;
	int	 error, sealed;

	if ((error = tend_fs_read(&text, &len, path)) < 0)
		return error;
	sealed = tend_sealed_is(text, len);
	free(text);
	if (sealed)
		return tend_error_set(TEND_EINVALID, "'%s' is encrypted: this "
		    "copy of an encrypted journal was checked out without "
		    "tend; join it with 'tend clone --code'", CONF_FILE);
	return 0;
}

static int
load(struct tend_journal **out, struct tend_store *store,
    const char *content_dir)
{
	struct tend_journal	*journal;
	struct tend_conf	*conf;
	char			*path = NULL;
	int			 error;

	if ((journal = calloc(1, sizeof(*journal))) == NULL) {
		tend_store_free(store);
		return tend_error_nomem();
	}
	journal->store = store;
	tend_store_set_signer(store, tend_keys_sign_commit, journal);
	if ((journal->content_dir = strdup(content_dir)) == NULL ||
	    (path = tend_fs_join(tend_store_workdir(store), CONF_FILE)) ==
	    NULL) {
		error = tend_error_nomem();
		goto fail;
	}
	if ((error = check_not_sealed(path)) < 0 ||
	    (error = tend_conf_open(&conf, path, CONF_FILE,
	    TEND_CONF_NO_INCLUDES)) < 0)
		goto fail;
	error = read_partners(journal, conf);
	tend_conf_free(conf);
	if (error < 0)
		goto fail;
	error = tend_store_config_get(&journal->me, store, "tend.me");
	if ((error < 0 && error != TEND_ENOTFOUND) ||
	    (error = journal_unlock(journal)) < 0)
		goto fail;
	free(path);
	*out = journal;
	return 0;
fail:
	free(path);
	tend_journal_free(journal);
	return error;
}

int
journal_person_id(char **id, const char *given, const char *name)
{
	int	error;

	if (given == NULL)
		return tend_text_slug(id, name);
	if ((error = tend_id_check(given)) < 0)
		return error;
	if ((*id = strdup(given)) == NULL)
		return tend_error_nomem();
	return 0;
}

/* Split "Sam Rivera <sam@example.org>" into its name and address. */
int
journal_parse_person(char **name, char **email, const char *spec)
{
	const char	*open, *close, *end;
	size_t		 i;

	*name = *email = NULL;
	for (i = 0; spec[i] != '\0'; i++)
		if ((unsigned char)spec[i] < 0x20 || spec[i] == 0x7f)
			return tend_error_set(TEND_EINVALID,
			    "name '%s' contains a control character", spec);
	if (tend_text_validate_line("the name", spec, PERSON_MAX) < 0)
		return TEND_EINVALID;
	open = strchr(spec, '<');
	end = open != NULL ? open : spec + strlen(spec);
	while (*spec == ' ')
		spec++;
	while (end > spec && end[-1] == ' ')
		end--;
	if (end == spec)
		return tend_error_set(TEND_EINVALID, "a partner needs a name");
	if (open != NULL) {
		close = strchr(open, '>');
		if (close == NULL || close[1] != '\0' || close == open + 1 ||
		    memchr(open + 1, '<', (size_t)(close - open - 1)) != NULL)
			return tend_error_set(TEND_EINVALID, "'%s' is not "
			    "'Name' or 'Name <address>'", spec);
		if ((*email = strndup(open + 1, (size_t)(close - open - 1))) ==
		    NULL)
			return tend_error_nomem();
	}
	if ((*name = strndup(spec, (size_t)(end - spec))) == NULL) {
		free(*email);
		*email = NULL;
		return tend_error_nomem();
	}
	return 0;
}

void
tend_journal_set_editor(struct tend_journal *journal,
    int (*edit)(const char *, void *), void *arg)
{
	journal->edit = edit;
	journal->edit_arg = arg;
}

int
tend_journal_edit(char **out, size_t *len, struct tend_journal *journal,
    const char *template)
{
	char	*dir, *path;
	int	 error;

	if (journal->edit == NULL)
		return tend_error_set(TEND_EINVALID, "no editor to write the "
		    "text in; give it with -m or -F");
	/* Text being written may be private: keep it inside .git, not /tmp. */
	if ((dir = tend_fs_join(tend_store_gitdir(journal->store), "tend")) ==
	    NULL)
		return tend_error_nomem();
	if ((error = tend_fs_mkdirs(dir, NULL)) == 0 &&
	    (error = tend_fs_write_temp(&path, dir, "EDIT", template,
	    strlen(template))) == 0) {
		if ((error = journal->edit(path, journal->edit_arg)) == 0)
			error = tend_fs_read_input(out, len, path);
		if (error == 0 || !keep_unsaved(path, template, error))
			unlink(path);
		free(path);
	}
	free(dir);
	return error;
}

/*
 * After the editor failed with ERROR: if anything was written at PATH,
 * it stays there, and the message says where (1); else 0.
 */
static int
keep_unsaved(const char *path, const char *template, int error)
{
	char	*text, *reason;
	size_t	 len;
	int	 written;

	if (tend_fs_read_input(&text, &len, path) < 0)
		return 0;
	written = len != strlen(template) || memcmp(text, template, len) != 0;
	free(text);
	if (!written || (reason = strdup(tend_error())) == NULL)
		return 0;
	tend_error_set(error, "%s; what you wrote is kept in '%s'", reason,
	    path);
	free(reason);
	return 1;
}

int
tend_journal_new_path(struct tend_buf *path, struct tend_journal *journal,
    const char *stem)
{
	struct tend_store	*private_store = NULL;
	char			*in_journal, *in_private;
	int			 n, taken, error;

	/* No private store yet: no name is taken there. */
	error = tend_journal_private(&private_store, journal,
	    TEND_PRIVATE_OPEN);
	if (error < 0 && error != TEND_ENOTFOUND)
		return error;
	for (n = 1; n <= MAX_SAME_NAME; n++) {
		path->len = 0;
		error = n == 1 ? tend_buf_printf(path, "%s.md", stem) :
		    tend_buf_printf(path, "%s-%d.md", stem, n);
		if (error < 0)
			return error;
		in_journal = tend_fs_join(tend_journal_path(journal),
		    path->data);
		in_private = private_store == NULL ? NULL :
		    tend_fs_join(tend_store_workdir(private_store),
		    path->data);
		if (in_journal == NULL ||
		    (private_store != NULL && in_private == NULL)) {
			free(in_journal);
			free(in_private);
			return tend_error_nomem();
		}
		taken = tend_fs_exists(in_journal) ||
		    (in_private != NULL && tend_fs_exists(in_private));
		free(in_journal);
		free(in_private);
		if (!taken)
			return 0;
	}
	return tend_error_set(TEND_EEXISTS, "'%s' and %d more like it exist "
	    "already", stem, MAX_SAME_NAME - 1);
}

int
tend_journal_setting(char **out, struct tend_journal *journal,
    const char *key)
{
	struct tend_conf	*conf;
	char			*path;
	int			 error;

	if ((path = tend_fs_join(tend_journal_path(journal), CONF_FILE)) ==
	    NULL)
		return tend_error_nomem();
	if ((error = tend_conf_open(&conf, path, CONF_FILE,
	    TEND_CONF_NO_INCLUDES)) == 0) {
		error = tend_conf_get(out, conf, key);
		tend_conf_free(conf);
	}
	free(path);
	return error;
}

int
tend_journal_whoami(const char **id, const struct tend_journal *journal)
{
	if (journal->me == NULL)
		return tend_error_set(TEND_ENOTFOUND, "who are you in this "
		    "journal? run 'git -C %s config tend.me ID' with your "
		    "partner id from tend.conf", tend_journal_path(journal));
	if (journal_partner_find(journal, journal->me) == NULL)
		return tend_error_set(TEND_ENOTFOUND, "tend.me is '%s', who is "
		    "not a partner in tend.conf", journal->me);
	*id = journal->me;
	return 0;
}

int
tend_journal_identity(const char **name, char **email,
    struct tend_journal *journal)
{
	struct partner	*me;
	const char	*id;
	int		 error;

	if ((error = tend_journal_whoami(&id, journal)) < 0)
		return error;
	me = journal_partner_find(journal, id);
	*name = me->name;
	if (me->email != NULL) {
		*email = strdup(me->email);
		return *email != NULL ? 0 :
		    tend_error_nomem();
	}
	error = tend_store_config_get(email, journal->store, "user.email");
	if (error == TEND_ENOTFOUND)
		return tend_error_set(error, "no email address for '%s'; run "
		    "'git -C %s config user.email ADDRESS'", me->id,
		    tend_journal_path(journal));
	return error;
}

int
tend_journal_made_by(struct tend_journal *journal, const char *id,
    const char *author, const char *email)
{
	struct partner	*partner;
	char		*mine = NULL;
	int		 made;

	if ((partner = journal_partner_find(journal, id)) == NULL)
		return 0;
	/*
	 * Known by name alone, a partner is believed by name; the local
	 * partner's commits made here carry git's user.email too.
	 */
	if (is_person(partner, author, email))
		return 1;
	if (partner->email == NULL && journal->me != NULL &&
	    strcmp(journal->me, id) == 0 &&
	    tend_store_config_get(&mine, journal->store, "user.email") == 0) {
		made = email != NULL && strcasecmp(mine, email) == 0;
		free(mine);
		return made;
	}
	return 0;
}

int
tend_journal_private(struct tend_store **out, struct tend_journal *journal,
    enum tend_private_mode mode)
{
	char	*path;
	int	 error = 0;

	if (journal->private_store != NULL) {
		*out = journal->private_store;
		return 0;
	}
	if ((path = tend_fs_join(tend_store_gitdir(journal->store),
	    TEND_LAYOUT_PRIVATE)) == NULL)
		return tend_error_nomem();
	/*
	 * A repository of its own inside .git: no push of the journal can
	 * reach its objects, and the 0700 folders keep other users out.
	 */
	if (tend_fs_exists(path)) {
		if ((error = tend_store_open(&journal->private_store,
		    path)) < 0)
			error = tend_error_wrap(error, "the private store '%s' "
			    "cannot be opened", path);
	} else if (mode != TEND_PRIVATE_CREATE)
		error = tend_error_set(TEND_ENOTFOUND, "no private entries");
	else
		error = make_private(journal, path);
	free(path);
	if (error == 0)
		*out = journal->private_store;
	return error;
}

/*
 * Make the private store aside and rename it into place, so that a crash
 * never leaves half a repository where tend looks.  The caller holds the
 * lock: a "private.new" found here is only ever a dead tend's, never
 * renamed into place, so it holds nothing written: it goes.
 */
static int
make_private(struct tend_journal *journal, const char *path)
{
	struct tend_store	*store;
	char			*fresh;
	int			 error;

	if ((fresh = tend_fs_join(tend_store_gitdir(journal->store),
	    TEND_LAYOUT_PRIVATE ".new")) == NULL)
		return tend_error_nomem();
	if ((error = tend_fs_remove_tree(fresh)) == 0 &&
	    (error = tend_fs_mkdirs(fresh, NULL)) == 0 &&
	    (error = tend_store_init(&store, fresh)) == 0) {
		tend_store_free(store);
		if (rename(fresh, path) < 0)
			error = tend_error_errno("cannot create '%s'", path);
		else
			error = tend_store_open(&journal->private_store, path);
	}
	/* Half a repository made aside is of no use to anyone. */
	if (error < 0)
		(void)tend_fs_remove_tree(fresh);
	free(fresh);
	return error;
}

char *
tend_journal_lock_path(const struct tend_journal *journal)
{
	return tend_fs_join(tend_store_gitdir(journal->store), TEND_LAYOUT_LOCK);
}

struct tend_txn **
tend_journal_txn(struct tend_journal *journal)
{
	return &journal->txn;
}

void
tend_journal_set_lock_hook(struct tend_journal *journal,
    const struct tend_lock_hook *hook)
{
	journal->lock_hook.fn = hook != NULL ? hook->fn : NULL;
	journal->lock_hook.arg = hook != NULL ? hook->arg : NULL;
}

void
tend_journal_lock_event(struct tend_journal *journal,
    const struct tend_lock_note *note)
{
	if (journal->lock_hook.fn != NULL)
		journal->lock_hook.fn(note, journal->lock_hook.arg);
}

int
tend_journal_person(char **name, char **email, const char *spec)
{
	return journal_parse_person(name, email, spec);
}
