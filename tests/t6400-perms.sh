#!/bin/sh
# Whatever the umask, nothing tend writes in a journal is open to others:
# after every writing command, under umask 000, 022 and 077, 'find JOURNAL
# -perm /077' finds nothing, .git included (libgit2's objects, refs and
# index, and the private store).
. "$(dirname "$0")/lib.sh"

P="-r vulnerability=4 -r listening=3 -r empathy=5 -r affirmation=4 -r shared=2"

# Run a command under umask $1, then list what in the folder $2 others
# could read, write or enter; that list must be empty.
private_after() {
	mask=$1 dir=$2
	shift 2
	(umask "$mask" && "$@") >/dev/null || return 1
	find "$dir" -perm /077 >open
	if [ -s open ]; then
		echo "umask $mask: after '$*', others may open:" >&2
		cat open >&2
		return 1
	fi
}

checked=0
for mask in 000 022 077; do
	j=journal-$mask
	test_expect_success "umask $mask: every writing command leaves nothing open to others" "
		git init -q --bare remote-$mask.git &&
		private_after $mask $j tend init --me 'Alex <alex@example.org>' \
		    --partner 'Sam <sam@example.org>' $j &&
		git -C $j remote add origin file://\$TRASH/remote-$mask.git &&
		private_after $mask $j tend -C $j checkin $P -m 'An evening.' &&
		private_after $mask $j tend -C $j reflect -m 'Private.' &&
		private_after $mask $j tend -C $j reflect --share -m 'Shared.' &&
		private_after $mask $j tend -C $j resent -k hurt -m 'It stung.' Late &&
		id=\$(tend -C $j resent list | awk '/private/ { print \$1; exit }') &&
		private_after $mask $j tend -C $j resent raise \$id &&
		private_after $mask $j tend -C $j resent resolve \$id -m 'Talked.' &&
		private_after $mask $j tend -C $j agree new phones -m '- No phones.' &&
		private_after $mask $j tend -C $j agree edit phones -m '- No phones at dinner.' &&
		private_after $mask $j tend -C $j agree sign phones &&
		private_after $mask $j tend -C $j config ritual.evening.time 21:00 &&
		private_after $mask $j tend -C $j config --local tend.remote origin &&
		private_after $mask $j tend -C $j sync &&
		private_after $mask $j tend -C $j export --html site-$mask &&
		private_after $mask site-$mask true &&
		private_after $mask $j tend -C $j export --markdown md-$mask &&
		private_after $mask md-$mask true &&
		private_after $mask $j tend -C $j export --ics &&
		private_after $mask sam-$mask tend clone \
		    --me 'Sam <sam@example.org>' file://\$TRASH/remote-$mask.git \
		    sam-$mask &&
		private_after $mask sam-$mask tend -C sam-$mask checkin $P -m 'Me too.' &&
		private_after $mask sam-$mask tend -C sam-$mask sync &&
		private_after $mask $j tend -C $j sync &&
		test \$(find $j sam-$mask | wc -l) -gt 50
	"
	checked=$((checked + 21))
done

echo "# permission checks: $checked commands under umask 000, 022 and 077," \
    "each followed by 'find DIR -perm /077'"
test_done
