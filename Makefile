# tend: build, test, install.  POSIX make where it can be; see README.md.

PREFIX	?= /usr/local
BINDIR	?= $(PREFIX)/bin
MANDIR	?= $(PREFIX)/share/man
DATADIR	?= $(PREFIX)/share
BASHCOMPDIR	?= $(DATADIR)/bash-completion/completions
ZSHCOMPDIR	?= $(DATADIR)/zsh/site-functions
FISHCOMPDIR	?= $(DATADIR)/fish/vendor_completions.d

CFLAGS		?= -O2 -g
PKG_CONFIG	?= pkg-config
PROVE		?= prove

PKGS		= libgit2 libcmark yaml-0.1 libsodium libgcrypt
DEBIAN_PKGS	= libgit2-dev libcmark-dev libyaml-dev libsodium-dev \
		  libgcrypt20-dev libssh2-1-dev libkrb5-dev \
		  pkg-config git mandoc perl openssh-server \
		  openssh-client python3-icalendar chromium python3-yaml \
		  faketime wamerican nginx-light fcgiwrap openssl \
		  systemd

# The project's own flags: user CFLAGS add to them, never replace them.
TEND_CFLAGS	= -std=c11 -D_POSIX_C_SOURCE=200809L -Wall -Wextra -Werror \
		  -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
		  -DTEND_CONTENT_DIR='"$(DATADIR)/tend/content"'

SANITIZE_FLAGS	= -fsanitize=address,undefined -fno-omit-frame-pointer \
		  -fno-sanitize-recover=all

# The files that wrap libgit2, which share lib/store-internal.h.
STORE_OBJS	= lib/conf.o lib/store.o lib/store-commit.o lib/store-history.o \
		  lib/store-integrate.o lib/store-local.o lib/store-read.o \
		  lib/store-remote.o \
		  lib/store-verify.o lib/store-incoming.o lib/store-seal.o \
		  lib/store-http.o lib/store-remote-add.o lib/store-tree.o \
		  lib/store-trees.o
LIB_OBJS	= lib/agree.o lib/agree-history.o lib/buf.o lib/checkin.o lib/blob-cache.o lib/checkin-cache.o lib/log-cache.o lib/config.o lib/content.o \
		  lib/cipher.o lib/crypto.o lib/encrypt.o lib/keyring.o \
		  lib/keys.o lib/ssh.o \
		  lib/sshsig.o \
		  lib/trust.o \
		  lib/date.o lib/export.o lib/export-json.o lib/import.o lib/json.o \
		  lib/diff.o lib/diff-format.o lib/entry.o lib/entry-edit.o lib/error.o lib/frontmatter.o lib/fsutil.o lib/history.o lib/hooks.o lib/html.o \
		  lib/journal.o lib/journal-init.o lib/journal-write.o lib/log.o lib/markdown.o lib/reflect.o lib/remind.o lib/ritual.o lib/resent.o lib/resent-cache.o lib/search.o lib/search-match.o lib/dashboard.o $(STORE_OBJS) lib/sync.o lib/incoming.o lib/tend.o \
		  lib/sealed.o lib/siv.o lib/slug.o lib/tag.o lib/text.o \
		  lib/credential.o \
		  lib/child.o lib/gitcli.o lib/url.o lib/doctor.o lib/doctor-authors.o lib/doctor-keys.o lib/doctor-locks.o lib/doctor-report.o lib/doctor-sealed.o \
		  lib/layout.o \
		  lib/lock.o lib/txn.o lib/undo.o lib/words.o \
		  lib/sync-auto.o lib/sync-setup.o lib/housekeeping.o
CMD_OBJS	= cmd/agree.o cmd/checkin.o cmd/clone.o cmd/config.o cmd/edit.o cmd/export.o cmd/filter.o cmd/help.o cmd/import.o cmd/init.o cmd/key.o cmd/log.o cmd/reflect.o cmd/remind.o cmd/resent.o cmd/rm.o cmd/search.o cmd/show.o \
		  cmd/status.o cmd/sync.o cmd/tend.o cmd/undo.o cmd/support/tags.o cmd/support/ui.o \
		  cmd/doctor.o cmd/encrypt.o cmd/support/deferred-init.o
