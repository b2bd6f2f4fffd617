#!/bin/sh
# Hostile and malformed input, from the table in tests/hostile-cases.txt.
#
# Each row is "CODE | PATTERN | COMMAND", the fields split at " | ".  A
# refused case (CODE 1, 2, or 12 for either) must exit with that code,
# never by a signal, print one line of at most 400 bytes on stderr (usage
# lines aside) that matches the extended regular expression PATTERN and
# holds no control byte, and change nothing anywhere in the test's folder:
# no file written outside the journals, every journal's HEAD, refs,
# index, private store and work tree as they were.  A CODE 0 row is a
# shell snippet that must succeed: the input is accepted, and the snippet
# checks what was made of it (front matter read back by PyYAML with
# exactly the text given and no other key).  A row with @NAME@ or @TEXT@
# runs once for each hostile name or text below; each run is a case.
. "$(dirname "$0")/lib.sh"

today=$(date +%Y-%m-%d)
year=$(date +%Y)
month=$(date +%m)
J=$TRASH/journal
P="-r vulnerability=4 -r listening=3 -r empathy=5 -r affirmation=4 -r shared=2"
NL='
'
ESC=$(printf '\033')
LONG=$(printf '%5000s' | tr ' ' x)
LONGWORDS=$(printf 'word %.0s' $(seq 1000))
EMOJI=$(printf '\360\237\222\225 \360\237\221\251\342\200\215\342\235\244\357\270\217\342\200\215\360\237\221\250')
RTL=$(printf '\327\251\327\234\327\225\327\235 \330\263\331\204\330\247\331\205')
COMBINING=$(printf 'e\314\201e\314\201\314\201a\315\243')
BIDI=$(printf 'abc\342\200\256cba\342\201\246x')
export J P NL ESC LONG EMOJI RTL COMBINING BIDI

# Hostile names: each line is a shell word, expanded with eval.
hostile_names='..
../x
a/b
/etc/passwd
.git
x/.git/y
"-"
""
"a${NL}b"
"$ESC[31mred"
$LONG
"$EMOJI"
"$BIDI"
"*"'

# Text that would break a front matter written without care.
hostile_texts='---
...
"key: value"
"title: other"
"!!python/object/apply:os.system [\"id\"]"
"!!str x"
"&a x"
"*a"
yes
no
"~"
null
true
"0x1f"
"1e3"
"2026-11-24"
"%YAML 1.1"
"%TAG ! tag:evil:"
"- item"
"[a, b]"
"{a: b}"
"? key"
"#comment"
"@x"
"\`x"
"| x"
"> x"
"\"quoted\""
"'\''single'\''"
" leading space"
"trailing space "
"$EMOJI"
"$RTL"
"$COMBINING"'

mkdir -p outside .snap
echo sentinel >outside/keep

# Everything under the test's folder, journals and their .git folders
# included (HEAD, refs, index, the private store), with sizes and times;
# only git's object stores are left out, where a refused write may leave
# an unreferenced object, the remote-tracking refs a refused sync fetched,
# reflogs and hooks, and the times of folders, which change when a
# temporary file comes and goes.  An index is compared by what it stages,
# since git status and tend sync may write it again only to refresh the
# files' stat data; .git/tend/agreements is a cache that any reader of
# agreements brings up to date (tend-agree(1)), and .git/tend itself the
# folder of the journal's lock, made by the first command that takes it.
snapshot() {
	find "$TRASH" \( -path "$TRASH/.snap" -o -path "$TRASH/.test-output" -o \
	    -path '*/objects' -o -path '*/refs/remotes' -o -path '*/logs' -o \
	    -path '*/hooks' -o -name FETCH_HEAD -o \
	    -path '*/.git/tend/agreements' \) -prune -o \
	    -path '*/.git/tend' -type d -o \
	    -type d -printf '%p/\n' -o \
	    -path '*/.git/index' -printf '%p\n' -o \
	    -printf '%p %s %T@\n' | sort
	find "$TRASH" -path "$TRASH/.snap" -prune -o -path '*/.git/index' \
	    -print | sort | while read -r index; do
		echo "$index stages $(GIT_INDEX_FILE="$index" git \
		    --git-dir="${index%/index}" ls-files --stage | cksum)"
	done
}

