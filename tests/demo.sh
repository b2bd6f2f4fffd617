#!/bin/sh
# make demo: two partners, Alex and Sam, start a journal on two machines,
# each checks in, and git carries the entries between them.  Everything
# happens in a temporary folder that is removed at the end.
set -eu

top=$(cd "$(dirname "$0")/.." && pwd)
demo=$(mktemp -d "${TMPDIR:-/tmp}/tend-demo.XXXXXX")
trap 'rm -rf "$demo"' EXIT

# Nothing of the person running the demo is read or changed.
export HOME="$demo/home" GIT_CONFIG_GLOBAL="$demo/home/.gitconfig"
export GIT_CONFIG_NOSYSTEM=1 XDG_CONFIG_HOME="$demo/home/.config"
export XDG_DATA_HOME="$demo/home/.local/share"
unset TEND_DIR EDITOR VISUAL
PATH="$top:$PATH"
mkdir -p "$HOME" "$demo/alex" "$demo/sam"

say() {
	printf '\n== %s\n' "$*"
}

# Show a command as one would type it, then run it in the folder given first.
run() {
	where=$1
	shift
	printf '%s$' "$where"
	for arg; do
		case $arg in
		*[!A-Za-z0-9_./=:@+-]*|'') printf " '%s'" "$arg" ;;
		*) printf ' %s' "$arg" ;;
		esac
	done
	printf '\n'
	(cd "$demo/$where" && "$@")
}

say "Alex starts a journal for Alex and Sam"
run alex tend init --me 'Alex <alex@example.org>' \
    --partner 'Sam <sam@example.org>' journal

say "A bare repository stands in for the git host they share"
run . git init -q --bare shared.git
run alex/journal git remote add origin "$demo/shared.git"
run alex/journal tend sync

say "Sam joins from another machine, saying who they are"
run sam tend clone --me 'Sam <sam@example.org>' "$demo/shared.git" journal

say "Alex checks in"
run alex/journal tend checkin -r vulnerability=4 -r listening=3 \
    -r empathy=4 -r affirmation=5 -r shared=2 \
    -a 'Sam made soup when I was tired' -n 'a slow walk this weekend' \
    -m 'Work was loud; I was short with Sam at dinner.'

say "Sam checks in, on the same day, on their own machine"
run sam/journal tend checkin -r vulnerability=3 -r listening=4 \
    -r empathy=4 -r affirmation=3 -r shared=2 \
    -a 'Alex said sorry about dinner without being asked' \
    -n 'more evenings without phones'

say "Alex reflects alone first: a reflection is private unless shared"
run alex/journal tend reflect -p lessons-from-home \
    -m 'At home, nobody asked how anyone felt. I still wait to be asked.'
run alex/journal tend reflect --list
run alex/journal git status --short

say "Later, Alex chooses to share that reflection with Sam"
run alex/journal tend reflect --share "$(date +%Y-%m-%d)-alex-lessons"

say "They sync: no conflict, since each entry is its own file"
run sam/journal tend sync
run alex/journal tend sync
run sam/journal tend sync

say "Sam writes down a resentment privately, then raises it"
run sam/journal tend resent -k expectation -m 'Phones came out at dinner again.' \
    'Phones at dinner'
run sam/journal tend resent list
run sam/journal tend resent raise "$(date +%Y-%m-%d)-sam-phones"

say "They talk, and turn it into an agreement from a template"
run sam/journal tend agree new phones -t phones
run sam/journal tend resent resolve "$(date +%Y-%m-%d)-sam-phones" \
    -m 'We talked it through and wrote an agreement.' --agreement phones
run sam/journal tend agree sign phones
run sam/journal tend sync
run alex/journal tend sync
run alex/journal tend agree sign phones
run alex/journal tend agree list

say "A month later Alex amends it; the signatures no longer cover the text"
awk '/^## What we do/ { body = 1 } !body { next }
    { sub(/face down in \[another room or a basket\]/, "in the basket by the door") }
    { print }' "$demo/alex/journal/agree/phones.md" >"$demo/phones-body.md"
run alex/journal tend agree edit phones -F "$demo/phones-body.md"
run alex/journal tend agree list
run alex/journal tend agree diff phones signed
run alex/journal tend agree log phones
run alex/journal tend sync
run sam/journal tend sync

say "Sam can also use plain git: the journal is an ordinary repository"
run sam/journal git pull -q --ff-only
run sam/journal tend log -n 6

say "The dashboard Sam looks at each day"
run sam/journal tend status

say "Every check-in so far, as a table"
run sam/journal tend checkin --list

say "The history, as git shows it"
run sam/journal git log --stat --format='%h %an: %s'

say "The entry files"
for entry in "$demo"/sam/journal/checkin/*/*/*.md \
    "$demo"/sam/journal/reflect/*/*/*.md; do
	printf -- '--- %s\n' "${entry#"$demo"/sam/journal/}"
	cat "$entry"
done

say "An entry as tend shows it (an id, or a unique prefix of one)"
run sam/journal tend show --pretty "$(date +%Y-%m-%d)-alex-less"

say "Both journals hold the same, and git finds nothing wrong"
run alex/journal git fsck --strict --no-progress --no-dangling
test "$(git -C "$demo/alex/journal" rev-parse HEAD)" = \
    "$(git -C "$demo/sam/journal" rev-parse HEAD)"
echo "demo finished: both partners have the same journal"
