#!/bin/sh
# tend init: new journals, adopted repositories, and finding a journal.
. "$(dirname "$0")/lib.sh"

test_expect_success 'init makes a journal with its files and a first commit' '
	tend init --me "Alex <alex@example.org>" \
	    --partner "Sam <sam@example.org>" journal >out &&
	test_grep "made a journal in .*journal. for Alex and Sam; you are .alex." out &&
	test -f journal/tend.conf &&
	test -f journal/.gitattributes &&
	test -f journal/README.md &&
	git -C journal log --format="%an <%ae>|%s" >log &&
	echo "Alex <alex@example.org>|init: journal for Alex and Sam" >expect &&
	test_cmp expect log
'

test_expect_success 'tend.conf is git-config syntax that git reads' '
	test "$(git config --file journal/tend.conf partner.alex.name)" = Alex &&
	test "$(git config --file journal/tend.conf partner.sam.email)" = sam@example.org &&
	test "$(git config --file journal/tend.conf tend.version)" = 1
'

test_expect_success 'who I am is local: tend.me in .git/config only' '
	test "$(git -C journal config --local tend.me)" = alex &&
	test_grep ! "tend.me\|^	*me *=" journal/tend.conf
'

test_expect_success 'the journal is clean, and git fsck --strict finds nothing' '
	git -C journal status --porcelain >status &&
	test_cmp /dev/null status &&
	git -C journal fsck --strict 2>fsck &&
	test_cmp /dev/null fsck
'

test_expect_success 'files are 0600 and the folder 0700 whatever the umask' '
	(umask 0 && tend init --me "Robin <robin@example.org>" wide) >/dev/null &&
	test "$(file_mode wide)" = 700 &&
	test "$(file_mode wide/tend.conf)" = 600 &&
	test "$(file_mode wide/README.md)" = 600
'

test_expect_success 'init on a journal says so and changes nothing' '
	head=$(git -C journal rev-parse HEAD) &&
	cp journal/tend.conf conf.before &&
	tend init --me Robin journal >out &&
	test_grep "is already a journal; nothing changed" out &&
	test "$(git -C journal rev-parse HEAD)" = "$head" &&
	test_cmp conf.before journal/tend.conf &&
	test "$(git -C journal config tend.me)" = alex
'

test_expect_success 'init adopts a git repository, keeping history and staged work' '
	git init -q notes &&
	echo "our old notes" >notes/README.md &&
	echo "a list" >notes/list.txt &&
	git -C notes add README.md list.txt &&
	git -C notes -c user.name=Sam -c user.email=sam@example.org \
	    commit -q -m "old notes" &&
	echo "staged, not for tend" >notes/staged.txt &&
	git -C notes add staged.txt &&
	tend init --me "Sam <sam@example.org>" --partner Alex notes >/dev/null &&
	test "$(git -C notes rev-list --count HEAD)" = 2 &&
	git -C notes show --format= --name-only HEAD >touched &&
	printf "%s\n" .gitattributes tend.conf >expect &&
	test_cmp expect touched &&
	test "$(cat notes/README.md)" = "our old notes" &&
	git -C notes diff --cached --name-only >staged &&
	echo staged.txt >expect &&
	test_cmp expect staged
'

test_expect_success 'a bare repository is refused' '
	git init -q --bare bare.git &&
	test_expect_code 1 tend init --me Alex bare.git 2>err &&
	test_grep "bare repository" err &&
	test ! -e bare.git/tend.conf
'

test_expect_success 'a name with no letter or digit is refused, exit 2, nothing made' '
	test_expect_code 2 tend init --me "!!!" fresh 2>err &&
	test_grep "has no letter or digit" err &&
	test ! -e fresh &&
	test_expect_code 2 tend init --me "Alex <alex" fresh 2>err &&
	test_grep "is not .Name. or .Name <address>." err &&
	test ! -e fresh
'

test_expect_success 'without --me and without git user.name, init asks who' '
	test_expect_code 2 tend init --partner Sam fresh 2>err &&
	test_grep "give --me NAME" err &&
	test ! -e fresh
'

test_expect_success 'without --me, git user.name and user.email are used' '
	git config --global user.name "Robin Quill" &&
	git config --global user.email robin@example.org &&
	tend init --partner Sam robins >/dev/null &&
	test "$(git -C robins config tend.me)" = robin-quill &&
	test "$(git -C robins log -1 --format="%an <%ae>")" = \
	    "Robin Quill <robin@example.org>" &&
	git config --global --unset user.name &&
	git config --global --unset user.email
'

test_expect_success 'a partner with no email and no user.email cannot commit' '
	test_expect_code 2 tend init --me Alex noemail 2>err &&
	test_grep "no email address for .alex.: give it as --me .Name <address>., or set git.s user.email" err &&
	! test -e noemail
'

test_expect_success 'in a repository with no user.email, the hint names it' '
	git init -q noemail &&
	test_expect_code 1 tend init --me Alex noemail 2>err &&
	test_grep "no email address for .alex.; run .git -C .* config user.email ADDRESS." err &&
	test "$(git -C noemail rev-list --all | wc -l)" = 0
'

test_expect_success 'the default folder is $XDG_DATA_HOME/tend/journal' '
	tend init --me "Alex <alex@example.org>" >/dev/null &&
	test -f "$XDG_DATA_HOME/tend/journal/tend.conf" &&
	mkdir -p elsewhere &&
	(cd elsewhere && tend checkin $all_pillars) >id &&
	test -f "$XDG_DATA_HOME/tend/journal/checkin/$(date +%Y/%m)/$(cat id).md"
'

test_expect_success '$TEND_DIR names the journal; -C wins over it' '
	TEND_DIR=$TRASH/journal tend init >out &&
	test_grep "already a journal" out &&
	TEND_DIR=$TRASH/journal tend checkin $all_pillars >id &&
	test -f journal/checkin/$(date +%Y/%m)/$(cat id).md &&
	TEND_DIR=$TRASH/nowhere tend -C journal show --pretty "$(cat id)" >out &&
	test_grep "^checkin $(cat id)" out
'

test_expect_success 'the journal is found from a folder inside it' '
	mkdir -p journal/some/deep/folder &&
	(cd journal/some/deep/folder && tend show --pretty "$(cat ../../../../id)") >out &&
	test_grep "^checkin" out
'

test_expect_success 'a repository inside a journal does not hide it' '
	git init -q journal/some/inner &&
	(cd journal/some/inner && tend show --pretty "$(cat ../../../id)") >out &&
	test_grep "^checkin" out
'

test_expect_success 'an init that fails leaves no folder it made, nor a repository' '
	(ulimit -f 1 && test_must_fail tend init --me "Alex <alex@example.org>" \
	    --partner Sam new/nested/journal 2>err) &&
	test_grep "File too large" err &&
	! test -e new &&
	mkdir adopt && echo mine >adopt/notes.txt &&
	(ulimit -f 1 && test_must_fail tend init --me "Alex <alex@example.org>" \
	    adopt 2>err) &&
	test_grep "File too large" err &&
	test "$(ls -A adopt)" = notes.txt &&
	test "$(cat adopt/notes.txt)" = mine
'

test_done