# The front matter is read back by an independent YAML reader (PyYAML's
# safe loader), one process for the whole table: each question is a line
# "FILE<TAB>KEYS<TAB>KEY<TAB>VALUE" on fd 7, each answer a line on fd 8.
# VALUE must be KEY's value, as a string; "@list:X" asks for a list of X,
# "@false" for the boolean false.
fm_server() {
	python3 -c '
import sys, yaml
for line in sys.stdin:
    path, keys, key, want = line.rstrip("\n").split("\t")
    try:
        text = open(path, encoding="utf-8").read()
        meta = yaml.safe_load(text.split("---\n", 2)[1])
        got_keys = " ".join(meta)
        if want == "@false":
            value = False
        elif want.startswith("@list:"):
            value = [want[6:]]
        else:
            value = want
        if got_keys != keys:
            print("keys are %r, not %r" % (got_keys, keys))
        elif meta.get(key) != value:
            print("%s is %r, not %r" % (key, meta.get(key), value))
        else:
            print("ok")
    except Exception as e:
        print("cannot read %s: %s" % (path, str(e).replace("\n", " ")))
    sys.stdout.flush()
'
}

# Whether the front matter of FILE has exactly the keys KEYS (space
# separated, in order) and KEY holds VALUE.
fm_is() {
	printf '%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "$4" >&7
	IFS= read -r answer <&8
	[ "$answer" = ok ] || { echo "$1: $answer" >&2; return 1; }
}

# Whether FILE holds a byte that could steer a terminal: C0 controls but
# newline and tab (a CR counts only when it is not a pty's CR LF, or the
# one that redraws tend's own count of objects received), DEL, C1
# controls written as UTF-8, and the bidirectional overrides.
has_control() {
	perl -0777 -ne 's/\r\n/\n/g; s/\r(?=receiving objects: \d+\/\d+)//g; exit(/[\x00-\x08\x0b-\x1f\x7f]|\xc2[\x80-\x9f]|\xe2\x80[\xaa-\xae]|\xe2\x81[\xa6-\xa9]/ ? 0 : 1)' "$1"
}

# Run a refused case: the exit code, one clean line, nothing changed.
run_refused() {
	snapshot >"$TRASH/.snap/before" 2>&1
	(eval "$3") >"$TRASH/.snap/out" 2>"$TRASH/.snap/err" </dev/null
	got=$?
	snapshot >"$TRASH/.snap/after" 2>&1
	case "$1" in
	12) [ "$got" -eq 1 ] || [ "$got" -eq 2 ] ;;
	*) [ "$got" -eq "$1" ] ;;
	esac || {
		echo "exit code $got, not $1"
		cat "$TRASH/.snap/err"
		return 1
	}
	grep -v -e '^usage: ' -e '^       tend ' "$TRASH/.snap/err" \
	    >"$TRASH/.snap/lines"
	if [ "$(wc -l <"$TRASH/.snap/lines")" -ne 1 ]; then
		echo "stderr is not one line:"
		cat "$TRASH/.snap/err"
		return 1
	fi
	if [ "$(wc -c <"$TRASH/.snap/lines")" -gt 400 ]; then
		echo "the message is longer than 400 bytes:"
		cut -c1-400 "$TRASH/.snap/lines"
		return 1
	fi
	if has_control "$TRASH/.snap/err"; then
		echo "stderr holds a control byte:"
		od -c "$TRASH/.snap/err" | head -20
		return 1
	fi
	if ! grep -Eq -e "^tend( [a-z]+)?: .*($2)" "$TRASH/.snap/lines"; then
		echo "the message does not match '$2':"
		cat "$TRASH/.snap/lines"
		return 1
	fi
	if ! diff -u "$TRASH/.snap/before" "$TRASH/.snap/after"; then
		echo "something changed"
		return 1
	fi
}

# Run an accepted case: the snippet must succeed and not crash.
run_accepted() {
	(eval "$1") >"$TRASH/.snap/out" 2>"$TRASH/.snap/err" </dev/null
	got=$?
	if [ "$got" -ne 0 ]; then
		echo "exit code $got"
		cat "$TRASH/.snap/err"
		return 1
	fi
}

