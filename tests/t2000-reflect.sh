#!/bin/sh
# tend reflect: private by default, prompts that rotate, sharing on purpose.
. "$(dirname "$0")/lib.sh"

private=journal/.git/tend/private

snapshot() {
	{ git -C journal rev-parse HEAD &&
	  git -C journal status --porcelain --untracked-files=all &&
	  { git -C $private rev-parse HEAD 2>/dev/null || echo none; }; } >"$1"
}

test_expect_success 'setup' '
	make_journal
'

test_expect_success 'a reflection is private: in the private store, not the journal' '
	head=$(git -C journal rev-parse HEAD) &&
	tend -C journal reflect -p fear-of-being-seen -m "Being seen feels like exam day." >id &&
	echo "$(date +%Y-%m-%d)-alex-fear-of-being-seen" >expect &&
	test_cmp expect id &&
	test "$(git -C journal rev-parse HEAD)" = "$head" &&
	git -C journal status --porcelain >status &&
	test_cmp /dev/null status &&
	f=$private/reflect/$(date +%Y/%m)/$(cat id).md &&
	test -f $f &&
	test "$(git -C $private log -1 --format="%an|%s")" = \
	    "Alex|reflect: alex $(date +%Y-%m-%d) fear-of-being-seen" &&
	git -C $private fsck --strict
'

test_expect_success 'its front matter and body' '
	f=$private/reflect/$(date +%Y/%m)/$(cat id).md &&
	sed -n "2p;3p;5p;6p;7p" $f >got &&
	printf "kind: reflect\nauthor: alex\ntitle: What would it cost you to be fully seen by the people closest to you?\nprompt: fear-of-being-seen\nshared: false\n" >expect &&
	test_cmp expect got &&
	test_grep "^# What would it cost you to be fully seen" $f &&
	test_grep "^Being seen feels like exam day.$" $f
'

test_expect_success 'private files and folders are 0600 and 0700' '
	test "$(file_mode journal/.git/tend)" = 700 &&
	test "$(file_mode $private)" = 700 &&
	test "$(file_mode $private/reflect/$(date +%Y/%m)/$(cat id).md)" = 600
'

test_expect_success 'show finds a private reflection and says it is private' '
	tend -C journal show --pretty "$(cat id)" >out &&
	test_grep "^reflect $(cat id) (private)$" out &&
	test_grep "exam day" out
'

test_expect_success 'without -p, the prompt least recently answered comes next' '
	tend -C journal reflect --prompts >prompts &&
	first=$(awk "\$2 == \"never\" { print \$1; exit }" prompts) &&
	tend -C journal reflect -m "one" >id2 &&
	test "$(cat id2)" = "$(date +%Y-%m-%d)-alex-$first" &&
	tend -C journal reflect --prompts >prompts &&
	test_grep "^$first  *$(date +%Y-%m-%d) " prompts &&
	second=$(awk "\$2 == \"never\" { print \$1; exit }" prompts) &&
	test "$second" != "$first" &&
	tend -C journal reflect -m "two" >id3 &&
	test "$(cat id3)" = "$(date +%Y-%m-%d)-alex-$second"
'

test_expect_success '--prompts lists every prompt with its question' '
	test "$(wc -l <prompts)" -ge 24 &&
	test_grep "^fear-of-being-seen  *$(date +%Y-%m-%d)  *What would it cost" prompts
'

test_expect_success 'the same prompt twice in a day gets a second file' '
	tend -C journal reflect -p fear-of-being-seen -m "again" >id4 &&
	test "$(cat id4)" = "$(date +%Y-%m-%d)-alex-fear-of-being-seen-2"
'

test_expect_success '--list shows my reflections, newest first' '
	tend -C journal reflect --list >list &&
	test "$(wc -l <list)" = 4 &&
	test_grep "private  $(cat id4)" list &&
	test_grep "private  $(cat id) " list
'

test_expect_success '--share writes a new reflection into the journal' '
	tend -C journal reflect --share -p saying-fine -m "I say fine a lot." >sid &&
	f=reflect/$(date +%Y/%m)/$(cat sid).md &&
	test -f journal/$f &&
	test_grep "^shared: true$" journal/$f &&
	test "$(git -C journal log -1 --format=%an)" = Alex &&
	git -C journal show --format= --name-only HEAD >touched &&
	echo $f >expect &&
	test_cmp expect touched &&
	test ! -e $private/$f
