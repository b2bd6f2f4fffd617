/*
 * What journal.c, which opens a journal and reads its partners, shares
 * with journal-init.c, which makes one.
 */
#ifndef TEND_JOURNAL_INTERNAL_H
#define TEND_JOURNAL_INTERNAL_H

#include "internal.h"

#define CONF_FILE	"tend.conf"
#define CONF_VERSION	"1"

struct partner {
	char	*id;
	char	*name;
	char	*email;		/* NULL: use git's user.email */
	uint8_t	(*keys)[TEND_ED25519_PUBLIC];	/* partner.ID.key, each device's */
	size_t	 nkeys;
};

struct tend_journal {
	struct tend_store	*store;
	struct tend_store	*private_store;	/* opened when first needed */
	char			*content_dir;
	char			*me;	/* tend.me, or NULL */
	struct partner		*partners;
	size_t			 npartners;
	struct tend_txn		*txn;	/* the one holding the lock, or NULL */
	struct tend_cipher	*cipher;	/* an encrypted journal's, or NULL */
	int			 encrypted;	/* it has a keyring */
	struct tend_lock_hook	 lock_hook;
	int			(*edit)(const char *, void *);
	void			*edit_arg;
	/* The agreements' history of HEAD HISTORY_HEAD ("": not read). */
	struct tend_history	 history;
	char			 history_head[TEND_OID_SIZE];
};

/*
 * tend_journal_init, with FILL (may be NULL) called to stage more in TXN
 * before the first commit: tend encrypt's copy, so that the new journal's
 * history starts whole, every entry in it, as no later commit could
 * bring the partners' entries in.
 */
int	tend_journal_init_with(struct tend_journal **, const char *dir,
	    const char *content_dir, const char *me, const char *me_id,
	    const char *const *partners, const char *const *partner_ids,
	    size_t npartners,
	    const struct tend_lock_hook *, unsigned int flags,
	    int (*fill)(struct tend_txn *, struct tend_journal *, void *),
	    void *);
/* Whether DIR holds a tend.conf. */
int	journal_is_dir(const char *dir);
/* Add partner ID, NAME <EMAIL> (EMAIL may be NULL); once, by id. */
int	journal_add_partner(struct tend_journal *, const char *id,
	    const char *name, const char *email);
struct partner *journal_partner_find(const struct tend_journal *,
	    const char *id);
/* Whether PARTNER published KEY; add it to those they did, once. */
int	journal_partner_has_key(const struct partner *, const uint8_t *key);
int	journal_partner_add_key(struct partner *, const uint8_t *key);
/*
 * Open an encrypted journal's keyring with this device's key and seal the
 * store with what it holds (nothing for a journal that is not encrypted);
 * a device the keyring holds no key for opens the journal unsealed, and
 * what is sealed in it then fails to read, saying so.
 */
int	journal_unlock(struct tend_journal *);
/*
 * encrypt.c: make a new journal's first key, sealed to this device in a
 * keyring whose text comes back, and seal the store from then on.
 */
int	journal_encrypt_new(struct tend_journal *, struct tend_buf *keyring);
/* Tell plain git, in .git/config, to seal and open with 'tend filter'. */
int	journal_git_filter(struct tend_journal *);
/* Set what plain git needs to commit and pull beside tend (journal-write.c). */
int	journal_plain_git(struct tend_journal *);
/* "Name <address>" or "Name" into NAME and EMAIL (NULL when none). */
int	journal_parse_person(char **name, char **email, const char *spec);
/* GIVEN (checked) as a partner's id, or, if NULL, the slug of NAME. */
int	journal_person_id(char **id, const char *given, const char *name);

#endif