cases=0
run_row() {
	cases=$((cases + 1))
	test_count=$((test_count + 1))
	if [ "$1" = 0 ]; then
		run_accepted "$3" >"$TRASH/.test-output" 2>&1
	else
		run_refused "$1" "$2" "$3" >"$TRASH/.test-output" 2>&1
	fi
	if [ $? -eq 0 ]; then
		echo "ok $test_count - $4"
	else
		test_failed=$((test_failed + 1))
		echo "not ok $test_count - $4"
		{ echo "#   not ok $test_count - $4"
		  [ -n "${W+set}" ] && printf '#   W=[%s]\n' "$W" |
		      head -c 200 | tr '\033' '?'
		  sed 's/^/#   /' "$TRASH/.test-output"; } >&2
	fi
}

# Run each row of the table FILE, expanding @NAME@ and @TEXT@.
run_table() {
	while IFS= read -r row <&4; do
		case "$row" in
		''|'#'*) continue ;;
		esac
		code=${row%% | *}
		rest=${row#* | }
		pattern=${rest%% | *}
		cmd=${rest#* | }
		case "$cmd" in
		*@NAME@*) list=$hostile_names mark=@NAME@ ;;
		*@TEXT@*) list=$hostile_texts mark=@TEXT@ ;;
		*) run_row "$code" "$pattern" "$cmd" \
		    "$(printf '%s' "$cmd" | cut -c1-100 | tr -d '\033')"
		   continue ;;
		esac
		# The word goes into the command as "$W", set by eval.
		expanded=$(printf '%s' "$cmd" | sed "s/$mark/\"\$W\"/g")
		while IFS= read -r word <&3; do
			eval "W=$word"
			export W
			run_row "$code" "$pattern" "$expanded" \
			    "$(printf '%s [%s]' "$cmd" "$word" | tr '\n\033' '  ' |
			    cut -c1-110)"
		done 3<<-EOF
		$list
		EOF
		unset W
	done 4<"$1"
}

test_expect_success 'setup: a journal with an entry of each kind, a remote' '
	make_journal &&
	git init -q --bare remote.git &&
	git -C journal remote add origin "file://$TRASH/remote.git" &&
	tend -C journal checkin $P -a "Dinner" -m "A calm evening." \
	    --date 2026-11-20 >/dev/null &&
	tend -C journal resent -k hurt --raise -m "It stung." "Late again" \
	    >raised-id &&
	tend -C journal resent -k need -m "Private." "Mine alone" >private-id &&
	tend -C journal agree new phones -m "- No phones at dinner." >/dev/null &&
	tend -C journal agree sign phones &&
	tend -C journal agree new unsigned -m "- Not signed yet." >/dev/null &&
	tend -C journal reflect -m "Alone with it." >/dev/null &&
	tend -C journal sync >/dev/null &&
	printf "a\000b\n" >nul.txt &&
	printf "good\nbad \377 byte\n" >bad-utf8.txt &&
	printf "over\300\257long\n" >overlong.txt &&
	printf "half \342\202\n" >truncated.txt &&
	printf "surrogate \355\240\200\n" >surrogate.txt &&
	printf "line one\r\nline two\r\n" >crlf.txt &&
	: >empty.txt &&
	head -c 1048576 /dev/zero | tr "\000" a >limit.txt &&
	head -c 1048577 /dev/zero | tr "\000" a >over-limit.txt &&
	head -c 104857600 /dev/zero | tr "\000" a >huge.txt
'
R=$(cat raised-id 2>/dev/null)
RP=$(cat private-id 2>/dev/null)
export R RP

