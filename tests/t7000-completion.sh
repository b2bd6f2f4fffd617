#!/bin/sh
# Shell completion: the bash, zsh and fish scripts in content/completions
# offer what 'tend help --complete -- WORD...' prints, and pass it the words.
. "$(dirname "$0")/lib.sh"

comp=$SRC_DIR/content/completions

# Completes a line in bash as readline would, cursor at the end, and prints
# COMPREPLY one a line; compopt calls go to $TRASH/opts.
#   bash complete.bash SCRIPT LIB FAKE LINE
# LIB: bash-completion's library to load first, or "none".
# FAKE: "none", or a file: then tend is a function that writes its
# arguments one a line to ./args and prints the file.
cat >complete.bash <<\EOF_HELPER
script=$1 lib=$2 fake=$3 line=$4
if [[ $lib != none ]]; then
	. "$lib" || exit 1
fi
. "$script" || exit 1
COMP_WORDBREAKS=$' \t\n"\'><=;|&(:'
# Split as readline does: at blanks, and around '=' and ':'.
COMP_LINE=$line
COMP_POINT=${#line}
COMP_WORDS=()
rest=$line
while :; do
	rest=${rest#"${rest%%[![:blank:]]*}"}
	[[ -z $rest ]] && break
	if [[ $rest == [=:]* ]]; then
		w=${rest%%[!=:]*}
	else
		w=${rest%%[[:blank:]=:]*}
	fi
	COMP_WORDS+=("$w")
	rest=${rest#"$w"}
done
[[ $line == *[[:blank:]] ]] && COMP_WORDS+=("")
COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
if [[ $fake != none ]]; then
	tend() {
		printf '%s\n' "$@" >args
		cat "$fake"
	}
fi
compopt() {
	echo "compopt $*" >>"$TRASH/opts"
}
COMPREPLY=(unchanged)
_tend tend "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}" ||
	exit 1
[[ ${#COMPREPLY[@]} -eq 0 ]] || printf '%s\n' "${COMPREPLY[@]}"
EOF_HELPER

# With and without the bash-completion library, when it is here.
libs=none
for lib in /usr/share/bash-completion/bash_completion \
    /usr/local/share/bash-completion/bash_completion; do
	if [ -f "$lib" ]; then
		libs="none $lib"
		break
	fi
done

# complete_bash LIB LINE: see complete.bash; FAKE is $fake, if set.
fake=
complete_bash() {
	rm -f "$TRASH/opts" &&
	: >"$TRASH/opts" &&
	bash --norc --noprofile "$TRASH/complete.bash" "$comp/tend.bash" \
	    "$1" "${fake:-none}" "$2"
}

# expect_bash LINE [CANDIDATE...]: bash offers exactly these, in any order.
expect_bash() {
	line=$1
	shift
	if [ $# -gt 0 ]; then
		printf '%s\n' "$@" | sort >expect
	else
		: >expect
	fi
	for lib in $libs; do
		complete_bash $lib "$line" >actual &&
		sort actual >sorted &&
		test_cmp expect sorted || {
			echo "for '$line', with bash-completion '$lib'" >&2
			return 1
		}
	done
}

# expect_args LINE ARG...: bash asks 'tend help --complete -- ARG...'.
expect_args() {
	line=$1
	shift
	printf '%s\n' help --complete -- "$@" >expect
	fake=$TRASH/fake
	for lib in $libs; do
		rm -f args &&
		complete_bash $lib "$line" >/dev/null &&
		test_cmp expect args || {
			echo "for '$line', with bash-completion '$lib'" >&2
			return 1
		}
	done
}

test_expect_success 'setup: a journal with agreements, resentments, a check-in, a reflection' '
	make_journal &&
	tend -C journal agree new phones -t phones >/dev/null &&
	tend -C journal agree new picnic -m "- We go in May." >/dev/null &&
	tend -C journal resent -k hurt -m "Twice this week." "Late again" \
	    >raised &&
	tend -C journal resent raise "$(cat raised)" >/dev/null &&
	tend -C journal resent -k need -m "Before coffee." "Quiet mornings" \
	    >private &&
	tend -C journal checkin $all_pillars --date 2024-02-29 >checkin &&
	test "$(cat checkin)" = 2024-02-29-alex &&
	tend -C journal reflect -m "A thought." >reflection
'

if command -v bash >/dev/null; then
	test_expect_success 'sourcing the bash script registers _tend for tend' '
		bash --norc --noprofile -c ". \"\$1\" && complete -p tend" sh \
		    "$comp/tend.bash" >out &&
		echo "complete -F _tend tend" >expect &&
		test_cmp expect out
	'

	test_expect_success 'bash passes the words after tend, and the one being completed' '
		: >fake &&
		expect_args "tend " "" &&
		expect_args "tend -C journal agree sign " -C journal agree sign "" &&
		expect_args "tend agree sign p" agree sign p &&
		expect_args "tend -C  journal  checkin   --ti" -C journal checkin --ti
	'

	test_expect_success 'bash keeps words with = and : whole' '
		: >fake &&
		expect_args "tend checkin -r empathy=" checkin -r empathy= &&
		expect_args "tend checkin -r empathy=4 -r l" checkin -r empathy=4 -r l &&
		expect_args "tend --color=al" --color=al &&
		expect_args "tend show a:b:" show a:b: &&
		expect_args "tend show a: b" show a: b
	'

	test_expect_success 'bash gives -C ~/folder as the shell will, expanded' '
		: >fake &&
		expect_args "tend -C ~/journal show " -C "$HOME/journal" show "" &&
		expect_args "tend -C ~ show x" -C "$HOME" show x
	'

	test_expect_success 'bash offers every line tend prints, spaces and all' '
		fake=$TRASH/fake &&
		printf "two words\nsign\n\nshow\n" >fake &&
		expect_bash "tend agree s" "two words" sign show &&
		test_grep ! compopt "$TRASH/opts" &&
		: >fake &&
		expect_bash "tend agree x"
	'

	test_expect_success 'after key=, bash offers what follows the =, as it will replace only that' '
		fake=$TRASH/fake &&
		printf "empathy=4\nempathy=5\n" >fake &&
		expect_bash "tend checkin -r empathy=" 4 5 &&
		printf "%s\n" --color=always >fake &&
		expect_bash "tend --color=al" always &&
		printf "a:b:c\n" >fake &&
		expect_bash "tend show a:b" b:c
	'

	test_expect_success 'bash adds no space after a candidate that ends in =' '
		fake=$TRASH/fake &&
		printf "empathy=\n" >fake &&
		for lib in $libs; do
			complete_bash $lib "tend checkin -r e" >out &&
			echo "empathy=" >expect &&
			test_cmp expect out &&
			echo "compopt -o nospace" >expect &&
			test_cmp expect "$TRASH/opts" || return 1
		done
	'

	# From here on, the candidates are tend's own.
	test_expect_success 'bash completes commands, sub-verbs and flags from tend' '
		cd journal &&
		expect_bash "tend ch" checkin &&
		expect_bash "tend agree s" show sign &&
		expect_bash "tend resent s" show &&
		expect_bash "tend checkin --ti" --timer &&
		expect_bash "tend clone --i" --id &&
		expect_bash "tend init --i" --id &&
		expect_bash "tend remind --i" --install &&
		expect_bash "tend sync --s" --setup &&
		expect_bash "tend sync --r" --remote &&
		expect_bash "tend search --ki" --kind &&
		expect_bash "tend search --kind r" reflect resent &&
		expect_bash "tend rm --d" --dry-run &&
		expect_bash "tend undo --d" --dry-run &&
		expect_bash "tend edit --m" --message &&
		expect_bash "tend export --j" --json &&
		expect_bash "tend import --d" --dry-run
	'

	test_expect_success 'bash completes --tag and --date on every writing command' '
		cd journal &&
		expect_bash "tend checkin --ta" --tag &&
		expect_bash "tend reflect --ta" --tag &&
		expect_bash "tend reflect --da" --date &&
		expect_bash "tend resent --ta" --tag &&
		expect_bash "tend resent --da" --date &&
		expect_bash "tend agree new --ta" --tag &&
		expect_bash "tend agree new --da" --date &&
		expect_bash "tend log --ta" --tag
	'

	test_expect_success 'bash completes a pillar with =, and adds no space' '
		cd journal &&
		expect_bash "tend checkin -r e" empathy= &&
		test_grep "^compopt -o nospace$" "$TRASH/opts"
	'

	test_expect_success 'bash completes ids from the journal of the current folder' '
		cd journal &&
		expect_bash "tend agree sign p" phones picnic &&
		expect_bash "tend resent raise 20" "$(cat ../raised)" \
		    "$(cat ../private)" &&
		expect_bash "tend show 2024-02" 2024-02-29-alex &&
		expect_bash "tend edit 2024-02" 2024-02-29-alex &&
		expect_bash "tend rm 2024-02" 2024-02-29-alex &&
		expect_bash "tend reflect --share 20" "$(cat ../reflection)"
	'

	test_expect_success 'bash completes an empty word: the agreements (flags aside)' '
		cd journal &&
		for lib in $libs; do
			complete_bash $lib "tend agree sign " >out &&
			grep -v "^-" out | sort >names &&
			printf "phones\npicnic\n" >expect &&
			test_cmp expect names || return 1
		done
	'

	test_expect_success 'bash with -C journal completes from that journal' '
		expect_bash "tend -C journal ch" checkin &&
		expect_bash "tend -C journal agree sign p" phones picnic &&
		for lib in $libs; do
			complete_bash $lib "tend -C journal agree sign " >out &&
			grep -v "^-" out | sort >names &&
			printf "phones\npicnic\n" >expect &&
			test_cmp expect names || return 1
		done
	'

	test_expect_success 'outside a journal: commands and verbs, no ids' '
		expect_bash "tend agree s" show sign &&
		expect_bash "tend agree sign p"
	'
else
	test_skip 'the bash completion' 'no bash'
fi

if command -v zsh >/dev/null; then
	test_expect_success 'the zsh completion parses' '
		zsh -n "$comp/_tend"
	'
else
	test_skip 'the zsh completion parses' 'no zsh'
fi

if command -v fish >/dev/null; then
	test_expect_success 'the fish completion parses' '
		fish -n "$comp/tend.fish"
	'

	test_expect_success 'fish completes from tend too' '
		cd journal &&
		fish --no-config -c "source \"\$argv[1]\"; complete -C \"tend agree s\"" \
		    "$comp/tend.fish" | sort >out &&
		printf "show\nsign\n" >expect &&
		test_cmp expect out &&
		fish --no-config -c "source \"\$argv[1]\"; complete -C \"tend -C ../journal agree sign p\"" \
		    "$comp/tend.fish" | sort >out &&
		printf "phones\npicnic\n" >expect &&
		test_cmp expect out
	'
else
	test_skip 'the fish completion parses and completes' 'no fish'
fi

test_expect_success 'each completion file names every command tend lists' '
	echo $(tend --help | sed -n "s/^   \([a-z]*\) .*/\1/p") >commands &&
	test -s commands &&
	for f in tend.bash _tend tend.fish; do
		sed -n "/^# The commands, for reference/{n;s/^# //p;}" \
		    "$SRC_DIR/content/completions/$f" >listed &&
		test_cmp commands listed || return 1
	done
'

test_done
