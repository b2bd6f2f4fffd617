/* Unit tests for lib/layout.c: the one file that knows where entries live. */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../lib/internal.h"
#include "tap.h"

static int	agree_name(char *, const char *);
static void	sealed_names(void);

static int
agree_name(char *out, const char *path)
{
	out[0] = '\0';
	return tend_layout_agree_name(out, path, strlen(path));
}

/* In an encrypted journal a slug is sealed in the path, and comes back. */
static void
sealed_names(void)
{
	struct tend_journal_keys	*keys = NULL;
	struct tend_cipher		*cipher = NULL;
	struct tend_buf			 path = TEND_BUF_INIT, again = TEND_BUF_INIT;
	char				 name[TEND_AGREE_NAME_MAX + 1], *id = NULL;
	const char			*slash;

	if (tend_lib_init() < 0 || tend_journal_keys_new(&keys) < 0 ||
	    tend_cipher_new(&cipher, keys) < 0) {
		printf("Bail out! no journal key\n");
		exit(1);
	}
	ok(tend_layout_entry_stem(&path, cipher, TEND_KIND_REFLECT,
	    "2026-12-03", "sam", "old-wounds") == 0, "a sealed stem");
	slash = strrchr(path.data, '/');
	ok(strncmp(path.data, "reflect/2026/12/2026-12-03-sam-", 31) == 0 &&
	    strstr(path.data, "old-wounds") == NULL,
	    "keeps its day and author, not its slug");
	ok(slash != NULL && strlen(slash + 1) - strlen("2026-12-03-sam-") >=
	    TEND_LAYOUT_SEALED_NAME_MIN, "the sealed slug is long enough");
	ok(tend_layout_entry_stem(&again, cipher, TEND_KIND_REFLECT,
	    "2026-12-03", "sam", "old-wounds") == 0 &&
	    strcmp(again.data, path.data) == 0, "the same slug, the same path");
	ok(tend_buf_puts(&path, ".md") == 0 && tend_layout_entry_id(&id, cipher, path.data) == 0 &&
	    strcmp(id, "2026-12-03-sam-old-wounds") == 0, "its id opened");
	free(id);
	ok(tend_layout_agree_path(&path, cipher, "phones") == 0 &&
	    strncmp(path.data, "agree/", 6) == 0 &&
	    strstr(path.data, "phones") == NULL, "a sealed agreement's path");
	ok(tend_layout_agree_name_of(name, cipher, path.data, path.len) &&
	    strcmp(name, "phones") == 0, "its name opened");
	ok(!tend_layout_agree_name_of(name, NULL, path.data, path.len) ||
	    strcmp(name, "phones") != 0, "not without the key");
	tend_buf_free(&again);
	tend_buf_free(&path);
	tend_cipher_free(cipher);
}