'

test_expect_success '--share ID publishes a private one; the private copy stays, marked' '
	tend -C journal reflect --share "$(cat id2)" >out &&
	test_cmp id2 out &&
	f=reflect/$(date +%Y/%m)/$(cat id2).md &&
	test_grep "^shared: true$" journal/$f &&
	test_grep "^shared: true$" $private/$f &&
	test_grep "^one$" journal/$f &&
	tend -C journal reflect --list >list &&
	test "$(grep -c "$(cat id2)" list)" = 1 &&
	test_grep "shared   $(cat id2)" list
'

test_expect_success 'sharing twice, or sharing a check-in, is refused' '
	snapshot before &&
	test_expect_code 1 tend -C journal reflect --share "$(cat id2)" 2>err &&
	test_grep "is shared already" err &&
	tend -C journal checkin $all_pillars >cid &&
	snapshot before &&
	test_expect_code 2 tend -C journal reflect --share "$(cat cid)" 2>err &&
	test_grep "is a checkin, not a reflection" err &&
	snapshot after &&
	test_cmp before after
'

test_expect_success 'an unknown prompt says how to list them; nothing written' '
	test_expect_code 2 tend -C journal reflect -p no-such-prompt -m x 2>err &&
	test_grep "no prompt .no-such-prompt.; .tend reflect --prompts. lists them" err &&
	snapshot after &&
	test_cmp before after
'

test_expect_success 'no text and no terminal is a usage error; empty text is refused' '
	test_expect_code 2 tend -C journal reflect </dev/null 2>err &&
	test_grep "no text: give -m TEXT or -F FILE" err &&
	printf "\n\n" >blank.txt &&
	test_expect_code 2 tend -C journal reflect -F blank.txt 2>err &&
	test_grep "empty" err &&
	test_expect_code 2 tend -C journal reflect -m x --list 2>err &&
	snapshot after &&
	test_cmp before after
'

test_expect_success 'on a terminal, the editor opens on the question; the guidance block is left out' '
	cat >editor <<-\EOF &&
	cp "$1" "$TRASH/template.seen"
	printf "My own words.\n\n<!-- my own comment -->\n" >>"$1"
	EOF
	echo wait >script &&
	EDITOR="sh $TRASH/editor" "$SRC_DIR/tests/tty" script -- \
	    tend -C journal reflect -p lessons-from-home >transcript &&
	test_grep "^<!--$" template.seen &&
	test_grep "^What did the home you grew up in teach you" template.seen &&
	test_grep "^Then: " template.seen &&
	f=$private/reflect/$(date +%Y/%m)/$(date +%Y-%m-%d)-alex-lessons-from-home.md &&
	test_grep "^My own words.$" $f &&
	test_grep "^<!-- my own comment -->$" $f &&
	test_grep ! "Write below this block" $f &&
	ls journal/.git/tend >left &&
	printf "allowed_signers\nkey-alex\nprivate\n" >expect &&
	test_cmp expect left
'

test_expect_success '$VISUAL wins over $EDITOR' '
	printf "printf \"visual\\\\n\" >>\"\$1\"\n" >visual &&
	echo wait >script &&
	VISUAL="sh $TRASH/visual" EDITOR=false "$SRC_DIR/tests/tty" script -- \
	    tend -C journal reflect -p lessons-from-home >transcript &&
	test_grep "^visual$" $private/reflect/$(date +%Y/%m)/$(date +%Y-%m-%d)-alex-lessons-from-home-2.md
'

test_expect_success 'an editor that fails, or an empty text, writes nothing' '
	snapshot before &&
	echo wait >script &&
	test_expect_code 1 env EDITOR="sh -c \"exit 3\"" "$SRC_DIR/tests/tty" script -- \
	    tend -C journal reflect >transcript &&
	test_grep "failed (status 3); nothing written" transcript &&
	test_expect_code 2 env EDITOR=true "$SRC_DIR/tests/tty" script -- \
	    tend -C journal reflect >transcript &&
	test_grep "the reflection is empty; nothing written" transcript &&
	snapshot after &&
	test_cmp before after &&
	ls journal/.git/tend >left &&
	printf "allowed_signers\nkey-alex\nprivate\n" >expect &&
	test_cmp expect left
