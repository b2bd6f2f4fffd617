#!/bin/sh
# tend resent: private first, raised on purpose, resolved together.
. "$(dirname "$0")/lib.sh"

private=journal/.git/tend/private
today=$(date +%Y-%m-%d)

snapshot() {
	{ git -C journal rev-parse HEAD &&
	  git -C journal status --porcelain --untracked-files=all &&
	  { git -C $private rev-parse HEAD 2>/dev/null || echo none; }; } >"$1"
}

test_expect_success 'setup' '
	make_journal &&
	git init -q --bare remote.git &&
	git -C journal remote add origin "file://$TRASH/remote.git"
'

test_expect_success 'a resentment is written privately first' '
	head=$(git -C journal rev-parse HEAD) &&
	tend -C journal resent -k expectation -t chores -t evenings \
	    -m "Third week in a row." "The dishes, again" >id &&
	test "$(cat id)" = "$today-alex-the-dishes-again" &&
	test "$(git -C journal rev-parse HEAD)" = "$head" &&
	f=$private/resent/$(cat id).md &&
	test_grep "^kind: resent$" $f &&
	test_grep "^root: expectation$" $f &&
	test_grep "^state: private$" $f &&
	test_grep "^title: \"The dishes, again\"$" $f &&
	test_grep "^tags: \[chores, evenings\]$" $f &&
	test_grep "^Third week in a row.$" $f &&
	test "$(file_mode $f)" = 600
'

test_expect_success 'list shows it as mine and private, with its age' '
	tend -C journal resent list >list &&
	test_grep "^$(cat id)  *private  *0d  *expectation  *alex  *The dishes, again$" list
'

test_expect_success 'an id longer than the others widens its column for all' '
	tend -C journal resent -k need -m x \
	    "Nobody asks how the day went, on the long evenings" >long &&
	tend -C journal resent list >list &&
	test "$(wc -l <list)" = 3 &&
	test "$(grep -o "^[^ ]* *" list | awk "{ print length }" | sort -u | wc -l)" = 1 &&
	test "$(head -n 1 list | grep -o "^id *" | awk "{ print length }")" = \
	    "$(( $(wc -c <long) ))" &&
	tend -C journal resent drop "$(cat long)" >/dev/null
'

test_expect_success 'bad input is refused with the rule, and nothing is written' '
	snapshot before &&
	test_expect_code 2 tend -C journal resent -m x "No kind" </dev/null 2>err &&
	test_grep "give its kind with -k (expectation, hurt, communication, need or disappointment)" err &&
	test_expect_code 2 tend -C journal resent -k grudge "Bad kind" 2>err &&
	test_grep "unknown kind .grudge." err &&
	test_expect_code 2 tend -C journal resent -k hurt 2>err &&
	test_grep "give the resentment a title" err &&
	test_expect_code 2 tend -C journal resent -k hurt "!!!" 2>err &&
	test_expect_code 2 tend -C journal resent list --state angry 2>err &&
	test_grep "unknown state .angry." err &&
	snapshot after &&
	test_cmp before after
'

test_expect_success 'on a terminal, the kind is asked, with a line on each' '
	cat >script <<-\EOF &&
	expect the same sore spot
	expect kind (1-5, or q to stop): 
	send 9\n
	expect please answer 1 to 5
	send  Communication \n
	wait
	EOF
	"$SRC_DIR/tests/tty" script -- env EDITOR=true \
	    tend -C journal resent "Talked over at dinner" >transcript &&
	test_grep "^root: communication$" $private/resent/$today-alex-talked-over-at-dinner.md
'

test_expect_success 'resolving a private one says to raise it first' '
	snapshot before &&
	test_expect_code 2 tend -C journal resent resolve "$(cat id)" 2>err &&
	test_grep "is private: raise it first with .tend resent raise $(cat id)." err &&
	snapshot after &&
	test_cmp before after
'

test_expect_success 'raise moves it into the journal; the private copy goes' '
	tend -C journal resent raise "$today-alex-the" >out &&
	test_cmp id out &&
	f=resent/$(cat id).md &&
	test -f journal/$f &&
	test ! -e $private/$f &&
	test_grep "^state: raised$" journal/$f &&
	test_grep "^raised: $today$" journal/$f &&
	test_grep "^Third week in a row.$" journal/$f &&
	test "$(git -C journal log -1 --format="%an|%s")" = "Alex|resent: raise $(cat id)" &&
	git -C $private log --format=%s -- $f >history &&
	test "$(wc -l <history)" = 2
'

test_expect_success 'raising twice is refused' '
	test_expect_code 2 tend -C journal resent raise "$(cat id)" 2>err &&
	test_grep "is raised already" err
'

test_expect_success 'the partner sees a raised one after a sync, and no private one' '
	tend -C journal resent -k need -m "secret canary-resent-41c7" "Unsaid" >unsaid &&
	git -C journal push -q origin HEAD:refs/heads/main &&
	git clone -q -b main "file://$TRASH/remote.git" sam &&
	git -C sam config tend.me sam &&
	tend -C sam resent list >list &&
	test_grep "^$(cat id)  *raised .* alex  *The dishes, again$" list &&
	test_grep ! "Unsaid" list &&
	test_expect_code 1 tend -C sam resent show "$(cat unsaid)" 2>err &&
	test_grep "no entry" err &&
	git -C remote.git rev-list --objects --all | cut -d" " -f1 |
	    git -C remote.git cat-file --batch >objects &&
	test_grep "Third week" objects &&
	test_grep ! "canary-resent-41c7" objects