test_expect_success 'setup: hand-edited entries, in a journal of their own' '
	git clone -q remote.git edited &&
	git -C edited config user.name Sam &&
	git -C edited config user.email sam@example.org &&
	d=edited/checkin/2026/11 && mkdir -p $d &&
	printf -- "---\nkind: checkin\nauthor: sam\ndate: [unclosed\n---\n\nx\n" \
	    >$d/2026-11-01-sam.md &&
	printf -- "---\nkind: checkin\nauthor: sam\n  bad: indent\n---\n" \
	    >$d/2026-11-02-sam.md &&
	printf -- "kind: checkin\nauthor: sam\n" >$d/2026-11-03-sam.md &&
	printf -- "---\nkind: checkin\nauthor: sam\n" >$d/2026-11-04-sam.md &&
	: >$d/2026-11-05-sam.md &&
	printf -- "---\nkind: checkin\nauthor: sam\ntext: \"\377\"\n---\n" \
	    >$d/2026-11-06-sam.md &&
	printf -- "---\r\nkind: checkin\r\nauthor: sam\r\n---\r\n\r\nhi\r\n" \
	    >$d/2026-11-07-sam.md &&
	printf -- "---\nkind: checkin\nauthor: &a sam\nx: *a\n---\n" \
	    >$d/2026-11-08-sam.md &&
	printf -- "---\nkind: checkin\nkind: agree\n---\n" \
	    >$d/2026-11-09-sam.md &&
	printf -- "---\nkind: checkin\nauthor: !!python/object:os.system x\n---\n" \
	    >$d/2026-11-10-sam.md &&
	printf -- "---\n- a list\n---\n" >$d/2026-11-11-sam.md &&
	printf -- "---\nauthor: sam\n---\nno kind\n" >$d/2026-11-12-sam.md &&
	printf -- "---\nkind: checkin\nauthor: sam\n---\n\nnul \000 here\n" \
	    >$d/2026-11-13-sam.md &&
	{ printf -- "---\nkind: checkin\nauthor: sam\n---\n\n" &&
	  head -c 5242880 /dev/zero | tr "\000" a; } >$d/2026-11-14-sam.md &&
	esc=$(printf "\033") &&
	printf -- "---\nkind: checkin\nauthor: \"sam${esc}[2J\"\ndate: 2026-11-15\n---\n\n${esc}]52;c;ZXZpbA==\a hi\n" \
	    >$d/2026-11-15-sam.md &&
	git -C edited add -A && git -C edited commit -q -m "hand edits" &&
	tend clone --me "Alex <alex@example.org>" "file://$TRASH/edited" \
	    journal-edited >/dev/null 2>&1 &&
	test -f journal-edited/checkin/2026/11/2026-11-15-sam.md
'
JE=$TRASH/journal-edited
export JE

test_expect_success 'setup: garbage in tend.conf, a detached HEAD, a bare repository' '
	cp -a journal journal-garbage &&
	printf "[partner \"alex\"\n\tname = \000\377garbage\n===\n" \
	    >journal-garbage/tend.conf &&
	git -C journal-garbage -c user.name=Alex -c user.email=alex@example.org \
	    commit -q -a -m "garbage" &&
	cp -a journal journal-emptyconf &&
	: >journal-emptyconf/tend.conf &&
	git -C journal-emptyconf -c user.name=Alex -c user.email=alex@example.org \
	    commit -q -a -m "empty tend.conf" &&
	cp -a journal journal-detached &&
	git -C journal-detached checkout -q --detach &&
	git clone -q --bare journal bare.git
'
JG=$TRASH/journal-garbage
JZ=$TRASH/journal-emptyconf
JD=$TRASH/journal-detached
JB=$TRASH/bare.git
export JG JZ JD JB

test_expect_success 'setup: a journal in a folder with spaces and quotes' '
	QDIR="$TRASH/our \"shared\" '\''journal'\'' \$HOME;x" &&
	tend clone --me "Alex <alex@example.org>" "file://$TRASH/remote.git" \
	    "$QDIR" >/dev/null &&
	test -f "$QDIR/tend.conf"
'
JQ="$TRASH/our \"shared\" 'journal' \$HOME;x"
export JQ