'

test_expect_success 'what was written before the editor failed is kept, and named' '
	snapshot before &&
	echo wait >script &&
	test_expect_code 1 env EDITOR="sh -c \"echo Words I want to keep. >\\\"\\\$0\\\"; exit 3\"" \
	    "$SRC_DIR/tests/tty" script -- tend -C journal reflect >transcript &&
	test_grep "failed (status 3); nothing written; what you wrote is kept in" transcript &&
	kept=$(sed -n "s/.*kept in .\(.*EDIT-[A-Za-z0-9]*\).*/\1/p" transcript | tr -d "\r") &&
	test_grep "^Words I want to keep.$" "$kept" &&
	rm "$kept" &&
	snapshot after &&
	test_cmp before after
'

test_expect_success 'text comes from a file or standard input' '
	echo "from a pipe" | tend -C journal reflect -F - -p saying-fine >fid &&
	test_grep "^from a pipe$" $private/reflect/$(date +%Y/%m)/$(cat fid).md
'

test_expect_success 'a journal and a personal folder may override or add prompts' '
	mkdir -p journal/.tend/content/prompts/reflect \
	    "$XDG_CONFIG_HOME/tend/content/prompts/reflect" &&
	printf -- "---\ntheme: trust\n---\n# Our own question?\n\nOur guidance.\n" \
	    >journal/.tend/content/prompts/reflect/fear-of-being-seen.md &&
	printf -- "---\ntheme: trust\n---\n# A personal one?\n\nMine.\n" \
	    >"$XDG_CONFIG_HOME/tend/content/prompts/reflect/aa-personal.md" &&
	printf -- "---\ntheme: trust\n---\n# Personal wins over installed?\n" \
	    >"$XDG_CONFIG_HOME/tend/content/prompts/reflect/saying-fine.md" &&
	tend -C journal reflect --prompts >prompts 2>err &&
	test_grep "^fear-of-being-seen .* Our own question?$" prompts &&
	test_grep "^aa-personal .* A personal one?$" prompts &&
	test_grep "^saying-fine .* Personal wins over installed?$" prompts &&
	test_cmp /dev/null err
'

test_expect_success 'a prompt file without a heading is skipped with a warning naming it' '
	printf -- "---\ntheme: trust\n---\nno heading here\n" \
	    >journal/.tend/content/prompts/reflect/broken.md &&
	printf "not even front matter\n" \
	    >journal/.tend/content/prompts/reflect/broken2.md &&
	tend -C journal reflect --prompts >prompts 2>err &&
	test_grep "^tend: warning: .*broken.md. has no .# . heading" err &&
	test_grep "^tend: warning: cannot read .*broken2.md.: line 1" err &&
	test_grep ! "^broken" prompts &&
	rm -r journal/.tend "$XDG_CONFIG_HOME/tend"
'

test_expect_success 'private text reaches no object of the journal nor of its remote' '
	canary=canary-7f3a9c-private &&
	tend -C journal reflect -p saying-fine -m "secret $canary" >/dev/null &&
	git init -q --bare remote.git &&
	git -C journal push -q --all "file://$TRASH/remote.git" &&
	git -C journal push -q --tags "file://$TRASH/remote.git" &&
	git -C journal push -q --mirror "file://$TRASH/remote.git" &&
	git -C remote.git rev-list --objects --all >objects &&
	test "$(wc -l <objects)" -gt 5 &&
	cut -d" " -f1 objects | git -C remote.git cat-file --batch >contents &&
	test_grep "I say fine a lot" contents &&
	test_grep ! "$canary" contents &&
	git -C journal cat-file --batch-all-objects --batch >local &&
	test_grep ! "$canary" local &&
	git -C $private cat-file --batch-all-objects --batch >private-objects &&
	test_grep "$canary" private-objects
'

test_done
