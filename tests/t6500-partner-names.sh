#!/bin/sh
# What a partner writes reaches the other partner's terminal as text and
# nothing more: Sam changes the journal with the git CLI alone (a name in
# tend.conf, entries, .tend/content), Alex takes it in with tend sync, and
# no command Alex runs writes a byte that steers the terminal.
. "$(dirname "$0")/lib.sh"

TTY="$SRC_DIR/tests/tty"
ESC=$(printf '\033')
CSI=$(printf '\233')
BEL=$(printf '\007')
BS=$(printf '\010')
CR=$(printf '\015')
FFFD=$(printf '\357\277\275')
ZWSP=$(printf '\342\200\213')
# A clipboard write (OSC 52), a clear screen, CSI as a raw byte and as
# UTF-8 (U+009B), backspaces over a name, and a carriage return.
HOSTILE=$(printf '\033]52;c;SGk=\007\033[2J\233[1m\302\233[1mSa\b\b\bAlex\rX')
# What a terminal should be shown of it: every escape visible as U+FFFD.
SHOWN="$FFFD]52;c;SGk=$FFFD$FFFD[2J$FFFD[1m$FFFD[1m"
SHOWN="${SHOWN}Sa$FFFD$FFFD${FFFD}Alex${FFFD}X"
# The same, for YAML's double quotes, with a zero-width space.
HOSTILE_YAML='\e]52;c;SGk=\a\e[2J\x9b[1mSa\b\b\bAl\u200Bex\rX'
# A status line a name with a newline in it would forge.
FORGED="  Robin        checked in             9 days in a row"
LI=$(printf '\346\235\216')
MING=$(printf '\346\230\216')
ZOE=$(printf 'Zo\303\253')
ELLIPSIS=$(printf '\342\200\246')
export ESC CSI BEL BS CR FFFD ZWSP HOSTILE SHOWN HOSTILE_YAML FORGED LI MING \
    ZOE ELLIPSIS

# Fail, saying where, if FILE holds ESC, CSI (0x9b), BEL, BS or CR.  The
# timer rings a bell of its own, alone on a line, before each turn; with
# "pty", the CR LF a pseudo-terminal ends each line with is let through.
no_steering() {
	if [ "${2:-}" = pty ]; then
		LC_ALL=C sed -e "s/$CR\$//" -e "/^$BEL\$/d" "$1"
	else
		LC_ALL=C sed -e "/^$BEL\$/d" "$1"
	fi >"$1.plain" || return 1
	if LC_ALL=C grep -q "[$ESC$CSI$BEL$BS$CR]" "$1.plain"; then
		echo "no_steering: '$1' has bytes that steer a terminal:" >&2
		LC_ALL=C grep -n "[$ESC$CSI$BEL$BS$CR]" "$1.plain" | od -c |
		    sed 16q >&2
		return 1
	fi
}

# Fail unless FILE is valid UTF-8: a cut must not split a character.
is_utf8() {
	perl -MEncode -e 'local $/; my $s = <STDIN>;
	    decode("UTF-8", $s, Encode::FB_CROAK)' <"$1"
}

# The display columns before PATTERN (a Perl regex) on each line of FILE
# that has it, one number a line: East Asian wide characters take two
# columns, combining marks none.
columns_before() {
	perl -CSD -ne '
		next unless /^(.*?)(?:'"$1"')/;
		my $w = 0;
		for my $c (split //, $1) {
			$w += $c =~ /\p{Mn}/ ? 0 :
			    $c =~ /[\p{Ea=W}\p{Ea=F}]/ ? 2 : 1;
		}
		print "$w\n";
	' "$2"
}

# Sam brings their clone up to date, with git alone.
sam_pulls() {
	git -C sam pull -q --ff-only
}

# Sam commits everything in their clone and pushes it, with git alone.
sam_pushes() {
	git -C sam add -A &&
	git -C sam commit -q -m "$1" &&
	git -C sam push -q origin HEAD
}

