# Bash completion for tend(1).
#
# make install puts it in $(DATADIR)/bash-completion/completions/tend, where
# bash-completion finds it; without bash-completion, source it from ~/.bashrc.
# It knows nothing itself: the candidates come from tend, which is asked with
# 'tend help --complete -- WORD...' and prints them one a line.
#
# The commands, for reference; tend itself gives the live list:
# agree checkin clone config doctor edit encrypt export filter help import init key log reflect remind resent rm search show status sync undo

# The words of the line as tend sees them: '=' and ':' join, not split.
# Sets words, cword and cur, as _get_comp_words_by_ref -n =: would.
__tend_comp_words() {
	local line=$COMP_LINE w i j=-1 blank tail
	words=()
	cword=0
	for ((i = 0; i < ${#COMP_WORDS[@]}; i++)); do
		w=${COMP_WORDS[i]}
		blank=
		[[ $line == [[:blank:]]* ]] && blank=1
		line=${line#*"$w"}
		# bash split "-r key=4" into "key" "=" "4": glue them back.
		if ((j >= 1)) && [[ -z $blank ]] &&
		    [[ ( -n $w && $w != *[!=:]* ) || ${words[j]} == *[=:] ]]; then
			words[j]+=$w
		else
			words[++j]=$w
		fi
		((i == COMP_CWORD)) && cword=$j
		((i >= COMP_CWORD)) && break
	done
	cur=${words[cword]-}
	# Only what is left of the cursor is being completed.
	if [[ -n ${COMP_POINT-} ]]; then
		tail=${COMP_LINE:COMP_POINT}
		tail=${tail%%[[:blank:]]*}
		[[ -n $tail && $cur == *"$tail" ]] && cur=${cur%"$tail"}
	fi
}

_tend() {
	local cur words cword c brk= strip= nospace= i
	local -a args
	if declare -F _get_comp_words_by_ref >/dev/null; then
		_get_comp_words_by_ref -n =: cur words cword
	else
		__tend_comp_words
	fi
	# The words before the one being completed, as the shell would pass
	# them: "-C ~/journal" means the journal in the home folder.
	for ((i = 1; i < cword; i++)); do
		c=${words[i]}
		[[ $c == "~" || $c == "~/"* ]] && c=$HOME${c#"~"}
		args+=("$c")
	done
	# bash replaces only what follows the last '=' or ':' it splits on.
	[[ $COMP_WORDBREAKS == *=* ]] && brk+='='
	[[ $COMP_WORDBREAKS == *:* ]] && brk+=':'
	if [[ -n $brk && $cur == *[$brk]* ]]; then
		strip=${cur%"${cur##*[$brk]}"}
	fi
	COMPREPLY=()
	while IFS= read -r c || [[ -n $c ]]; do
		[[ -z $c ]] && continue
		[[ $c == *= ]] && nospace=1
		COMPREPLY+=("${c#"$strip"}")
	done < <(tend help --complete -- "${args[@]}" "$cur" 2>/dev/null)
	# "vulnerability=" wants its value right after it.
	if [[ -n $nospace ]] && type compopt >/dev/null 2>&1; then
		compopt -o nospace 2>/dev/null
	fi
	return 0
}

complete -F _tend tend