int
main(void)
{
	struct tend_buf	 path = TEND_BUF_INIT;
	enum tend_kind	 kind;
	char		 name[TEND_AGREE_NAME_MAX + 1], longest[TEND_LAYOUT_NAME_MAX + 2];

	plan(53);

	is_str(tend_kind_name(TEND_KIND_CHECKIN), "checkin", "checkin");
	is_str(tend_kind_name(TEND_KIND_REFLECT), "reflect", "reflect");
	is_str(tend_kind_name(TEND_KIND_RESENT), "resent", "resent");
	is_str(tend_kind_name(TEND_KIND_AGREE), "agree", "agree");
	is_str(tend_kind_name(TEND_KIND_COUNT), NULL, "no fifth kind");

	ok(tend_kind_of_path(&kind, "resent/2026-12-03-alex-keys.md") &&
	    kind == TEND_KIND_RESENT, "a resentment's path is one");
	ok(tend_kind_of_path(&kind, "checkin/2026/12/x.md") &&
	    kind == TEND_KIND_CHECKIN, "a check-in's too");
	ok(!tend_kind_of_path(NULL, "checkins/x.md"), "a longer folder is not");
	ok(!tend_kind_of_path(NULL, "agree"), "nor the folder's own name");
	ok(!tend_kind_of_path(NULL, "tend.conf"), "nor tend.conf");

	ok(tend_layout_entry_stem(&path, NULL, TEND_KIND_CHECKIN, "2026-12-03",
	    "alex", NULL) == 0, "a check-in's stem");
	is_str(path.data, "checkin/2026/12/2026-12-03-alex", "is by month");
	ok(tend_layout_entry_stem(&path, NULL, TEND_KIND_REFLECT, "2028-02-29",
	    "sam", "old-wounds") == 0, "a reflection's stem");
	is_str(path.data, "reflect/2028/02/2028-02-29-sam-old-wounds",
	    "is by month, with its slug");
	ok(tend_layout_entry_stem(&path, NULL, TEND_KIND_RESENT, "2027-01-01",
	    "robin", "late-again") == 0, "a resentment's stem");
	is_str(path.data, "resent/2027-01-01-robin-late-again", "is flat");
	ok(tend_layout_agree_path(&path, NULL, "phones") == 0 &&
	    strcmp(path.data, "agree/phones.md") == 0, "an agreement's path");

	ok(agree_name(name, "agree/phones-at-dinner.md") &&
	    strcmp(name, "phones-at-dinner") == 0, "its name read back");
	ok(!agree_name(name, "agree/.md"), "an empty name is none");
	ok(!agree_name(name, "agree/a/b.md"), "a name holds no slash");
	ok(!agree_name(name, "agree/phones.txt"), "nor another suffix");
	ok(!agree_name(name, "agreement/phones.md"), "nor another folder");
	/* agree/ and TEND_AGREE_NAME_MAX letters, then .md; then one more. */
	memcpy(longest, "agree/", 6);
	memset(longest + 6, 'a', TEND_AGREE_NAME_MAX + 1);
	memcpy(longest + 6 + TEND_AGREE_NAME_MAX, ".md", 4);
	ok(agree_name(name, longest) &&
	    strlen(name) == TEND_AGREE_NAME_MAX, "the longest name fits");
	memcpy(longest + 6 + TEND_AGREE_NAME_MAX + 1, ".md", 4);
	ok(!agree_name(name, longest), "one more is refused");

	ok(tend_layout_name_problem("2026-12-03-alex.md") == NULL,
	    "an entry's name is a name");
	ok(tend_layout_name_problem("李明 and Zoë.md") == NULL,
	    "so is one in any script");
	ok(tend_layout_name_problem(".gitattributes") == NULL,
	    "and one that starts like git's folder");
	ok(tend_layout_name_problem("") != NULL, "an empty name is not");
	ok(tend_layout_name_problem(".") != NULL, "nor '.'");
	ok(tend_layout_name_problem("..") != NULL, "nor '..'");
	ok(tend_layout_name_problem(".git") != NULL, "nor .git");
	ok(tend_layout_name_problem(".GiT") != NULL, "in any case");
	ok(tend_layout_name_problem(".git. .") != NULL,
	    "with dots and spaces after");
	ok(tend_layout_name_problem("GIT~1") != NULL, "or as its short name");
	ok(tend_layout_name_problem("a\033[2J") != NULL, "nor an ESC");
	ok(tend_layout_name_problem("a\302\233b") != NULL, "nor a C1 CSI");
	ok(tend_layout_name_problem("a\nb") != NULL, "nor a newline");
	ok(tend_layout_name_problem("a\377b") != NULL, "nor bad UTF-8");
	ok(tend_layout_name_problem("a\342\200\256b") != NULL,
	    "nor a right-to-left override");
	ok(tend_layout_name_problem("zo\342\200\213e.md") != NULL,
	    "nor a zero-width space");
	ok(tend_layout_name_problem("a\342\200\217b") != NULL,
	    "nor a right-to-left mark");
	ok(tend_layout_name_problem("\314\201x.md") != NULL,
	    "nor a combining mark first");
	ok(tend_layout_name_problem("\320\270\314\206.md") == NULL,
	    "a combining mark after a letter is");
	memset(longest, 'n', TEND_LAYOUT_NAME_MAX + 1);
	longest[TEND_LAYOUT_NAME_MAX] = '\0';
	ok(tend_layout_name_problem(longest) == NULL, "255 bytes fit");
	longest[TEND_LAYOUT_NAME_MAX] = 'n';
	longest[TEND_LAYOUT_NAME_MAX + 1] = '\0';
	ok(tend_layout_name_problem(longest) != NULL, "256 do not");

	sealed_names();
	tend_buf_free(&path);
	return done_testing();
}