# A partner, working with the plain git CLI, pushes something hostile to
# a remote of its own; a journal cloned before waits to sync it.
hostile_remote() {
	name=$1
	shift
	git clone -q --bare remote.git "$name.git" &&
	tend clone --me "Alex <alex@example.org>" "file://$TRASH/$name.git" \
	    "j-$name" >/dev/null &&
	git clone -q "$name.git" "sam-$name" &&
	git -C "sam-$name" config user.name Sam &&
	git -C "sam-$name" config user.email sam@example.org &&
	(cd "sam-$name" && eval "$*" && git add -A .) &&
	git -C "sam-$name" commit -q -m "from sam" &&
	git -C "sam-$name" push -q origin HEAD
}

test_expect_success 'setup: partners push symlinks and strange paths' '
	hostile_remote link-passwd "mkdir -p checkin/$year/$month &&
	    ln -s /etc/passwd checkin/$year/$month/$today-sam.md" &&
	hostile_remote link-config "mkdir -p agree &&
	    ln -s ../.git/config agree/evil.md" &&
	hostile_remote link-dir "git rm -rq checkin/2026 && mkdir -p checkin &&
	    ln -s $TRASH/outside checkin/2026" &&
	hostile_remote link-top "ln -s $TRASH/outside resent" &&
	hostile_remote control-name "mkdir -p checkin/2026/11 &&
	    printf -- \"---\nkind: checkin\nauthor: sam\n---\n\" \
	    >\"checkin/2026/11/2026-11-21-sam$(printf "\033")[2J.md\"" &&
	hostile_remote newline-name "mkdir -p resent &&
	    printf -- \"---\nkind: resent\nauthor: sam\n---\n\" \
	    >\"resent/x${NL}y.md\"" &&
	hostile_remote outside-path "mkdir -p notes &&
	    echo hello >notes/x.md && echo top >evil.md" &&
	hostile_remote gitlink "mkdir -p checkin/2026/11/sub &&
	    git update-index --add --cacheinfo \
	    160000,$(git -C journal rev-parse HEAD),checkin/2026/11/sub" &&
	hostile_remote conf-include "printf \"[include]\n\tpath = ../../partner.conf\n\" \
	    >>tend.conf" &&
	hostile_remote conf-includeif "printf \"[includeIf \\\"gitdir:/\\\"]\n\tpath = x\n\" \
	    >>tend.conf" &&
	hostile_remote conf-garbage "printf \"[partner\n\" >>tend.conf" &&
	hostile_remote conf-bad-id "printf \"[partner \\\"Not An Id\\\"]\n\tname = Robin\n\" \
	    >>tend.conf"
'

test_expect_success 'setup: a journal whose git pull took in a symlinked folder' '
	git clone -q link-dir.git journal-pulled &&
	git -C journal-pulled config tend.me alex &&
	test -L journal-pulled/checkin/2026
'
JL=$TRASH/journal-pulled
export JL

# A read-only journal.  Root ignores permission bits, so as root the
# journal is made read-only by a read-only bind mount in a mount namespace
# of the command's own, which goes away with it.
cp -a journal journal-ro
JR=$TRASH/journal-ro
export JR
if [ "$(id -u)" != 0 ]; then
	chmod -R a-w "$JR"
	test_at_end "chmod -R u+w '$JR'"
	ro() { "$@"; }
	ro_ok=1
elif unshare -m true 2>/dev/null; then
	ro() {
		unshare -m sh -c 'mount --bind "$1" "$1" &&
		    mount -o remount,ro,bind "$1" "$1" && shift && exec "$@"' \
		    sh "$JR" "$@"
	}
	ro_ok=1
else
	ro_ok=
fi

# A full disk: a small file size limit (works for root too), or a full
# tmpfs in a mount namespace.
cp -a journal journal-full
cp -a journal .snap/journal-full
JF=$TRASH/journal-full
export JF
fsize() {
	(ulimit -f "$1" && shift && "$@")
}
# A command on another day (faketime), so that it needs folders no entry
# has made yet; a clock faked already (tests/dates.sh) is set aside.
on_day() {
	env -u LD_PRELOAD -u FAKETIME -u FAKETIME_SHARED \
	    ASAN_OPTIONS="$ASAN_OPTIONS:verify_asan_link_order=0" faketime "$@"
}
if [ "$(id -u)" = 0 ] && unshare -m true 2>/dev/null; then
	full() {
		# The journal on the full disk must be as it was: exit 99 if not.
		unshare -m sh -c 'mount -t tmpfs -o size=4m tmpfs "$1" &&
		    cp -a "$2/." "$1" && dd if=/dev/zero of="$1/.fill" bs=64k \
		    2>/dev/null; j=$1 src=$2; shift 2
		    before=$(git -C "$j" status --porcelain 2>&1
		        git -C "$j" rev-parse HEAD)
		    "$@"; rc=$?
		    after=$(git -C "$j" status --porcelain 2>&1
		        git -C "$j" rev-parse HEAD)
		    [ "$before" = "$after" ] || rc=99
		    exit $rc' sh "$JF" "$TRASH/.snap/journal-full" "$@"
	}
	full_ok=1
