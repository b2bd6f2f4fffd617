#!/bin/sh
# tend doctor: real broken journals, each problem named with its fix, and
# --fix repairing only what is safe.
. "$(dirname "$0")/lib.sh"

today=$(date +%Y-%m-%d)
month=$(date +%Y/%m)

# A journal for Alex and Sam in $1, made under umask 077, with a check-in,
# a private resentment and a shared agreement, all committed.
healthy_journal() {
	(umask 077 &&
	make_journal "$1" &&
	tend -C "$1" checkin $all_pillars -m "A good day." >/dev/null &&
	tend -C "$1" resent -k hurt -m "Not yet said." "The keys" >/dev/null &&
	tend -C "$1" agree new -m "- Phones stay in the hall." phones \
	    >/dev/null)
}

# Commit what is staged in $1 with git, as Alex.
git_commit() {
	git -C "$1" -c user.name=Alex -c user.email=alex@example.org \
	    commit -q -m "$2"
}

# The file holding loose object $2 of the repository whose .git is $1.
object_file() {
	echo "$1/objects/$(echo "$2" | cut -c1-2)/$(echo "$2" | cut -c3-)"
}

test_expect_success 'a healthy journal: every check ok, exit 0' '
	healthy_journal ok &&
	tend -C ok doctor >out &&
	test_grep "^ok      objects     journal: [0-9]* objects read, none missing or damaged$" out &&
	test_grep "^ok      objects     private store: [0-9]* objects read, none missing or damaged$" out &&
	test_grep "^ok      permissions journal: [0-9]* files and folders, none open to other users$" out &&
	test_grep "^ok      locks       journal: no lock held or left over$" out &&
	test_grep "^ok      entries     journal: 2 entries read$" out &&
	test_grep "^ok      entries     private store: 1 entry read$" out &&
	test_grep "^ok      private     private store: kept on this machine; none of it is in the journal.s history$" out &&
	test_grep "^ok      keys        journal: this machine.s key is published, and every partner.s key and signature counts$" out &&
	test_grep "^ok      sealed      journal: not encrypted: whoever holds a copy can read it (.tend encrypt. makes an encrypted one)$" out &&
	test_grep "^ok      remote      journal: none yet: the journal is not shared; fix: git -C .*/ok. remote add origin URL$" out &&
	test_grep "^0 errors, 0 warnings, 0 fixed, 10 ok$" out &&
	test_grep ! "^warning\|^error\|^fixed" out &&
	test "$(wc -l <out)" -eq 11
'

test_expect_success '--quiet prints nothing for a healthy journal; usage errors exit 2' '
	tend -C ok doctor --quiet --offline >out &&
	test_cmp /dev/null out &&
	test_expect_code 2 tend -C ok doctor extra 2>err &&
	test_grep "doctor takes no arguments" err &&
	test_expect_code 2 tend -C ok doctor --json --quiet 2>err &&
	test_grep "cannot be combined" err &&
	test_expect_code 2 tend -C ok doctor --bogus 2>err &&
	test_grep "^usage: tend doctor \[--fix\] \[--offline\] \[--quiet | --json\]$" err
'

test_expect_success '--json gives the same findings as one object' '
	tend -C ok doctor --json --offline >out.json &&
	python3 -c "