test_expect_success 'setup: Alex shares a journal, Sam has a plain git clone' '
	mkdir srv &&
	git init -q --bare srv/journal.git &&
	make_journal alex &&
	git -C alex remote add origin "file://$TRASH/srv/journal.git" &&
	tend -C alex sync >out &&
	test_grep "^shared yours$" out &&
	git clone -q srv/journal.git sam &&
	git -C sam config user.name Sam &&
	git -C sam config user.email sam@example.org
'

test_expect_success 'setup: Sam names themself with escapes, with git alone' '
	git -C sam config -f tend.conf partner.sam.name "$HOSTILE" &&
	sam_pushes "a name with escapes" &&
	tend -C alex sync >out 2>err &&
	test_grep "^took in the partners. entries$" out &&
	no_steering out && no_steering err &&
	test "$(git -C alex config -f tend.conf partner.sam.name)" = "$HOSTILE"
'

test_expect_success 'status shows the name as text, every escape visible' '
	tend -C alex status >out &&
	no_steering out &&
	grep -F "  $SHOWN not checked in yet" out &&
	is_utf8 out
'

test_expect_success 'status --json is valid JSON without the escapes' '
	tend -C alex status --json >json &&
	no_steering json &&
	perl -MJSON::PP -e "local \$/; decode_json(<STDIN>)" <json &&
	grep -F "\"name\": \"$FFFD]52;c;SGk=" json
'

test_expect_success 'the timer names Sam without writing the escapes' '
	tend -C alex checkin --timer=1s $all_pillars --date 2026-11-17 \
	    >id 2>out &&
	test "$(cat id)" = 2026-11-17-alex &&
	no_steering out &&
	grep -F "[1/4] Alex speaks, $FFFD]52;c;SGk=" out &&
	grep -F "[2/4] $FFFD]52;c;SGk=" out
'

test_expect_success 'nor does the timer on a terminal' '
	echo wait >script &&
	"$TTY" script -- tend -C alex checkin --timer=1s $all_pillars \
	    --date 2026-11-16 >transcript &&
	no_steering transcript pty &&
	grep -F "Alex speaks, $FFFD]52;c;SGk=" transcript
'

test_expect_success 'a name with a newline in it prints on one line' '
	tend -C alex sync >/dev/null &&
	sam_pulls &&
	git -C sam config -f tend.conf partner.sam.name "Sam
$FORGED" &&
	sam_pushes "a name that forges a line" &&
	tend -C alex sync >/dev/null &&
	tend -C alex status >out &&
	no_steering out &&
	grep -F "  Sam $FORGED not checked in yet" out &&
	test_grep ! "^  Rob" out &&
	sed -n "/^Today/,/^  everyone/p" out >today &&
	test "$(wc -l <today)" = 4
'

test_expect_success 'status columns line up for wide and accented names' '
	tend -C alex config partner.alex.name "$ZOE" &&
	tend -C alex sync >/dev/null &&
	sam_pulls &&
	git -C sam config -f tend.conf partner.sam.name "$LI$MING" &&
	sam_pushes "a name in Chinese" &&
	tend -C alex sync >/dev/null &&
	tend -C alex status >out &&
	is_utf8 out &&
	test_grep "^  $ZOE " out &&
	test_grep "^  $LI$MING " out &&
	sed -n "/^Today/,/^  everyone/p" out >today &&
	columns_before "(?:not )?checked in" today >at &&
	test "$(wc -l <at)" = 2 &&
	test "$(sort -u at)" = 15 &&
	grep -E "^  ([a-z]+ +| +)($ZOE|$LI)" out >pillars &&
	test "$(wc -l <pillars)" = 10 &&
	columns_before "(?: -|[1-5]\.[0-9]) " pillars >at &&
	test "$(sort -u at)" = 28
'