'

test_expect_success 'resolve needs an agreement that exists' '
	snapshot before &&
	test_expect_code 2 tend -C sam resent resolve "$(cat id)" --agreement no-such 2>err &&
	test_grep "there is no agreement .no-such." err &&
	snapshot after &&
	test_cmp before after
'

test_expect_success 'resolve records the note, the day and the agreement' '
	tend -C sam agree new dishes -m "- We take turns, by the calendar." >/dev/null &&
	tend -C sam resent resolve "$(cat id)" -m "We made a rota." --agreement dishes >out &&
	f=sam/resent/$(cat id).md &&
	test_grep "^state: resolved$" $f &&
	test_grep "^resolved: $today$" $f &&
	test_grep "^agreement: dishes$" $f &&
	test_grep "^## Resolution$" $f &&
	test_grep "^We made a rota.$" $f &&
	test "$(git -C sam log -1 --format=%an)" = Sam &&
	test_expect_code 2 tend -C sam resent resolve "$(cat id)" 2>err &&
	test_grep "is resolved already" err
'

test_expect_success 'drop lets a private one go, and keeps it in the private history' '
	tend -C journal resent drop "$(cat unsaid)" >/dev/null &&
	test_grep "^state: dropped$" $private/resent/$(cat unsaid).md &&
	test_expect_code 2 tend -C journal resent drop "$(cat unsaid)" 2>err &&
	test_grep "is dropped already" err &&
	test_expect_code 2 tend -C journal resent drop "$(cat id)" 2>err &&
	test_grep "only a private one can be dropped" err
'

test_expect_success 'list: open by default; --all, --state and --kind filter' '
	git -C sam push -q origin HEAD:main &&
	git -C journal -c user.name=Alex -c user.email=alex@example.org pull -q --no-rebase --no-edit origin main &&
	tend -C journal resent list >list &&
	test_grep "talked-over-at-dinner" list &&
	test_grep ! "dishes-again" list &&
	test_grep ! "unsaid" list &&
	tend -C journal resent list --all >list &&
	test_grep "dishes-again  *resolved" list &&
	test_grep "unsaid  *dropped" list &&
	tend -C journal resent list --state resolved >list &&
	test "$(wc -l <list)" = 2 &&
	tend -C journal resent list --kind communication >list &&
	test "$(wc -l <list)" = 2 &&
	test_grep "talked-over" list
'

test_expect_success 'unknown ids, ambiguous prefixes and other kinds are clear errors' '
	test_expect_code 1 tend -C journal resent raise nothing-like-it 2>err &&
	test_grep "no entry .nothing-like-it." err &&
	tend -C journal resent -k hurt "Another one" >/dev/null &&
	test_expect_code 1 tend -C journal resent raise "$today-alex" 2>err &&
	test_grep "is ambiguous: .*(private)" err &&
	tend -C journal checkin $all_pillars >cid &&
	test_expect_code 2 tend -C journal resent raise "$(cat cid)" 2>err &&
	test_grep "is a checkin, not a resentment" err
'

test_expect_success '--raise raises at once, and show prints one' '
	tend -C journal resent -k disappointment --raise "Missed the film" >rid &&
	test -f journal/resent/$(cat rid).md &&
	test_grep "^state: raised$" journal/resent/$(cat rid).md &&
	tend -C journal resent show --pretty "$(cat rid)" >out &&
	test_grep "^resent $(cat rid)$" out &&
	test_grep "^title  *Missed the film$" out &&
	git -C journal fsck --strict &&
	git -C $private fsck --strict
'

# The journal's resentments are known by blob id in .git/tend/resent: a
# list reads only the new ones, and a spoiled cache lists the same.
test_expect_success 'list shows the same with its cache, without, or spoiled' '
	printf -- "---\nkind: resent\nstate: [raised\n---\n" \
	    >journal/resent/2026-01-02-sam-broken.md &&
	git -C journal add resent &&
	git -C journal -c user.name=Sam -c user.email=sam@example.org \
	    commit -q -m "A broken one" &&
	rm -f journal/.git/tend/resent &&
	tend -C journal resent list --all >fresh 2>fresh-err &&
	test_grep "2026-01-02-sam-broken.md" fresh-err &&
	test -s journal/.git/tend/resent &&
	tend -C journal resent list --all >out 2>err &&
	test_cmp fresh out &&
	test_cmp fresh-err err &&
	for n in 0 10 60 300; do
		head -c $n journal/.git/tend/resent >cut &&
		mv cut journal/.git/tend/resent &&
		tend -C journal resent list --all >out 2>err &&
		test_cmp fresh out &&
		test_cmp fresh-err err || return 1
	done &&
	printf "tend-resent 4 0.1.0\nnot a record\n" >journal/.git/tend/resent &&
	tend -C journal resent list >out 2>err &&
	tend -C journal resent list --all >out 2>err &&
	test_cmp fresh out &&
	git -C journal rm -q resent/2026-01-02-sam-broken.md &&
	git -C journal -c user.name=Sam -c user.email=sam@example.org \
	    commit -q -m "Gone"
'

test_done
