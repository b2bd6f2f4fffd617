#!/bin/sh
# Partners own their entries in tend.conf: a partner using plain git
# (git config --file tend.conf, git commit, git push) may add a partner or
# change their own entry, but a commit that removes or changes another
# partner is refused by tend sync, which names the commit and its author.
. "$(dirname "$0")/lib.sh"

url="file://$TRASH/srv/journal.git"
# Through git's transport here (the other partner tests go through
# libgit2's): a refusal takes back all a fetch by git brought too.
git config --global sync.transport git

test_expect_success 'setup: Alex on tend, Sam on plain git, one bare remote' '
	partner_setup
'

# Sam changes tend.conf with git config alone, commits and pushes.
sam_conf() {
	git -C sam pull -q --no-rebase &&
	git -C sam config --file tend.conf "$@" &&
	git -C sam commit -q -a -m "tend.conf: $*" &&
	git -C sam push -q origin HEAD &&
	git -C sam rev-parse HEAD >pushed
}

test_expect_success 'Sam removing Alex from tend.conf is refused' '
	sam_conf --remove-section partner.alex &&
	partner_refused "it removes partner .alex., which only alex may do" &&
	sam_undoes
'

test_expect_success 'taken in with plain git pull, it is what doctor names' '
	sam_conf --remove-section partner.alex &&
	head=$(git -C alex rev-parse HEAD) &&
	git -C alex pull -q --no-rebase origin "$(git -C alex symbolic-ref --short HEAD)" &&
	test_expect_code 1 tend -C alex doctor --offline >out &&
	test_grep "^error   entries     tend.conf: you, .alex. (tend.me), are not a partner in it" out &&
	test_grep "partner.alex.name NAME" out &&
	git -C alex reset -q --hard "$head" &&
	sam_undoes
'

test_expect_success 'so is Sam renaming Alex, or changing Alex.s address' '
	sam_conf partner.alex.name "Not Alex" &&
	partner_refused "it changes the name, address or keys of partner .alex., which only alex may do" &&
	sam_undoes &&
	sam_conf partner.alex.email sam@example.org &&
	partner_refused "it changes the name, address or keys of partner .alex." &&
	sam_undoes
'

test_expect_success 'Sam may rename Sam, and add Robin' '
	sam_conf partner.sam.name "Sam Rivera" &&
	sam_conf partner.robin.name Robin &&
	sam_conf partner.robin.email robin@example.org &&
	tend -C alex sync >out &&
	test_grep "took in" out &&
	test "$(git -C alex config --file tend.conf partner.sam.name)" = "Sam Rivera" &&
	test "$(git -C alex config --file tend.conf partner.robin.name)" = Robin
'

test_expect_success 'a merge Sam makes with git pull answers only for what it adds' '
	tend -C alex config partner.alex.name "Alex Kim" >/dev/null &&
	tend -C alex sync >/dev/null &&
	git -C sam config --file tend.conf checkin.minutes 20 &&
	git -C sam commit -q -a -m "timer" &&
	git -C sam pull -q --no-rebase &&
	git -C sam log -1 --format=%p >parents &&
	test "$(wc -w <parents)" = 2 &&
	git -C sam push -q origin HEAD &&
	tend -C alex sync >out &&
	test_grep "took in" out &&
	test "$(git -C alex config --file tend.conf partner.alex.name)" = "Alex Kim" &&
	test "$(git -C alex config --file tend.conf checkin.minutes)" = 20
'

test_expect_success 'an include of a FIFO is refused before git opens it, by sync and clone' '
	mkfifo "$TRASH/fifo" &&
	git -C sam pull -q --no-rebase &&
	printf "[include]\n\tpath = %s\n" "$TRASH/fifo" >>sam/tend.conf &&
	git -C sam commit -q -a -m "include" &&
	git -C sam push -q origin HEAD &&
	head=$(git -C alex rev-parse HEAD) &&
	test_expect_code 1 timeout 20 tend -C alex sync 2>err &&
	test "$(wc -l <err)" = 1 &&
	test_grep "refusing to take in .tend.conf. from .origin..*: .tend.conf. may not include other files (line [0-9]*: .include.); remove that section$" err &&
	test "$(git -C alex rev-parse HEAD)" = "$head" &&
	test_expect_code 2 timeout 20 tend clone --me Robin "$url" robin 2>err &&
	test_grep "may not include other files" err &&
	test ! -e robin &&
	sam_undoes
'

test_expect_success 'tend.conf removed is refused; Sam may leave' '
	git -C sam pull -q --no-rebase &&
	git -C sam rm -q tend.conf &&
	git -C sam commit -q -m "no conf" &&
	git -C sam push -q origin HEAD &&
	git -C sam rev-parse HEAD >pushed &&
	test_expect_code 1 tend -C alex sync 2>err &&
	test_grep "commit $(cut -c1-7 pushed) by Sam removes tend.conf" err &&
	sam_undoes &&
	sam_conf --remove-section partner.sam &&
	tend -C alex sync >out &&
	test_grep "took in" out &&
	test_must_fail git -C alex config --file tend.conf partner.sam.name
'

test_done
