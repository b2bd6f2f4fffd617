#!/bin/sh
# git's hooks run when tend commits, merges and pushes, as git runs them:
# pre-commit, commit-msg, post-commit, post-merge and pre-push.
. "$(dirname "$0")/lib.sh"

url="file://$TRASH/srv/journal.git"

# The journal must look exactly as it did: HEAD, index, work tree.
snapshot() {
	git -C "$1" rev-parse HEAD >"$2" &&
	git -C "$1" ls-files --stage >>"$2" &&
	git -C "$1" status --porcelain --untracked-files=all >>"$2"
}

# hook JOURNAL NAME: the hook of that name, from standard input, runnable.
hook() {
	mkdir -p "$1/.git/hooks" &&
	cat >"$1/.git/hooks/$2" &&
	chmod +x "$1/.git/hooks/$2"
}

checkin() {
	tend -C journal checkin $all_pillars --date "$1" >/dev/null
}

test_expect_success 'setup' '
	make_journal
'

test_expect_success 'a failing pre-commit hook stops a check-in; its output is shown' '
	hook journal pre-commit <<-\EOF &&
	#!/bin/sh
	echo "not today, says the hook"
	echo "and on stderr too" >&2
	exit 1
	EOF
	snapshot journal before &&
	test_expect_code 1 tend -C journal checkin $all_pillars \
	    --date 2026-11-24 >out 2>err &&
	test_cmp /dev/null out &&
	test_grep "^not today, says the hook$" err &&
	test_grep "^and on stderr too$" err &&
	test_grep "^tend: cannot record the check-in: the pre-commit hook refused it (exit 1)$" err &&
	test "$(grep -c "^tend: " err)" = 1 &&
	snapshot journal after &&
	test_cmp before after &&
	test ! -e journal/checkin/2026/11/2026-11-24-alex.md &&
	git -C journal status --porcelain >status &&
	test_cmp /dev/null status
'

test_expect_success 'it stops agree new and a shared reflection too, leaving nothing' '
	snapshot journal before &&
	test_expect_code 1 tend -C journal agree new pact -m "- We talk." 2>err &&
	test_grep "^tend: cannot make .pact.: the pre-commit hook refused it (exit 1)$" err &&
	test_expect_code 1 tend -C journal reflect -p saying-fine -m "x" \
	    --share 2>err &&
	test_grep "the pre-commit hook refused it (exit 1)$" err &&
	snapshot journal after &&
	test_cmp before after &&
	test ! -e journal/agree/pact.md
'

test_expect_success 'a private reflection is not the journal: its hooks do not run' '
	tend -C journal reflect -p saying-fine -m "only mine" >/dev/null &&
	snapshot journal after &&
	test_cmp before after
'

# valgrind cannot go on in a child whose execve fails.
if [ "${VALGRIND:-}" = 1 ]; then
	test_skip 'a hook that cannot start is an error naming it' \
	    'valgrind dies when execve fails'
else
test_expect_success 'a hook that cannot start is an error naming it' '
	hook journal pre-commit <<-\EOF &&
	#!/nonexistent/interpreter
	EOF
	test_expect_code 1 tend -C journal checkin $all_pillars \
	    --date 2026-11-24 2>err &&
	test_grep "^tend: cannot record the check-in: cannot run the pre-commit hook .*/.git/hooks/pre-commit.: " err &&
	snapshot journal after &&
	test_cmp before after
'
fi

test_expect_success 'pre-commit sees the index as the commit will be, from the top' '
	hook journal pre-commit <<-EOF &&
	#!/bin/sh
	pwd >"$TRASH/where" &&
	git diff --cached --name-only >"$TRASH/staged"
	EOF
	checkin 2026-11-24 &&
	echo "$TRASH/journal" >expect &&
	test_cmp expect where &&
	echo checkin/2026/11/2026-11-24-alex.md >expect &&
	test_cmp expect staged &&
	git -C journal status --porcelain >status &&
	test_cmp /dev/null status &&
	rm journal/.git/hooks/pre-commit
'

