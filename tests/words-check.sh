#!/bin/sh
# Check the word list of invitation codes and key fingerprints against the
# rules a machine can check: sh tests/words-check.sh RULE [FILE [DICT]].
# Each word that breaks RULE is named on stderr, and the status is 1.
#
#   count        exactly 2048 lines
#   sorted       in byte order (LC_ALL=C sort)
#   letters      one word a line, lowercase a to z only
#   lengths      3 to 8 letters
#   distinct     no word twice
#   prefixes     the first four letters tell every word apart; a word of
#                three letters begins no other word
#   dictionary   in DICT (/usr/share/dict/american-english, wamerican)
#   denied       none of the words a couple's journal must not show
#   homophones   never both words of a pair that sound alike
#   all          every rule above
#
# Which words are common, concrete and kind is a person's judgement; the
# lists below only keep known mistakes out.

LC_ALL=C
export LC_ALL

rule=${1:?usage: words-check.sh RULE [FILE [DICT]]}
file=${2:-$(dirname "$0")/../content/words/en.txt}
dict=${3:-/usr/share/dict/american-english}
count=2048

# Offensive, sexual, violent, about death, illness, religion or politics,
# or hurtful between partners.
denied='
abuse affair alone angel angry betray bible blame blood bomb breast
bullet cancer cheat church coffin corpse crime cry damn dead death
devil die diet disease divorce drug dumb dump enemy fail fat fear fever
fool funeral ghost god grave guilt gun hate heaven hell hurt idiot jail
jealous kill kiss knife lazy liar lie lonely loser lover lust murder
naked nude obese pain poison pray prison regret rifle sad sex sexy shame
sick skinny slut stupid suicide sword tomb ugly vote war weak weapon
whore widow wound
'

# Pairs that sound alike (in one common accent or another).
homophones='
aisle:isle altar:alter ate:eight ball:bawl band:banned bare:bear
base:bass beach:beech beat:beet bell:belle berry:bury blew:blue
boar:bore board:bored bolder:boulder border:boarder bough:bow
brake:break bread:bred build:billed buy:bye cache:cash canvas:canvass
carat:carrot ceiling:sealing cell:sell cellar:seller censor:sensor
cent:scent cereal:serial chili:chilly chord:cord claws:clause
coarse:course colonel:kernel coral:corral creak:creek cue:queue
cymbal:symbol dear:deer dew:due doe:dough dual:duel earn:urn fair:fare
faun:fawn faze:phase feat:feet fir:fur flair:flare flea:flee
flour:flower foreword:forward fort:fought foul:fowl gait:gate
genes:jeans grate:great groan:grown guessed:guest hair:hare hall:haul
hangar:hanger hay:hey heal:heel hear:here heard:herd him:hymn
hoarse:horse hole:whole hour:our idle:idol key:quay knead:need
knew:new knight:night knot:not knows:nose law:lore lead:led
lessen:lesson links:lynx loan:lone made:maid mail:male main:mane
manner:manor maize:maze meat:meet medal:meddle metal:mettle
miner:minor missed:mist moose:mousse morning:mourning muscle:mussel
naval:navel none:nun oar:ore pail:pale pain:pane pair:pear
patience:patients pause:paws peace:piece peak:peek pedal:petal
peer:pier place:plaice plain:plane plum:plumb pole:poll pore:pour
pray:prey prince:prints principal:principle rain:reign rap:wrap
read:reed right:write ring:wring road:rode role:roll root:route
rose:rows rye:wry sail:sale sauce:source saw:sore scene:seen
sea:see seam:seem serf:surf sew:sow shoe:shoo shudder:shutter
sighs:size sight:site soar:sore sole:soul some:sum son:sun
sonny:sunny stair:stare stake:steak steal:steel stile:style
suite:sweet sundae:sunday tail:tale tea:tee tear:tier tern:turn
threw:through throne:thrown thyme:time tide:tied toad:towed toe:tow
tool:tulle vain:vein vale:veil vary:very waist:waste wait:weight
waive:wave ware:wear way:weigh weak:week weather:whether which:witch
whine:wine wood:would yew:you yoke:yolk
'

# Print WORDS (a list as above), one a line.
lines() {
	printf '%s\n' $1
}

check_count() {
	lines=$(wc -l <"$file")
	[ "$lines" -eq "$count" ] && return 0
	echo "$file: $lines lines, not $count" >&2
	return 1
}

check_sorted() {
	sort -c "$file"
}

check_letters() {
	awk '!/^[a-z]+$/ { printf "%s:%d: not lowercase a-z only: %s\n",
	    FILENAME, NR, $0; bad = 1 } END { exit bad }' "$file" >&2
}

check_lengths() {
	awk 'length($0) < 3 || length($0) > 8 { printf "%s:%d: %d letters: %s\n",
	    FILENAME, NR, length($0), $0; bad = 1 } END { exit bad }' \
	    "$file" >&2
}

check_distinct() {
	sort "$file" | uniq -d | sed 's/^/twice: /' >&2
	[ -z "$(sort "$file" | uniq -d)" ]
}

check_prefixes() {
	awk '{ word[NR] = $0; prefix = substr($0, 1, 4)
	    if (prefix in first) { printf "%s and %s begin alike\n",
	    first[prefix], $0; bad = 1 } else first[prefix] = $0
	    if (length($0) > 3) longer[substr($0, 1, 3)] = $0 }
	    END { for (i = 1; i <= NR; i++)
	    if (length(word[i]) == 3 && (word[i] in longer)) {
	    printf "%s begins %s\n", word[i], longer[word[i]]; bad = 1 }
	    exit bad }' "$file" >&2
}

check_dictionary() {
	if [ ! -r "$dict" ]; then
		echo "no dictionary at $dict: apt-get install wamerican" >&2
		return 1
	fi
	awk 'NR == FNR { known[$0] = 1; next }
	    !($0 in known) { printf "%s:%d: not in the dictionary: %s\n",
	    FILENAME, FNR, $0; bad = 1 } END { exit bad }' "$dict" "$file" >&2
}

check_denied() {
	lines "$denied" | awk 'NR == FNR { denied[$0] = 1; next }
	    $0 in denied { printf "%s:%d: must not appear: %s\n", FILENAME,
	    FNR, $0; bad = 1 } END { exit bad }' - "$file" >&2
}

check_homophones() {
	lines "$homophones" | awk -F: 'NR == FNR { pair[NR] = $0; n = NR; next }
	    { have[$0] = 1 }
	    END { for (i = 1; i <= n; i++) { split(pair[i], w, ":")
	    if ((w[1] in have) && (w[2] in have)) {
	    printf "%s and %s sound alike\n", w[1], w[2]; bad = 1 } }
	    exit bad }' - "$file" >&2
}

if [ ! -r "$file" ]; then
	echo "cannot read '$file'" >&2
	exit 1
fi
case $rule in
count|sorted|letters|lengths|distinct|prefixes|dictionary|denied|homophones)
	check_$rule
	;;
all)
	status=0
	for each in count sorted letters lengths distinct prefixes \
	    dictionary denied homophones; do
		check_$each || status=1
	done
	exit $status
	;;
*)
	echo "words-check.sh: unknown rule '$rule'" >&2
	exit 2
	;;
esac
