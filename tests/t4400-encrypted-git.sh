#!/bin/sh
# Plain git in an encrypted journal: tend filter seals what git adds,
# opens what it checks out, shows sealed blobs as text in diffs and merges
# sealed sides, so that add, commit, diff, log -p, push, pull and merge
# work as in any repository, and the remote never holds a partner's words.
. "$(dirname "$0")/lib.sh"

url="file://$TRASH/remote.git"
canary=zebracanary42

# Fail, showing it, unless file $1 is empty.
test_must_be_empty() {
	if [ -s "$1" ]; then
		echo "'$1' is not empty:" >&2
		cat "$1" >&2
		return 1
	fi
}

# Whether blob $2 of repository $1 is sealed: it starts "\0tend\0".
is_sealed() {
	test "$(git -C "$1" cat-file -p "$2" | head -c 6 | od -An -tx1 |
	    tr -d " \n")" = 0074656e6400
}

# Whether any object of repository $1 holds the bytes $2.
in_objects() {
	git -C "$1" cat-file --batch-all-objects --batch | grep -a -q -e "$2"
}

# One pkt-line of git's protocol holding $1.
pkt() {
	printf "%04x%s" $((${#1} + 4)) "$1"
}

# git's side of the handshake, as git 2.39 sends it.
handshake() {
	pkt "git-filter-client
" && pkt "version=2
" && printf 0000 &&
	pkt "capability=clean
" && pkt "capability=smudge
" && pkt "capability=delay
" && printf 0000
}

# A second clone of the same device in folder $1, made with git alone:
# the filter set before the first checkout, as tend init sets it, and
# this device's key copied.  A second device would need its own key in
# the keyring (tend key invite); the same device's key is what plain git
# alone can bring.
git_clone_same_device() {
	git clone -q -n "$url" "$1" &&
	for key in filter.tend.process filter.tend.required \
	    diff.tend.textconv merge.tend.name merge.tend.driver tend.me \
	    user.name user.email pull.rebase; do
		git -C "$1" config "$key" "$(git -C journal config "$key")" ||
		    return 1
	done &&
	mkdir -p "$1/.git/tend" &&
	cp journal/.git/tend/key-alex "$1/.git/tend/" &&
	git -C "$1" checkout -q "$branch"
}

test_expect_success 'setup: an encrypted journal, tend filter in its .git/config' '
	tend init --encrypt --me "Alex <alex@example.org>" \
	    --partner "Sam <sam@example.org>" journal >/dev/null &&
	test "$(git -C journal config filter.tend.process)" = "tend filter" &&
	test "$(git -C journal config filter.tend.required)" = true &&
	git init -q --bare remote.git &&
	git -C journal remote add origin "$url" &&
	git -C journal symbolic-ref --short HEAD >branch &&
	git -C journal status --porcelain >status &&
	test_must_be_empty status
'
branch=$(cat branch 2>/dev/null)


test_expect_success 'git status is clean right after tend commits, touched or not' '
	tend -C journal checkin $all_pillars --date 2026-11-20 \
	    -a "The walk by the river." >/dev/null &&
	git -C journal status --porcelain >status &&
	test_must_be_empty status &&
	touch journal/tend.conf journal/checkin/2026/11/2026-11-20-alex.md &&
	git -C journal status --porcelain >status &&
	test_must_be_empty status &&
	git -C journal diff --exit-code
'

test_expect_success 'git add and commit of a new file store a sealed blob' '
	echo "Ask Sam about the trip." >journal/notes.md &&
	git -C journal add notes.md &&
	git -C journal commit -q -m notes &&
	is_sealed journal HEAD:notes.md &&
	test "$(git -C journal cat-file --textconv HEAD:notes.md)" = \
	    "Ask Sam about the trip." &&
	git -C journal status --porcelain >status &&
	test_must_be_empty status
'

test_expect_success 'a check-in written by hand and committed with git is one tend reads' '
	sed "s/2026-11-20T/2026-11-21T/; s/river/sea/" \
	    journal/checkin/2026/11/2026-11-20-alex.md \
	    >journal/checkin/2026/11/2026-11-21-alex.md &&
	git -C journal add checkin &&
	git -C journal commit -q -m "by hand" &&
	is_sealed journal HEAD:checkin/2026/11/2026-11-21-alex.md &&
	tend -C journal show 2026-11-21-alex >out &&
	test_grep "The walk by the sea." out
'

test_expect_success 'git and tend store the same blob for the same text' '
	path=checkin/2026/11/2026-11-20-alex.md &&
	tend_id=$(git -C journal rev-parse HEAD:$path) &&
	git -C journal rm -q --cached $path &&
	git -C journal add $path &&
	test "$(git -C journal rev-parse :$path)" = "$tend_id" &&
	git -C journal rm -q --cached tend.conf &&
	git -C journal add tend.conf &&
	test "$(git -C journal rev-parse :tend.conf)" = \
	    "$(git -C journal rev-parse HEAD:tend.conf)" &&
	git -C journal status --porcelain >status &&
	test_must_be_empty status
'

test_expect_success 'git diff and git log -p show the text' '
	echo "Book the train." >>journal/notes.md &&
	git -C journal diff >diff &&
	test_grep "^+Book the train.$" diff &&
	test_grep "^ Ask Sam about the trip.$" diff &&
	git -C journal commit -q -a -m "notes: train" &&
	git -C journal log -p -1 >log &&
	test_grep "^+Book the train.$" log &&
	git -C journal log -p >log &&
	test_grep "^+The walk by the river.$" log &&
	test_grep "^+## Appreciation$" log
'

test_expect_success 'git show prints ciphertext, git cat-file --textconv the text' '
	is_sealed journal HEAD:tend.conf &&
	git -C journal show HEAD:tend.conf >shown &&
	test_grep ! "partner" shown &&
	git -C journal cat-file --textconv HEAD:tend.conf >text &&
	test "$(head -1 text)" = "[tend]" &&
	test_grep "^\[partner \"sam\"\]$" text
'

test_expect_success 'no text conversion is cached in a notes ref a push would send' '
	test_must_fail git -C journal config diff.tend.cachetextconv &&
	git -C journal for-each-ref refs/notes >notes &&
	test_must_be_empty notes
'

test_expect_success 'a clone made with git, filter set before checkout, reads as text' '
	git -C journal push -q origin "$branch" &&
	git_clone_same_device copy &&
	test_cmp journal/tend.conf copy/tend.conf &&
	test_cmp journal/notes.md copy/notes.md &&
	git -C copy status --porcelain >status &&
	test_must_be_empty status
'

test_expect_success 'git push and git pull between the clones; status clean after' '
	echo "Pack the tent." >>copy/notes.md &&
	git -C copy commit -q -a -m "notes: tent" &&
	is_sealed copy HEAD:notes.md &&
	git -C copy push -q origin "$branch" &&
	git -C journal pull -q --no-rebase origin "$branch" &&
	test_grep "^Pack the tent.$" journal/notes.md &&
	git -C journal status --porcelain >status &&
	test_must_be_empty status
'

test_expect_success 'changes to other lines of an agreement merge through the driver' '
	tend -C journal agree new pact -m "- We say goodnight, always.
- We walk on Sundays.
- We cook on Fridays." >/dev/null &&
	pact=$(cd journal && echo agree/*.md) &&
	git -C journal push -q origin "$branch" &&
	git -C copy pull -q --no-rebase origin "$branch" &&
	sed -i "s/goodnight/good morning/" copy/$pact &&
	git -C copy commit -q -a -m "pact: mornings" &&
	sed -i "s/Fridays/Saturdays/" journal/$pact &&
	git -C journal commit -q -a -m "pact: Saturdays" &&
	git -C journal push -q origin "$branch" &&
	git -C copy pull -q --no-rebase --no-edit origin "$branch" &&
	test_grep "^- We say good morning, always.$" copy/$pact &&
	test_grep "^- We cook on Saturdays.$" copy/$pact &&
	is_sealed copy HEAD:$pact &&
	git -C copy status --porcelain >status &&
	test_must_be_empty status &&
	git -C copy push -q origin "$branch" &&
	git -C journal pull -q --no-rebase origin "$branch" &&
	test_cmp copy/$pact journal/$pact
'

test_expect_success 'a change to the same line conflicts, markers readable in the work tree' '
	pact=$(cd journal && echo agree/*.md) &&
	sed -i "s/Sundays/Mondays/" journal/$pact &&
	git -C journal commit -q -a -m "pact: Mondays" &&
	git -C journal push -q origin "$branch" &&
	sed -i "s/Sundays/Tuesdays/" copy/$pact &&
	git -C copy commit -q -a -m "pact: Tuesdays" &&
	test_must_fail git -C copy pull -q --no-rebase --no-edit origin \
	    "$branch" >out 2>&1 &&
	test_grep "CONFLICT (content): Merge conflict in $pact" out &&
	sed -n "/^<<<<<<< /,/^>>>>>>> /p" copy/$pact >markers &&
	printf "%s\n" "<<<<<<< ours" "- We walk on Tuesdays." "=======" \
	    "- We walk on Mondays." ">>>>>>> theirs" >expect &&
	test_cmp expect markers &&
	test "$(git -C copy ls-files -u $pact | wc -l)" = 3 &&
	sed -i "/^<<<<<<< /d; /^=======/d; /^>>>>>>> /d; /Tuesdays/d" \
	    copy/$pact &&
	git -C copy add $pact &&
	git -C copy commit -q --no-edit &&
	is_sealed copy HEAD:$pact &&
	git -C copy cat-file --textconv HEAD:$pact >settled &&
	test_grep "^- We walk on Mondays.$" settled &&
	test_grep ! "<<<<<<<" settled &&
	git -C copy status --porcelain >status &&
	test_must_be_empty status
'

test_expect_success 'a word written with tend and with git reaches no object of the remote' '
	tend -C journal checkin $all_pillars --date 2026-11-22 \
	    -a "The $canary at the zoo." >/dev/null &&
	echo "Remember the $canary." >journal/zoo.md &&
	git -C journal add zoo.md &&
	git -C journal commit -q -m "notes: zoo" &&
	git -C journal pull -q --no-rebase --no-edit origin "$branch" &&
	git -C journal push -q origin "$branch" &&
	test_grep "$canary" journal/zoo.md &&
	test_grep "$canary" journal/checkin/2026/11/2026-11-22-alex.md &&
	git -C remote.git cat-file --batch-all-objects --batch-check >objects &&
	test "$(wc -l <objects)" -gt 20 &&
	! in_objects remote.git "$canary" &&
	! git -C remote.git for-each-ref --format="%(refname)" | grep "$canary" &&
	! git -C remote.git log --all --format=%B | grep "$canary" &&
	! grep -r -a -q "$canary" remote.git
'

# git dies, with 128, when a required filter fails: test_expect_code 128
# says so where test_must_fail would count it a crash.

test_expect_success 'a file over 64 MiB is refused, and nothing of it stored' '
	{ echo "big-$canary"; head -c 67108864 /dev/zero; } >journal/big.md &&
	test_expect_code 128 git -C journal add big.md 2>err &&
	test_grep "^tend: cannot encrypt .big.md.: it is larger than 64 MiB" err &&
	test -z "$(git -C journal ls-files big.md)" &&
	! in_objects journal "big-$canary" &&
	rm journal/big.md
'

# What git does in the journal while this device's key is away: it
# seals nothing, so adds nothing, commits nothing and checks out nothing.
without_key() {
	test_expect_code 128 git -C journal add secret.md 2>err &&
	test_grep "^tend: cannot encrypt .secret.md.: this device holds no key of the journal.s$" err &&
	test_grep "secret.md: clean filter .tend. failed" err &&
	test_expect_code 128 git -C journal commit -q -a -m "no key" 2>err &&
	test_grep "^tend: cannot encrypt .*: this device holds no key" err &&
	test_expect_code 128 git -C journal checkout zoo.md 2>err &&
	test_grep "^tend: .zoo.md. is encrypted, and this device holds no key of the journal.s$" err &&
	test ! -e journal/zoo.md
}

test_expect_success 'without the device key, git add fails and stores nothing plain' '
	head=$(git -C journal rev-parse HEAD) &&
	echo "nokey-$canary" >journal/secret.md &&
	echo "nokey-$canary" >>journal/notes.md &&
	rm journal/zoo.md &&
	mv journal/.git/tend/key-alex key-aside &&
	without_key
	status=$?
	mv key-aside journal/.git/tend/key-alex &&
	test $status = 0 &&
	git -C journal checkout notes.md zoo.md &&
	test -z "$(git -C journal ls-files secret.md)" &&
	! in_objects journal "nokey-$canary" &&
	test "$(git -C journal rev-parse HEAD)" = "$head" &&
	git -C journal status --porcelain >status &&
	echo "?? secret.md" >expect &&
	test_cmp expect status &&
	rm journal/secret.md
'

test_expect_success 'a journal that is not encrypted is refused, not stored as it is' '
	make_journal plain &&
	git -C plain config filter.tend.process "tend filter" &&
	git -C plain config filter.tend.required true &&
	echo "* filter=tend" >>plain/.gitattributes &&
	echo "plain-$canary" >plain/notes.md &&
	test_expect_code 128 git -C plain add notes.md 2>err &&
	test_grep "^tend: cannot encrypt .notes.md.: this journal is not encrypted" err &&
	! in_objects plain "plain-$canary"
'

test_expect_success 'the filter serves the next file after one that fails' '
	{ handshake &&
	  pkt "command=smudge
" && pkt "pathname=damaged.md
" && printf 0000 &&
	  printf "0028\000tend\000\001\001\000\000\000\001" &&
	  printf "xxxxxxxxxxxxxxxxxxxxxxxx0000" &&
	  pkt "command=clean
" && pkt "pathname=n.md
" && pkt "treeish=abc
" && printf 0000 && pkt "hello" && printf 0000
	} >in &&
	(cd journal && tend filter <../in >../out 2>../err) &&
	test_grep "^tend: cannot decrypt .damaged.md.: " err &&
	test "$(wc -l <err)" = 1 &&
	tr -c "[:print:]\n" "@" <out >shown &&
	test_grep "^0016git-filter-server$" shown &&
	test_grep "^00000015capability=clean$" shown &&
	test_grep "^0016capability=smudge$" shown &&
	test_grep ! "delay" shown &&
	test_grep "^00000011status=error$" shown &&
	test_grep "^00000013status=success$" shown &&
	test_grep "^0000[0-9a-f]\{4\}@tend@" shown &&
	tail -c 8 out >end &&
	printf 00000000 >expect &&
	test_cmp expect end
'

# Streams that break the protocol, one a function, written to standard output.
stream_bad_length() { printf zzzz; }
stream_cut_short() { printf 0016git-filter-clie; }
stream_too_long() { printf fff5; }
stream_not_client() { pkt "git-filter-server
" && printf 0000; }
stream_no_path() { handshake && pkt "command=clean
" && printf 0000; }
stream_request_cut() { handshake && pkt "command=clean
" && pkt "pathname=a.md
"; }
stream_unknown_command() { handshake && pkt "command=frobnicate
" && pkt "pathname=a.md
" && printf 0000; }
stream_content_cut() { handshake && pkt "command=clean
" && pkt "pathname=a.md
" && printf 0000 && pkt "text"; }

test_expect_success 'a stream that is not the filter protocol fails in one line' '
	for stream in bad_length cut_short too_long not_client no_path \
	    request_cut unknown_command content_cut; do
		stream_$stream >in &&
		(cd journal && test_expect_code 1 tend filter <../in \
		    >/dev/null 2>../err) &&
		test "$(wc -l <err)" = 1 &&
		test_grep "^tend: filter: not git.s filter protocol: " err ||
		{ echo "stream $stream" >&2; return 1; }
	done
'

# More sealed text than a pipe holds, so that the filter is still writing
# when the reader goes.
test_expect_success 'git closing the pipe ends the filter quietly' '
	{ handshake &&
	  pkt "command=clean
" && pkt "pathname=long.md
" && printf 0000 &&
	  for i in 1 2 3 4 5 6 7 8; do
		printf fff0 && head -c 65516 /dev/zero | tr "\000" a
	  done && printf 0000
	} >in &&
	(cd journal && { tend filter <../in 2>../err; echo $? >../status; } |
	    head -c 1 >/dev/null) &&
	test "$(cat status)" = 1 &&
	test_must_be_empty err
'

test_expect_success 'the text conversion and the merge driver, by hand' '
	git -C journal cat-file blob HEAD:notes.md >sealed &&
	(cd journal/checkin && tend filter --textconv ../../sealed) >text &&
	test_cmp journal/notes.md text &&
	(cd journal && test_expect_code 2 tend filter --merge base) 2>err &&
	test_grep "^tend filter: --merge takes four files" err &&
	first=$(git -C journal log --format=%H --reverse -- notes.md | head -1) &&
	git -C journal cat-file blob $first:notes.md >base &&
	git -C journal cat-file blob HEAD:notes.md >ours &&
	cp ours theirs &&
	(cd journal && tend filter --merge ../base ../ours ../theirs notes.md) &&
	test "$(git -C journal hash-object --no-filters ../ours)" = \
	    "$(git -C journal rev-parse HEAD:notes.md)" &&
	test_expect_code 2 tend filter --merge base ours theirs notes.md 2>err &&
	test_grep "^tend: no repository holds" err
'

# How long git takes to check out a few thousand sealed files through one
# filter process, beside the same files in a plain repository.
test_expect_success 'checkout of 2000 files: sealed through the filter, and plain' '
	tend init --encrypt --me "Alex <alex@example.org>" bench >/dev/null &&
	git init -q bench-plain &&
	for dir in bench bench-plain; do
		mkdir $dir/bulk &&
		i=0 &&
		while [ $i -lt 2000 ]; do
			printf "entry %d\n\nSome words of day %d.\n" $i $i \
			    >$dir/bulk/$i.md
			i=$((i + 1))
		done &&
		git -C $dir add bulk &&
		git -C $dir -c commit.gpgSign=false -c user.name=A \
		    -c user.email=a@example.org commit -q -m bulk || return 1
	done &&
	is_sealed bench HEAD:bulk/1999.md &&
	for dir in bench bench-plain; do
		rm -rf $dir/bulk &&
		start=$(date +%s.%N) &&
		git -C $dir checkout -q -- bulk &&
		end=$(date +%s.%N) &&
		awk "BEGIN { printf \"%.2f\", $end - $start }" >time-$dir &&
		test -f $dir/bulk/1999.md || return 1
	done &&
	test_cmp bench/bulk/1999.md bench-plain/bulk/1999.md
'
echo "# git checkout of 2000 files: $(cat time-bench 2>/dev/null)s sealed" \
    "through tend filter, $(cat time-bench-plain 2>/dev/null)s plain"

test_done
