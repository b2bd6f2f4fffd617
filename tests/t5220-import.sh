#!/bin/sh
# tend import: a jrnl JSON export or a folder of Markdown notes, each
# entry my reflection with its date, in one commit or none, never twice.
. "$(dirname "$0")/lib.sh"

PYTHON=/usr/bin/python3
private=journal/.git/tend/private

# The commits of the journal and of the private store, to see that
# nothing was written.
commits() {
	echo "$(git -C journal rev-list --all 2>/dev/null | wc -l)" \
	    "$(git -C $private rev-list --all 2>/dev/null | wc -l)"
}

test_expect_success 'setup: a journal, a jrnl export as jrnl writes it' '
	make_journal &&
	cat >jrnl.json <<-\EOF
	{
	  "tags": {
	    "@work": 1,
	    "@Big Feelings": 1
	  },
	  "entries": [
	    {
	      "title": "Long day at work.",
	      "body": "We talked after dinner.\nIt helped: \"really\" \u00e9, \ud83d\ude00 and a\/b.",
	      "date": "2019-03-04",
	      "time": "21:15",
	      "tags": [
	        "@work",
	        "@Big Feelings"
	      ],
	      "starred": false
	    },
	    {
	      "title": "Zo\u00eb visited.",
	      "body": "",
	      "date": "2019-03-05",
	      "time": "08:00",
	      "tags": [],
	      "starred": true
	    }
	  ]
	}
	EOF
	commits >before
'

test_expect_success '--dry-run lists what would come in, and writes nothing' '
	tend -C journal import --dry-run jrnl.json >out &&
	cat >expect <<-\EOF &&
	would import     2019-03-04  2019-03-04-alex-long-day-at-work  Long day at work.
	would import     2019-03-05  2019-03-05-alex-zoe-visited  Zoë visited.
	2 entries would be imported, private
	EOF
	test_cmp expect out &&
	commits >after &&
	test_cmp before after
'

test_expect_success 'a jrnl export becomes my private reflections, in one commit' '
	tend -C journal import jrnl.json >out &&
	test_grep "^2 entries imported, private$" out &&
	echo "$(sed -n 1p before | cut -d" " -f1) $(( $(cut -d" " -f2 before) + 1 ))" >expect &&
	commits >after &&
	test_cmp expect after &&
	test "$(git -C $private log -1 --format=%s)" = "import: alex, 2 entries" &&
	f=$private/reflect/2019/03/2019-03-04-alex-long-day-at-work.md &&
	test "$(file_mode $f)" = 600 &&
	sed -n "2,4p;6,7p" $f >got &&
	cat >expect <<-EOF &&
	kind: reflect
	author: alex
	date: 2019-03-04T21:15:00$(date -d "2019-03-04 21:15" +%:z)
	tags: [work, big-feelings]
	shared: false
	EOF
	test_cmp expect got &&
	test_grep "^title: Long day at work.$" $f &&
	test_grep "^imported: \"jrnl:[0-9a-f]\{32\}\"$" $f &&
	test_grep "^It helped: \"really\" é, 😀 and a/b.$" $f &&
	tend -C journal log --kind reflect >log &&
	test_grep "^2019-03-05  alex     reflect private  2019-03-05-alex-zoe-visited  Zoë visited.$" log
'

test_expect_success 'importing the same export again adds nothing' '
	commits >before &&
	tend -C journal import jrnl.json >out &&
	cat >expect <<-\EOF &&
	imported before  2019-03-04  '\''jrnl.json'\'': entry 1
	imported before  2019-03-05  '\''jrnl.json'\'': entry 2
	0 entries imported; 2 imported before, left out
	EOF
	test_cmp expect out &&
	commits >after &&
	test_cmp before after
'

test_expect_success 'a folder of notes, with front matter and without' '
	mkdir -p vault/.obsidian vault/daily &&
	echo "{}" >vault/.obsidian/app.json &&
	echo "not a note" >vault/daily/todo.txt &&
	printf -- "---\ntitle: \"Our trip: day one\"\ndate: 2020-06-01T10:30:00+02:00\ntags: [travel, \"#Us\"]\nmood: 4\n---\n\nWe walked by the sea. #travel\n" >vault/trip.md &&
	printf "A plain note from 李明.\n" >vault/daily/2020-06-02.md &&
	printf -- "---\ncreated: 2020-06-03 09:00\ntags: one, two\n---\nBody\n" >vault/daily/note.md &&
	commits >before &&
	tend -C journal import vault >out &&
	cat >expect <<-\EOF &&
	importing        2020-06-02  2020-06-02-alex-2020-06-02  2020-06-02
	importing        2020-06-03  2020-06-03-alex-note  note
	importing        2020-06-01  2020-06-01-alex-our-trip-day-one  Our trip: day one
	3 entries imported, private
	EOF
	test_cmp expect out &&
	echo "$(cut -d" " -f1 before) $(( $(cut -d" " -f2 before) + 1 ))" >expect &&
	commits >after &&
	test_cmp expect after &&
	f=$private/reflect/2020/06/2020-06-01-alex-our-trip-day-one.md &&
	test_grep "^date: $(date -d 2020-06-01T10:30:00+02:00 +%Y-%m-%dT%H:%M:%S%:z)$" $f &&
	test_grep "^title: \"Our trip: day one\"$" $f &&
	test_grep "^tags: \[travel, us\]$" $f &&
	test_grep ! "mood" $f &&
	test_grep "^We walked by the sea. #travel$" $f &&
	f=$private/reflect/2020/06/2020-06-02-alex-2020-06-02.md &&
	test_grep "^date: 2020-06-02T12:00:00" $f &&
	test_grep "^A plain note from 李明.$" $f &&
	f=$private/reflect/2020/06/2020-06-03-alex-note.md &&
	test_grep "^date: 2020-06-03T09:00:00" $f &&
	test_grep "^tags: \[one, two\]$" $f