UNIT_TESTS	= tests/unit/test-date tests/unit/test-diff \
		  tests/unit/test-entry \
		  tests/unit/test-reflect tests/unit/test-search \
		  tests/unit/test-frontmatter tests/unit/test-json \
		  tests/unit/test-markdown \
		  tests/unit/test-sealed tests/unit/test-slug tests/unit/test-tag \
		  tests/unit/test-text \
		  tests/unit/test-words \
		  tests/unit/test-lock tests/unit/test-fsutil tests/unit/test-layout \
		  tests/unit/test-store tests/unit/test-txn \
		  tests/unit/test-pathological tests/unit/test-ssh \
		  tests/unit/test-keyring tests/unit/test-credential \
		  tests/unit/test-child
# Fuzz harnesses (tests/fuzz/NAME.c): make check replays their corpora
# through tests/fuzz/NAME, make fuzz runs tests/fuzz/NAME.fuzz (clang).
FUZZ_HARNESSES	= conf date diff entry frontmatter keyring names sanitize \
		  sealed sshsig words
FUZZ_REPLAYS	= tests/fuzz/conf tests/fuzz/date tests/fuzz/diff \
		  tests/fuzz/entry tests/fuzz/frontmatter tests/fuzz/names \
		  tests/fuzz/sanitize tests/fuzz/sshsig tests/fuzz/keyring \
		  tests/fuzz/sealed tests/fuzz/words
FUZZ_CC		= clang
FUZZ_DEBIAN_PKGS = clang libclang-rt-14-dev
FUZZ_FLAGS	= -O1 -g -fno-omit-frame-pointer \
		  -fsanitize=address,undefined -fno-sanitize-recover=all
FUZZ_SECONDS	= 60
# A number of runs stops each harness sooner; -1 sets no limit.
FUZZ_RUNS	= -1
# New inputs found while fuzzing go here, outside the source tree.
FUZZ_WORK	= $${TMPDIR:-/tmp}/tend-fuzz
MAN1_PAGES	= man/tend.1 man/tend-agree.1 man/tend-checkin.1 \
		  man/tend-clone.1 man/tend-config.1 man/tend-edit.1 \
		  man/tend-export.1 man/tend-import.1 \
		  man/tend-init.1 man/tend-key.1 man/tend-log.1 \
		  man/tend-reflect.1 man/tend-remind.1 man/tend-resent.1 \
		  man/tend-rm.1 man/tend-search.1 man/tend-show.1 \
		  man/tend-undo.1 \
		  man/tend-status.1 man/tend-sync.1 man/tend-filter.1 \
		  man/tend-doctor.1 man/tend-encrypt.1 man/tend-help.1
MAN5_PAGES	= man/tend-entry.5 man/tend.conf.5
MAN7_PAGES	= man/tend.7
MAN_PAGES	= $(MAN1_PAGES) $(MAN5_PAGES) $(MAN7_PAGES)

all: tend

# Install the Debian packages tend builds and tests with.
deps:
	@if [ "$$(id -u)" = 0 ]; then \
		apt-get update && \
		DEBIAN_FRONTEND=noninteractive apt-get install -y \
		    --no-install-recommends $(DEBIAN_PKGS); \
	else \
		echo "tend needs these Debian packages; run:"; \
		echo "  sudo apt-get install $(DEBIAN_PKGS)"; \
		exit 1; \
	fi

# Runs 'make deps' only when something is missing, then remembers the
# flags a build uses so that changing them (SANITIZE=1) rebuilds all.
.build-flags: FORCE
	@$(PKG_CONFIG) --exists $(STATIC_PKGS) libssh2 krb5-gssapi 2>/dev/null && \
	    command -v git >/dev/null && command -v mandoc >/dev/null && \
	    command -v $(PROVE) >/dev/null && test -x /usr/sbin/sshd && \
	    test -x /usr/sbin/nginx && test -x /usr/sbin/fcgiwrap && \
	    command -v faketime >/dev/null || \
	    $(MAKE) deps
	@flags='$(CC) $(TEND_CFLAGS) $(CFLAGS) $(SANITIZE_$(SANITIZE)) $(LDFLAGS)'; \
	if [ "$$(cat $@ 2>/dev/null)" != "$$flags" ]; then \
		echo "$$flags" > $@; \
	fi

FORCE:

.SUFFIXES: .c .o .san.o .san .fuzz.o .fuzz

