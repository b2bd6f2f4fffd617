#!/bin/sh
# tend agree: living agreements, signatures in git, and their history.
. "$(dirname "$0")/lib.sh"

snapshot() {
	git -C journal rev-parse HEAD >"$1" &&
	git -C journal status --porcelain --untracked-files=all >>"$1"
}

test_expect_success 'setup' '
	make_journal
'

test_expect_success 'new makes an agreement from a template, committed by me' '
	tend -C journal agree new --templates >templates &&
	test "$(wc -l <templates)" -ge 8 &&
	test_grep "^phones  *Phones at meals and in bed$" templates &&
	tend -C journal agree new phones -t phones >out &&
	echo phones >expect &&
	test_cmp expect out &&
	f=journal/agree/phones.md &&
	test_grep "^kind: agree$" $f &&
	test_grep "^title: Phones at meals and in bed$" $f &&
	test_grep "^created: $(date +%Y-%m-%d)$" $f &&
	test_grep "^## What we do$" $f &&
	test "$(git -C journal log -1 --format="%an|%s")" = "Alex|agree: new phones"
'

test_expect_success 'names, templates and existing agreements are checked' '
	snapshot before &&
	test_expect_code 2 tend -C journal agree new "Phones At Dinner" -m x 2>err &&
	test_grep "is not an agreement name: use letters (lowercase where they have a case), digits and single dashes" err &&
	test_expect_code 2 tend -C journal agree new ok-name -t no-such 2>err &&
	test_grep "there is no template .no-such." err &&
	test_expect_code 1 tend -C journal agree new phones -m x 2>err &&
	test_grep "there is an agreement .phones. already" err &&
	test_expect_code 2 tend -C journal agree new bare </dev/null 2>err &&
	test_expect_code 2 tend -C journal agree new ok --review 2026-02-30 -m x 2>err &&
	test_expect_code 2 tend -C journal agree frobnicate 2>err &&
	test_grep "is not one of new, edit, sign" err &&
	test_grep ! "did you mean" err &&
	test_expect_code 2 tend -C journal agree sgin phones 2>err &&
	test_grep "^tend agree: .sgin. is not one of .*; did you mean .sign.?$" err &&
	test_expect_code 2 tend -C journal resent rase 1234abcd 2>err &&
	test_grep "^tend resent: .rase. is not one of raise, .*; did you mean .raise.?$" err &&
	snapshot after &&
	test_cmp before after
'

test_expect_success 'a new agreement is a draft that everyone still has to sign' '
	tend -C journal agree list >list &&
	test_grep "^phones  *draft  *alex, sam  *-  *Phones at meals and in bed$" list
'

test_expect_success 'sign records a commit by the signer that git shows' '
	tend -C journal agree sign phones >/dev/null &&
	blob=$(git -C journal rev-parse HEAD:agree/phones.md) &&
	git -C journal log -1 --format="%an%n%B" >sig &&
	test_grep "^Alex$" sig &&
	test_grep "^Agreed-to: agree/phones.md $blob$" sig &&
	test_grep "^Agreed-by: alex$" sig &&
	git -C journal show --format= --name-only HEAD >touched &&
	test_cmp /dev/null touched &&
	tend -C journal agree list >list &&
	test_grep "^phones  *draft  *sam " list &&
	test_expect_code 1 tend -C journal agree sign phones 2>err &&
	test_grep "signed this text of .phones. already" err
'

test_expect_success 'two partners signing at once on two machines merge without a conflict' '
	tend -C journal agree new rota -m "- We take turns with the dishes." >/dev/null &&
	git init -q --bare remote.git &&
	git -C journal push -q "file://$TRASH/remote.git" HEAD:refs/heads/main &&
	git clone -q -b main "file://$TRASH/remote.git" sam &&
	git -C sam config tend.me sam &&
	tend -C journal agree sign rota >/dev/null &&
	tend -C sam agree sign rota >/dev/null &&
	tend -C sam agree sign phones >/dev/null &&
	git -C sam push -q origin HEAD:main &&
	git -C journal -c user.name=Alex -c user.email=alex@example.org \
	    pull -q --no-rebase --no-edit "file://$TRASH/remote.git" main &&
	git -C journal status --porcelain >status &&
	test_cmp /dev/null status &&
	tend -C journal agree list >list &&
	test_grep "^rota  *draft  *sam (unverified) " list &&
	tend -C journal key >keys &&
	test_grep "^sam  *unconfirmed  *SHA256:" keys &&
	tend -C journal key confirm sam >/dev/null &&
	tend -C journal agree list >list &&
	test_grep "^rota  *in force  *-  " list &&
	test_grep "^phones  *in force  *-  " list &&
	git -C journal fsck --strict