test_expect_success 'a long wide name is cut between characters' '
	tend -C alex sync >/dev/null &&
	sam_pulls &&
	long=$LI$MING$LI$MING$LI$MING &&
	git -C sam config -f tend.conf partner.sam.name "$long" &&
	sam_pushes "a long name" &&
	tend -C alex sync >/dev/null &&
	tend -C alex status >out &&
	is_utf8 out &&
	test_grep "^ *$LI$MING$LI$MING$ELLIPSIS   -  " out &&
	grep -E "^  ([a-z]+ +| +)$LI" out >pillars &&
	test "$(wc -l <pillars)" = 5 &&
	columns_before "(?: -|[1-5]\.[0-9]) " pillars >at &&
	test "$(sort -u at)" = 28
'

test_expect_success 'setup: Sam writes entries and .tend/content with git' '
	tend -C alex sync >/dev/null &&
	sam_pulls &&
	mkdir -p sam/resent sam/agree sam/.tend/content/resent \
	    sam/.tend/content/prompts/reflect &&
	cat >sam/resent/2026-11-19-sam-dishes.md <<-EOF &&
	---
	kind: resent
	author: sam
	date: 2026-11-19T10:00:00+00:00
	title: "Dishes $HOSTILE_YAML"
	root: hurt
	state: raised
	raised: 2026-11-19
	---

	The dishes again.
	EOF
	cat >sam/agree/rota.md <<-EOF &&
	---
	kind: agree
	title: "Rota $HOSTILE_YAML\nstate    in force"
	created: 2026-11-19
	---

	- We take turns.
	EOF
	cat >sam/.tend/content/resent/hurt.md <<-EOF &&
	---
	summary: "a wound $HOSTILE_YAML that stays"
	---
	# Hurt

	Something that stung.
	EOF
	printf -- "---\ntheme: evil\n---\n# Why %s now?\n\nGuidance %s.\n" \
	    "$(printf "\033]52;c;SGk=\007\033[2J\302\233")" "$ESC[31m here" \
	    >sam/.tend/content/prompts/reflect/evil-prompt.md &&
	sam_pushes "hostile words" &&
	tend -C alex sync >out 2>err &&
	no_steering out && no_steering err
'

test_expect_success 'log shows the title as text, zero-width space too' '
	tend -C alex log >out 2>err &&
	no_steering out && no_steering err &&
	grep -F "Dishes $FFFD]52;c;SGk=" out &&
	grep -F "Sa$FFFD$FFFD${FFFD}Al${FFFD}ex${FFFD}X" out &&
	tend -C alex log --oneline >out &&
	no_steering out &&
	test_grep ! "$ZWSP" out
'

test_expect_success 'resent list shows the title as text' '
	tend -C alex resent list >out 2>err &&
	no_steering out && no_steering err &&
	grep -F "Dishes $FFFD]52;c;SGk=" out &&
	test_grep ! "$ZWSP" out
'

test_expect_success 'agree list and show: the title as text, no forged line' '
	tend -C alex agree list >out 2>err &&
	no_steering out && no_steering err &&
	grep -F "Rota $FFFD]52;c;SGk=" out &&
	test_grep ! "$ZWSP" out &&
	test "$(grep -c "^rota " out)" = 1 &&
	tend -C alex agree show rota >out 2>err &&
	no_steering out && no_steering err &&
	test_grep ! "$ZWSP" out &&
	test "$(grep -c "^state " out)" = 1 &&
	test_grep "^state    draft$" out
'

test_expect_success 'the resent kind menu shows a content summary as text' '
	cat >script <<-\EOF &&
	expect kind (1-5, or q to stop):
	send q\n
	wait
	EOF
	test_expect_code 1 "$TTY" script -- tend -C alex resent -m x Cups \
	    >transcript &&
	no_steering transcript pty &&
	grep -F "a wound $FFFD]52;c;SGk=" transcript &&
	test_grep ! "$ZWSP" transcript
'

test_expect_success 'reflect --prompts shows a content prompt as text' '
	tend -C alex reflect --prompts >out 2>err &&
	no_steering out && no_steering err &&
	grep -F "Why $FFFD]52;c;SGk=$FFFD$FFFD[2J$FFFD now?" out
'

test_done