.c.o:
	$(CC) $(TEND_CFLAGS) $$($(PKG_CONFIG) --cflags $(PKGS)) \
	    $(CFLAGS) $(SANITIZE_$(SANITIZE)) -c $< -o $@

SANITIZE_1 = $(SANITIZE_FLAGS)

# The private headers that files of one module share (lib/MODULE-internal.h)
# are few and small: every library object depends on all of them.
LIB_HEADERS	= lib/internal.h lib/tend.h lib/agree-internal.h \
		  lib/diff-internal.h lib/doctor-internal.h \
		  lib/journal-internal.h lib/search-internal.h \
		  lib/store-internal.h

$(CMD_OBJS): .build-flags lib/internal.h lib/tend.h
$(LIB_OBJS): .build-flags $(LIB_HEADERS)
$(CMD_OBJS): cmd/cmd.h

# The word list of codes and fingerprints is part of tend's formats (a code
# read aloud must read the same on both machines), so it is compiled in,
# never looked for at run time.  Only a-z can be quoted as it stands.  Rows
# of chars, not pointers, leave the dynamic linker nothing to relocate.
lib/words-list.h: content/words/en.txt Makefile
	awk 'BEGIN { print "/* Made from content/words/en.txt by make: " \
	    "do not edit. */" } \
	    !/^[a-z]+$$/ { print FILENAME ":" NR ": not a word of a-z: " \
	    $$0 | "cat 1>&2"; bad = 1 } \
	    { word[NR] = $$0; if (length($$0) > longest) \
	    longest = length($$0) } \
	    END { print "#define TEND_WORDS_LONGEST\t" longest; \
	    print "static const char " \
	    "tend_words_list[][TEND_WORDS_LONGEST + 1] = {"; \
	    for (i = 1; i <= NR; i++) print "\t\"" word[i] "\","; \
	    print "};"; exit bad }' content/words/en.txt >$@.tmp && \
	    mv $@.tmp $@ || { rm -f $@.tmp; exit 1; }
lib/words.o lib/words.san.o lib/words.fuzz.o: lib/words-list.h

lib/libtend.a: $(LIB_OBJS)
	rm -f $@
	$(AR) rcs $@ $(LIB_OBJS)

# tend links the static archives Debian ships of libgit2, of what it
# stands on (mbedTLS, PCRE2, zlib, http-parser) and of cmark, libyaml,
# libsodium and libgcrypt.  Linked against the shared ones, the dynamic
# linker binds some 6,000 symbols of 21 libraries before main on every
# run, 8.7 million instructions where git's whole start-up takes 0.4
# million; as below, 'tend --version' takes 0.28 million.  libc stays
# shared; libssh2 (with OpenSSL) and GSSAPI are opened when a connection
# needs them.  The cost: a security update of one of the static packages
# reaches tend when it is built again.
# WRAP sends libgit2's calls of the functions that start its transports to
# cmd/support/deferred-init.c, which starts them at the first connection.
# The unit tests and fuzz replays link the shared libraries.
STATIC_PKGS	= $(PKGS)
WRAP		= -Wl,--wrap=mbedtls_x509_crt_parse_file \
		  -Wl,--wrap=mbedtls_ssl_handshake \
		  -Wl,--wrap=mbedtls_entropy_init \
		  -Wl,--wrap=mbedtls_entropy_free \
		  -Wl,--wrap=mbedtls_ctr_drbg_seed \
		  -Wl,--wrap=mbedtls_ctr_drbg_random

# Only the static tend: neither GSSAPI nor libssh2 (with the OpenSSL it
# stands on) is linked; cmd/support/lazy-*.c open them when a server first
# asks for Negotiate authentication or an SSH session starts.  Their
# functions are defined before libgit2.a is searched, so libgit2.pc's
# -lssh2 takes nothing.  cmd/support/deferred-tls.c puts off libgit2's own
# TLS set-up (WRAP_STATIC: functions the shared libgit2 does not export).
LAZY_OBJS	= cmd/support/lazy-gssapi.o cmd/support/lazy-libssh2.o \
		  cmd/support/deferred-tls.o