import json, sys
d = json.load(open(\"out.json\"))
assert d[\"errors\"] == 0 and d[\"warnings\"] == 0 and d[\"ok\"] == 10, d
assert len(d[\"findings\"]) == 10, d
assert all(f[\"level\"] == \"ok\" for f in d[\"findings\"]), d
assert d[\"findings\"][0][\"check\"] == \"objects\", d
"
'

test_expect_success 'a missing object is named with its path and the ref reaching it' '
	healthy_journal lost &&
	f=checkin/$month/$today-alex.md &&
	blob=$(git -C lost rev-parse HEAD:$f) &&
	ref=$(git -C lost symbolic-ref HEAD) &&
	rm -f "$(object_file lost/.git $blob)" &&
	test_expect_code 1 tend -C lost doctor --offline >out &&
	test_grep "^error   objects     journal: blob $blob ($f) is missing, reached from $ref; fix: copy it back from a partner.s clone or a backup" out &&
	test_grep "^ok      objects     private store:" out &&
	test_grep "^warning entries     journal: not checked: some of its objects are damaged; fix: repair the objects first$" out &&
	test_grep "^1 error, " out &&
	test_expect_code 1 tend -C lost doctor --fix --offline >out &&
	test_grep "^error   objects     journal: blob $blob" out
'

# tend reads objects without hashing them, as git does; the check must
# hash them, or a blob whose bytes changed would pass for whole.
test_expect_success 'an object whose bytes no longer match its id is damaged' '
	healthy_journal changed &&
	f=checkin/$month/$today-alex.md &&
	blob=$(git -C changed rev-parse HEAD:$f) &&
	file=$(object_file changed/.git $blob) &&
	chmod u+w "$file" &&
	perl -MCompress::Zlib -e "print compress(qq(blob 6\0Other\n))" >"$file" &&
	test_expect_code 1 tend -C changed doctor --offline >out &&
	test_grep "^error   objects     journal: blob $blob ($f)" out
'

test_expect_success 'an object cut short does not hang the check (libgit2 loops on it)' '
	healthy_journal cut &&
	tree=$(git -C cut rev-parse HEAD:agree) &&
	file=$(object_file cut/.git $tree) &&
	chmod u+w "$file" &&
	head -c 12 "$file" >short && cat short >"$file" &&
	test_expect_code 1 timeout 60 tend -C cut doctor --offline >out &&
	test_grep "^error   objects     journal: tree $tree (agree) cannot be read: reading it does not end" out &&
	test_grep "^warning private     history: not checked for private entries" out
'

test_expect_success 'open modes are errors where others can reach them, warnings behind a closed folder' '
	healthy_journal perm &&
	f=checkin/$month/$today-alex.md &&
	chmod 755 perm perm/checkin perm/checkin/$(date +%Y) &&
	chmod 644 perm/$f perm/tend.conf &&
	test_expect_code 1 tend -C perm doctor --offline >out &&
	test_grep "^error   permissions $TRASH/perm: mode 0755: other users can look inside; fix: tend doctor --fix, or chmod go= .$TRASH/perm.$" out &&
	test_grep "^error   permissions tend.conf: mode 0644: other users can read it; fix: tend doctor --fix, or chmod go= .$TRASH/perm/tend.conf.$" out &&
	test_grep "^error   permissions checkin: mode 0755: other users can look inside" out &&
	test_grep "^error   permissions checkin/$(date +%Y): mode 0755: other users can look inside" out &&
	test_grep "^warning permissions $f: mode 0644, not 0600 (a folder above keeps other users out, for now)" out &&
	test_grep "^4 errors, 1 warning, 0 fixed, " out
'

test_expect_success '--fix narrows the modes, and a second run is clean' '
	f=checkin/$month/$today-alex.md &&
	tend -C perm doctor --fix --offline >out &&
	test_grep "^fixed   permissions $TRASH/perm: was 0755, now 0700$" out &&
	test_grep "^fixed   permissions tend.conf: was 0644, now 0600$" out &&
	test_grep "^fixed   permissions $f: was 0644, now 0600$" out &&
	test_grep "^fixed   permissions checkin: was 0755, now 0700$" out &&
	test_grep "^0 errors, 0 warnings, 5 fixed, " out &&
	test "$(file_mode perm)" = 700 &&
	test "$(file_mode perm/$f)" = 600 &&
	test "$(file_mode perm/checkin/$(date +%Y))" = 700 &&
	tend -C perm doctor --offline >out &&
	test_grep "^0 errors, 0 warnings, 0 fixed, 10 ok$" out &&
	find perm -path perm/.git -prune -o -perm /077 -print >open &&
	test_cmp /dev/null open
'

test_expect_success 'an open folder behind a closed one is told once, with a count' '
	chmod -R go+rX perm/.git/tend/private/.git &&
	tend -C perm doctor --offline >out &&
	test_grep "^warning permissions .git/tend/private/.git: mode 0755, not 0700; [1-9][0-9]* more paths in it open to other users too" out &&
	test "$(grep -c "^warning permissions" out)" -eq 1 &&
	tend -C perm doctor --offline --fix >out &&
	test_grep "^fixed   permissions .git/tend/private/.git: was 0755, now 0700; [1-9][0-9]* more paths in it made private too$" out &&
	find perm/.git/tend -perm /077 -print >open &&
	test_cmp /dev/null open
'

test_expect_success 'a stale tend lock is an error, and --fix removes it' '
	healthy_journal locked &&
	sh -c "exit 0" & pid=$! && wait $pid &&
	echo "pid=$pid host=$(hostname) time=$(date +%s)" >locked/.git/tend/lock &&
	chmod 600 locked/.git/tend/lock &&
	test_expect_code 1 tend -C locked doctor --offline >out &&
	test_grep "^error   locks       .git/tend/lock: left by process $pid, which has ended; until it is gone, tend cannot write; fix: tend doctor --fix, or rm .$TRASH/locked/.git/tend/lock.$" out &&
	tend -C locked doctor --offline --fix >out &&
	test_grep "^fixed   locks       .git/tend/lock: removed; process $pid, which held it, had ended$" out &&
	! test -e locked/.git/tend/lock &&
	tend -C locked doctor --offline --quiet >out &&
	test_cmp /dev/null out
'

test_expect_success 'a live lock (this shell) is a warning, and --fix leaves it' '
	echo "pid=$$ host=$(hostname) time=$(date +%s)" >locked/.git/tend/lock &&
	chmod 600 locked/.git/tend/lock &&
	cp locked/.git/tend/lock lock.before &&
	tend -C locked doctor --offline --fix >out &&
	test_grep "^warning locks       .git/tend/lock: held by process $$, which is running; fix: let it finish" out &&
	test_grep ! "^fixed" out &&
	test_cmp lock.before locked/.git/tend/lock
'

test_expect_success 'a lock from another host is never removed' '
	sh -c "exit 0" & pid=$! && wait $pid &&
	echo "pid=$pid host=not-$(hostname) time=$(date +%s)" >locked/.git/tend/lock &&
	tend -C locked doctor --offline --fix >out &&
	test_grep "^warning locks       .git/tend/lock: held by process $pid on .not-$(hostname)., which cannot be looked at from here" out &&
	test -e locked/.git/tend/lock
'

# A lock's age is its file's time against the clock: under faketime (make
# check-dates) tend's clock is moved but the kernel's file times are not.
if [ -z "${FAKETIME:-}" ]; then
	test_expect_success 'a lock being taken is never removed' '
	printf "pid=" >locked/.git/tend/lock &&
	# Kept fresh, as by a writer at work, however slow doctor runs.
	{ while :; do touch locked/.git/tend/lock; sleep 0.2; done & } &&
	toucher=$! &&
	tend -C locked doctor --offline --fix >out;
	status=$?; kill $toucher; wait $toucher 2>/dev/null
	test $status = 0 &&
	test_grep "^warning locks       .git/tend/lock: being taken at this moment" out &&
	test "$(cat locked/.git/tend/lock)" = "pid="
	'
else
	test_skip 'a lock being taken is never removed' \
	    'under faketime the clock moves and the file times do not'
fi

# A tend killed between creating the lock and writing its line leaves it
# empty; once it is older than a write could take, it is stale.
test_expect_success 'an empty lock left behind is an error, and --fix removes it' '
	printf "pid=" >locked/.git/tend/lock &&
	touch -d "1 minute ago" locked/.git/tend/lock &&
	test_expect_code 1 tend -C locked doctor --offline >out &&
	test_grep "^error   locks       .git/tend/lock: it is empty or garbled, left by a tend that stopped while taking it" out &&
	tend -C locked doctor --offline --fix >out &&
	test_grep "^fixed   locks       .git/tend/lock: removed; it was empty or garbled" out &&
	! test -e locked/.git/tend/lock
'

test_expect_success 'temporary files a stopped tend left are warnings, and --fix removes them' '
	month_dir=$(find locked/checkin -mindepth 2 -maxdepth 2 -type d | head -n 1) &&
	test -n "$month_dir" &&
	echo half >"$month_dir/$today-alex.md.tmp-a1B2c3" &&
	echo half >locked/tend.conf.tmp-Zz9Yy8 &&
	echo half >locked/.git/tend/private/reflect.tmp-000000 &&
	echo mine >"$month_dir/notes.tmp-1" &&
	echo mine >locked/keep.tmp-abcdefg &&
	tend -C locked doctor --offline >out &&
	test_grep "^warning locks       ${month_dir#locked/}/$today-alex.md.tmp-a1B2c3: a temporary file left by a tend that stopped while writing; the file it was for is as it was before; fix: tend doctor --fix$" out &&
	test_grep "^warning locks       tend.conf.tmp-Zz9Yy8: a temporary file" out &&
	test_grep "^warning locks       .git/tend/private/reflect.tmp-000000: a temporary file" out &&
	test "$(grep -c "a temporary file" out)" = 3 &&
	tend -C locked doctor --offline --fix >out &&
	test_grep "^fixed   locks       ${month_dir#locked/}/$today-alex.md.tmp-a1B2c3: removed; a temporary file left by a tend that stopped while writing$" out &&
	test "$(grep -c "^fixed .*temporary file" out)" = 3 &&
	! test -e "$month_dir/$today-alex.md.tmp-a1B2c3" &&
	! test -e locked/tend.conf.tmp-Zz9Yy8 &&
	! test -e locked/.git/tend/private/reflect.tmp-000000 &&
	test -f "$month_dir/notes.tmp-1" && test -f locked/keep.tmp-abcdefg &&
	rm "$month_dir/notes.tmp-1" locked/keep.tmp-abcdefg &&
	tend -C locked doctor --offline >out &&
	test_grep "^ok      locks       journal: no lock held or left over$" out
'

test_expect_success 'empty entry folders are warnings, and --fix removes only them' '
	mkdir -p locked/checkin/2019/04 locked/checkin/2019/05 \
	    locked/agree/old locked/.git/tend/private/reflect/2018/02 &&
	month_dir=$(find locked/checkin -mindepth 2 -maxdepth 2 -type d \
	    ! -path "*/2019/*" | head -n 1) &&
	mkdir "$month_dir/empty" &&
	tend -C locked doctor --offline >out &&
	test_grep "^warning locks       checkin/2019: an empty folder, left by a write that failed; git keeps no empty folders, so nothing is lost with it; fix: tend doctor --fix$" out &&
	test_grep "^warning locks       agree/old: an empty folder" out &&
	test_grep "^warning locks       ${month_dir#locked/}/empty: an empty folder" out &&
	test_grep "^warning locks       .git/tend/private/reflect/2018: an empty folder" out &&
	test "$(grep -c "an empty folder" out)" = 4 &&
	tend -C locked doctor --offline --fix >out &&
	test_grep "^fixed   locks       checkin/2019: removed; an empty folder left by a write that failed$" out &&
	test "$(grep -c "^fixed .*an empty folder" out)" = 4 &&
	! test -e locked/checkin/2019 && ! test -e locked/agree/old &&
	! test -e "$month_dir/empty" &&
	! test -e locked/.git/tend/private/reflect/2018 &&
	test -d "$month_dir" && test -d locked/.git/tend/private/reflect &&
	test -z "$(git -C locked status --porcelain)" &&
	tend -C locked doctor --offline >out &&
	test_grep "^ok      locks       journal: no lock held or left over$" out
'

# Under faketime (tests/dates.sh) a file's time as read is shifted with
# the clock, but not the time touch -d sets, so an old lock cannot be made.
if [ -n "${FAKETIME:-}" ]; then
	test_skip 'an old git lock is an error' 'faketime shifts what touch -d sets'
else
test_expect_success 'an old index.lock is an error that --fix leaves, with the rm command' '
	touch -d "20 minutes ago" locked/.git/index.lock &&
	test_expect_code 1 tend -C locked doctor --offline --fix >out &&
	test_grep "^error   locks       .git/index.lock: made 20 minutes ago, so probably left by a git that stopped; while it is there, nothing can be committed (left in place: tend cannot tell whether a git still holds it); fix: if no git runs on this journal, rm .$TRASH/locked/.git/index.lock.$" out &&
	test -e locked/.git/index.lock &&
	touch locked/.git/index.lock &&
	tend -C locked doctor --offline >out &&
	test_grep "^warning locks       .git/index.lock: made [0-9]* seconds ago: a git is probably at work" out &&
	rm locked/.git/index.lock
'

test_expect_success 'an old ref lock in the private store is found too' '
	ref=$(git -C locked/.git/tend/private symbolic-ref HEAD) &&
	touch -d "1 hour ago" locked/.git/tend/private/.git/$ref.lock &&
	test_expect_code 1 tend -C locked doctor --offline >out &&
	test_grep "^error   locks       .git/tend/private/.git/$ref.lock: made 60 minutes ago" out &&
	rm locked/.git/tend/private/.git/$ref.lock
'
fi

test_expect_success 'malformed entries are named as path:line, committed or not' '
	healthy_journal broken &&
	printf "%s\n" --- "kind: agree" "title: Phones: at dinner" --- "" "- x" \
	    >broken/agree/dinner.md &&
	git -C broken add agree/dinner.md && git_commit broken "hand edit" &&
	printf "%s\n" "kind: resent" "no front matter" \
	    >broken/agree/loose.md &&
	test_expect_code 1 tend -C broken doctor --offline >out &&
	test_grep "^error   entries     agree/dinner.md:3: mapping values are not allowed in this context (a value with .: . in it needs quotes, as in title: \"Phones: at dinner\"); fix: correct line 3 in an editor, then commit it: git -C .$TRASH/broken. commit .agree/dinner.md.$" out &&
	test_grep "^error   entries     agree/loose.md:1: it must start with a .---. line (not committed yet); fix: correct line 1" out &&
	test_grep "^2 errors, " out
'

test_expect_success 'a malformed private entry is named under .git/tend/private' '
	p=broken/.git/tend/private &&
	printf "%s\n" --- "kind: resent" "tags: [a, b" --- >$p/resent/$today-alex-bad.md &&
	git -C $p add resent && git_commit $p "hand edit" &&
	test_expect_code 1 tend -C broken doctor --offline >out &&
	test_grep "^error   entries     .git/tend/private/resent/$today-alex-bad.md:[34]: .*; fix: correct line [34] in an editor, then commit it: git -C .$TRASH/broken/.git/tend/private. commit .resent/$today-alex-bad.md.$" out
'

test_expect_success 'bad UTF-8 is named by its line too' '
	printf -- "---\nkind: agree\ntitle: \377\n---\n" >broken/agree/utf.md &&
	test_expect_code 1 tend -C broken doctor --offline >out &&
	test_grep "^error   entries     agree/utf.md:3: .*not valid UTF-8 at line 3 (not committed yet)" out &&
	rm broken/agree/utf.md
'

test_expect_success 'control characters in a name never reach the terminal' '
	esc=$(printf "\033") &&
	printf "%s\n" "no front matter" >"broken/agree/x${esc}[31mred.md" &&
	test_expect_code 1 tend -C broken doctor --offline >out &&
	test_grep "^error   entries     agree/x.*red.md:1: " out &&
	test_grep ! "$esc" out
'

test_expect_success 'a private entry committed into the journal is an error, by path and by text' '
	healthy_journal leak &&
	id=$(tend -C leak resent -k need -m "canary-doctor-7f3a" "Saturdays") &&
	mkdir leak/resent &&
	cp leak/.git/tend/private/resent/$id.md leak/resent/$id.md &&
	cp leak/.git/tend/private/resent/$id.md leak/agree/copy.md &&
	git -C leak add resent agree && git_commit leak "oops" &&
	test_expect_code 1 tend -C leak doctor --offline >out &&
	test_grep "^error   private     resent/$id.md: the journal.s history holds the path of the private entry .\.git/tend/private/resent/$id.md.; fix: do not sync or push" out &&
	test_grep "^error   private     agree/copy.md: the journal.s history holds the text of the private entry .\.git/tend/private/resent/$id.md." out &&
	test_expect_code 1 tend -C leak doctor --offline --fix >out &&
	test_grep "^error   private     resent/$id.md" out
'

test_expect_success 'a remote on the private store, or its history in a journal ref, is an error' '
	healthy_journal reach &&
	git -C reach/.git/tend/private remote add backup "$TRASH/elsewhere.git" &&
	git -C reach fetch -q .git/tend/private "HEAD:refs/heads/mine" &&
	test_expect_code 1 tend -C reach doctor --offline >out &&
	test_grep "^error   private     private store: it has a remote .backup. ($TRASH/elsewhere.git): a push there would send private entries away; fix: git -C .$TRASH/reach/.git/tend/private. remote remove .backup.$" out &&
	test_grep "^error   private     refs/heads/mine: it holds the private store.s history: a push of it would send every private entry" out
'

test_expect_success 'a private store that does not open is an error; none at all is fine' '
	make_journal bare &&
	tend -C bare doctor --offline >out &&
	test_grep "^ok      private     private store: none yet: nothing private has been written$" out &&
	mkdir -p bare/.git/tend/private &&
	test_expect_code 1 tend -C bare doctor --offline >out &&
	test_grep "^error   private     private store: cannot open: .*; fix: restore .$TRASH/bare/.git/tend/private. from a backup" out
'

test_expect_success 'remotes: one that answers is ok, one that cannot be reached a warning' '
	git init -q --bare srv.git &&
	git -C ok remote add origin "file://$TRASH/srv.git" &&
	git -C ok remote add gone "$TRASH/nowhere.git" &&
	tend -C ok doctor >out &&
	test_grep "^ok      remote      origin (file://$TRASH/srv.git): answers$" out &&
	test_grep "^warning remote      gone ($TRASH/nowhere.git): cannot be reached: .*; fix: check the network and the address" out &&
	test_grep "^0 errors, 1 warning, " out &&
	tend -C ok doctor --offline >out &&
	test_grep "^ok      remote      journal: not checked (--offline)$" out &&
	test_grep "^0 errors, 0 warnings, " out
'

test_expect_success 'a password in a remote address is not shown' '
	git -C ok remote set-url gone "https://sam:hunter2@127.0.0.1:1/j.git" &&
	tend -C ok doctor >out &&
	test_grep "^warning remote      gone (https://sam:\*\*\*@127.0.0.1:1/j.git)" out &&
	test_grep ! hunter2 out &&
	git -C ok remote remove gone
'

test_expect_success 'tend.remote naming no remote is a warning' '
	git -C ok config tend.remote partner &&
	tend -C ok doctor >out &&
	test_grep "^warning remote      tend.remote: it names .partner., which is no remote, so tend sync has nowhere to go" out &&
	git -C ok config --unset tend.remote
'

if command -v python3 >/dev/null; then
	test_expect_success 'a remote that never answers is given up after 10 seconds' '
		python3 -c "
import socket, sys, time
s = socket.socket()
s.bind((\"127.0.0.1\", 0))
s.listen(5)
print(s.getsockname()[1], flush=True)
time.sleep(60)
" >port &
		listener=$! &&
		for i in 1 2 3 4 5 6 7 8 9 10; do test -s port && break; sleep 0.2; done &&
		git -C ok remote add silent "git://127.0.0.1:$(cat port)/j.git" &&
		start=$(date +%s) &&
		tend -C ok doctor >out; status=$?
		kill $listener
		end=$(date +%s) &&
		test $status -eq 0 &&
		test_grep "^warning remote      silent (git://127.0.0.1:[0-9]*/j.git): cannot be reached: remote .silent. gave no answer in 10 seconds" out &&
		test $((end - start)) -lt 30
	'
else
	test_skip 'a remote that never answers is given up after 10 seconds' \
	    'no python3'
fi

test_done