'

test_expect_success 'edit changes the text; earlier signatures go stale: amended' '
	cat >amend.awk <<-\EOF &&
	/^## What we do/ { body = 1 }
	!body { next }
	/The last half hour/ { next }
	{ sub(/face down in \[another room or a basket\]/, "in the basket by the door") }
	{ sub(/^## How we look back/, "## Looking back") }
	{ print }
	/plain alarm clock/ { print "- On Sundays we leave phones at home for our walk." }
	EOF
	awk -f amend.awk journal/agree/phones.md >body.md &&
	test_grep "^- On Sundays" body.md &&
	tend -C journal agree edit phones -F body.md >/dev/null &&
	tend -C journal agree list >list &&
	test_grep "^phones  *amended  *alex, sam " list &&
	test "$(git -C journal log -1 --format=%s)" = "agree: edit phones"
'

test_expect_success 'an edit that changes nothing, or empties it, commits nothing' '
	snapshot before &&
	: >empty.md &&
	test_expect_code 2 tend -C journal agree edit phones -F empty.md 2>err &&
	test_grep "the text is empty" err &&
	tend -C journal agree edit phones -F body.md >/dev/null 2>err &&
	test_grep "unchanged; nothing committed" err &&
	snapshot after &&
	test_cmp before after
'

test_expect_success 'diff against the last signed text lists clauses by section' '
	tend -C journal agree diff phones >diff &&
	cat >expect <<-\EOF &&
	## What we do
	~ We keep phones off the table during meals, [-face down-] in [-[another room or a basket].-]{+the basket by the door.+}
	- The last half hour before sleep is phone-free for everyone.
	+ On Sundays we leave phones at home for our walk.

	## Looking back (was "How we look back")
	EOF
	test_cmp expect diff &&
	tend -C journal agree diff phones signed >diff2 &&
	test_cmp diff diff2
'

test_expect_success 'reordered clauses are no change at all' '
	sed -n "/^## What we do/,\$p" journal/agree/phones.md >body2.md &&
	first=$(grep -n "^- We keep phones" body2.md | cut -d: -f1) &&
	second=$(grep -n "^- Our phones charge" body2.md | cut -d: -f1) &&
	sed -e "${first}{h;d}" -e "${second}G" body2.md >swapped.md &&
	test "$(sed -n "${first}p" swapped.md | cut -c1-14)" = "- Our phones c" &&
	tend -C journal agree edit phones -F swapped.md >/dev/null &&
	tend -C journal agree diff phones HEAD~1 >diff &&
	test_cmp /dev/null diff
'

test_expect_success 'diff --unified is git'"'"'s diff of the file' '
	tend -C journal agree diff --unified phones signed >unified &&
	test_grep "^--- a/agree/phones.md$" unified &&
	test_grep "^-## How we look back$" unified &&
	test_grep "^+## Looking back$" unified
'

test_expect_success 'sign again: in force; log shows revisions and signatures' '
	tend -C journal agree sign phones >/dev/null &&
	as_sam tend -C journal agree sign phones >/dev/null &&
	tend -C journal agree list >list &&
	test_grep "^phones  *in force  *-  " list &&
	tend -C journal agree log phones >log &&
	test "$(grep -c " signed: " log)" = 4 &&
	test "$(grep -c " edited: " log)" = 2 &&
	test_grep " created: 8 added$" log &&
	test_grep "edited: 1 added, 1 removed, 1 changed, 1 section renamed$" log &&
	test_grep " Sam  *signed: the text of " log &&
	git -C journal log --format=%s -p -- agree/phones.md >gitlog &&
	test_grep "^+- On Sundays we leave phones at home" gitlog
'

test_expect_success 'show --as-of a day, a revision; before it existed is an error' '
	tend -C journal agree show phones >now &&
	test_grep "^agree phones$" now &&
	test_grep "^state  *in force$" now &&
	test_grep "^signed  *alex, sam$" now &&
	test_grep "On Sundays" now &&
	first=$(git -C journal log --format=%h --reverse -- agree/phones.md | head -1) &&
	tend -C journal agree show phones --as-of "$first" >then &&
	test_grep "^as of  *$first$" then &&
	test_grep "^state  *draft$" then &&
	test_grep "^signed  *nobody yet$" then &&
	test_grep ! "On Sundays" then &&
	tend -C journal agree show phones --as-of "$(date +%Y-%m-%d)" >today &&
	test_grep "On Sundays" today &&
	test_expect_code 1 tend -C journal agree show phones --as-of 2020-01-01 2>err &&
	test_grep "there was no agreement .phones. yet on 2020-01-01" err &&
	test_expect_code 1 tend -C journal agree show phones --as-of nonsense 2>err &&
	test_grep "no revision .nonsense." err
'

test_expect_success 'blame gives each clause the partner who last wrote it' '
	as_sam tend -C journal agree edit rota -m "- We take turns with the dishes.
- Whoever cooks does not wash up." >/dev/null &&
	tend -C journal agree blame rota >blame &&
	test_grep "^## (top)$" blame &&
	test_grep "^[0-9-]*  Alex  *We take turns with the dishes.$" blame &&
	test_grep "^[0-9-]*  Sam  *Whoever cooks does not wash up.$" blame
'

test_expect_success 'a review day that has come makes it due; a past one is refused' '
	today=$(date +%Y-%m-%d) &&
	next_year=$(($(date +%Y) + 1))-01-01 &&
	tend -C journal agree new walks -m "- We walk on Sundays." --review $today >/dev/null &&
	tend -C journal agree sign walks >/dev/null &&
	as_sam tend -C journal agree sign walks >/dev/null &&
	tend -C journal agree list >list &&
	test_grep "^walks  *review due  *-  *$today " list &&
	head=$(git -C journal rev-parse HEAD) &&
	test_expect_code 2 tend -C journal agree edit walks --review 2020-01-01 2>err &&
	test_grep ": --review 2020-01-01 is past; give a day from today ($today) on$" err &&
	test_expect_code 2 tend -C journal agree new runs -m "- We run." --review 2020-01-01 2>err &&
	test_grep "is past" err &&
	test "$(git -C journal rev-parse HEAD)" = "$head" &&
	tend -C journal agree edit walks --review $next_year >/dev/null &&
	tend -C journal agree list >list &&
	test_grep "^walks  *amended .* $next_year " list
'

test_expect_success 'list goes by name, not by the order of the files' '
	tend -C journal agree new walks-at-night -m "- After dinner." >/dev/null &&
	tend -C journal agree list | awk "{ print \$1 }" >names &&
	sort names >sorted &&
	test_cmp sorted names &&
	test "$(grep -n "^walks" names | cut -d: -f2 | tr "\n" " ")" = "walks walks-at-night "
'

test_expect_success 'a text with conflict markers is in conflict and cannot be signed' '
	printf -- "---\nkind: agree\ntitle: Chores\ncreated: 2026-11-01\n---\n\n<<<<<<< ours\n- A\n=======\n- B\n>>>>>>> theirs\n" >journal/agree/chores.md &&
	git -C journal add agree/chores.md &&
	git -C journal -c user.name=Sam -c user.email=sam@example.org commit -q -m "merge" &&
	tend -C journal agree list >list &&
	test_grep "^chores  *conflict " list &&
	snapshot before &&
	test_expect_code 2 tend -C journal agree sign chores 2>err &&
	test_grep "settle it with .tend agree edit chores. first" err &&
	snapshot after &&
	test_cmp before after
'

test_expect_success 'an edit that breaks the file is refused, and the text is kept' '
	cat >editor <<-\EOF &&
	printf -- "---\nkind: agree\ntitle: [unclosed\n---\nmine\n" >"$1"
	EOF
	snapshot before &&
	echo wait >script &&
	test_expect_code 2 env EDITOR="sh $TRASH/editor" "$SRC_DIR/tests/tty" script -- \
	    tend -C journal agree edit rota >transcript &&
	test_grep "cannot read .agree/rota.md.: line [0-9]*: " transcript &&
	test_grep "your text is kept in .*rejected-rota.md" transcript &&
	test_grep "give it again with .tend agree edit rota -F .*rejected-rota.md." transcript &&
	test_grep "^mine$" journal/.git/tend/rejected-rota.md &&
	snapshot after &&
	test_cmp before after &&
	sed -i "s/^title: \[unclosed$/title: Rota/; s/^mine$/- Sam cooks on Mondays./" \
	    journal/.git/tend/rejected-rota.md &&
	tend -C journal agree edit rota -F journal/.git/tend/rejected-rota.md >/dev/null &&
	test_grep "^title: Rota$" journal/agree/rota.md &&
	test_grep "^- Sam cooks on Mondays.$" journal/agree/rota.md
'

# Review days to come, whatever day the test runs on.
first_review=$(date -d "+100 days" +%Y-%m-%d)
second_review=$(date -d "+200 days" +%Y-%m-%d)
third_review=$(date -d "+300 days" +%Y-%m-%d)

test_expect_success 'new on a terminal: the starter keeps title and review; an empty one is refused' '
	echo wait >script &&
	snapshot before &&
	test_expect_code 2 env EDITOR=true "$SRC_DIR/tests/tty" script -- \
	    tend -C journal agree new empty-one >transcript &&
	test_grep "has no clause yet" transcript &&
	test_grep "your text is kept in" transcript &&
	snapshot after &&
	test_cmp before after &&
	cat >fill <<-\EOF &&
	sed -i "s/^- $/- We cook together on Fridays./" "$1"
	EOF
	EDITOR="sh $TRASH/fill" "$SRC_DIR/tests/tty" script -- \
	    tend -C journal agree new friday-dinner --title "Friday dinner" \
	    --review $first_review >transcript &&
	f=journal/agree/friday-dinner.md &&
	test_grep "^title: Friday dinner$" $f &&
	test_grep "^created: $(date +%Y-%m-%d)$" $f &&
	test_grep "^review: $first_review$" $f &&
	test_grep "^- We cook together on Fridays.$" $f &&
	test "$(git -C journal log -1 --format=%s)" = "agree: new friday-dinner"
'

test_expect_success 'a whole file given to edit -F: its title, review and body; created stays' '
	f=journal/agree/friday-dinner.md &&
	created=$(grep "^created: " $f) &&
	sed "s/on Fridays/on Saturdays/; s/^title: .*/title: Saturday dinner/;
	    s/^created: .*/created: 2020-01-01/; s/^review: .*/review: $second_review/" \
	    $f >whole.md &&
	tend -C journal agree edit friday-dinner -F whole.md >/dev/null &&
	test_grep "^- We cook together on Saturdays.$" $f &&
	test_grep "^title: Saturday dinner$" $f &&
	test_grep "^review: $second_review$" $f &&
	test_grep "^$created$" $f &&
	test "$(grep -c "^---$" $f)" = 2 &&
	tend -C journal agree edit friday-dinner -F whole.md --title "Dinner" >/dev/null &&
	test_grep "^title: Dinner$" $f
'

test_expect_success 'a whole file given to new -F is taken the same way, not nested' '
	printf -- "---\nkind: agree\ntitle: Walks on Sunday\ncreated: 2020-01-01\nreview: $third_review\n---\n\n- We walk on Sundays.\n" >walk.md &&
	tend -C journal agree new sunday-walks -F walk.md >/dev/null &&
	f=journal/agree/sunday-walks.md &&
	test "$(grep -c "^---$" $f)" = 2 &&
	test_grep "^title: Walks on Sunday$" $f &&
	test_grep "^review: $third_review$" $f &&
	test_grep ! "^created: 2020-01-01$" $f &&
	test_grep "^- We walk on Sundays.$" $f &&
	printf -- "---\nkind: agree\ntitle: [unclosed\n---\n\n- x\n" >broken.md &&
	snapshot before &&
	test_expect_code 2 tend -C journal agree new other -F broken.md 2>err &&
	test_grep "the text.*line" err &&
	snapshot after &&
	test_cmp before after &&
	printf -- "---\ntitle: Not ours\n---\n\n- x\n" >other.md &&
	tend -C journal agree new other -F other.md >/dev/null &&
	test_grep "^title: Not ours$" journal/agree/other.md &&
	test_grep "^title: Other$" journal/agree/other.md
'

test_expect_success 'a hand-edited agreement that does not parse is named; the others still list' '
	printf -- "---\nkind: agree\ntitle: x\n  bad: [\n---\n" >journal/agree/broken.md &&
	git -C journal add agree/broken.md &&
	git -C journal -c user.name=Sam -c user.email=sam@example.org commit -q -m "by hand" &&
	tend -C journal agree list >list 2>err &&
	test_grep "^tend: warning: cannot read .agree/broken.md.: line 4: " err &&
	test_grep "^phones " list &&
	test_grep "^rota " list
'

test_done