WRAP_STATIC	= -Wl,--wrap=git_mbedtls_stream_global_init \
		  -Wl,--wrap=git_mbedtls_stream_new \
		  -Wl,--wrap=git_mbedtls_stream_wrap \
		  -Wl,--wrap=git_mbedtls__set_cert_location

# The relative relocations that remain (some 5,800) are packed (DT_RELR,
# glibc 2.36): 1.6 KB for the dynamic linker to read instead of 140 KB.
RELR		= -Wl,-z,pack-relative-relocs

tend: $(CMD_OBJS) $(LAZY_OBJS) lib/libtend.a
	$(CC) $(CFLAGS) $(SANITIZE_$(SANITIZE)) $(RELR) $(LDFLAGS) -o $@ \
	    $(CMD_OBJS) $(LAZY_OBJS) lib/libtend.a $(WRAP) $(WRAP_STATIC) \
	    -Wl,-Bstatic \
	    $$($(PKG_CONFIG) --static --libs-only-l $(STATIC_PKGS)) \
	    -Wl,-Bdynamic

$(LAZY_OBJS): .build-flags
cmd/support/lazy-gssapi.o: cmd/support/lazy-gssapi.c
	$(CC) $(TEND_CFLAGS) $$($(PKG_CONFIG) --cflags krb5-gssapi) \
	    $(CFLAGS) $(SANITIZE_$(SANITIZE)) -c cmd/support/lazy-gssapi.c -o $@
cmd/support/lazy-libssh2.o: cmd/support/lazy-libssh2.c
	$(CC) $(TEND_CFLAGS) $$($(PKG_CONFIG) --cflags libssh2) \
	    $(CFLAGS) $(SANITIZE_$(SANITIZE)) -c cmd/support/lazy-libssh2.c -o $@

# The same tend linked with the shared libraries, for the one test that
# stands in front of a libgit2 function with LD_PRELOAD (tests/faultshim.so
# runs a command just before git_commit_create_with_signature): calls
# bound at link time cannot be interposed.
tests/tend-shared: $(CMD_OBJS) lib/libtend.a
	$(CC) $(CFLAGS) $(SANITIZE_$(SANITIZE)) $(LDFLAGS) -o $@ $(CMD_OBJS) \
	    lib/libtend.a $(WRAP) \
	    $$($(PKG_CONFIG) --static --libs $(STATIC_PKGS) libssh2) \
	    $$($(PKG_CONFIG) --libs krb5-gssapi)

# A unit test is one C file linked with the library.
.c:
	$(CC) $(TEND_CFLAGS) $(CFLAGS) $(SANITIZE_$(SANITIZE)) $(LDFLAGS) \
	    -o $@ $< lib/libtend.a $$($(PKG_CONFIG) --libs $(PKGS))

$(UNIT_TESTS): lib/libtend.a tests/unit/tap.h lib/internal.h

# The pseudo-terminal driver of the interactive tests needs XSI's pty calls.
tests/tty: tests/tty.c .build-flags
	$(CC) -std=c11 -D_XOPEN_SOURCE=700 -Wall -Wextra -Werror $(CFLAGS) \
	    $(SANITIZE_$(SANITIZE)) $(LDFLAGS) -o $@ tests/tty.c

# Benchmarks time with the monotonic clock and wait4's peak memory.
tests/bench/timeit: tests/bench/timeit.c .build-flags
	$(CC) -std=c11 -D_POSIX_C_SOURCE=200809L -Wall -Wextra -Werror \
	    $(CFLAGS) $(LDFLAGS) -o $@ tests/bench/timeit.c

# gen-journal's partners' device keys and commit signatures, made by the
# library's own code: a program linked with it, as a unit test is.
tests/bench/signer: lib/libtend.a lib/internal.h
# gen-journal --encrypt's files, names, messages and keyrings, sealed by
# the library's own code with the keys tend init --encrypt made.
tests/bench/sealer: lib/libtend.a lib/internal.h

check: tend $(UNIT_TESTS) $(FUZZ_REPLAYS) tests/tty tests/bench/timeit \
    tests/bench/signer tests/bench/sealer tests/faultshim.so tests/tend-shared
	mandoc -Tlint -Wwarning $(MAN_PAGES)
	ASAN_OPTIONS=abort_on_error=1$${ASAN_OPTIONS:+:$$ASAN_OPTIONS} \
	FAULT_STRIDE=$${FAULT_STRIDE:-2} \
	    $(PROVE) $(PROVEFLAGS) $(UNIT_TESTS) tests/t[0-9]*.sh
	@if [ "$(SANITIZE)" != 1 ]; then $(MAKE) check-sanitize; fi