test_expect_success 'post-commit runs once for each commit' '
	hook journal post-commit <<-EOF &&
	#!/bin/sh
	git rev-parse HEAD >>"$TRASH/posted"
	echo "post-commit says hello"
	EOF
	checkin 2026-11-25 2>err &&
	test_grep "^post-commit says hello$" err &&
	git -C journal rev-parse HEAD >expect &&
	test_cmp expect posted &&
	tend -C journal agree new pact -m "- We talk." >/dev/null 2>&1 &&
	tend -C journal agree sign pact >/dev/null 2>&1 &&
	git -C journal log -3 --format=%H | sort >expect &&
	sort posted >got &&
	test_cmp expect got
'

test_expect_success 'a failing post-commit hook is ignored, as git ignores it' '
	hook journal post-commit <<-\EOF &&
	#!/bin/sh
	exit 7
	EOF
	checkin 2026-11-26 &&
	test -f journal/checkin/2026/11/2026-11-26-alex.md &&
	rm journal/.git/hooks/post-commit
'

test_expect_success 'a commit-msg hook that edits the message changes the commit' '
	hook journal commit-msg <<-\EOF &&
	#!/bin/sh
	sed "s/^checkin:/check-in:/" "$1" >"$1.new" && mv "$1.new" "$1" &&
	printf "\nReviewed-by: the hook\n" >>"$1"
	EOF
	checkin 2026-11-27 &&
	git -C journal log -1 --format=%s >subject &&
	echo "check-in: alex 2026-11-27" >expect &&
	test_cmp expect subject &&
	git -C journal log -1 --format=%B >body &&
	test_grep "^Reviewed-by: the hook$" body
'

test_expect_success 'a failing commit-msg hook stops the commit, leaving nothing' '
	hook journal commit-msg <<-\EOF &&
	#!/bin/sh
	echo "say more"
	exit 2
	EOF
	snapshot journal before &&
	test_expect_code 1 tend -C journal checkin $all_pillars \
	    --date 2026-11-28 2>err &&
	test_grep "^say more$" err &&
	test_grep "^tend: cannot record the check-in: the commit-msg hook refused it (exit 2)$" err &&
	snapshot journal after &&
	test_cmp before after &&
	rm journal/.git/hooks/commit-msg
'

test_expect_success 'a hook file that is not executable is not run' '
	printf "#!/bin/sh\nexit 1\n" >journal/.git/hooks/pre-commit &&
	chmod -x journal/.git/hooks/pre-commit &&
	checkin 2026-11-28 &&
	test -f journal/checkin/2026/11/2026-11-28-alex.md &&
	rm journal/.git/hooks/pre-commit
'

test_expect_success 'core.hooksPath is honoured, absolute and relative' '
	mkdir -p elsewhere journal/githooks &&
	printf "#!/bin/sh\necho absolute >>\"$TRASH/ran\"\n" >elsewhere/post-commit &&
	printf "#!/bin/sh\necho relative >>\"$TRASH/ran\"\n" >journal/githooks/post-commit &&
	chmod +x elsewhere/post-commit journal/githooks/post-commit &&
	printf "#!/bin/sh\necho default >>\"$TRASH/ran\"\n" >journal/.git/hooks/post-commit &&
	chmod +x journal/.git/hooks/post-commit &&
	git -C journal config core.hooksPath "$TRASH/elsewhere" &&
	checkin 2026-11-29 &&
	git -C journal config core.hooksPath githooks &&
	checkin 2026-11-30 &&
	git -C journal config --unset core.hooksPath &&
	checkin 2026-12-01 &&
	printf "absolute\nrelative\ndefault\n" >expect &&
	test_cmp expect ran &&
	rm journal/.git/hooks/post-commit
'

test_expect_success 'sync: set up two partners with hooks that count' '
	mkdir -p srv &&
	git init -q --bare srv/journal.git &&
	make_journal alex &&
	git -C alex remote add origin "$url" &&
	tend -C alex sync >/dev/null &&
	tend clone --me "Sam <sam@example.org>" "$url" sam >/dev/null &&
	hook sam post-merge <<-EOF &&
	#!/bin/sh
	echo "post-merge \$*" >>"$TRASH/merged"
	EOF
	hook sam pre-push <<-EOF
	#!/bin/sh
	echo "pre-push \$*" >>"$TRASH/pushed"
	cat >>"$TRASH/pushed"
	EOF