else
	full_ok=
fi
head -c 75000 /dev/urandom | base64 -w 76 >random.txt

# Only the table is left; its cases are counted as they run.
cd "$TRASH" || exit 1
if ! command -v python3 >/dev/null || ! python3 -c 'import yaml' 2>/dev/null; then
	test_skip 'front matter round trips' 'python3 with yaml is missing'
	grep -v 'fm_is' "$SRC_DIR/tests/hostile-cases.txt" >"$TRASH/.snap/table"
else
	cp "$SRC_DIR/tests/hostile-cases.txt" "$TRASH/.snap/table"
	mkfifo "$TRASH/.snap/fm-in" "$TRASH/.snap/fm-out"
	fm_server <"$TRASH/.snap/fm-in" >"$TRASH/.snap/fm-out" &
	exec 7>"$TRASH/.snap/fm-in" 8<"$TRASH/.snap/fm-out"
fi
if [ -z "$ro_ok" ]; then
	test_skip 'a read-only journal' 'root, and no mount namespace'
	grep -v ' | ro ' "$TRASH/.snap/table" >"$TRASH/.snap/t2"
	mv "$TRASH/.snap/t2" "$TRASH/.snap/table"
fi
if [ -z "$full_ok" ]; then
	test_skip 'a full tmpfs' 'not root, or no mount namespace'
	grep -v ' | full ' "$TRASH/.snap/table" >"$TRASH/.snap/t2"
	mv "$TRASH/.snap/t2" "$TRASH/.snap/table"
fi
run_table "$TRASH/.snap/table"
# The reader ends at the end of its input.
exec 7>&- 8<&-
wait

# No control byte from an entry reaches a terminal.
test_expect_success 'setup: entries full of terminal controls' '
	c=$(printf "esc\033[2J csi\033[31mred\0337 osc52\033]52;c;ZXZpbA==\007 bel\007 bs x\010y cr\rz c1 \302\233 \302\235 \302\220 \302\237 bidi \342\200\256x\342\200\254 \342\201\246y\342\201\251 del\177") &&
	tend -C journal checkin $P -a "$c" -n "$c" -m "$c" --date 2026-11-22 \
	    >/dev/null &&
	tend -C journal resent -k hurt --raise -m "$c" "Controls" >ctl-id &&
	tend -C journal agree new controls -m "- $c" >/dev/null &&
	tend -C journal reflect --share -m "$c" >/dev/null &&
	tend -C journal checkin --list >/dev/null
'
for cmd in "show 2026-11-22-alex" "show --pretty 2026-11-22-alex" \
    "show \$(cat ctl-id)" "log" "log --oneline" "status" \
    "agree show controls" "agree list" "agree log controls" \
    "resent list" "resent show \$(cat ctl-id)" "checkin --list" \
    "-C journal-edited log" "-C journal-edited status" \
    "-C journal-edited show 2026-11-15-sam" "-C j-control-name sync"; do
	test_expect_success "no control byte reaches the terminal: tend $cmd" "
		printf 'wait\n' >script &&
		case '$cmd' in -C*) c='$cmd' ;; *) c='-C journal $cmd' ;; esac &&
		NO_COLOR=1 PAGER=cat \"\$SRC_DIR/tests/tty\" script -- \
		    sh -c \"tend \$c; echo exit=\\\$?\" >transcript &&
		test_grep 'exit=' transcript &&
		! has_control transcript
	"
done

echo "# hostile cases: $cases from the table"
test_done