# The tests that depend on today, again at month and year edges, on 29
# February and at daylight-saving changes (tests/dates.sh, faketime);
# make check runs a quick subset of it (tests/t0060-dates.sh).
check-dates: tend tests/tty tests/faultshim.so tests/tend-shared
	sh tests/dates.sh

# The fault shim of tests/t6010-faults.sh: only ever LD_PRELOADed by tests.
tests/faultshim.so: tests/faultshim.c
	$(CC) -std=c11 -Wall -Wextra -Werror -shared -fPIC $(CFLAGS) \
	    -o $@ tests/faultshim.c -ldl

# Long runs: STRESS_TRIALS kill trials, STRESS_SCENARIOS two-replica sync
# scenarios (1,000 each), every fault at every call; see README.md.
stress: tend tests/faultshim.so
	STRESS_TRIALS=$${STRESS_TRIALS:-1000} \
	    STRESS_SCENARIOS=$${STRESS_SCENARIOS:-1000} FAULT_STRIDE=1 \
	    FAULT_ERRNOS="$${FAULT_ERRNOS:-EIO ENOSPC}" \
	    $(PROVE) -v tests/stress/crash.sh tests/stress/replicas.sh \
	    tests/t6010-faults.sh

$(FUZZ_REPLAYS): lib/libtend.a tests/fuzz/fuzz.h tests/fuzz/replay.c \
    lib/internal.h

# The unit tests and the fuzz replays once more under ASan and UBSan, from
# objects of their own (*.san.o), so a plain make check covers both builds.
SAN_OBJS	= $(LIB_OBJS:.o=.san.o)
SAN_TESTS	= $(UNIT_TESTS:=.san) $(FUZZ_REPLAYS:=.san)

.c.san.o:
	$(CC) $(TEND_CFLAGS) $$($(PKG_CONFIG) --cflags $(PKGS)) \
	    $(CFLAGS) $(SANITIZE_FLAGS) -c $< -o $@

.c.san:
	$(CC) $(TEND_CFLAGS) $(CFLAGS) $(SANITIZE_FLAGS) $(LDFLAGS) \
	    -o $@ $< lib/libtend.san.a $$($(PKG_CONFIG) --libs $(PKGS))

$(SAN_OBJS): .build-flags $(LIB_HEADERS)

lib/libtend.san.a: $(SAN_OBJS)
	rm -f $@
	$(AR) rcs $@ $(SAN_OBJS)

$(SAN_TESTS): lib/libtend.san.a tests/unit/tap.h tests/fuzz/fuzz.h \
    tests/fuzz/replay.c lib/internal.h

check-sanitize: $(SAN_TESTS)
	ASAN_OPTIONS=abort_on_error=1:detect_leaks=1 \
	UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	LSAN_OPTIONS=suppressions=tests/lsan.supp:print_suppressions=0 \
	    $(PROVE) $(PROVEFLAGS) $(UNIT_TESTS:=.san) \
	    tests/t0050-fuzz-replay.sh :: .san

# make fuzz: each harness for FUZZ_SECONDS seconds (or FUZZ_RUNS runs)
# under libFuzzer, its corpus read as seeds; crash inputs land in
# tests/fuzz/crashes/NAME/.  FUZZ_HARNESSES=diff picks one.
FUZZ_OBJS	= $(LIB_OBJS:.o=.fuzz.o)

.c.fuzz.o:
	$(FUZZ_CC) $(TEND_CFLAGS) $$($(PKG_CONFIG) --cflags $(PKGS)) \
	    $(FUZZ_FLAGS) -fsanitize=fuzzer-no-link -c $< -o $@

.c.fuzz:
	$(FUZZ_CC) $(TEND_CFLAGS) -DTEND_LIBFUZZER $(FUZZ_FLAGS) \
	    -fsanitize=fuzzer -o $@ $< lib/libtend.fuzz.a \
	    $$($(PKG_CONFIG) --libs $(PKGS))

$(FUZZ_OBJS): .build-flags $(LIB_HEADERS)