'

test_expect_success 'post-merge runs once after a merging sync, pre-push once a push' '
	tend -C alex checkin $all_pillars --date 2026-11-20 >/dev/null &&
	tend -C alex sync >/dev/null &&
	tend -C sam checkin $all_pillars --date 2026-11-20 >/dev/null &&
	before=$(git -C srv/journal.git rev-parse HEAD) &&
	tend -C sam sync >out &&
	test_grep "^took in the partners. entries (merged)$" out &&
	test_grep "^shared yours$" out &&
	echo "post-merge 0" >expect &&
	test_cmp expect merged &&
	branch=$(git -C sam symbolic-ref --short HEAD) &&
	cat >expect <<-EOF &&
	pre-push origin $url
	refs/heads/$branch $(git -C sam rev-parse HEAD) refs/heads/$branch $before
	EOF
	test_cmp expect pushed &&
	test "$(git -C srv/journal.git rev-parse HEAD)" = "$(git -C sam rev-parse HEAD)"
'

test_expect_success 'nothing to take in or push: neither runs' '
	tend -C sam sync >out &&
	test_grep "^up to date$" out &&
	test_cmp expect pushed &&
	test "$(wc -l <merged)" = 1
'

test_expect_success 'a failing pre-push hook stops the push; the merge stays' '
	hook sam pre-push <<-\EOF &&
	#!/bin/sh
	echo "not pushing on a Sunday"
	exit 1
	EOF
	tend -C alex checkin $all_pillars --date 2026-11-21 >/dev/null &&
	tend -C alex sync >/dev/null &&
	tend -C sam checkin $all_pillars --date 2026-11-21 >/dev/null &&
	before=$(git -C srv/journal.git rev-parse HEAD) &&
	test_expect_code 1 tend -C sam sync >out 2>err &&
	test_grep "^not pushing on a Sunday$" err &&
	test_grep "^tend: cannot sync: the pre-push hook refused it (exit 1); nothing was pushed$" err &&
	test "$(git -C srv/journal.git rev-parse HEAD)" = "$before" &&
	test "$(git -C sam log -1 --format=%p | wc -w)" = 2 &&
	test -f sam/checkin/2026/11/2026-11-21-alex.md &&
	test "$(wc -l <merged)" = 2
'

test_expect_success 'the next sync after fixing it pushes' '
	rm sam/.git/hooks/pre-push &&
	tend -C sam sync >out &&
	test_grep "^shared yours$" out &&
	test "$(git -C srv/journal.git rev-parse HEAD)" = "$(git -C sam rev-parse HEAD)"
'

test_expect_success 'encrypted: tend does not run its own hooks, and seals once' '
	tend init --encrypt --me "Alex <alex@example.org>" \
	    --partner "Sam <sam@example.org>" sealed >/dev/null &&
	test -x sealed/.git/hooks/commit-msg &&
	test -x sealed/.git/hooks/pre-push &&
	tend -C sealed checkin $all_pillars --date 2026-11-20 >/dev/null &&
	test "$(git -C sealed log -1 --format=%s)" = "sealed by tend" &&
	test "$(git -C sealed log -1 --format=%B | grep -c "sealed by tend")" = 1 &&
	tend -C sealed log >log &&
	test_grep "^2026-11-20  alex  *checkin  *2026-11-20-alex " log
'

test_expect_success 'encrypted: a hook of the user that seals too is opened, not doubled' '
	hook sealed commit-msg <<-\EOF &&
	#!/bin/sh
	# mine: seal as tend does
	exec tend filter --seal-message "$1"
	EOF
	tend -C sealed agree new pact -m "- We talk." >/dev/null &&
	tend -C sealed agree sign pact >/dev/null &&
	test "$(git -C sealed log -1 --format=%s)" = "sealed by tend" &&
	tend -C sealed agree list >list &&
	test_grep "^pact  *draft  *sam" list &&
	tend -C sealed log >log &&
	test_grep " agree  *pact " log
'

test_done