'

test_expect_success 'the same folder again adds nothing; a changed note comes in anew' '
	commits >before &&
	tend -C journal import vault >out &&
	test_grep "^0 entries imported; 3 imported before, left out$" out &&
	commits >after &&
	test_cmp before after &&
	echo "And back by train." >>vault/trip.md &&
	tend -C journal import vault >out &&
	test_grep "^importing        2020-06-01  2020-06-01-alex-our-trip-day-one-2  Our trip: day one$" out &&
	test_grep "^1 entry imported, private; 2 imported before, left out$" out
'

test_expect_success 'a note without a date is refused by name, and nothing is written' '
	printf "An idea.\n" >vault/ideas.md &&
	printf -- "---\ndate: 2020-07-01\n---\nGood one.\n" >vault/z-good.md &&
	commits >before &&
	test_expect_code 2 tend -C journal import vault >out 2>err &&
	test "$(wc -l <err)" = 1 &&
	test_grep "cannot read .vault/ideas.md.: it has no date" err &&
	test ! -s out &&
	commits >after &&
	test_cmp before after &&
	rm vault/ideas.md
'

test_expect_success 'front matter that does not parse is refused with its line' '
	printf -- "---\ndate: 2020-07-02\ntitle: [unclosed\n---\nText\n" >vault/broken.md &&
	commits >before &&
	test_expect_code 2 tend -C journal import vault 2>err &&
	test_grep "vault/broken.md.: line [34]: " err &&
	commits >after &&
	test_cmp before after &&
	rm vault/broken.md
'

test_expect_success 'a date after today, or none, in a jrnl export is refused' '
	printf "{\"entries\": [{\"date\": \"2999-01-01\", \"time\": \"10:00\", \"title\": \"x\", \"body\": \"y\"}]}" >future.json &&
	test_expect_code 2 tend -C journal import future.json 2>err &&
	test_grep "entry 1: 2999-01-01 is after today" err &&
	printf "{\"entries\": [{\"title\": \"x\", \"body\": \"y\"}]}" >nodate.json &&
	test_expect_code 2 tend -C journal import nodate.json 2>err &&
	test_grep "entry 1: it has no date" err &&
	printf "{\"entries\": [{\"date\": \"2019-13-01\", \"time\": \"10:00\", \"title\": \"x\"}]}" >baddate.json &&
	test_expect_code 2 tend -C journal import baddate.json 2>err &&
	test_grep "not a date" err
'

test_expect_success 'what is no jrnl export is refused, and nothing is written' '
	commits >before &&
	echo "{\"foo\": 1}" >other.json &&
	test_expect_code 2 tend -C journal import other.json 2>err &&
	test_grep "no jrnl export" err &&
	printf "{\"entries\": [{\"date\": \"2019-01-01\", \"time\": \"10:00\", \"title\": \"\\\\ud83d alone\"}]}" >lone.json &&
	test_expect_code 2 tend -C journal import lone.json 2>err &&
	test_grep "lone.json.: line 1: " err &&
	printf "{\"entries\": [" >cut.json &&
	test_expect_code 2 tend -C journal import cut.json 2>err &&
	printf "{\"entries\": [{\"date\": \"2019-01-01\", \"time\": \"10:00\", \"title\": \"ok\"}, {\"date\": \"2019-01-02\", \"time\": \"10:00\", \"title\": \"bad\\\\nline\"}]}" >second.json &&
	test_expect_code 2 tend -C journal import second.json 2>err &&
	test_grep "entry 2" err &&
	test_expect_code 1 tend -C journal import missing.json 2>err &&
	test_grep "missing.json" err &&
	commits >after &&
	test_cmp before after
'

test_expect_success '--share writes them into the journal, in one commit' '
	mkdir shared &&
	printf -- "---\ntitle: For both of us\ndate: 2021-02-14\n---\n\nThank you.\n" >shared/valentine.md &&
	commits >before &&
	tend -C journal import --share shared >out &&
	test_grep "^1 entry imported, shared$" out &&
	f=journal/reflect/2021/02/2021-02-14-alex-for-both-of-us.md &&
	test_grep "^shared: true$" $f &&
	test "$(git -C journal log -1 --format=%s)" = "import: alex, 1 entry" &&
	test -z "$(git -C journal status --porcelain)" &&
	echo "$(( $(cut -d" " -f1 before) + 1 )) $(cut -d" " -f2 before)" >expect &&
	commits >after &&
	test_cmp expect after
'

test_expect_success 'imported entries come out of export --json as they went in' '
	tend -C journal export --json --include-private >all.json &&
	$PYTHON -c "
import json
d = json.load(open(\"all.json\", encoding=\"utf-8\"))
e = {x[\"id\"]: x for x in d[\"entries\"]}
j = e[\"2019-03-04-alex-long-day-at-work\"]
assert j[\"private\"] is True and j[\"kind\"] == \"reflect\"
assert j[\"front_matter\"][\"tags\"] == [\"work\", \"big-feelings\"], j
assert j[\"front_matter\"][\"imported\"].startswith(\"jrnl:\"), j
assert j[\"body\"] == \"We talked after dinner.\nIt helped: \\\"really\\\" \u00e9, \U0001F600 and a/b.\n\", repr(j[\"body\"])
"
'

test_done