lib/libtend.fuzz.a: $(FUZZ_OBJS)
	rm -f $@
	$(AR) rcs $@ $(FUZZ_OBJS)

$(FUZZ_REPLAYS:=.fuzz): lib/libtend.fuzz.a tests/fuzz/fuzz.h

fuzz:
	@command -v $(FUZZ_CC) >/dev/null || { \
		echo "make fuzz needs clang and libFuzzer; run:"; \
		echo "  sudo apt-get install $(FUZZ_DEBIAN_PKGS)"; \
		exit 1; \
	}
	@$(MAKE) $(FUZZ_REPLAYS:=.fuzz)
	@for name in $(FUZZ_HARNESSES); do \
		work=$(FUZZ_WORK)/$$name; \
		mkdir -p "$$work" tests/fuzz/crashes/$$name || exit 1; \
		echo "fuzz: $$name for $(FUZZ_SECONDS) s, new inputs in $$work"; \
		TMPDIR=$$(test -d /dev/shm && echo /dev/shm || \
		    echo "$${TMPDIR:-/tmp}") \
		ASAN_OPTIONS=abort_on_error=1:detect_leaks=1 \
		nice -n 19 tests/fuzz/$$name.fuzz \
		    -max_total_time=$(FUZZ_SECONDS) -runs=$(FUZZ_RUNS) -timeout=10 \
		    -rss_limit_mb=2048 -print_final_stats=1 \
		    -artifact_prefix=tests/fuzz/crashes/$$name/ \
		    "$$work" tests/fuzz/corpus/$$name || exit 1; \
	done

demo: tend
	sh tests/demo.sh

# tend against the git CLI on a ten-year journal, and that journal encrypted
# against it plain; BENCHFLAGS='--pairs 20'.
bench: tend tests/bench/timeit tests/bench/signer tests/bench/sealer
	tests/bench/run $(BENCHFLAGS)

install: tend
	mkdir -p $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 \
	    $(DESTDIR)$(MANDIR)/man5 $(DESTDIR)$(MANDIR)/man7 \
	    $(DESTDIR)$(DATADIR)/tend/content $(DESTDIR)$(BASHCOMPDIR) \
	    $(DESTDIR)$(ZSHCOMPDIR) $(DESTDIR)$(FISHCOMPDIR)
	cp tend $(DESTDIR)$(BINDIR)/tend
	chmod 755 $(DESTDIR)$(BINDIR)/tend
	cp $(MAN1_PAGES) $(DESTDIR)$(MANDIR)/man1/
	cp $(MAN5_PAGES) $(DESTDIR)$(MANDIR)/man5/
	cp $(MAN7_PAGES) $(DESTDIR)$(MANDIR)/man7/
	cp -R content/. $(DESTDIR)$(DATADIR)/tend/content/
	cp content/completions/tend.bash $(DESTDIR)$(BASHCOMPDIR)/tend
	cp content/completions/_tend $(DESTDIR)$(ZSHCOMPDIR)/_tend
	cp content/completions/tend.fish $(DESTDIR)$(FISHCOMPDIR)/tend.fish

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/tend
	for page in $(MAN_PAGES); do \
		page=$${page#man/}; \
		rm -f "$(DESTDIR)$(MANDIR)/man$${page##*.}/$$page"; \
	done
	rm -rf $(DESTDIR)$(DATADIR)/tend
	rm -f $(DESTDIR)$(BASHCOMPDIR)/tend $(DESTDIR)$(ZSHCOMPDIR)/_tend \
	    $(DESTDIR)$(FISHCOMPDIR)/tend.fish

clean:
	rm -f tend lib/libtend.a $(LIB_OBJS) $(CMD_OBJS) $(LAZY_OBJS) \
	    $(UNIT_TESTS) tests/tty \
	    lib/words-list.h tests/bench/timeit tests/bench/signer \
	    tests/bench/sealer \
	    tests/faultshim.so tests/tend-shared .build-flags $(FUZZ_REPLAYS) \
	    lib/libtend.san.a $(SAN_OBJS) $(SAN_TESTS) lib/libtend.fuzz.a \
	    $(FUZZ_OBJS) $(FUZZ_REPLAYS:=.fuzz)

.PHONY: all bench deps check check-dates check-sanitize fuzz demo install \
	uninstall clean stress FORCE
